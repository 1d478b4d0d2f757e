"""A missed swapped shift (误班、空班) counts as absence for both parties, with the shares of
responsibility the supervisor sets (they total 100 %)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import User
from tests.roster.support import Headers, Org, day

P = get_policy()
KIND = P.document.swap.handover.missed_shift_counts_as
Assign = Callable[[User, date, ShiftType], ShiftAssignment]


def approved_swap(org: Org, assign: Assign, make_swap: Callable[..., Any], offset: int) -> Any:
    mine = assign(org.a1, day(offset), org.early)
    theirs = assign(org.a2, day(offset + 1), org.late)
    return make_swap(mine, theirs, "approved")


def test_missed_shift_records_absence_for_both(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, make_swap: Callable[..., Any]
) -> None:
    swap = approved_swap(org, assign, make_swap, -3)
    url = f"/api/v1/swaps/{swap.id}/missed"
    body = {
        "day": str(day(-3)),
        "requester_share": 70,
        "counterpart_share": 30,
        "note": "日期没核对",
    }
    response = api.post(url, json=body, headers=auth_headers(org.sup1))
    assert response.status_code == 201, response.text
    rows = {row["user_id"]: row for row in response.json()}
    assert set(rows) == {org.a1.id, org.a2.id}
    assert {row["kind"] for row in rows.values()} == {KIND}
    assert (rows[org.a1.id]["share_percent"], rows[org.a2.id]["share_percent"]) == (70, 30)
    assert rows[org.a1.id]["label"] == P.document.attendance.labels[KIND]
    again = api.post(url, json=body, headers=auth_headers(org.sup1))
    assert again.status_code == 409
    events = api.get(
        "/api/v1/attendance/events",
        params={"start": str(day(-7)), "end": str(day(0))},
        headers=auth_headers(org.a2),
    ).json()
    assert [(e["kind"], e["swap_id"]) for e in events] == [(KIND, swap.id)]


def test_missed_shift_checks(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, make_swap: Callable[..., Any]
) -> None:
    swap = approved_swap(org, assign, make_swap, -3)
    url = f"/api/v1/swaps/{swap.id}/missed"
    good = {"day": str(day(-3)), "requester_share": 50, "counterpart_share": 50}
    shares = api.post(url, json={**good, "counterpart_share": 40}, headers=auth_headers(org.sup1))
    assert shares.status_code == 409 and shares.json()["rule"] == "swap-handover"
    assert (
        "100%" in shares.json()["detail"] and P.rule_url("swap-handover") in shares.json()["detail"]
    )
    other_day = api.post(url, json={**good, "day": str(day(-5))}, headers=auth_headers(org.sup1))
    assert other_day.status_code == 422
    assert api.post(url, json=good, headers=auth_headers(org.sup2)).status_code == 403
    assert api.post(url, json=good, headers=auth_headers(org.a3)).status_code == 403
    assert (
        api.post(
            url, json={**good, "requester_share": 101}, headers=auth_headers(org.sup1)
        ).status_code
        == 422
    )
    pending = make_swap(assign(org.a1, day(2), org.early), assign(org.a3, day(2), org.late))
    not_done = api.post(
        f"/api/v1/swaps/{pending.id}/missed",
        json={**good, "day": str(day(2))},
        headers=auth_headers(org.sup1),
    )
    assert not_done.status_code == 409
    assert (
        api.post(
            "/api/v1/swaps/999999/missed", json=good, headers=auth_headers(org.sup1)
        ).status_code
        == 404
    )
