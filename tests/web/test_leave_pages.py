"""Leave pages: the verdict before filing, filing, refusals with the rule, the inboxes."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.audit.deps import department_today
from exam_api.leave.models import LeaveRequest
from tests.web.conftest import Cast, csrf_of, login


def days(n: int) -> str:
    return (department_today() + timedelta(days=n)).isoformat()


def check(client: TestClient, token: str, **draft: object) -> dict[str, object]:
    response = client.post("/portal/api/leave/check", json=draft, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_verdict_is_shown_before_filing(client: TestClient, cast: Cast) -> None:
    login(client, cast.agent.username)
    token = csrf_of(client.get("/portal/leave").text)
    ok = check(client, token, kind="personal", start=days(2), end=days(2))
    assert ok["allowed"] is True and ok["effective_kind"] == "personal"
    late = check(client, token, kind="personal", start=days(0), end=days(0))
    assert late["allowed"] is False and late["rule"] == "leave-personal"
    assert late["url"] == "/handbook/leave/#leave-personal"
    assert "提前 1 个日历日" in str(late["message"])
    long = check(client, token, kind="personal", start=days(10), end=days(13))
    assert long["effective_kind"] == "long" and long["allowed"] is False  # form not filled
    assert check(client, token, kind="personal")["allowed"] is None


def test_the_check_needs_the_csrf_header(client: TestClient, cast: Cast) -> None:
    login(client, cast.agent.username)
    response = client.post("/portal/api/leave/check", json={"kind": "personal"})
    assert response.status_code == 403


def test_filing_and_a_refusal_with_the_rule_link(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.agent.username)
    token = csrf_of(client.get("/portal/leave").text)
    form = {"csrf_token": token, "kind": "personal", "reason": "家中有事"}
    filed = client.post(
        "/portal/leave", data={**form, "start": days(3), "end": days(3)}, follow_redirects=True
    )
    assert filed.status_code == 200 and "请假申请已提交" in filed.text and "待审批" in filed.text
    refused = client.post("/portal/leave", data={**form, "start": days(0), "end": days(0)})
    assert refused.status_code == 200 and "不符合规定" in refused.text
    assert 'href="/handbook/leave/#leave-personal"' in refused.text
    assert len(session.exec(select(LeaveRequest)).all()) == 1


def test_personal_leave_flows_through_the_supervisors_inbox(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.agent.username)
    token = csrf_of(client.get("/portal/leave").text)
    client.post(
        "/portal/leave",
        data={"csrf_token": token, "kind": "personal", "reason": "看病", "start": days(2)}
        | {"end": days(2)},
    )
    leave = session.exec(select(LeaveRequest)).one()
    client.cookies.clear()
    login(client, cast.supervisor.username)
    inbox = client.get("/portal/manage/leave")
    assert "陈晓" in inbox.text and "看病" in inbox.text
    approved = client.post(
        f"/portal/manage/leave/{leave.id}/approve",
        data={"csrf_token": csrf_of(inbox.text), "comment": "同意"},
        follow_redirects=True,
    )
    assert approved.status_code == 200 and "没有等待您审批的请假" in approved.text
    session.refresh(leave)
    assert leave.status == "approved"


def test_long_leave_goes_from_the_supervisor_with_a_cover_to_the_director(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.agent.username)
    token = csrf_of(client.get("/portal/leave").text)
    fields = {
        "form_请假类型": "长假",
        "form_起止日期": f"{days(10)} 至 {days(14)}",
        "form_请假事由": "回老家",
        "form_工作交接与代班安排": "刘洋代班",
        "form_紧急联系电话": "13800000000",
    }
    client.post(
        "/portal/leave",
        data={"csrf_token": token, "kind": "long", "reason": "回老家", "cover_plan": "刘洋代班"}
        | {"start": days(10), "end": days(14)}
        | fields,
    )
    leave = session.exec(select(LeaveRequest)).one()
    assert leave.effective_kind == "long"
    client.cookies.clear()
    login(client, cast.supervisor.username)
    inbox = client.get("/portal/manage/leave").text
    assert "代班人（长假必填）" in inbox
    client.post(
        f"/portal/manage/leave/{leave.id}/approve",
        data={"csrf_token": csrf_of(inbox), "cover_user_id": str(cast.agent2.id)},
    )
    client.cookies.clear()
    login(client, cast.director.username)
    director_inbox = client.get("/portal/director/leave")
    assert "回老家" in director_inbox.text and "刘洋" in director_inbox.text
    client.post(
        f"/portal/manage/leave/{leave.id}/approve",
        data={"csrf_token": csrf_of(director_inbox.text)},
        headers={"referer": "http://testserver/portal/director/leave"},
    )
    session.refresh(leave)
    assert leave.status == "approved"


def test_nobody_approves_their_own_leave(client: TestClient, cast: Cast, session: Session) -> None:
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/leave").text)
    client.post(
        "/portal/leave",
        data={"csrf_token": token, "kind": "personal", "reason": "事", "start": days(2)}
        | {"end": days(2)},
    )
    leave = session.exec(select(LeaveRequest)).one()
    assert f'id="leave-{leave.id}"' not in client.get("/portal/manage/leave").text
    response = client.post(f"/portal/manage/leave/{leave.id}/approve", data={"csrf_token": token})
    assert response.status_code in (403, 409)
    assert 'lang="zh-CN"' in response.text
