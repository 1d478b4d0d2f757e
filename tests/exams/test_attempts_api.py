"""Taking a paper: start, autosave, resume, submit, the server's deadline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from exam_api.core.models import utcnow
from exam_api.exams.models import AttemptItem, ExamAttempt, ExamPaper
from tests.exams.conftest import API, RIGHT, WRONG, Api, Org

SHOW_ALL = {"score": True, "correctness": True, "key": True, "explanation": True}


def test_a_trainee_takes_a_fixed_paper_to_the_end(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"team_ids": [org.team1.id]})
    attempt = api.start(org.agent1, paper["id"])
    assert attempt["status"] == "open" and attempt["number"] == 1
    assert [q["question"]["id"] for q in attempt["questions"]][:2] == ["leave-001", "leave-002"]
    assert 29 * 60 < attempt["remaining_seconds"] <= 30 * 60
    api.answer_all(org.agent1, attempt, RIGHT)
    result = api.submit(org.agent1, attempt["id"])
    assert result["status"] == "graded"
    assert result["score"] == result["max_score"] == 8  # 2 + six 1-point questions
    assert result["passed"] is True and result["percent"] == 100


def test_saving_is_idempotent_and_resume_gives_back_saved_answers(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    first = api.save(org.agent1, attempt["id"], 1, "b")
    second = api.save(org.agent1, attempt["id"], 1, "b")
    assert first.status_code == second.status_code == 200
    assert second.json()["answered"] is True
    resumed = api.start(org.agent1, paper["id"])  # reconnect: the open attempt comes back
    assert resumed["id"] == attempt["id"]
    assert resumed["questions"][0]["answer"] == "b"
    assert (
        resumed["questions"][0]["question"]["options"]
        == attempt["questions"][0]["question"]["options"]
    )
    cleared = api.save(org.agent1, attempt["id"], 1, None)
    assert cleared.json()["answered"] is False


def test_submitting_twice_grades_once(api: Api, org: Org, session: Session) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    api.answer_all(org.agent1, attempt, WRONG)
    first = api.submit(org.agent1, attempt["id"])
    second = api.submit(org.agent1, attempt["id"])
    assert first["submitted_at"] == second["submitted_at"]
    assert first["score"] == second["score"] == 0
    late = api.save(org.agent1, attempt["id"], 1, "b")
    assert late.status_code == 409 and late.json()["error"] == "attempt_submitted"


def test_answers_are_checked_when_saved(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    unknown = api.save(org.agent1, attempt["id"], 1, "z")
    assert unknown.status_code == 422 and unknown.json()["error"] == "answer_unknown_option"
    wrong_shape = api.save(org.agent1, attempt["id"], 3, "yes")
    assert wrong_shape.status_code == 422 and wrong_shape.json()["error"] == "answer_invalid"
    missing = api.save(org.agent1, attempt["id"], 99, "a")
    assert missing.status_code == 404
    nul = api.save(org.agent1, attempt["id"], 4, "a\x00b")
    assert nul.status_code == 422


def _expire(session: Session, attempt_id: int) -> None:
    row = session.get(ExamAttempt, attempt_id)
    assert row is not None
    row.deadline = utcnow() - timedelta(seconds=1)
    session.add(row)
    session.commit()


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_submitted(
    api: Api, org: Org, session: Session
) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    assert api.save(org.agent1, attempt["id"], 1, "b").status_code == 200
    _expire(session, attempt["id"])
    late = api.save(org.agent1, attempt["id"], 2, ["a", "c"])
    assert late.status_code == 409
    assert late.json()["error"] == "attempt_deadline_passed"
    assert late.json()["rule"] == "onboarding-exams"
    view = api.get(org.agent1, f"/attempts/{attempt['id']}").json()
    assert view["status"] == "graded" and view["auto_submitted"] is True
    assert view["score"] == 2  # the answer saved before the deadline counts, the late one not


def test_the_deadline_is_the_paper_close_when_that_comes_first(api: Api, org: Org) -> None:
    closes = (utcnow() + timedelta(minutes=10)).isoformat()
    paper = api.create_paper(org.sup1, closes_at=closes, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    assert attempt["remaining_seconds"] <= 10 * 60


def test_attempts_allowed_and_the_open_window_are_enforced(
    api: Api, org: Org, session: Session
) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    api.submit(org.agent1, attempt["id"])
    again = api.client.post(f"{API}/papers/{paper['id']}/attempts", headers=api.headers(org.agent1))
    assert again.status_code == 409 and again.json()["error"] == "attempts_exhausted"
    opens = (utcnow() + timedelta(days=1)).isoformat()
    later = api.create_paper(org.sup1, opens_at=opens, assign={"user_ids": [org.agent1.id]})
    early = api.client.post(f"{API}/papers/{later['id']}/attempts", headers=api.headers(org.agent1))
    assert early.status_code == 409 and early.json()["error"] == "paper_not_open"
    row = session.get(ExamPaper, later["id"])
    assert row is not None
    row.opens_at, row.closes_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=1)
    session.add(row)
    session.commit()
    closed = api.client.post(
        f"{API}/papers/{later['id']}/attempts", headers=api.headers(org.agent1)
    )
    assert closed.status_code == 409 and closed.json()["error"] == "paper_closed"


def test_an_attempt_keeps_its_question_versions(api: Api, org: Org, session: Session) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    items = session.exec(select(AttemptItem).where(AttemptItem.attempt_id == attempt["id"])).all()
    frozen = {i.question_id: i.question for i in items}
    assert frozen["leave-001"]["key"] == "b"
    assert frozen["leave-001"]["explanation"] == "解析 leave-001"
    assert frozen["leave-001"]["options"][0] == {"id": "a", "text": "选项a"}


def test_partial_credit_is_a_paper_setting(api: Api, org: Org) -> None:
    half = {
        "leave-002": ["a"],  # 1 of 2 right options → ½
        "complaints-002": ["c", "a", "b", "d"],  # 2 of 4 in place → ½
        "customers-001": {"p1": "b", "p2": "c"},  # 1 of 2 prompts → ½
    }
    scores = {}
    for mode in ("all_or_nothing", "partial"):
        scoring = {"multiple_choice": mode, "ordering": mode, "matching": mode}
        paper = api.create_paper(org.sup1, scoring=scoring, assign={"user_ids": [org.agent1.id]})
        attempt = api.start(org.agent1, paper["id"])
        api.answer_all(org.agent1, attempt, half)
        scores[mode] = api.submit(org.agent1, attempt["id"])["score"]
    assert scores == {"all_or_nothing": 0, "partial": 1.5}


@pytest.mark.parametrize("review", [{}, {"after_submit": SHOW_ALL}])
def test_the_submit_response_is_the_attempt_as_read_back(
    api: Api, org: Org, review: dict[str, Any]
) -> None:
    """Submitting shows the graded questions without reading them back: they must be what
    the database now holds, under the same review policy."""
    paper = api.create_paper(org.sup1, review=review, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    answers = dict(RIGHT) | {"leave-002": WRONG["leave-002"]}
    api.answer_all(org.agent1, attempt, answers)
    submitted = api.submit(org.agent1, attempt["id"])
    read_back = api.get(org.agent1, f"/attempts/{attempt['id']}").json()
    assert submitted == read_back
    assert submitted["status"] == "graded" and submitted["submitted_at"] is not None
    if review:
        reviews = {q["question"]["id"]: q["review"] for q in submitted["questions"]}
        assert reviews["leave-002"]["correct"] is False
        assert reviews["leave-001"]["correct"] is True
