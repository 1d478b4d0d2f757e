"""Demo roster, leave and a swap for ``make run``: usable inboxes and quota tables on day one.

Shift types 早班/中班/晚班; every member of the demo teams rostered from the 1st of last month
to the end of next month on a four-day rotation (three shifts, one rest day); a pending swap
in team 1; a personal leave waiting for team 1's supervisor; an emergency leave in team 2 whose
slip is overdue.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.leave import service as leave_service
from exam_api.leave.models import LeaveApprove, LeaveCreate
from exam_api.policy import Policy, get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.roster.service import find_assignment, month_bounds
from exam_api.rules.leave import LeaveKind
from exam_api.swaps import service as swap_service
from exam_api.swaps.models import SwapCreate
from exam_api.users.models import User
from exam_api.users.service import list_team_members

if TYPE_CHECKING:
    from exam_api.demo import DemoData

SHIFTS = [("早班", time(8), time(16)), ("中班", time(12), time(20)), ("晚班", time(16), time(0))]
ROTATION = 4  # three shifts, then a rest day


def roster_span(today: date) -> tuple[date, date]:
    """The 1st of last month to the last day of next month."""
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    _, next_month = month_bounds(today.year, today.month)
    _, after_next = month_bounds(next_month.year, next_month.month)
    return first, after_next - timedelta(days=1)


def add_roster(session: Session, members: list[User], today: date) -> list[ShiftType]:
    shifts = [ShiftType(name=name, start=start, end=end) for name, start, end in SHIFTS]
    session.add_all(shifts)
    session.flush()
    first, last = roster_span(today)
    for offset in range((last - first).days + 1):
        when = first + timedelta(days=offset)
        for index, person in enumerate(members):
            slot = (when.toordinal() + index) % ROTATION
            if slot < len(shifts):
                session.add(
                    ShiftAssignment(
                        user_id=person.id or 0, day=when, shift_type_id=shifts[slot].id or 0
                    )
                )
    session.commit()
    return shifts


def add_swap(session: Session, first: User, second: User, policy: Policy, today: date) -> None:
    """A same-day swap request from ``first`` to ``second``, waiting for ``second``."""
    for offset in range(2, 16):
        when = today + timedelta(days=offset)
        mine = find_assignment(session, first.id or 0, when)
        theirs = find_assignment(session, second.id or 0, when)
        if mine and theirs and mine.shift_type_id != theirs.shift_type_id:
            body = SwapCreate(
                requester_assignment_id=mine.id or 0,
                counterpart_assignment_id=theirs.id or 0,
                reason="家里老人看病，需要陪同",
                handover_notes="两位投资人约好回电，已写入交接班表；新标公告已发布",
            )
            swap_service.create_swap(Decider(session, first, policy, today), body)
            return


def add_leave(demo: DemoData, session: Session, policy: Policy, today: date) -> None:
    notice = policy.document.leave.personal.notice_days
    start = today + timedelta(days=notice + 2)
    planned = LeaveCreate(kind=LeaveKind.personal, start=start, end=start, reason="办理证件")
    leave_service.create_leave(Decider(session, demo.trainees[2], policy, today), planned)
    sick_end = today - timedelta(days=policy.document.leave.emergency.slip_due_days + 2)
    sick = LeaveCreate(
        kind=LeaveKind.emergency,
        start=sick_end - timedelta(days=1),
        end=sick_end,
        reason="发烧就医",
        emergency_kind=policy.document.leave.emergency.kinds[0],
        phoned_supervisor=True,
    )
    leave = leave_service.create_leave(Decider(session, demo.trainees[1], policy, today), sick)
    consent = Decider(session, demo.supervisors[1], policy, today)
    leave_service.approve_leave(consent, leave.id or 0, LeaveApprove(comment="电话同意"))


def add_workforce_demo(
    session: Session, demo: DemoData, policy: Policy | None = None, today: date | None = None
) -> None:
    """Roster every demo team member, then a pending swap and two leave requests."""
    policy = policy or get_policy()
    today = today or department_today()
    members = [m for team in demo.teams for m in list_team_members(session, team.id or 0)]
    add_roster(session, members, today)
    team1 = [t for t in demo.trainees if t.team_id == demo.teams[0].id]
    add_swap(session, team1[0], team1[1], policy, today)
    add_leave(demo, session, policy, today)
