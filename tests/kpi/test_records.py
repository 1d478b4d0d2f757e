"""The read interface to the leave, attendance and roster records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from exam_api.kpi.records import count_worked, days_in, month_range
from exam_api.kpi.scoring import AttendanceRecord
from exam_api.kpi.service import month_attendance, month_records, worked_days
from tests.kpi.conftest import PER_DAY, Org, P, Records


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2026, 1, date(2026, 1, 1), date(2026, 1, 31)),
        (2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
        (2028, 2, date(2028, 2, 1), date(2028, 2, 29)),
        (2026, 12, date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_month_range(year: int, month: int, first: date, last: date) -> None:
    assert month_range(year, month) == (first, last)


@pytest.mark.parametrize(
    ("spans", "count"),
    [
        ([], 0),
        ([(date(2026, 9, 3), date(2026, 9, 3))], 1),
        ([(date(2026, 8, 30), date(2026, 9, 2))], 2),  # starts last month
        ([(date(2026, 9, 29), date(2026, 10, 3))], 2),  # runs into next month
        ([(date(2026, 8, 1), date(2026, 10, 31))], 30),  # covers the whole month
        ([(date(2026, 9, 1), date(2026, 9, 5)), (date(2026, 9, 4), date(2026, 9, 6))], 6),
        ([(date(2026, 10, 1), date(2026, 10, 2))], 0),
    ],
)
def test_leave_days_inside_the_month(spans: list[tuple[date, date]], count: int) -> None:
    assert len(days_in(spans, 2026, 9)) == count


@given(
    rostered=st.sets(st.integers(0, 29)),
    leave=st.sets(st.integers(0, 29)),
)
def test_worked_days_are_rostered_days_not_on_leave(rostered: set[int], leave: set[int]) -> None:
    day = date(2026, 9, 1)
    r = {day + timedelta(days=n) for n in rostered}
    lv = {day + timedelta(days=n) for n in leave}
    worked = count_worked(r, lv)
    assert worked == len(rostered - leave)
    assert max(0, len(r) - len(lv)) <= worked <= len(r)


def test_interface_reads_the_records(session: Session, org: Org, records: Records) -> None:
    records.roster(org.agent1, date(2026, 9, 1), 25)  # 1st–25th
    records.roster(org.agent2, date(2026, 9, 1), 30)  # someone else's roster
    records.leave(org.agent1, date(2026, 9, 24), date(2026, 9, 28))  # 2 rostered, 5 calendar
    records.leave(org.agent1, date(2026, 9, 2), date(2026, 9, 2), status="pending")
    records.leave(org.agent1, date(2026, 9, 3), date(2026, 9, 3), status="cancelled")
    records.event(org.agent1, date(2026, 9, 4), "late", times=2)
    records.event(org.agent1, date(2026, 9, 5), "early_leave")
    records.event(org.agent1, date(2026, 9, 6), "absence")
    records.event(org.agent1, date(2026, 9, 7), "badge_missing", times=3)
    records.event(org.agent1, date(2026, 8, 31), "late")  # August
    records.event(org.agent2, date(2026, 9, 4), "late")  # someone else
    assert org.agent1.id is not None
    expected = AttendanceRecord(leave_days=5, late=2, early_leave=1, absences=1, badge_missing=3)
    assert month_attendance(session, org.agent1.id, 2026, 9) == expected
    assert worked_days(session, org.agent1.id, 2026, 9) == 23
    whole = month_records(session, org.agent1.id, 2026, 9, P)
    assert (whole.rostered_days, whole.worked_days) == (25, 23)
    assert whole.callback_target == PER_DAY * 23
    assert month_attendance(session, org.agent1.id, 2026, 10) == AttendanceRecord()
