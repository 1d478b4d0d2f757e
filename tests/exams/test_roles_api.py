"""Who may do what: trainees take their own papers; supervisors see only their team."""

from __future__ import annotations

import pytest

from tests.exams.conftest import API, RIGHT, Api, Org, paper_body

STAFF_ONLY = [
    ("GET", "/papers"),
    ("POST", "/preview"),
    ("GET", "/papers/{paper}"),
    ("GET", "/papers/{paper}/attempts"),
    ("GET", "/papers/{paper}/stats"),
    ("GET", "/papers/{paper}/results.csv"),
    ("GET", "/papers/{paper}/question-stats.csv"),
    ("GET", "/grading"),
    ("GET", "/trainees/{trainee}/areas"),
]


def test_a_trainee_cannot_create_papers(api: Api, org: Org) -> None:
    response = api.client.post(f"{API}/papers", json=paper_body(), headers=api.headers(org.agent1))
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": response.json()["detail"],
        "rule": None,
    }


@pytest.mark.parametrize(("method", "path"), STAFF_ONLY)
def test_staff_endpoints_refuse_trainees(api: Api, org: Org, method: str, path: str) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    url = API + path.format(paper=paper["id"], trainee=org.agent1.id)
    body = {"question_ids": ["leave-001"]} if method == "POST" else None
    response = api.client.request(method, url, json=body, headers=api.headers(org.agent1))
    assert response.status_code == 403


def test_without_a_token_everything_is_401(api: Api) -> None:
    for url in ("/my/papers", "/papers", "/attempts/1", "/grading"):
        response = api.client.get(API + url)
        assert response.status_code == 401 and response.json()["error"] == "unauthorized"


def test_a_trainee_cannot_see_or_answer_another_trainees_attempt(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"team_ids": [org.team1.id]})
    attempt = api.start(org.agent1, paper["id"])
    url = f"{API}/attempts/{attempt['id']}"
    assert api.client.get(url, headers=api.headers(org.agent2)).status_code == 403
    saved = api.save(org.agent2, attempt["id"], 1, "b")
    assert saved.status_code == 403
    submit = api.client.post(f"{url}/submit", headers=api.headers(org.agent2))
    assert submit.status_code == 403
    theirs = api.get(org.agent2, "/my/attempts").json()
    assert theirs == []


def test_a_supervisor_sees_only_their_team(api: Api, org: Org) -> None:
    paper = api.create_paper(org.director, assign={"team_ids": [org.team1.id, org.team2.id]})
    for trainee in (org.agent1, org.agent3):
        attempt = api.start(trainee, paper["id"])
        api.answer_all(trainee, attempt, RIGHT)
        api.submit(trainee, attempt["id"])
    sup1 = api.get(org.sup1, f"/papers/{paper['id']}/attempts").json()
    assert [a["user_id"] for a in sup1] == [org.agent1.id]
    director = api.get(org.director, f"/papers/{paper['id']}/attempts").json()
    assert sorted(a["user_id"] for a in director) == sorted([org.agent1.id, org.agent3.id])
    stats = api.get(org.sup1, f"/papers/{paper['id']}/stats").json()
    assert stats["trainees"] == 1
    agent3_attempt = next(a for a in director if a["user_id"] == org.agent3.id)
    forbidden = api.get(org.sup1, f"/attempts/{agent3_attempt['id']}")
    assert forbidden.status_code == 403
    areas = api.get(org.sup1, f"/trainees/{org.agent3.id}/areas")
    assert areas.status_code == 403
    csv = api.get(org.sup1, f"/papers/{paper['id']}/results.csv").text
    assert "agent1" in csv and "agent3" not in csv


def test_a_supervisor_cannot_touch_another_teams_paper(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"team_ids": [org.team1.id]})
    url = f"{API}/papers/{paper['id']}"
    assert api.client.get(url, headers=api.headers(org.sup2)).status_code == 403
    patch = api.client.patch(url, json={"title": "x"}, headers=api.headers(org.sup2))
    assert patch.status_code == 403
    assert [p["id"] for p in api.get(org.sup2, "/papers").json()] == []
    assert [p["id"] for p in api.get(org.director, "/papers").json()] == [paper["id"]]


def test_a_supervisor_assigns_only_within_their_team(api: Api, org: Org) -> None:
    for assign in ({"team_ids": [org.team2.id]}, {"user_ids": [org.agent3.id]}):
        body = paper_body(assign=assign)
        response = api.client.post(f"{API}/papers", json=body, headers=api.headers(org.sup1))
        assert response.status_code == 403, assign


def test_a_supervisor_sees_a_directors_paper_assigned_to_their_team_but_cannot_edit(
    api: Api, org: Org
) -> None:
    paper = api.create_paper(org.director, assign={"user_ids": [org.agent1.id]})
    url = f"{API}/papers/{paper['id']}"
    assert api.client.get(url, headers=api.headers(org.sup1)).status_code == 200
    patch = api.client.patch(url, json={"title": "x"}, headers=api.headers(org.sup1))
    assert patch.status_code == 403
