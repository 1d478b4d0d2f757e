"""Papers: preview, create with policy defaults, blueprints, changes, assignments."""

from __future__ import annotations

from exam_api.policy import get_policy
from tests.exams.conftest import API, Api, Org, paper_body

BLUEPRINT = [
    {"name": "请假", "area": "leave", "type": "single_choice", "count": 3, "points": 2},
    {"area": "complaints", "count": 2},
]


def test_preview_counts_the_qualifying_questions_per_section(api: Api, org: Org) -> None:
    sections = [*BLUEPRINT, {"area": "leave", "type": "essay", "count": 1}]
    response = api.client.post(
        f"{API}/preview", json={"sections": sections}, headers=api.headers(org.sup1)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(s["requested"], s["qualifying"], s["enough"]) for s in body["sections"]] == [
        (3, 5, True),
        (2, 2, True),
        (1, 0, False),
    ]
    assert body["drawable"] is False and "第 3 节" in body["problem"]
    fixed = api.client.post(
        f"{API}/preview",
        json={"question_ids": ["leave-001", "nope-001"]},
        headers=api.headers(org.sup1),
    )
    assert fixed.json()["unknown_question_ids"] == ["nope-001"]


def test_a_paper_takes_the_department_defaults(api: Api, org: Org) -> None:
    body = paper_body()
    for name in ("time_limit_minutes", "pass_percent"):
        body.pop(name)
    response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.sup1))
    assert response.status_code == 201, response.text
    paper = response.json()
    exams = get_policy().value("onboarding.exams")
    assert paper["time_limit_minutes"] == exams["default_time_limit_minutes"]
    assert paper["pass_percent"] == exams["default_pass_percent"]
    assert paper["scoring"]["multiple_choice"] == exams["multiple_choice_scoring"]
    assert paper["review"]["after_submit"] == {
        "score": True, "correctness": False, "key": False, "explanation": False,
    }  # fmt: skip
    assert paper["created_by"] == org.sup1.id and paper["question_count"] == 7


def test_a_blueprint_paper_draws_per_section_with_section_points(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, sections=BLUEPRINT, assign={"user_ids": [org.agent1.id]})
    assert paper["question_count"] == 5 and paper["sections"][0]["name"] == "请假"
    attempt = api.start(org.agent1, paper["id"])
    ids = [q["question"]["id"] for q in attempt["questions"]]
    assert len(ids) == len(set(ids)) == 5
    assert sorted(ids[3:]) == ["complaints-001", "complaints-002"]
    assert all(q["question"]["points"] == 2 for q in attempt["questions"][:3])
    assert attempt["max_score"] == 8


def test_least_seen_questions_come_first(api: Api, org: Org) -> None:
    """Five leave single-choice questions; a 3-question section twice gives 3 new, then the
    2 unseen plus 1 seen."""
    section = [{"area": "leave", "type": "single_choice", "count": 3}]
    paper = api.create_paper(
        org.sup1,
        sections=section,
        attempts_allowed=2,
        assign={"user_ids": [org.agent1.id]},
    )
    first = api.start(org.agent1, paper["id"])
    api.submit(org.agent1, first["id"])
    second = api.start(org.agent1, paper["id"])
    seen = {q["question"]["id"] for q in first["questions"]}
    again = {q["question"]["id"] for q in second["questions"]}
    assert len(again - seen) == 2 and len(again & seen) == 1


def test_an_unfillable_blueprint_or_unknown_question_is_refused(api: Api, org: Org) -> None:
    bad = paper_body(sections=[{"area": "leave", "type": "essay", "count": 1}])
    response = api.client.post(f"{API}/papers", json=bad, headers=api.headers(org.sup1))
    assert response.status_code == 409 and response.json()["error"] == "paper_not_drawable"
    unknown = paper_body(question_ids=["nope-001"])
    response = api.client.post(f"{API}/papers", json=unknown, headers=api.headers(org.sup1))
    assert response.status_code == 404 and "nope-001" in response.json()["detail"]


def test_paper_input_is_validated(api: Api, org: Org) -> None:
    cases = [
        paper_body(content={"sections": BLUEPRINT, "question_ids": ["leave-001"]}),  # both
        paper_body(content={}),  # neither
        paper_body(title="考\x00试"),
        paper_body(question_ids=["leave-001", "leave-001"]),
        paper_body(sections=[{"count": 0}]),
        paper_body(opens_at="2030-01-01T00:00:00"),  # no time zone
        paper_body(pass_percent=101),
        paper_body(grading_method="best"),
        paper_body(review={"after_submit": {"everything": True}}),
        paper_body(assign={"user_ids": [2**31]}),
    ]
    for body in cases:
        response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.sup1))
        assert response.status_code == 422, (body, response.text)
        assert set(response.json()) == {"error", "detail", "rule"}


def test_questions_cannot_change_once_someone_has_started(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    url = f"{API}/papers/{paper['id']}"
    renamed = api.client.patch(url, json={"title": "改名"}, headers=api.headers(org.sup1))
    assert renamed.status_code == 200 and renamed.json()["title"] == "改名"
    api.start(org.agent1, paper["id"])
    change = {"content": {"question_ids": ["leave-001"]}}
    refused = api.client.patch(url, json=change, headers=api.headers(org.sup1))
    assert refused.status_code == 409 and refused.json()["error"] == "paper_has_attempts"
    later = api.client.patch(
        url, json={"attempts_allowed": 3, "closes_at": None}, headers=api.headers(org.sup1)
    )
    assert later.status_code == 200 and later.json()["attempts_allowed"] == 3
    deleted = api.client.delete(url, headers=api.headers(org.sup1))
    assert deleted.status_code == 409


def test_a_paper_without_attempts_can_be_deleted(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"team_ids": [org.team1.id]})
    url = f"{API}/papers/{paper['id']}"
    assert api.client.delete(url, headers=api.headers(org.sup1)).status_code == 204
    assert api.client.get(url, headers=api.headers(org.sup1)).status_code == 404


def test_assignments_decide_who_may_start(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    start = f"{API}/papers/{paper['id']}/attempts"
    refused = api.client.post(start, headers=api.headers(org.agent2))
    assert refused.status_code == 403 and refused.json()["error"] == "paper_not_assigned"
    mine = api.get(org.agent2, "/my/papers").json()
    assert mine == []
    assigned = api.client.put(
        f"{API}/papers/{paper['id']}/assignments",
        json={"team_ids": [org.team1.id]},
        headers=api.headers(org.sup1),
    )
    assert assigned.status_code == 200 and assigned.json()["assigned_team_ids"] == [org.team1.id]
    assert assigned.json()["assigned_user_ids"] == []
    listed = api.get(org.agent2, "/my/papers").json()
    assert [p["id"] for p in listed] == [paper["id"]]
    assert listed[0]["state"] == "open" and listed[0]["attempts_used"] == 0
    assert api.client.post(start, headers=api.headers(org.agent2)).status_code == 201


def test_only_trainees_can_be_assigned(api: Api, org: Org) -> None:
    body = paper_body(assign={"user_ids": [org.sup1.id]})
    response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.director))
    assert response.status_code == 409 and response.json()["error"] == "not_a_trainee"
    body = paper_body(assign={"user_ids": [999]})
    response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.director))
    assert response.status_code == 404


def test_a_paper_must_close_after_it_opens(api: Api, org: Org) -> None:
    body = paper_body(opens_at="2030-01-02T00:00:00Z", closes_at="2030-01-01T00:00:00+08:00")
    response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.sup1))
    assert response.status_code == 409 and response.json()["error"] == "paper_window_invalid"
    paper = api.create_paper(org.sup1, opens_at="2030-01-02T00:00:00Z")
    url = f"{API}/papers/{paper['id']}"
    early = {"closes_at": "2030-01-01T00:00:00Z"}
    assert api.client.patch(url, json=early, headers=api.headers(org.sup1)).status_code == 409


def test_extreme_times_are_kept_not_refused(api: Api, org: Org) -> None:
    paper = api.create_paper(
        org.sup1, opens_at="0001-01-01T00:00:00+01:00", closes_at="9999-12-31T23:59:59-23:59"
    )
    assert paper["opens_at"].startswith("0001-01-01") and paper["closes_at"].startswith("9999")


def test_a_paper_has_at_most_200_questions(api: Api, org: Org) -> None:
    sections = [{"area": "leave", "count": 150}, {"area": "leave", "count": 51}]
    preview = api.client.post(
        f"{API}/preview", json={"sections": sections}, headers=api.headers(org.sup1)
    ).json()
    assert preview["drawable"] is False and "200" in preview["problem"]
