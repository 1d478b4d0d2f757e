"""Attendance events: recorded by supervisors for their team; read by the person and their
supervisor (the KPI reads them through exam_api.kpi.records)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from exam_api.policy import get_policy
from tests.roster.support import Headers, Org, day

P = get_policy()
URL = "/api/v1/attendance/events"


def event(
    org_user_id: int | None, kind: str, offset: int = -1, **extra: object
) -> dict[str, object]:
    return {"user_id": org_user_id, "day": str(day(offset)), "kind": kind, **extra}


def test_supervisor_records_for_their_team(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    created = api.post(
        URL, json=event(org.a1.id, "late", minutes=12), headers=auth_headers(org.sup1)
    )
    assert created.status_code == 201, created.text
    row = created.json()
    assert (row["kind"], row["label"], row["minutes"]) == (
        "late",
        P.document.attendance.labels["late"],
        12,
    )
    assert row["recorded_by_id"] == org.sup1.id and row["team_id"] == org.team1.id
    for actor, target in [
        (org.sup2, org.a1),
        (org.a2, org.a1),
        (org.sup1, org.sup1),
        (org.sup1, org.b1),
    ]:
        response = api.post(URL, json=event(target.id, "late"), headers=auth_headers(actor))
        assert response.status_code == 403, (actor.username, target.username)
    director = api.post(
        URL, json=event(org.sup1.id, "badge_missing"), headers=auth_headers(org.director)
    )
    assert director.status_code == 201


def test_event_kinds_come_from_the_policy(api: TestClient, org: Org, auth_headers: Headers) -> None:
    for kind in P.document.attendance.events:
        response = api.post(URL, json=event(org.a1.id, kind), headers=auth_headers(org.sup1))
        assert response.status_code == 201, kind
    unknown = api.post(URL, json=event(org.a1.id, "napping"), headers=auth_headers(org.sup1))
    assert unknown.status_code == 422 and unknown.json()["rule"] == "attendance-events"
    assert P.rule_url("attendance-events") in unknown.json()["detail"]
    future = api.post(URL, json=event(org.a1.id, "late", 1), headers=auth_headers(org.sup1))
    assert future.status_code == 422
    missing = api.post(URL, json=event(999999, "late"), headers=auth_headers(org.sup1))
    assert missing.status_code == 404


def test_who_reads_which_events(api: TestClient, org: Org, auth_headers: Headers) -> None:
    api.post(URL, json=event(org.a1.id, "late"), headers=auth_headers(org.sup1))
    api.post(URL, json=event(org.a2.id, "early_leave"), headers=auth_headers(org.sup1))
    api.post(URL, json=event(org.b1.id, "absence"), headers=auth_headers(org.sup2))
    window = {"start": str(day(-7)), "end": str(day(0))}

    def users(actor_headers: dict[str, str], **params: object) -> list[int]:
        response = api.get(URL, params={**window, **params}, headers=actor_headers)
        assert response.status_code == 200, response.text
        return sorted(row["user_id"] for row in response.json())

    assert users(auth_headers(org.a1)) == [org.a1.id]
    assert users(auth_headers(org.sup1)) == sorted([org.a1.id, org.a2.id])
    assert users(auth_headers(org.director)) == sorted([org.a1.id, org.a2.id, org.b1.id])
    assert users(auth_headers(org.sup1), user_id=org.a2.id) == [org.a2.id]
    blocked = [
        (org.a1, {"user_id": org.a2.id}),
        (org.a1, {"team_id": org.team1.id}),
        (org.sup2, {"team_id": org.team1.id}),
        (org.sup2, {"user_id": org.a1.id}),
    ]
    for actor, params in blocked:
        response = api.get(URL, params={**window, **params}, headers=auth_headers(actor))
        assert response.status_code == 403, (actor.username, params)
