"""No trainee-visible response holds a key, right/wrong or an explanation before the review
policy allows it.

The walk enumerates the app's routes (``app.routes``), so a new endpoint is walked too:
every GET under /api/v1 is called as the trainee, and every other exam route must be listed
in ``EXAM_CALLS`` (the test fails for an exam route it does not know how to call).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from sqlmodel import Session, select

from exam_api.core.models import utcnow
from exam_api.exams.models import AttemptItem, ExamPaper
from exam_api.users.models import User
from tests.exams.conftest import RIGHT, Api, Org

SENSITIVE = {
    *("key", "correct", "explanation", "awarded", "feedback", "ref", "rule_url", "rule_title"),
    *("score", "percent", "passed", "final_score", "final_percent"),
    *("rubric", "reference_answer", "etiquette", "fraction", "graded"),
}
SCORE_FIELDS = {"score", "percent", "passed", "final_score", "final_percent"}
# Non-GET exam routes and the body the walk sends; None = no body.
EXAM_CALLS: dict[tuple[str, str], Any] = {
    ("POST", "/api/v1/exams/preview"): {"question_ids": ["leave-001"]},
    ("POST", "/api/v1/exams/papers"): {"title": "x", "content": {"question_ids": ["leave-001"]}},
    ("PATCH", "/api/v1/exams/papers/{paper_id}"): {"title": "改名"},
    ("DELETE", "/api/v1/exams/papers/{paper_id}"): None,
    ("PUT", "/api/v1/exams/papers/{paper_id}/assignments"): {"user_ids": []},
    ("POST", "/api/v1/exams/papers/{paper_id}/attempts"): None,
    ("PUT", "/api/v1/exams/attempts/{attempt_id}/answers/{no}"): {"answer": "b"},
    ("POST", "/api/v1/exams/attempts/{attempt_id}/submit"): None,
    ("PUT", "/api/v1/exams/grading/{item_id}"): {"points": 1, "feedback": "好"},
}


def api_routes(app: Any) -> list[tuple[str, str]]:
    found = []
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path.startswith("/api/v1/"):
            found.extend((method, path) for method in sorted(route.methods or ()))
    return sorted(set(found) - {("HEAD", p) for _, p in found})


def leaks(value: Any, allowed: set[str], where: str = "$") -> list[str]:
    """Paths of sensitive fields that hold a value."""
    found: list[str] = []
    if isinstance(value, dict):
        for name, inner in value.items():
            here = f"{where}.{name}"
            if name in SENSITIVE and name not in allowed and inner not in (None, [], {}):
                found.append(here)
            found += leaks(inner, allowed, here)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += leaks(inner, allowed, f"{where}[{i}]")
    return found


def walk(api: Api, trainee: User, ids: dict[str, int], allowed: set[str]) -> list[str]:
    """Call every trainee-reachable route; return the leaks found (and fail on any 5xx)."""
    app = api.client.app
    problems: list[str] = []
    routes = api_routes(app)
    exam_writes = [r for r in routes if r[1].startswith("/api/v1/exams") and r[0] != "GET"]
    unknown = [r for r in exam_writes if r not in EXAM_CALLS]
    assert unknown == [], f"add these exam routes to EXAM_CALLS: {unknown}"
    ordered = [r for r in routes if r[0] == "GET"] + [
        r for r in exam_writes if not r[1].endswith("/submit")
    ]
    for method, path in ordered:
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
        body = EXAM_CALLS.get((method, path))
        response = api.client.request(method, url, json=body, headers=api.headers(trainee))
        assert response.status_code < 500, f"{method} {url}: {response.status_code}"
        if response.headers.get("content-type", "").startswith("application/json"):
            problems += [f"{method} {path} {p}" for p in leaks(response.json(), allowed)]
    return problems


def scenario(api: Api, org: Org, review: dict[str, Any]) -> dict[str, int]:
    paper = api.create_paper(
        org.sup1,
        question_ids=["leave-001", "leave-002", "phrases-001"],
        closes_at=(utcnow() + timedelta(days=1)).isoformat(),
        review=review,
        assign={"team_ids": [org.team1.id]},
    )
    attempt = api.start(org.agent1, paper["id"])
    api.answer_all(org.agent1, attempt, RIGHT)
    item = api.session.exec(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt["id"])
    ).first()
    assert item is not None and item.id is not None
    return {
        "paper_id": paper["id"],
        "attempt_id": attempt["id"],
        "no": 1,
        "item_id": item.id,
        "user_id": org.agent1.id or 0,
        "team_id": org.team1.id or 0,
    }


def close_paper(session: Session, paper_id: int) -> None:
    paper = session.get(ExamPaper, paper_id)
    assert paper is not None
    paper.closes_at = utcnow() - timedelta(seconds=1)
    session.add(paper)
    session.commit()


NOTHING = {"score": False, "correctness": False, "key": False, "explanation": False}
EVERYTHING = {"score": True, "correctness": True, "key": True, "explanation": True}


def test_nothing_leaks_while_open_after_submit_and_after_close_when_never_allowed(
    api: Api, org: Org
) -> None:
    ids = scenario(api, org, {"after_submit": NOTHING, "after_close": NOTHING})
    assert walk(api, org.agent1, ids, allowed=set()) == []
    submitted = api.submit(org.agent1, ids["attempt_id"])
    assert leaks(submitted, allowed=set()) == []
    assert walk(api, org.agent1, ids, allowed=set()) == []
    close_paper(api.session, ids["paper_id"])
    assert walk(api, org.agent1, ids, allowed=set()) == []


def test_only_the_score_shows_after_submit_when_the_policy_says_score(api: Api, org: Org) -> None:
    ids = scenario(api, org, {"after_submit": {"score": True}, "after_close": {"score": True}})
    assert walk(api, org.agent1, ids, allowed=set()) == []
    api.submit(org.agent1, ids["attempt_id"])
    assert walk(api, org.agent1, ids, allowed=SCORE_FIELDS) == []


@pytest.mark.parametrize("closed", [False, True])
def test_the_walk_finds_review_fields_once_the_policy_allows_them(
    api: Api, org: Org, closed: bool
) -> None:
    """Control: after the close (policy: everything) the same walk does see the fields."""
    ids = scenario(api, org, {"after_submit": NOTHING, "after_close": EVERYTHING})
    api.submit(org.agent1, ids["attempt_id"])
    if closed:
        close_paper(api.session, ids["paper_id"])
    found = walk(api, org.agent1, ids, allowed=set())
    shown = {p.rsplit(".", 1)[-1] for p in found}
    if closed:
        assert {"key", "correct", "awarded", "explanation", "rule_url"} <= shown
    else:
        assert found == []


def test_the_walk_covers_every_exam_route(api: Api) -> None:
    routes = api_routes(api.client.app)
    exam = {r for r in routes if r[1].startswith("/api/v1/exams")}
    assert {r for r in exam if r[0] != "GET"} == set(EXAM_CALLS)
    assert ("GET", "/api/v1/exams/attempts/{attempt_id}") in exam
