"""The KPI's read interface to the leave, attendance and roster records. No FastAPI here.

- ``month_attendance(session, user_id, year, month) -> AttendanceRecord``: approved leave days in
  the month (calendar days, ``leave.counting``), and the month's attendance events
  (late, early_leave, absence, badge_missing).
- ``worked_days(session, user_id, year, month) -> int``: rostered days that month minus the
  rostered days covered by approved leave.
The month runs from the 1st to the 1st of the next month (kpi-period).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from exam_api.kpi.scoring import AttendanceRecord, callback_target
from exam_api.leave.models import AttendanceEvent, LeaveRequest
from exam_api.policy import Policy
from exam_api.roster.models import ShiftAssignment
from exam_api.rules.leave import LeaveStatus

Span = tuple[date, date]


@dataclass(frozen=True, slots=True)
class MonthRecords:
    attendance: AttendanceRecord
    rostered_days: int
    worked_days: int
    callback_target: int


def month_range(year: int, month: int) -> Span:
    """First and last calendar day of the month."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first, following - timedelta(days=1)


def days_in(spans: Iterable[Span], year: int, month: int) -> set[date]:
    """The calendar days of the spans (inclusive) that fall inside the month."""
    first, last = month_range(year, month)
    days: set[date] = set()
    for start, end in spans:
        day = max(start, first)
        while day <= min(end, last):
            days.add(day)
            day += timedelta(days=1)
    return days


def count_worked(rostered: set[date], leave: set[date]) -> int:
    return len(rostered - leave)


# --------------------------------------------------------------------------- database reads


def approved_leave_spans(session: Session, user_id: int, year: int, month: int) -> list[Span]:
    first, last = month_range(year, month)
    query = select(col(LeaveRequest.start), col(LeaveRequest.end)).where(
        LeaveRequest.requester_id == user_id,
        LeaveRequest.status == LeaveStatus.approved.value,
        col(LeaveRequest.start) <= last,
        col(LeaveRequest.end) >= first,
    )
    return [(start, end) for start, end in session.exec(query)]


def rostered_dates(session: Session, user_id: int, year: int, month: int) -> set[date]:
    first, last = month_range(year, month)
    query = select(col(ShiftAssignment.day)).where(
        ShiftAssignment.user_id == user_id,
        col(ShiftAssignment.day) >= first,
        col(ShiftAssignment.day) <= last,
    )
    return set(session.exec(query))


def event_counts(session: Session, user_id: int, year: int, month: int) -> dict[str, int]:
    first, last = month_range(year, month)
    query = (
        select(AttendanceEvent.kind, func.count())
        .where(
            AttendanceEvent.user_id == user_id,
            col(AttendanceEvent.day) >= first,
            col(AttendanceEvent.day) <= last,
        )
        .group_by(AttendanceEvent.kind)
    )
    return {str(kind): int(count) for kind, count in session.exec(query)}


def month_attendance(session: Session, user_id: int, year: int, month: int) -> AttendanceRecord:
    leave = days_in(approved_leave_spans(session, user_id, year, month), year, month)
    events = event_counts(session, user_id, year, month)
    return AttendanceRecord(
        leave_days=len(leave),
        late=events.get("late", 0),
        early_leave=events.get("early_leave", 0),
        absences=events.get("absence", 0),
        badge_missing=events.get("badge_missing", 0),
    )


def worked_days(session: Session, user_id: int, year: int, month: int) -> int:
    leave = days_in(approved_leave_spans(session, user_id, year, month), year, month)
    return count_worked(rostered_dates(session, user_id, year, month), leave)


def month_records(
    session: Session, user_id: int, year: int, month: int, policy: Policy
) -> MonthRecords:
    """Everything a scorecard needs from the records, read once."""
    leave = days_in(approved_leave_spans(session, user_id, year, month), year, month)
    rostered = rostered_dates(session, user_id, year, month)
    events = event_counts(session, user_id, year, month)
    attendance = AttendanceRecord(
        leave_days=len(leave),
        late=events.get("late", 0),
        early_leave=events.get("early_leave", 0),
        absences=events.get("absence", 0),
        badge_missing=events.get("badge_missing", 0),
    )
    worked = count_worked(rostered, leave)
    return MonthRecords(attendance, len(rostered), worked, callback_target(worked, policy))
