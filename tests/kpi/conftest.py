"""KPI API fixtures: an organisation, record writers (roster, leave, attendance), card helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.leave.models import AttendanceEvent, LeaveRequest
from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import User
from tests.conftest import Org

Headers = Callable[[User], dict[str, str]]
P = get_policy()
PER_DAY = next(i for i in P.document.kpi.items.entries if i.id == "callbacks").per_day  # type: ignore[union-attr]

# 90 points: everything at the top except two B grades (5 + 5 lost).
NINETY: dict[str, Any] = {
    "qq_group": 100,
    "callbacks": 0,  # set per test from the target
    "profiles": 75,
    "cooperation": "较好完成",
    "complaints": "较好完成",
    "attitude": "B",
    "learning": "B",
    "teamwork": "A",
}


class Records:
    """Writes the leave, attendance and roster rows the KPI reads."""

    def __init__(self, session: Session, recorder: User) -> None:
        self.session = session
        self.recorder = recorder
        shift = ShiftType(name="白班", start=time(9), end=time(18))
        session.add(shift)
        session.commit()
        session.refresh(shift)
        self.shift_id = shift.id

    def roster(self, user: User, first: date, days: int) -> None:
        for n in range(days):
            self.session.add(
                ShiftAssignment(
                    user_id=user.id, day=first + timedelta(days=n), shift_type_id=self.shift_id
                )
            )
        self.session.commit()

    def leave(self, user: User, start: date, end: date, status: str = "approved") -> None:
        self.session.add(
            LeaveRequest(
                requester_id=user.id,
                team_id=user.team_id,
                kind="personal",
                effective_kind="personal",
                status=status,
                start=start,
                end=end,
                reason="家中有事",
            )
        )
        self.session.commit()

    def event(self, user: User, day: date, kind: str, times: int = 1) -> None:
        for _ in range(times):
            self.session.add(
                AttendanceEvent(
                    user_id=user.id,
                    team_id=user.team_id,
                    day=day,
                    kind=kind,
                    recorded_by_id=self.recorder.id,
                )
            )
        self.session.commit()


@pytest.fixture
def records(session: Session, org: Org) -> Records:
    return Records(session, org.sup1)


class Api:
    """Short calls to the KPI endpoints."""

    def __init__(self, client: TestClient, headers: Headers) -> None:
        self.client = client
        self.headers = headers

    def draft(
        self, actor: User, person: User, year: int, month: int, inputs: dict[str, Any], **extra: Any
    ) -> Any:
        body = {"user_id": person.id, "year": year, "month": month, "inputs": inputs, **extra}
        return self.client.post("/api/v1/kpi/scorecards", json=body, headers=self.headers(actor))

    def edit(self, actor: User, card_id: int, inputs: dict[str, Any], **extra: Any) -> Any:
        body = {"inputs": inputs, **extra}
        url = f"/api/v1/kpi/scorecards/{card_id}"
        return self.client.put(url, json=body, headers=self.headers(actor))

    def confirm(self, actor: User, card_id: int) -> Any:
        url = f"/api/v1/kpi/scorecards/{card_id}/confirm"
        return self.client.post(url, headers=self.headers(actor))

    def get(self, actor: User, url: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1/kpi{url}", params=params, headers=self.headers(actor))

    def confirmed(self, sup: User, director: User, person: User, y: int, m: int, **inp: Any) -> Any:
        """Draft and confirm a card; returns the confirmed card's JSON."""
        created = self.draft(sup, person, y, m, {**NINETY, **inp})
        assert created.status_code == 201, created.json()
        done = self.confirm(director, created.json()["id"])
        assert done.status_code == 200, done.json()
        return done.json()


@pytest.fixture
def api(client: TestClient, auth_headers: Headers) -> Api:
    return Api(client, auth_headers)
