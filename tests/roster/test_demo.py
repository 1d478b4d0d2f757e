"""The demo data carries shift types, a roster around today, a swap and leave to act on."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from exam_api.audit.deps import department_today
from exam_api.demo import load_demo
from exam_api.leave.models import LeaveRequest
from exam_api.roster.demo import roster_span
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.swaps.models import SwapRequest


def test_roster_span_covers_last_this_and_next_month() -> None:
    assert roster_span(date(2026, 1, 15)) == (date(2025, 12, 1), date(2026, 2, 28))
    assert roster_span(date(2026, 12, 31)) == (date(2026, 11, 1), date(2027, 1, 31))


def test_demo_roster_swap_and_leave(session: Session) -> None:
    demo = load_demo(session)
    names = session.exec(select(ShiftType.name).order_by(col(ShiftType.start))).all()
    assert list(names) == ["早班", "中班", "晚班"]
    first, last = roster_span(department_today())
    days = (last - first).days + 1
    for person in [*demo.supervisors, *demo.trainees]:
        query = select(func.count()).where(ShiftAssignment.user_id == person.id)
        worked = session.exec(query).one()
        assert abs(worked - days * 3 / 4) <= 1, person.username  # three shifts, one rest day
    swap = session.exec(select(SwapRequest)).one()
    assert swap.status == "pending" and swap.requester_day > department_today()
    statuses = sorted(leave.status for leave in session.exec(select(LeaveRequest)).all())
    assert statuses == ["approved", "pending"]
