"""Leave requests through the API: every rule refuses with a 409 naming it, its value and link."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from exam_api.policy import get_policy
from tests.roster.support import Headers, Org, day

P = get_policy()
URL = "/api/v1/leave/requests"
FORM = {name: "已填写" for name in P.document.leave.long.form_fields}
PERSONAL = P.document.leave.personal.notice_days
LONG = P.document.leave.long.notice_days
LONG_MIN = P.document.leave.long.min_days
SICK = P.document.leave.emergency.kinds[0]


def leave(kind: str, start: int, length: int = 1, **extra: Any) -> dict[str, Any]:
    body = {"kind": kind, "start": str(day(start)), "end": str(day(start + length - 1))}
    return {**body, "reason": "家里有事", **extra}


@pytest.mark.parametrize(
    ("body", "rule", "quoted"),
    [
        (leave("personal", PERSONAL), None, None),
        (leave("personal", PERSONAL - 1), "leave-personal", f"至少提前 {PERSONAL} 个日历日"),
        (leave("personal", PERSONAL, LONG_MIN), "leave-long", f"至少提前 {LONG} 个日历日"),
        (
            leave("personal", LONG, LONG_MIN, form=FORM, cover_plan="刘洋代班"),
            None,
            None,
        ),
        (leave("long", LONG, LONG_MIN), "leave-long", "缺少"),
        (leave("long", LONG - 1, LONG_MIN, form=FORM, cover_plan="x"), "leave-long", str(LONG)),
        (leave("personal", 5, -1), "leave-dates", "结束日期早于开始日期"),
        (leave("emergency", 0, emergency_kind=SICK), "leave-emergency", "致电主管"),
        (leave("emergency", -1, 2, emergency_kind=SICK, phoned_supervisor=True), None, None),
        (leave("emergency", 1, emergency_kind=SICK, phoned_supervisor=True), "leave-emergency", ""),
        (
            leave("emergency", 0, emergency_kind="逛街", phoned_supervisor=True),
            "leave-emergency",
            SICK,
        ),
    ],
)
def test_request_rules(
    api: TestClient,
    org: Org,
    auth_headers: Headers,
    body: dict[str, Any],
    rule: str | None,
    quoted: str | None,
) -> None:
    response = api.post(URL, json=body, headers=auth_headers(org.a1))
    if rule is None:
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "pending"
        return
    assert response.status_code == 409, response.text
    error = response.json()
    assert error["rule"] == rule
    assert quoted in error["detail"]
    assert P.rule_url(rule) in error["detail"]
    assert P.rule_title(rule) in error["detail"]


def test_personal_leave_of_long_length_follows_the_long_rules(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    body = leave("personal", LONG, LONG_MIN, form=FORM, cover_plan="刘洋代班")
    created = api.post(URL, json=body, headers=auth_headers(org.a1)).json()
    assert (created["kind"], created["effective_kind"]) == ("personal", "long")
    assert created["route"] == ["supervisor", "director"]
    assert created["waiting_for"] == "supervisor"
    assert created["days"] == LONG_MIN and created["form"] == FORM


def test_overlap_and_cancel(api: TestClient, org: Org, auth_headers: Headers) -> None:
    first = api.post(URL, json=leave("personal", 2, 2), headers=auth_headers(org.a1)).json()
    overlapping = api.post(URL, json=leave("personal", 3), headers=auth_headers(org.a1))
    assert overlapping.status_code == 409 and overlapping.json()["rule"] == "leave-overlap"
    other_person = api.post(URL, json=leave("personal", 3), headers=auth_headers(org.a2))
    assert other_person.status_code == 201
    cancel = f"{URL}/{first['id']}/cancel"
    assert api.post(cancel, headers=auth_headers(org.a2)).status_code == 403
    assert api.post(cancel, headers=auth_headers(org.a1)).json()["status"] == "cancelled"
    again = api.post(cancel, headers=auth_headers(org.a1))
    assert again.status_code == 409 and again.json()["rule"] == "leave-cancel"
    assert api.post(URL, json=leave("personal", 3), headers=auth_headers(org.a1)).status_code == 201


def test_cancel_approved_only_before_it_starts(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    future = api.post(URL, json=leave("personal", 2), headers=auth_headers(org.a1)).json()
    api.post(f"{URL}/{future['id']}/approve", json={}, headers=auth_headers(org.sup1))
    cancelled = api.post(f"{URL}/{future['id']}/cancel", headers=auth_headers(org.a1))
    assert cancelled.json()["status"] == "cancelled"
    body = leave("emergency", -1, 2, emergency_kind=SICK, phoned_supervisor=True)
    started = api.post(URL, json=body, headers=auth_headers(org.a1)).json()
    api.post(f"{URL}/{started['id']}/approve", json={}, headers=auth_headers(org.sup1))
    refused = api.post(f"{URL}/{started['id']}/cancel", headers=auth_headers(org.a1))
    assert refused.status_code == 409 and refused.json()["rule"] == "leave-cancel"


def test_reading_requests(api: TestClient, org: Org, auth_headers: Headers) -> None:
    created = api.post(URL, json=leave("personal", 2), headers=auth_headers(org.a1)).json()
    one = f"{URL}/{created['id']}"
    assert api.get(one, headers=auth_headers(org.a1)).status_code == 200
    assert api.get(one, headers=auth_headers(org.sup1)).status_code == 200
    assert api.get(one, headers=auth_headers(org.director)).status_code == 200
    assert api.get(one, headers=auth_headers(org.a2)).status_code == 403
    assert api.get(one, headers=auth_headers(org.sup2)).status_code == 403
    assert api.get(f"{URL}/424242", headers=auth_headers(org.a1)).status_code == 404
    mine = api.get(f"{URL}/me", headers=auth_headers(org.a1)).json()
    assert [row["id"] for row in mine] == [created["id"]]
    window = {"start": str(day(0)), "end": str(day(10))}
    team = api.get(URL, params=window, headers=auth_headers(org.sup1)).json()
    assert [row["id"] for row in team] == [created["id"]]
    assert api.get(URL, params=window, headers=auth_headers(org.sup2)).json() == []
    foreign = api.get(
        URL, params={**window, "team_id": org.team1.id}, headers=auth_headers(org.sup2)
    )
    assert foreign.status_code == 403
    assert api.get(URL, params=window, headers=auth_headers(org.a1)).status_code == 403


def test_bad_input_is_422_never_500(api: TestClient, org: Org, auth_headers: Headers) -> None:
    for body in [
        {**leave("personal", 2), "reason": "坏\x00"},
        {**leave("personal", 2), "kind": "holiday"},
        {**leave("personal", 2), "form": {"x\x00": "y"}},
        {**leave("personal", 2), "start": "2026-02-30"},
        {"kind": "personal"},
    ]:
        response = api.post(URL, json=body, headers=auth_headers(org.a1))
        assert response.status_code == 422, body
        assert set(response.json()) == {"error", "detail", "rule"}
    assert api.post(URL, json=leave("personal", 2)).status_code == 401
