"""The decision log: every data-changing decision and every refusal, with who, when, what and
the policy version; supervisors read their teams, the director everything, agents nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.audit.service import list_decisions, record_decision
from exam_api.policy import get_policy
from tests.roster.support import Headers, Org, day

P = get_policy()
URL = "/api/v1/decisions"


def file_leave(api: TestClient, headers: dict[str, str], start: int) -> int:
    body = {"kind": "personal", "start": str(day(start)), "end": str(day(start)), "reason": "事"}
    response = api.post("/api/v1/leave/requests", json=body, headers=headers)
    return int(response.status_code)


def test_decisions_are_logged_and_scoped(api: TestClient, org: Org, auth_headers: Headers) -> None:
    assert file_leave(api, auth_headers(org.a1), 3) == 201
    assert file_leave(api, auth_headers(org.a1), 0) == 409  # the refusal is logged too
    assert file_leave(api, auth_headers(org.b1), 3) == 201
    team1 = api.get(URL, headers=auth_headers(org.sup1)).json()
    assert [(e["action"], e["outcome"], e["rule"]) for e in team1] == [
        ("leave_request", "refused", "leave-personal"),
        ("leave_request", "done", None),
    ]
    refused = team1[0]
    assert refused["actor_id"] == org.a1.id and refused["team_id"] == org.team1.id
    assert refused["policy_version"] == P.policy_version and refused["at"]
    assert P.rule_url("leave-personal") in refused["detail"]
    assert len(api.get(URL, headers=auth_headers(org.director)).json()) == 3
    assert (
        len(
            api.get(
                URL, params={"team_id": org.team2.id}, headers=auth_headers(org.director)
            ).json()
        )
        == 1
    )
    assert (
        api.get(URL, params={"team_id": org.team2.id}, headers=auth_headers(org.sup1)).status_code
        == 403
    )
    assert (
        api.get(URL, params={"team_id": 9999}, headers=auth_headers(org.director)).status_code
        == 404
    )
    assert api.get(URL, headers=auth_headers(org.a1)).status_code == 403
    assert api.get(URL).status_code == 401
    only = api.get(URL, params={"subject_type": "user"}, headers=auth_headers(org.director)).json()
    assert [e["outcome"] for e in only] == ["refused"]
    paged = api.get(
        URL, params={"limit": 1, "offset": 1}, headers=auth_headers(org.director)
    ).json()
    assert len(paged) == 1
    assert api.get(URL, params={"limit": 0}, headers=auth_headers(org.director)).status_code == 422


def test_service_filters(session: Session, org: Org) -> None:
    for actor, team in [(org.sup1, org.team1.id), (org.sup2, org.team2.id), (org.director, None)]:
        record_decision(
            session,
            actor_id=actor.id or 0,
            action="x",
            subject_type="t",
            subject_id=1,
            policy=P,
            team_id=team,
        )
    session.commit()
    assert len(list_decisions(session)) == 3
    assert [e.actor_id for e in list_decisions(session, team_ids=[org.team1.id or 0])] == [
        org.sup1.id
    ]
    either = list_decisions(session, team_ids=[org.team2.id or 0], actor_ids=[org.director.id or 0])
    assert {e.actor_id for e in either} == {org.sup2.id, org.director.id}
