from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from exam_api.users.models import Role, Team, User

Headers = Callable[[User], dict[str, str]]


@dataclass
class Org:
    director: User
    sup1: User
    sup2: User
    team1: Team
    team2: Team
    agent1: User
    agent2: User


@pytest.fixture
def org(make_user: Callable[..., User], make_team: Callable[..., Team]) -> Org:
    director = make_user("director", Role.director)
    sup1 = make_user("sup1", Role.supervisor)
    sup2 = make_user("sup2", Role.supervisor)
    team1 = make_team("一组", supervisor=sup1)
    team2 = make_team("二组", supervisor=sup2)
    agent1 = make_user("agent1", Role.agent, team=team1)
    agent2 = make_user("agent2", Role.agent, team=team2)
    return Org(director, sup1, sup2, team1, team2, agent1, agent2)


def usernames(response_json: list[dict[str, object]]) -> list[object]:
    return [row["username"] for row in response_json]


def test_director_lists_everyone(client: TestClient, org: Org, auth_headers: Headers) -> None:
    response = client.get("/api/v1/users", headers=auth_headers(org.director))
    assert response.status_code == 200
    assert usernames(response.json()) == ["director", "sup1", "sup2", "agent1", "agent2"]


def test_supervisor_lists_only_their_team(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    response = client.get("/api/v1/users", headers=auth_headers(org.sup1))
    assert usernames(response.json()) == ["sup1", "agent1"]


def test_supervisor_cannot_open_another_team(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    url = f"/api/v1/teams/{org.team2.id}/members"
    response = client.get(url, headers=auth_headers(org.sup1))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    filtered = client.get(f"/api/v1/users?team_id={org.team2.id}", headers=auth_headers(org.sup1))
    assert filtered.status_code == 403


def test_team_members_for_own_team_and_director(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    url = f"/api/v1/teams/{org.team1.id}/members"
    for actor in (org.sup1, org.director):
        assert usernames(client.get(url, headers=auth_headers(actor)).json()) == ["sup1", "agent1"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/users", "/api/v1/teams", "/api/v1/teams/1/members"],
)
def test_agents_are_refused_staff_endpoints(
    client: TestClient, org: Org, auth_headers: Headers, url: str
) -> None:
    response = client.get(url, headers=auth_headers(org.agent1))
    assert response.status_code == 403
    assert response.json()["detail"] == "此操作仅限客服主管、客服总监"


@pytest.mark.parametrize("team_id", ["999999", "0", "2147483648", "abc"])
def test_bad_team_ids(client: TestClient, org: Org, auth_headers: Headers, team_id: str) -> None:
    response = client.get(f"/api/v1/teams/{team_id}/members", headers=auth_headers(org.director))
    assert response.status_code == (404 if team_id == "999999" else 422)


def test_users_filtered_by_a_missing_team_is_a_documented_404(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    response = client.get("/api/v1/users?team_id=999999", headers=auth_headers(org.director))
    assert response.status_code == 404
    assert response.json()["error"] == "team_not_found"
    documented = client.get("/openapi.json").json()["paths"]["/api/v1/users"]["get"]["responses"]
    assert {"404", "422"} <= set(documented)


def new_user_payload(**overrides: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "username": "newbie",
        "display_name": "新人",
        "role": "agent",
        "password": "long-enough-password",
    }
    return {**payload, **overrides}


def test_director_creates_a_user_who_can_log_in(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    payload = new_user_payload(team_id=org.team1.id)
    response = client.post("/api/v1/users", json=payload, headers=auth_headers(org.director))
    assert response.status_code == 201
    assert response.json()["team_id"] == org.team1.id
    login = {"username": "newbie", "password": "long-enough-password"}
    assert client.post("/api/v1/auth/token", data=login).status_code == 200


@pytest.mark.parametrize("actor", ["sup1", "agent1"])
def test_only_the_director_creates_users(
    client: TestClient, org: Org, auth_headers: Headers, actor: str
) -> None:
    user = getattr(org, actor)
    response = client.post("/api/v1/users", json=new_user_payload(), headers=auth_headers(user))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"username": "agent1"}, 409, "username_taken"),
        ({"team_id": 424242}, 404, "team_not_found"),
        ({"password": "short"}, 422, "validation_error"),
        ({"display_name": "a\x00b"}, 422, "validation_error"),
        ({"username": "中文名"}, 422, "validation_error"),
        ({"role": "boss"}, 422, "validation_error"),
        ({"team_id": 2**31}, 422, "validation_error"),
    ],
)
def test_user_creation_refusals(
    client: TestClient,
    org: Org,
    auth_headers: Headers,
    overrides: dict[str, object],
    status: int,
    code: str,
) -> None:
    response = client.post(
        "/api/v1/users", json=new_user_payload(**overrides), headers=auth_headers(org.director)
    )
    assert response.status_code == status
    assert response.json()["error"] == code


def test_director_creates_a_team_with_a_supervisor(
    client: TestClient,
    org: Org,
    auth_headers: Headers,
    make_user: Callable[..., User],
) -> None:
    sup3 = make_user("sup3", Role.supervisor)
    payload = {"name": "三组", "supervisor_id": sup3.id}
    response = client.post("/api/v1/teams", json=payload, headers=auth_headers(org.director))
    assert response.status_code == 201
    team_id = response.json()["id"]
    listing = client.get("/api/v1/users", headers=auth_headers(sup3))
    assert usernames(listing.json()) == ["sup3"]
    assert response.json()["supervisor_id"] == sup3.id
    duplicate = client.post("/api/v1/teams", json=payload, headers=auth_headers(org.director))
    assert duplicate.status_code == 409
    assert team_id


def test_team_supervisor_must_be_a_supervisor(
    client: TestClient, org: Org, auth_headers: Headers
) -> None:
    payload = {"name": "四组", "supervisor_id": org.agent1.id}
    response = client.post("/api/v1/teams", json=payload, headers=auth_headers(org.director))
    assert response.status_code == 422
    assert response.json()["error"] == "not_a_supervisor"


def test_teams_listing_by_role(client: TestClient, org: Org, auth_headers: Headers) -> None:
    all_teams = client.get("/api/v1/teams", headers=auth_headers(org.director)).json()
    own = client.get("/api/v1/teams", headers=auth_headers(org.sup2)).json()
    assert [t["name"] for t in all_teams] == ["一组", "二组"]
    assert [t["name"] for t in own] == ["二组"]
