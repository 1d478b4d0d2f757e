"""Paper statistics, exports and weakest areas on a small fixed data set (hand-computed)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

import pytest

from exam_api.users.models import Role, User
from tests.exams.conftest import Api, Org

PAPER = ["leave-001", "leave-003", "leave-004"]  # 2 + 1 + 1 points
# Per trainee: leave-001 (2), leave-003 (1), leave-004 (1) →  totals 4, 3, 1, 1.
ANSWERS = [
    {"leave-001": "b", "leave-003": True, "leave-004": 2},
    {"leave-001": "b", "leave-003": False, "leave-004": 2},
    {"leave-001": "a", "leave-003": True, "leave-004": 5},
    {"leave-001": "a", "leave-003": False, "leave-004": 2},
]


def _take(api: Api, trainee: User, paper_id: int, answers: dict[str, Any]) -> dict[str, Any]:
    attempt = api.start(trainee, paper_id)
    api.answer_all(trainee, attempt, answers)
    return api.submit(trainee, attempt["id"])


@pytest.fixture
def four(org: Org, make_user: Callable[..., User]) -> list[User]:
    agent4 = make_user("agent4", Role.agent, team=org.team2, display_name="赵磊")
    return [org.agent1, org.agent2, org.agent3, agent4]


@pytest.fixture
def taken(api: Api, org: Org, four: list[User]) -> dict[str, Any]:
    paper = api.create_paper(
        org.director,
        question_ids=PAPER,
        pass_percent=60,
        assign={"team_ids": [org.team1.id, org.team2.id]},
    )
    for trainee, answers in zip(four, ANSWERS, strict=True):
        _take(api, trainee, paper["id"], answers)
    return paper


def test_paper_figures(api: Api, org: Org, taken: dict[str, Any]) -> None:
    stats = api.get(org.director, f"/papers/{taken['id']}/stats").json()
    assert (stats["trainees"], stats["attempts"], stats["awaiting_grading"]) == (4, 4, 0)
    assert stats["mean_score"] == 2.25 and stats["median_score"] == 2
    assert stats["mean_percent"] == 56.25 and stats["median_percent"] == 50
    assert stats["pass_rate"] == 0.5
    assert [b["count"] for b in stats["distribution"]] == [0, 0, 2, 0, 0, 0, 0, 1, 0, 1]


def test_question_figures(api: Api, org: Org, taken: dict[str, Any]) -> None:
    stats = api.get(org.director, f"/papers/{taken['id']}/stats").json()
    questions = {q["question_id"]: q for q in stats["questions"]}
    # leave-001 marks [2,2,0,0] vs rest [2,1,1,1]: Sxy 1, Sxx 4, Syy 0.75 → 1/√3
    # leave-003 marks [1,0,1,0] vs rest [3,3,0,1]: −0.5/√6.75 (flagged as poor)
    # leave-004 marks [1,1,0,1] vs rest [3,2,1,0]: Sxy 0.5, Sxx 0.75, Syy 5 → 0.5/√3.75
    expected = {
        "leave-001": (0.5, 1 / math.sqrt(3), False),
        "leave-003": (0.5, -0.5 / math.sqrt(6.75), True),
        "leave-004": (0.75, 0.5 / math.sqrt(3.75), False),
    }
    for qid, (facility, discrimination, poor) in expected.items():
        q = questions[qid]
        assert q["facility"] == facility and q["attempts"] == 4
        assert q["discrimination"] == pytest.approx(discrimination, abs=1e-4)
        assert q["poor_discrimination"] is poor
    assert questions["leave-001"]["mean_mark"] == 1 and questions["leave-001"]["max_mark"] == 2
    assert questions["leave-003"]["ref"] == "swap-quota"


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_question_statistics_csv(api: Api, org: Org, taken: dict[str, Any]) -> None:
    response = api.get(org.director, f"/papers/{taken['id']}/question-stats.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = {r["question_id"]: r for r in _rows(response.text)}
    assert rows["leave-003"]["facility"] == "0.5"
    assert rows["leave-003"]["discrimination"] == "-0.1925"
    assert rows["leave-003"]["poor_discrimination"] == "yes"
    assert rows["leave-004"]["facility"] == "0.75" and rows["leave-004"]["area"] == "leave"


def test_results_csv(api: Api, org: Org, taken: dict[str, Any], four: list[User]) -> None:
    response = api.get(org.director, f"/papers/{taken['id']}/results.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = {r["username"]: r for r in _rows(response.text)}
    assert rows["agent1"]["final_score"] == "4" and rows["agent1"]["passed"] == "yes"
    assert rows["agent2"]["percent"] == "75" and rows["agent2"]["team"] == "一组"
    assert rows["agent3"]["final_score"] == "1" and rows["agent3"]["passed"] == "no"
    assert rows["agent4"]["display_name"] == "赵磊" and rows["agent4"]["attempts"] == "1"


@pytest.mark.parametrize(
    ("method", "final"), [("highest", "4"), ("last", "1"), ("first", "3"), ("average", "2.6667")]
)
def test_the_grading_method_picks_the_final_score(
    api: Api, org: Org, method: str, final: str
) -> None:
    paper = api.create_paper(
        org.sup1,
        question_ids=PAPER,
        attempts_allowed=3,
        grading_method=method,
        review={"after_submit": {"score": True}},
        assign={"user_ids": [org.agent1.id]},
    )
    for answers in (ANSWERS[1], ANSWERS[0], ANSWERS[2]):  # 3, 4, 1
        _take(api, org.agent1, paper["id"], answers)
    rows = _rows(api.get(org.sup1, f"/papers/{paper['id']}/results.csv").text)
    assert rows[0]["final_score"] == final and rows[0]["attempt_scores"] == "3;4;1"
    mine = api.get(org.agent1, "/my/papers").json()[0]
    assert mine["attempts_used"] == 3
    assert mine["final_score"] == pytest.approx(float(final), abs=1e-4)


def test_weakest_areas_of_a_trainee(api: Api, org: Org) -> None:
    paper = api.create_paper(
        org.sup1,
        question_ids=["leave-001", "complaints-001", "complaints-002"],
        assign={"user_ids": [org.agent1.id]},
    )
    _take(api, org.agent1, paper["id"], {"leave-001": "b", "complaints-001": "不知道"})
    body = api.get(org.sup1, f"/trainees/{org.agent1.id}/areas").json()
    assert [(a["area"], a["percent"]) for a in body["areas"]] == [
        ("complaints", 0),
        ("leave", 100),
    ]
    weakest = body["areas"][0]
    assert weakest["title"] == "投诉处理" and weakest["possible"] == 2
    assert weakest["missed_rules"][0]["rule"] == "complaint-flow"
    assert weakest["missed_rules"][0]["url"] == "/handbook/complaints/#complaint-flow"
    assert api.get(org.sup1, "/trainees/2147483647/areas").status_code == 404
