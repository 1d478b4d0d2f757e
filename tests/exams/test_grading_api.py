"""Essays wait in the supervisor's queue with etiquette findings; review after grading."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from exam_api.exams.models import AttemptItem
from tests.exams.conftest import API, RIGHT, WRONG, Api, Org

ESSAY_PAPER = ["leave-001", "phrases-001"]
SHOW_ALL = {"score": True, "correctness": True, "key": True, "explanation": True}


def _essay_attempt(api: Api, org: Org, answers: dict[str, Any]) -> dict[str, Any]:
    paper = api.create_paper(
        org.sup1,
        question_ids=ESSAY_PAPER,
        review={"after_submit": SHOW_ALL},
        assign={"team_ids": [org.team1.id]},
    )
    attempt = api.start(org.agent1, paper["id"])
    api.answer_all(org.agent1, attempt, answers)
    return api.submit(org.agent1, attempt["id"])


def test_an_essay_waits_for_grading_with_the_etiquette_findings(api: Api, org: Org) -> None:
    submitted = _essay_attempt(api, org, {"leave-001": "b", "phrases-001": WRONG["phrases-001"]})
    assert submitted["status"] == "awaiting_grading" and submitted["score"] is None
    essay = submitted["questions"][1]["review"]
    assert essay["graded"] is False and essay["awarded"] is None
    queue = api.get(org.sup1, "/grading").json()
    assert [t["question_id"] for t in queue] == ["phrases-001"]
    task = queue[0]
    assert task["answer"] == "你好，这个不行。" and task["max_points"] == 5
    kinds = {f["kind"] for f in task["etiquette"]["findings"]}
    assert {"forbidden", "address"} <= kinds
    assert task["rubric"][0]["points"] == 5 and task["reference_answer"]


def test_grading_every_essay_completes_the_attempt(api: Api, org: Org) -> None:
    submitted = _essay_attempt(api, org, RIGHT)
    task = api.get(org.sup1, "/grading").json()[0]
    graded = api.client.put(
        f"{API}/grading/{task['item_id']}",
        json={"points": 4, "feedback": "结束语可以更热情"},
        headers=api.headers(org.sup1),
    )
    assert graded.status_code == 200, graded.text
    assert graded.json()["attempt_status"] == "graded"
    assert graded.json()["attempt_score"] == 6  # 2 for leave-001 + 4 for the essay
    assert api.get(org.sup1, "/grading").json() == []
    view = api.get(org.agent1, f"/attempts/{submitted['id']}").json()
    assert view["status"] == "graded" and view["score"] == 6 and view["passed"] is True
    essay = view["questions"][1]["review"]
    assert essay["awarded"] == 4 and essay["feedback"] == "结束语可以更热情"
    assert essay["key"] == "您好！我帮您查询一下。祝您生活愉快！"
    single = view["questions"][0]["review"]
    assert single["correct"] is True and single["key"] == "b"
    assert single["explanation"] == "解析 leave-001"
    assert single["rule_url"] == "/handbook/leave/#leave-personal"
    assert single["rule_title"]


def test_grading_is_checked(api: Api, org: Org) -> None:
    _essay_attempt(api, org, RIGHT)
    task = api.get(org.sup1, "/grading").json()[0]
    url = f"{API}/grading/{task['item_id']}"
    too_many = api.client.put(url, json={"points": 6}, headers=api.headers(org.sup1))
    assert too_many.status_code == 409 and too_many.json()["error"] == "points_too_high"
    negative = api.client.put(url, json={"points": -1}, headers=api.headers(org.sup1))
    assert negative.status_code == 422
    other_team = api.client.put(url, json={"points": 1}, headers=api.headers(org.sup2))
    assert other_team.status_code == 403
    trainee = api.client.put(url, json={"points": 5}, headers=api.headers(org.agent1))
    assert trainee.status_code == 403
    assert api.get(org.sup2, "/grading").json() == []
    missing = api.client.put(
        f"{API}/grading/2147483647", json={"points": 1}, headers=api.headers(org.sup1)
    )
    assert missing.status_code == 404
    director = api.client.put(url, json={"points": 5}, headers=api.headers(org.director))
    assert director.status_code == 200


def test_an_objective_question_cannot_be_graded_by_hand(api: Api, org: Org) -> None:
    submitted = _essay_attempt(api, org, RIGHT)
    items = api.session.exec(select(AttemptItem)).all()
    objective = next(i for i in items if i.qtype == "single_choice")
    response = api.client.put(
        f"{API}/grading/{objective.id}", json={"points": 1}, headers=api.headers(org.sup1)
    )
    assert response.status_code == 409 and response.json()["error"] == "not_manual"
    assert submitted["status"] == "awaiting_grading"


def test_an_empty_essay_scores_zero_without_waiting(api: Api, org: Org) -> None:
    submitted = _essay_attempt(api, org, {"leave-001": "b"})
    assert submitted["status"] == "graded" and submitted["score"] == 2
    assert api.get(org.sup1, "/grading").json() == []
