"""Shift types and assignments through the API; who may roster whom."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from exam_api.roster.models import ShiftAssignment
from tests.roster.support import Headers, Org, day


def test_shift_types_are_data(api: TestClient, org: Org, auth_headers: Headers) -> None:
    body = {"name": "中班", "start": "12:00", "end": "20:00"}
    created = api.post("/api/v1/roster/shift-types", json=body, headers=auth_headers(org.sup1))
    assert created.status_code == 201, created.text
    assert (created.json()["start"], created.json()["end"]) == ("12:00", "20:00")
    listed = api.get("/api/v1/roster/shift-types", headers=auth_headers(org.a1)).json()
    assert [row["name"] for row in listed] == ["早班", "中班", "晚班"]
    again = api.post("/api/v1/roster/shift-types", json=body, headers=auth_headers(org.sup1))
    assert again.status_code == 409 and again.json()["error"] == "shift_type_name_taken"
    shift_id = created.json()["id"]
    url = f"/api/v1/roster/shift-types/{shift_id}"
    off = api.patch(url, json={"active": False}, headers=auth_headers(org.director))
    assert off.json()["active"] is False
    names = [
        r["name"]
        for r in api.get("/api/v1/roster/shift-types", headers=auth_headers(org.a1)).json()
    ]
    assert "中班" not in names


def test_shift_type_validation(api: TestClient, org: Org, auth_headers: Headers) -> None:
    same = {"name": "怪班", "start": "08:00", "end": "08:00"}
    assert (
        api.post(
            "/api/v1/roster/shift-types", json=same, headers=auth_headers(org.sup1)
        ).status_code
        == 422
    )
    nul = {"name": "坏\x00班", "start": "08:00", "end": "09:00"}
    response = api.post("/api/v1/roster/shift-types", json=nul, headers=auth_headers(org.sup1))
    assert response.status_code == 422 and response.json()["error"] == "validation_error"
    agent = api.post(
        "/api/v1/roster/shift-types", json={**same, "end": "09:00"}, headers=auth_headers(org.a1)
    )
    assert agent.status_code == 403
    for start in ["08:00:30", "08:00+08:00", "25:00"]:
        body = {"name": "秒班", "start": start, "end": "09:00"}
        response = api.post("/api/v1/roster/shift-types", json=body, headers=auth_headers(org.sup1))
        assert response.status_code == 422, start
    missing = api.patch("/api/v1/roster/shift-types/99999", json={}, headers=auth_headers(org.sup1))
    assert missing.status_code == 404


def test_supervisor_rosters_own_team_only(api: TestClient, org: Org, auth_headers: Headers) -> None:
    body = {"user_id": org.a1.id, "day": str(day(2)), "shift_type_id": org.early.id}
    ok = api.put("/api/v1/roster/assignments", json=body, headers=auth_headers(org.sup1))
    assert ok.status_code == 200, ok.text
    assert ok.json()["shift_name"] == "早班" and ok.json()["username"] == "a1"
    replaced = api.put(
        "/api/v1/roster/assignments",
        json={**body, "shift_type_id": org.late.id},
        headers=auth_headers(org.sup1),
    )
    assert replaced.json()["id"] == ok.json()["id"] and replaced.json()["shift_name"] == "晚班"
    other = api.put("/api/v1/roster/assignments", json=body, headers=auth_headers(org.sup2))
    assert other.status_code == 403
    agent = api.put("/api/v1/roster/assignments", json=body, headers=auth_headers(org.a1))
    assert agent.status_code == 403
    director = api.put(
        "/api/v1/roster/assignments",
        json={**body, "user_id": org.b1.id},
        headers=auth_headers(org.director),
    )
    assert director.status_code == 200


def test_assignments_by_date_and_visibility(
    api: TestClient, org: Org, auth_headers: Headers, assign: Callable[..., ShiftAssignment]
) -> None:
    assign(org.a1, day(1), org.early)
    assign(org.a2, day(1), org.late)
    assign(org.b1, day(1), org.early)
    assign(org.a1, day(40), org.early)
    query = {"start": str(day(0)), "end": str(day(7))}
    mine = api.get("/api/v1/roster/assignments", params=query, headers=auth_headers(org.a1)).json()
    assert [(r["username"], r["day"]) for r in mine] == [("a1", str(day(1)))]
    team = api.get(
        "/api/v1/roster/assignments",
        params={**query, "team_id": org.team1.id},
        headers=auth_headers(org.a2),
    ).json()
    assert [r["username"] for r in team] == ["a1", "a2"]
    foreign = api.get(
        "/api/v1/roster/assignments",
        params={**query, "team_id": org.team2.id},
        headers=auth_headers(org.a1),
    )
    assert foreign.status_code == 403
    assert (
        api.get(
            "/api/v1/roster/assignments",
            params={**query, "team_id": org.team2.id},
            headers=auth_headers(org.sup1),
        ).status_code
        == 403
    )
    backwards = {"start": str(day(7)), "end": str(day(0))}
    bad = api.get("/api/v1/roster/assignments", params=backwards, headers=auth_headers(org.a1))
    assert bad.status_code == 422 and bad.json()["error"] == "date_range_invalid"
    long = {"start": str(day(0)), "end": str(day(400))}
    assert (
        api.get("/api/v1/roster/assignments", params=long, headers=auth_headers(org.a1)).status_code
        == 422
    )


def test_delete_assignment(
    api: TestClient, org: Org, auth_headers: Headers, assign: Callable[..., ShiftAssignment]
) -> None:
    row = assign(org.a1, day(3), org.early)
    url = f"/api/v1/roster/assignments/{row.id}"
    assert api.delete(url, headers=auth_headers(org.sup2)).status_code == 403
    assert api.delete(url, headers=auth_headers(org.sup1)).status_code == 204
    assert api.delete(url, headers=auth_headers(org.sup1)).status_code == 404
    assert (
        api.delete(
            "/api/v1/roster/assignments/2147483648", headers=auth_headers(org.sup1)
        ).status_code
        == 422
    )
