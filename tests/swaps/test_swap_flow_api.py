"""The swap flow: request → the counterpart accepts (handover) → the supervisor approves →
the roster changes; withdraw and reject; who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from exam_api.audit.models import DecisionLog
from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import User
from tests.roster.support import Headers, Org, day

P = get_policy()
URL = "/api/v1/swaps"
Assign = Callable[[User, date, ShiftType], ShiftAssignment]


def request_body(mine: ShiftAssignment, theirs: ShiftAssignment) -> dict[str, Any]:
    return {
        "requester_assignment_id": mine.id,
        "counterpart_assignment_id": theirs.id,
        "reason": "家中有事",
        "handover_notes": "两位客户约好下午回电，记录在交接班表",
    }


def roster(session: Session) -> set[tuple[int, date, int]]:
    session.expire_all()
    rows = session.exec(select(ShiftAssignment)).all()
    return {(row.user_id, row.day, row.shift_type_id) for row in rows}


def test_request_accept_approve_changes_the_roster(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, session: Session
) -> None:
    mine = assign(org.a1, day(2), org.early)
    theirs = assign(org.a2, day(2), org.late)
    created = api.post(URL, json=request_body(mine, theirs), headers=auth_headers(org.a1))
    assert created.status_code == 201, created.text
    swap = created.json()
    assert (swap["status"], swap["team_id"]) == ("pending", org.team1.id)
    one = f"{URL}/{swap['id']}"
    inbox = api.get(f"{URL}/inbox", headers=auth_headers(org.a2)).json()
    assert [row["id"] for row in inbox] == [swap["id"]]
    early = api.post(f"{one}/approve", json={}, headers=auth_headers(org.sup1))
    assert early.status_code == 409 and early.json()["rule"] == "swap-request"
    unconfirmed = api.post(
        f"{one}/accept", json={"handover_confirmed": False}, headers=auth_headers(org.a2)
    )
    assert unconfirmed.status_code == 409 and unconfirmed.json()["rule"] == "swap-handover"
    third = api.post(
        f"{one}/accept", json={"handover_confirmed": True}, headers=auth_headers(org.a3)
    )
    assert third.status_code == 403
    accepted = api.post(
        f"{one}/accept",
        json={"handover_confirmed": True, "note": "已核对"},
        headers=auth_headers(org.a2),
    ).json()
    assert accepted["status"] == "accepted" and accepted["handover_confirmed_at"]
    assert [
        row["id"] for row in api.get(f"{URL}/inbox", headers=auth_headers(org.sup1)).json()
    ] == [swap["id"]]
    assert api.get(f"{URL}/inbox", headers=auth_headers(org.sup2)).json() == []
    assert (
        api.post(f"{one}/approve", json={}, headers=auth_headers(org.a3)).status_code == 403
    )  # agent
    assert (
        api.post(f"{one}/approve", json={}, headers=auth_headers(org.sup2)).status_code == 403
    )  # other team
    before = roster(session)
    approved = api.post(
        f"{one}/approve", json={"comment": "同意"}, headers=auth_headers(org.sup1)
    ).json()
    assert approved["status"] == "approved" and approved["decided_by_id"] == org.sup1.id
    assert roster(session) == (
        before - {(org.a1.id, day(2), org.early.id), (org.a2.id, day(2), org.late.id)}
    ) | {
        (org.a1.id, day(2), org.late.id),
        (org.a2.id, day(2), org.early.id),
    }
    log = session.exec(
        select(DecisionLog)
        .where(DecisionLog.subject_type == "swap_request", DecisionLog.subject_id == swap["id"])
        .order_by(col(DecisionLog.id))
    ).all()
    assert [(e.action, e.outcome) for e in log] == [
        ("swap_request", "done"),
        ("swap_approve", "refused"),
        ("swap_accept", "refused"),
        ("swap_accept", "done"),
        ("swap_approve", "done"),
    ]
    assert {e.policy_version for e in log} == {P.policy_version}
    assert api.post(f"{one}/withdraw", headers=auth_headers(org.a1)).status_code == 409


def test_swap_across_days_moves_both_shifts(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, session: Session
) -> None:
    mine = assign(org.a1, day(2), org.early)
    theirs = assign(org.a2, day(5), org.late)
    swap = api.post(URL, json=request_body(mine, theirs), headers=auth_headers(org.a1)).json()
    api.post(
        f"{URL}/{swap['id']}/accept",
        json={"handover_confirmed": True},
        headers=auth_headers(org.a2),
    )
    api.post(f"{URL}/{swap['id']}/approve", json={}, headers=auth_headers(org.sup1))
    assert roster(session) == {(org.a1.id, day(5), org.late.id), (org.a2.id, day(2), org.early.id)}
    quota = api.get(
        f"{URL}/quota/me", params={"month": "2026-11"}, headers=auth_headers(org.a1)
    ).json()
    assert quota["swaps"][0]["requester_day"] == str(day(2))  # what was given away is kept


def test_refused_requests(api: TestClient, org: Org, auth_headers: Headers, assign: Assign) -> None:
    mine = assign(org.a1, day(2), org.early)
    a1_later = assign(org.a1, day(4), org.early)
    a2_same = assign(org.a2, day(4), org.late)
    b1_shift = assign(org.b1, day(2), org.late)
    past = assign(org.a1, day(-1), org.early)
    a2_past = assign(org.a2, day(-1), org.late)
    headers = auth_headers(org.a1)
    cases = [
        (request_body(mine, b1_shift), 409, "swap-request", "本班组"),
        (request_body(mine, a1_later), 409, "swap-request", "另一位"),
        (request_body(past, a2_past), 409, "swap-request", "已经过去"),
        (request_body(mine, a2_same), 409, "swap-request", "两个班次"),  # a1 already works day(4)
    ]
    for body, status, rule, words in cases:
        response = api.post(URL, json=body, headers=headers)
        assert response.status_code == status, (body, response.text)
        assert response.json()["rule"] == rule and words in response.json()["detail"]
        assert P.rule_url(rule) in response.json()["detail"]
    not_mine = api.post(URL, json=request_body(a2_same, mine), headers=headers)
    assert not_mine.status_code == 403
    missing = api.post(
        URL,
        json={**request_body(mine, a2_same), "counterpart_assignment_id": 999999},
        headers=headers,
    )
    assert missing.status_code == 404
    blank = api.post(
        URL, json={**request_body(mine, a2_same), "handover_notes": ""}, headers=headers
    )
    assert blank.status_code == 422


def test_a_shift_sits_in_one_open_swap_and_is_frozen_meanwhile(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign
) -> None:
    mine = assign(org.a1, day(2), org.early)
    theirs = assign(org.a2, day(2), org.late)
    other = assign(org.a3, day(2), org.late)
    assert (
        api.post(URL, json=request_body(mine, theirs), headers=auth_headers(org.a1)).status_code
        == 201
    )
    busy = api.post(URL, json=request_body(mine, other), headers=auth_headers(org.a1))
    assert busy.status_code == 409 and "另一份" in busy.json()["detail"]
    put = {"user_id": org.a1.id, "day": str(day(2)), "shift_type_id": org.late.id}
    frozen = api.put("/api/v1/roster/assignments", json=put, headers=auth_headers(org.sup1))
    assert frozen.status_code == 409 and frozen.json()["error"] == "assignment_in_swap"
    gone = api.delete(f"/api/v1/roster/assignments/{mine.id}", headers=auth_headers(org.sup1))
    assert gone.status_code == 409


def test_roster_changed_under_a_request_blocks_approval(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, session: Session
) -> None:
    mine = assign(org.a1, day(2), org.early)
    theirs = assign(org.a2, day(3), org.late)
    swap = api.post(URL, json=request_body(mine, theirs), headers=auth_headers(org.a1)).json()
    api.post(
        f"{URL}/{swap['id']}/accept",
        json={"handover_confirmed": True},
        headers=auth_headers(org.a2),
    )
    assign(org.a1, day(3), org.early)  # a1 now also works day(3): the exchange would double it
    refused = api.post(f"{URL}/{swap['id']}/approve", json={}, headers=auth_headers(org.sup1))
    assert refused.status_code == 409 and refused.json()["error"] == "swap_double_shift"
    assert (
        api.get(f"{URL}/{swap['id']}", headers=auth_headers(org.a1)).json()["status"] == "accepted"
    )


def test_withdraw_and_reject(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign
) -> None:
    first = api.post(
        URL,
        json=request_body(assign(org.a1, day(2), org.early), assign(org.a2, day(2), org.late)),
        headers=auth_headers(org.a1),
    ).json()
    assert (
        api.post(f"{URL}/{first['id']}/withdraw", headers=auth_headers(org.a3)).status_code == 403
    )
    withdrawn = api.post(f"{URL}/{first['id']}/withdraw", headers=auth_headers(org.a2)).json()
    assert (withdrawn["status"], withdrawn["withdrawn_by_id"]) == ("withdrawn", org.a2.id)
    second = api.post(
        URL,
        json=request_body(assign(org.a1, day(3), org.early), assign(org.a2, day(3), org.late)),
        headers=auth_headers(org.a1),
    ).json()
    reject = f"{URL}/{second['id']}/reject"
    assert api.post(reject, json={}, headers=auth_headers(org.a2)).status_code == 403
    assert api.post(reject, json={}, headers=auth_headers(org.sup2)).status_code == 403
    rejected = api.post(
        reject, json={"comment": "当天人手紧"}, headers=auth_headers(org.sup1)
    ).json()
    assert rejected["status"] == "rejected"
    again = api.post(f"{URL}/{second['id']}/withdraw", headers=auth_headers(org.a1))
    assert again.status_code == 409 and again.json()["rule"] == "swap-request"


def test_a_supervisors_own_swap_goes_to_the_director(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign
) -> None:
    mine = assign(org.sup1, day(2), org.early)
    theirs = assign(org.a1, day(2), org.late)
    swap = api.post(URL, json=request_body(mine, theirs), headers=auth_headers(org.sup1)).json()
    api.post(
        f"{URL}/{swap['id']}/accept",
        json={"handover_confirmed": True},
        headers=auth_headers(org.a1),
    )
    own = api.post(f"{URL}/{swap['id']}/approve", json={}, headers=auth_headers(org.sup1))
    assert own.status_code == 409 and own.json()["rule"] == "leave-no-self-approval"
    assert api.get(f"{URL}/inbox", headers=auth_headers(org.sup1)).json() == []
    assert [
        r["id"] for r in api.get(f"{URL}/inbox", headers=auth_headers(org.director)).json()
    ] == [swap["id"]]
    done = api.post(f"{URL}/{swap['id']}/approve", json={}, headers=auth_headers(org.director))
    assert done.json()["status"] == "approved"


def test_reading_swaps(api: TestClient, org: Org, auth_headers: Headers, assign: Assign) -> None:
    swap = api.post(
        URL,
        json=request_body(assign(org.a1, day(2), org.early), assign(org.a2, day(2), org.late)),
        headers=auth_headers(org.a1),
    ).json()
    one = f"{URL}/{swap['id']}"
    for user, status in [
        (org.a1, 200),
        (org.a2, 200),
        (org.sup1, 200),
        (org.director, 200),
        (org.a3, 403),
        (org.sup2, 403),
    ]:
        assert api.get(one, headers=auth_headers(user)).status_code == status, user.username
    assert api.get(f"{URL}/424242", headers=auth_headers(org.a1)).status_code == 404
    assert [r["id"] for r in api.get(f"{URL}/me", headers=auth_headers(org.a2)).json()] == [
        swap["id"]
    ]
    assert (
        api.get(f"{URL}/me", params={"status": "approved"}, headers=auth_headers(org.a2)).json()
        == []
    )
    month = {"month": "2026-11", "team_id": org.team1.id}
    assert [r["id"] for r in api.get(URL, params=month, headers=auth_headers(org.sup1)).json()] == [
        swap["id"]
    ]
    assert api.get(URL, params=month, headers=auth_headers(org.sup2)).status_code == 403
    assert api.get(URL, params=month, headers=auth_headers(org.a1)).status_code == 403
    assert (
        api.get(
            URL, params={**month, "month": "2026-13"}, headers=auth_headers(org.sup1)
        ).status_code
        == 422
    )
