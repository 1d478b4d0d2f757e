"""The monthly quota per DECISIONS.md: both parties, the month of the shift each gives away,
pending/accepted/approved count; the quota tables for a supervisor and for oneself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import User
from tests.roster.support import Headers, Org, day

P = get_policy()
LIMIT = P.document.swap.quota.max_per_month
URL = "/api/v1/swaps"
Assign = Callable[[User, date, ShiftType], ShiftAssignment]
MakeSwap = Callable[..., Any]


def body(mine: ShiftAssignment, theirs: ShiftAssignment) -> dict[str, Any]:
    return {
        "requester_assignment_id": mine.id,
        "counterpart_assignment_id": theirs.id,
        "reason": "有事",
        "handover_notes": "已写交接班表",
    }


def fill(
    person: User, other: User, statuses: list[str], assign: Assign, make_swap: MakeSwap, org: Org
) -> None:
    """``person`` gives away one shift per status (days 1, 2, …) to ``other``."""
    for offset, status in enumerate(statuses, start=1):
        make_swap(
            assign(person, day(offset), org.early), assign(other, day(offset), org.late), status
        )


@pytest.mark.parametrize(
    ("statuses", "allowed"),
    [
        ([], True),
        (["approved"] * (LIMIT - 1), True),
        (["approved"] * LIMIT, False),
        (["pending"] * LIMIT, False),  # pending requests reserve the quota
        (["accepted", *["approved"] * (LIMIT - 1)], False),
        (["rejected", "withdrawn", "cancelled", *["approved"] * (LIMIT - 1)], True),
    ],
)
def test_requester_quota(
    api: TestClient,
    org: Org,
    auth_headers: Headers,
    assign: Assign,
    make_swap: MakeSwap,
    statuses: list[str],
    allowed: bool,
) -> None:
    fill(org.a1, org.a3, statuses, assign, make_swap, org)
    response = api.post(
        URL,
        json=body(assign(org.a1, day(10), org.early), assign(org.a2, day(10), org.late)),
        headers=auth_headers(org.a1),
    )
    assert response.status_code == (201 if allowed else 409), response.text
    if not allowed:
        error = response.json()
        assert error["rule"] == "swap-quota" and error["error"] == "swap_quota_exceeded"
        assert f"不得超过 {LIMIT} 次" in error["detail"]
        assert "陈晓" in error["detail"]  # the person who is over
        assert P.rule_url("swap-quota") in error["detail"]


def test_the_counterparts_quota_counts_too(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, make_swap: MakeSwap
) -> None:
    fill(org.a2, org.a3, ["approved"] * LIMIT, assign, make_swap, org)
    response = api.post(
        URL,
        json=body(assign(org.a1, day(10), org.early), assign(org.a2, day(10), org.late)),
        headers=auth_headers(org.a1),
    )
    assert response.status_code == 409 and "刘洋" in response.json()["detail"]


def test_each_party_is_charged_in_the_month_of_the_shift_they_give(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign
) -> None:
    nov = assign(org.a1, date(2026, 11, 30), org.late)
    dec = assign(org.a2, date(2026, 12, 1), org.early)
    assert api.post(URL, json=body(nov, dec), headers=auth_headers(org.a1)).status_code == 201

    def pending(user: User, month: str) -> int:
        quota = api.get(
            f"{URL}/quota/me", params={"month": month}, headers=auth_headers(user)
        ).json()
        return int(quota["pending"])

    assert (pending(org.a1, "2026-11"), pending(org.a1, "2026-12")) == (1, 0)
    assert (pending(org.a2, "2026-11"), pending(org.a2, "2026-12")) == (0, 1)


def test_withdrawing_releases_the_slot(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, make_swap: MakeSwap
) -> None:
    fill(org.a1, org.a3, ["approved"] * (LIMIT - 1), assign, make_swap, org)
    first = api.post(
        URL,
        json=body(assign(org.a1, day(10), org.early), assign(org.a2, day(10), org.late)),
        headers=auth_headers(org.a1),
    ).json()
    second = body(assign(org.a1, day(11), org.early), assign(org.a2, day(11), org.late))
    assert api.post(URL, json=second, headers=auth_headers(org.a1)).status_code == 409
    api.post(f"{URL}/{first['id']}/withdraw", headers=auth_headers(org.a1))
    assert api.post(URL, json=second, headers=auth_headers(org.a1)).status_code == 201


def test_team_quota_table_and_my_quota(
    api: TestClient, org: Org, auth_headers: Headers, assign: Assign, make_swap: MakeSwap
) -> None:
    fill(org.a1, org.a2, ["approved", "pending"], assign, make_swap, org)
    make_swap(assign(org.a3, day(5), org.early), assign(org.a1, day(6), org.late), "rejected")
    params = {"month": "2026-11", "team_id": org.team1.id}
    table = api.get(f"{URL}/quota", params=params, headers=auth_headers(org.sup1))
    assert table.status_code == 200, table.text
    data = table.json()
    assert (data["limit"], data["policy_version"], data["month"]) == (
        LIMIT,
        P.policy_version,
        "2026-11",
    )
    rows = {row["username"]: row for row in data["members"]}
    assert set(rows) == {"sup1", "a1", "a2", "a3"}
    figures = {
        name: (r["used"], r["pending"], r["remaining"], len(r["swaps"])) for name, r in rows.items()
    }
    assert figures["a1"] == (1, 1, max(LIMIT - 2, 0), 3)  # incl. the rejected one they were in
    assert figures["a2"] == (1, 1, max(LIMIT - 2, 0), 2)  # both parties are charged
    assert figures["a3"] == (0, 0, LIMIT, 1)  # a rejected swap is listed but does not count
    assert figures["sup1"] == (0, 0, LIMIT, 0)
    assert api.get(f"{URL}/quota", params=params, headers=auth_headers(org.sup2)).status_code == 403
    assert api.get(f"{URL}/quota", params=params, headers=auth_headers(org.a1)).status_code == 403
    assert (
        api.get(
            f"{URL}/quota", params={**params, "team_id": 99999}, headers=auth_headers(org.director)
        ).status_code
        == 404
    )
    mine = api.get(
        f"{URL}/quota/me", params={"month": "2026-11"}, headers=auth_headers(org.a1)
    ).json()
    assert (mine["used"], mine["pending"], mine["remaining"]) == figures["a1"][:3]
    for bad in ["2026-1", "2026-00", "26-11", "0000-01", "2026-11\x00"]:
        response = api.get(f"{URL}/quota/me", params={"month": bad}, headers=auth_headers(org.a1))
        assert response.status_code == 422, bad
