"""Swap pages: the verdict before filing, a quota refusal naming the rule, accepting,
approving and the quota dashboard."""

from __future__ import annotations

from datetime import date, time, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.policy import get_policy
from exam_api.roster.models import AssignmentSet, ShiftTypeCreate
from exam_api.roster.service import create_shift_type, set_assignment
from exam_api.swaps.models import SwapRequest
from exam_api.users.models import User
from tests.web.conftest import Cast, csrf_of, login


def day(n: int) -> date:
    return department_today() + timedelta(days=n)


def roster(session: Session, cast: Cast, plan: dict[str, list[int]]) -> dict[tuple[str, int], int]:
    decider = Decider(session, cast.supervisor, get_policy(), department_today())
    shift = create_shift_type(decider, ShiftTypeCreate(name="早班", start=time(8), end=time(16)))
    people = {"agent": cast.agent, "agent2": cast.agent2}
    ids = {}
    for who, days in plan.items():
        for n in days:
            data = AssignmentSet(
                user_id=people[who].id or 0, day=day(n), shift_type_id=shift.id or 0
            )
            ids[(who, n)] = set_assignment(decider, data).id
    return ids


def file(client: TestClient, token: str, mine: int, theirs: int) -> str:
    response = client.post(
        "/portal/swaps",
        data={
            "csrf_token": token,
            "requester_assignment_id": str(mine),
            "counterpart_assignment_id": str(theirs),
            "reason": "家里有事",
            "handover_notes": "工单已交接",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.text


def test_swap_flow_from_request_to_the_quota_dashboard(
    client: TestClient, cast: Cast, session: Session
) -> None:
    ids = roster(session, cast, {"agent": [5], "agent2": [6]})
    login(client, cast.agent.username)
    page = client.get("/portal/swaps").text
    token = csrf_of(page)
    verdict = client.post(
        "/portal/api/swaps/check",
        json={
            "requester_assignment_id": ids[("agent", 5)],
            "counterpart_assignment_id": ids[("agent2", 6)],
        },
        headers={"X-CSRF-Token": token},
    ).json()
    assert verdict["allowed"] is True
    assert "换班申请已提交" in file(client, token, ids[("agent", 5)], ids[("agent2", 6)])
    swap = session.exec(select(SwapRequest)).one()

    client.cookies.clear()
    login(client, cast.agent2.username)
    offers = client.get("/portal/swaps").text
    assert f'id="offer-{swap.id}"' in offers
    client.post(
        f"/portal/swaps/{swap.id}/accept",
        data={"csrf_token": csrf_of(offers), "handover_confirmed": "on"},
    )
    session.refresh(swap)
    assert swap.status == "accepted"

    client.cookies.clear()
    login(client, cast.supervisor.username)
    inbox = client.get("/portal/manage/swaps").text
    assert "对方已确认交接" in inbox
    client.post(f"/portal/manage/swaps/{swap.id}/approve", data={"csrf_token": csrf_of(inbox)})
    session.refresh(swap)
    assert swap.status == "approved"
    month = f"{day(5):%Y-%m}"
    dashboard = client.get(f"/portal/manage/quota?month={month}")
    assert dashboard.status_code == 200 and "陈晓" in dashboard.text
    assert 'data-user="chenxiao"' in dashboard.text


def test_a_third_swap_is_refused_with_the_quota_rule(
    client: TestClient, cast: Cast, session: Session
) -> None:
    base = 40 - department_today().day  # all in one month, well ahead
    ids = roster(session, cast, {"agent": [base, base + 1, base + 2], "agent2": [base + 5]})
    extra = roster_more(session, cast, [base + 6, base + 7])
    login(client, cast.agent.username)
    token = csrf_of(client.get("/portal/swaps").text)
    file(client, token, ids[("agent", base)], ids[("agent2", base + 5)])
    file(client, token, ids[("agent", base + 1)], extra[0])
    refused = file(client, token, ids[("agent", base + 2)], extra[1])
    assert "不符合规定" in refused and "每人每月换班不得超过 2 次" in refused
    assert 'href="/handbook/leave/#swap-quota"' in refused
    assert len(session.exec(select(SwapRequest)).all()) == 2


def roster_more(session: Session, cast: Cast, days: list[int]) -> list[int]:
    decider = Decider(session, cast.supervisor, get_policy(), department_today())
    from exam_api.roster.service import list_shift_types

    shift = list_shift_types(session)[0]
    person: User = cast.agent2
    return [
        set_assignment(
            decider, AssignmentSet(user_id=person.id or 0, day=day(n), shift_type_id=shift.id or 0)
        ).id
        for n in days
    ]


def test_the_dashboard_refuses_another_supervisors_team(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.other_supervisor.username)
    response = client.get(f"/portal/manage/quota?team_id={cast.team.id}")
    assert response.status_code == 403
    assert client.get("/portal/manage/quota?month=2026-13").status_code == 422
