"""Approval flows: personal → supervisor; long → supervisor (cover) → director; emergency →
consent, then the slip; nobody approves their own request; each approver's inbox."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from exam_api.policy import get_policy
from tests.roster.support import Headers, Org, day

P = get_policy()
URL = "/api/v1/leave/requests"
FORM = {name: "已填写" for name in P.document.leave.long.form_fields}
LONG = P.document.leave.long.notice_days
LONG_MIN = P.document.leave.long.min_days
SICK = P.document.leave.emergency.kinds[0]
SLIP_DAYS = P.document.leave.emergency.slip_due_days


def file(
    api: TestClient, headers: dict[str, str], kind: str, start: int, length: int = 1, **extra: Any
) -> dict[str, Any]:
    body = {"kind": kind, "start": str(day(start)), "end": str(day(start + length - 1))}
    response = api.post(URL, json={**body, "reason": "事由", **extra}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def inbox_ids(api: TestClient, headers: dict[str, str]) -> list[int]:
    return [row["id"] for row in api.get("/api/v1/leave/inbox", headers=headers).json()]


def test_personal_leave_is_approved_by_the_team_supervisor(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    created = file(api, auth_headers(org.a1), "personal", 2)
    approve = f"{URL}/{created['id']}/approve"
    assert inbox_ids(api, auth_headers(org.sup1)) == [created["id"]]
    assert inbox_ids(api, auth_headers(org.sup2)) == []
    assert inbox_ids(api, auth_headers(org.director)) == []
    assert api.get("/api/v1/leave/inbox", headers=auth_headers(org.a2)).status_code == 403
    assert api.post(approve, json={}, headers=auth_headers(org.a2)).status_code == 403  # an agent
    assert (
        api.post(approve, json={}, headers=auth_headers(org.sup2)).status_code == 403
    )  # other team
    approved = api.post(approve, json={"comment": "同意"}, headers=auth_headers(org.sup1)).json()
    assert approved["status"] == "approved" and approved["decided_by_id"] == org.sup1.id
    assert approved["waiting_for"] is None
    twice = api.post(approve, json={}, headers=auth_headers(org.sup1))
    assert twice.status_code == 409 and twice.json()["rule"] == "leave-personal"
    assert inbox_ids(api, auth_headers(org.sup1)) == []


def test_long_leave_supervisor_records_the_cover_then_director_grants(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    created = file(api, auth_headers(org.a1), "long", LONG, LONG_MIN, form=FORM, cover_plan="刘洋")
    approve = f"{URL}/{created['id']}/approve"
    no_cover = api.post(approve, json={}, headers=auth_headers(org.sup1))
    assert no_cover.status_code == 409 and no_cover.json()["rule"] == "leave-long"
    self_cover = api.post(
        approve, json={"cover_user_id": org.a1.id}, headers=auth_headers(org.sup1)
    )
    assert self_cover.status_code == 422
    reviewed = api.post(
        approve,
        json={"cover_user_id": org.a2.id, "cover_note": "交接回访名单"},
        headers=auth_headers(org.sup1),
    ).json()
    assert reviewed["status"] == "reviewed" and reviewed["waiting_for"] == "director"
    assert reviewed["cover_user_id"] == org.a2.id and reviewed["reviewed_by_id"] == org.sup1.id
    assert api.post(approve, json={}, headers=auth_headers(org.sup1)).status_code == 403
    assert inbox_ids(api, auth_headers(org.sup1)) == []
    assert inbox_ids(api, auth_headers(org.director)) == [created["id"]]
    granted = api.post(approve, json={"comment": "批准"}, headers=auth_headers(org.director)).json()
    assert granted["status"] == "approved" and granted["decided_by_id"] == org.director.id


def test_reject_needs_a_reason_and_ends_the_request(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    created = file(api, auth_headers(org.a1), "long", LONG, LONG_MIN, form=FORM, cover_plan="刘洋")
    reject = f"{URL}/{created['id']}/reject"
    assert api.post(reject, json={}, headers=auth_headers(org.sup1)).status_code == 422
    rejected = api.post(
        reject, json={"comment": "月底人手不足"}, headers=auth_headers(org.sup1)
    ).json()
    assert rejected["status"] == "rejected" and rejected["decision_comment"] == "月底人手不足"
    assert (
        api.post(reject, json={"comment": "再驳"}, headers=auth_headers(org.sup1)).status_code
        == 409
    )


def test_nobody_approves_their_own_request(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    """A supervisor's own leave goes to the director; the supervisor cannot approve it."""
    own = file(api, auth_headers(org.sup1), "personal", 2)
    assert own["route"] == ["director"] and own["waiting_for"] == "director"
    refused = api.post(f"{URL}/{own['id']}/approve", json={}, headers=auth_headers(org.sup1))
    assert refused.status_code == 409
    assert refused.json()["rule"] == "leave-no-self-approval"
    assert P.rule_url("leave-no-self-approval") in refused.json()["detail"]
    assert inbox_ids(api, auth_headers(org.sup1)) == []
    assert inbox_ids(api, auth_headers(org.director)) == [own["id"]]
    other = api.post(f"{URL}/{own['id']}/approve", json={}, headers=auth_headers(org.sup2))
    assert other.status_code == 403
    done = api.post(f"{URL}/{own['id']}/approve", json={}, headers=auth_headers(org.director))
    assert done.json()["status"] == "approved"
    mine = file(api, auth_headers(org.director), "personal", 5)
    by_self = api.post(f"{URL}/{mine['id']}/approve", json={}, headers=auth_headers(org.director))
    assert by_self.status_code == 409 and by_self.json()["rule"] == "leave-no-self-approval"


def test_supervisors_long_leave_is_one_director_step(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    own = file(api, auth_headers(org.sup1), "long", LONG, LONG_MIN, form=FORM, cover_plan="副手")
    assert own["route"] == ["director"]
    approve = f"{URL}/{own['id']}/approve"
    assert api.post(approve, json={}, headers=auth_headers(org.director)).status_code == 409
    done = api.post(approve, json={"cover_user_id": org.a1.id}, headers=auth_headers(org.director))
    assert done.json()["status"] == "approved" and done.json()["cover_user_id"] == org.a1.id


def test_emergency_consent_then_the_slip_with_an_overdue_flag(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    length = 2
    start = -(SLIP_DAYS + length + 1)  # the slip was due yesterday
    created = file(
        api,
        auth_headers(org.a1),
        "emergency",
        start,
        length,
        emergency_kind=SICK,
        phoned_supervisor=True,
    )
    assert created["slip_due"] is None  # tracked once the supervisor consented
    consent = api.post(
        f"{URL}/{created['id']}/approve", json={}, headers=auth_headers(org.sup1)
    ).json()
    assert consent["status"] == "approved"
    assert consent["slip_due"] == str(day(start + length - 1 + SLIP_DAYS))
    assert consent["slip_overdue"] is True
    overdue = api.get(
        "/api/v1/leave/slips", params={"overdue_only": True}, headers=auth_headers(org.sup1)
    )
    assert [row["id"] for row in overdue.json()] == [created["id"]]
    assert api.get("/api/v1/leave/slips", headers=auth_headers(org.sup2)).json() == []
    slip = f"{URL}/{created['id']}/slip"
    assert api.post(slip, headers=auth_headers(org.sup2)).status_code == 403
    received = api.post(slip, headers=auth_headers(org.sup1)).json()
    assert received["slip_received_at"] is not None and received["slip_overdue"] is False
    assert api.post(slip, headers=auth_headers(org.sup1)).status_code == 409
    assert (
        api.get(
            "/api/v1/leave/slips", params={"overdue_only": True}, headers=auth_headers(org.sup1)
        ).json()
        == []
    )


def test_slip_not_overdue_until_the_day_after_it_is_due(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    created = file(
        api,
        auth_headers(org.a1),
        "emergency",
        -SLIP_DAYS,
        1,
        emergency_kind=SICK,
        phoned_supervisor=True,
    )
    consent = api.post(
        f"{URL}/{created['id']}/approve", json={}, headers=auth_headers(org.sup1)
    ).json()
    assert consent["slip_due"] == str(day(0)) and consent["slip_overdue"] is False
    personal = file(api, auth_headers(org.a2), "personal", 2)
    approved = api.post(
        f"{URL}/{personal['id']}/approve", json={}, headers=auth_headers(org.sup1)
    ).json()
    assert approved["slip_due"] is None and approved["slip_overdue"] is False


def test_supervisor_registers_a_phoned_in_emergency(
    api: TestClient, org: Org, auth_headers: Headers
) -> None:
    body = {
        "kind": "emergency",
        "start": str(day(0)),
        "end": str(day(0)),
        "reason": "发烧",
        "emergency_kind": SICK,
        "user_id": org.a2.id,
    }
    url = "/api/v1/leave/emergency"
    registered = api.post(url, json=body, headers=auth_headers(org.sup1))
    assert registered.status_code == 201, registered.text
    row = registered.json()
    assert (row["requester_id"], row["status"], row["phoned_supervisor"]) == (
        org.a2.id,
        "approved",
        True,
    )
    assert row["decided_by_id"] == org.sup1.id
    assert (
        api.post(
            url, json={**body, "user_id": org.b1.id}, headers=auth_headers(org.sup1)
        ).status_code
        == 403
    )
    assert (
        api.post(url, json={**body, "kind": "personal"}, headers=auth_headers(org.sup2)).status_code
        == 422
    )
    assert api.post(url, json=body, headers=auth_headers(org.a1)).status_code == 403
    own = api.post(url, json={**body, "user_id": org.sup1.id}, headers=auth_headers(org.sup1))
    assert own.status_code == 409 and own.json()["rule"] == "leave-no-self-approval"
