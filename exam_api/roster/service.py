"""Shift types and assignments; supervisors manage their team's roster, the director all."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Conflict, Forbidden, KefuError, NotFound
from exam_api.roster.models import (
    AssignmentPublic,
    AssignmentSet,
    ShiftAssignment,
    ShiftType,
    ShiftTypeCreate,
    ShiftTypeUpdate,
)
from exam_api.users.models import Role, User
from exam_api.users.service import can_manage_team, get_team

MAX_RANGE_DAYS = 92


@contextmanager
def unique_or_conflict(session: Session, detail: str, code: str) -> Iterator[None]:
    """A unique constraint lost to a concurrent writer becomes a 409, not a 500."""
    try:
        yield
    except IntegrityError:
        session.rollback()
        raise Conflict(detail, code=code) from None


def list_shift_types(session: Session, include_inactive: bool = False) -> Sequence[ShiftType]:
    query = select(ShiftType).order_by(col(ShiftType.start), col(ShiftType.id))
    if not include_inactive:
        query = query.where(col(ShiftType.active).is_(True))
    return session.exec(query).all()


def get_shift_type(session: Session, shift_type_id: int) -> ShiftType:
    shift = session.get(ShiftType, shift_type_id)
    if shift is None:
        raise NotFound("班次类型不存在", code="shift_type_not_found")
    return shift


def _ensure_unique_name(session: Session, name: str, own_id: int | None = None) -> None:
    found = session.exec(select(ShiftType).where(ShiftType.name == name)).first()
    if found is not None and found.id != own_id:
        raise Conflict(f"班次类型“{name}”已存在", code="shift_type_name_taken")


def create_shift_type(decider: Decider, data: ShiftTypeCreate) -> ShiftType:
    _ensure_unique_name(decider.session, data.name)
    shift = ShiftType.model_validate(data)
    decider.session.add(shift)
    with unique_or_conflict(
        decider.session, f"班次类型“{data.name}”已存在", "shift_type_name_taken"
    ):
        decider.session.flush()
        assert shift.id is not None
        detail = f"新建班次类型 {shift.name}（{shift.start:%H:%M}–{shift.end:%H:%M}）"
        decider.log("shift_type_create", Subject("shift_type", shift.id), detail)
        decider.session.commit()
    decider.session.refresh(shift)
    return shift


def update_shift_type(decider: Decider, shift_type_id: int, data: ShiftTypeUpdate) -> ShiftType:
    shift = get_shift_type(decider.session, shift_type_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes:
        _ensure_unique_name(decider.session, changes["name"], shift.id)
    shift.sqlmodel_update(changes)
    if shift.start == shift.end:
        raise KefuError("validation_error", "上班时间与下班时间不能相同", 422)
    decider.session.add(shift)
    decider.log(
        "shift_type_update", Subject("shift_type", shift_type_id), f"修改班次类型 {changes}"
    )
    decider.session.commit()
    decider.session.refresh(shift)
    return shift


def ensure_can_roster(session: Session, actor: User, person: User) -> None:
    """Supervisors roster the members of the teams they lead; the director everyone."""
    if actor.role == Role.director:
        return
    if person.team_id is None or not can_manage_team(session, actor, person.team_id):
        raise Forbidden("只能为自己负责班组的成员排班")


def ensure_can_view(
    session: Session,
    actor: User,
    team_id: int | None,
    user_id: int | None,
    staff_only: bool = False,
) -> None:
    """The director sees all; supervisors the teams they lead; others (unless ``staff_only``)
    their own team; everyone themselves."""
    if actor.role == Role.director:
        return
    teams: set[int | None] = set()
    if team_id is not None:
        teams.add(get_team(session, team_id).id)
    if user_id is not None and user_id != actor.id:
        teams.add(get_person(session, user_id).team_id)
    for wanted in teams:
        own = not staff_only and wanted is not None and wanted == actor.team_id
        if not own and (wanted is None or not can_manage_team(session, actor, wanted)):
            raise Forbidden("只能查看自己或自己负责班组的记录")


def get_person(session: Session, user_id: int) -> User:
    person = session.get(User, user_id)
    if person is None or not person.is_active:
        raise NotFound("人员不存在", code="user_not_found")
    return person


def swapped_assignments(
    session: Session,
    assignment_ids: Sequence[int],
    active_only: bool = True,
    exclude_swap_id: int | None = None,
) -> set[int]:
    """Those of the assignments a swap refers to (only pending/accepted ones if ``active_only``)."""
    from exam_api.swaps.models import ACTIVE_SWAP_STATUSES, SwapRequest

    if not assignment_ids:
        return set()
    ids = list(assignment_ids)
    mine = col(SwapRequest.requester_assignment_id).in_(ids)
    theirs = col(SwapRequest.counterpart_assignment_id).in_(ids)
    query = select(SwapRequest.requester_assignment_id, SwapRequest.counterpart_assignment_id)
    query = query.where(mine | theirs)
    if active_only:
        query = query.where(col(SwapRequest.status).in_(ACTIVE_SWAP_STATUSES))
    if exclude_swap_id is not None:
        query = query.where(SwapRequest.id != exclude_swap_id)
    return {a for pair in session.exec(query).all() for a in pair} & set(ids)


def ensure_not_in_swap(session: Session, assignment: ShiftAssignment) -> None:
    if assignment.id is not None and swapped_assignments(session, [assignment.id]):
        raise Conflict(
            f"{assignment.day:%Y-%m-%d} 的班次有进行中的换班申请，请先处理换班再修改排班",
            code="assignment_in_swap",
        )


def find_assignment(session: Session, user_id: int, day: date) -> ShiftAssignment | None:
    query = select(ShiftAssignment).where(
        ShiftAssignment.user_id == user_id, ShiftAssignment.day == day
    )
    return session.exec(query).first()


def set_assignment(decider: Decider, data: AssignmentSet) -> AssignmentPublic:
    """Put a person on a shift for a day (replacing that day's shift, if any)."""
    session = decider.session
    person = get_person(session, data.user_id)
    ensure_can_roster(session, decider.actor, person)
    shift = get_shift_type(session, data.shift_type_id)
    if not shift.active:
        raise Conflict(f"班次类型“{shift.name}”已停用", code="shift_type_inactive")
    assignment = find_assignment(session, data.user_id, data.day)
    if assignment is None:
        assignment = ShiftAssignment(
            user_id=data.user_id, day=data.day, shift_type_id=data.shift_type_id
        )
    else:
        ensure_not_in_swap(session, assignment)
        assignment.shift_type_id = data.shift_type_id
    assignment.note = data.note
    session.add(assignment)
    with unique_or_conflict(session, "排班刚被他人修改，请刷新后重试", "roster_changed"):
        session.flush()
        assert assignment.id is not None
        detail = f"{person.display_name} {data.day:%Y-%m-%d} 排{shift.name}"
        subject = Subject("shift_assignment", assignment.id, person.team_id)
        decider.log("roster_set", subject, detail)
        session.commit()
    return get_assignment_public(session, assignment.id)


def get_assignment(session: Session, assignment_id: int) -> ShiftAssignment:
    assignment = session.get(ShiftAssignment, assignment_id)
    if assignment is None:
        raise NotFound("排班记录不存在", code="assignment_not_found")
    return assignment


def delete_assignment(decider: Decider, assignment_id: int) -> None:
    session = decider.session
    assignment = get_assignment(session, assignment_id)
    person = get_person(session, assignment.user_id)
    ensure_can_roster(session, decider.actor, person)
    if swapped_assignments(session, [assignment_id], active_only=False):
        raise Conflict("该班次有换班记录，不能删除，可改排其他班次", code="assignment_has_swaps")
    detail = f"取消 {person.display_name} {assignment.day:%Y-%m-%d} 的排班"
    decider.log("roster_remove", Subject("shift_assignment", assignment_id, person.team_id), detail)
    session.delete(assignment)
    session.commit()


def check_range(start: date, end: date) -> None:
    if end < start:
        raise KefuError("date_range_invalid", "结束日期不能早于开始日期", 422)
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise KefuError("date_range_too_long", f"一次最多查询 {MAX_RANGE_DAYS} 天的排班", 422)


def _public_query() -> Select[ShiftAssignment, User, ShiftType]:
    return (
        select(ShiftAssignment, User, ShiftType)
        .join(User, col(User.id) == ShiftAssignment.user_id)
        .join(ShiftType, col(ShiftType.id) == ShiftAssignment.shift_type_id)
    )


def _to_public(row: tuple[ShiftAssignment, User, ShiftType]) -> AssignmentPublic:
    assignment, person, shift = row
    return AssignmentPublic(
        id=assignment.id or 0,
        user_id=person.id or 0,
        username=person.username,
        display_name=person.display_name,
        team_id=person.team_id,
        day=assignment.day,
        shift_type_id=shift.id or 0,
        shift_name=shift.name,
        start=shift.start.strftime("%H:%M"),
        end=shift.end.strftime("%H:%M"),
        note=assignment.note,
    )


def get_assignment_public(session: Session, assignment_id: int) -> AssignmentPublic:
    row = session.exec(_public_query().where(ShiftAssignment.id == assignment_id)).first()
    if row is None:
        raise NotFound("排班记录不存在", code="assignment_not_found")
    return _to_public(row)


def list_assignments(
    session: Session,
    start: date,
    end: date,
    *,
    team_id: int | None = None,
    user_id: int | None = None,
) -> list[AssignmentPublic]:
    check_range(start, end)
    query = _public_query().where(ShiftAssignment.day >= start, ShiftAssignment.day <= end)
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    if user_id is not None:
        query = query.where(ShiftAssignment.user_id == user_id)
    query = query.order_by(col(ShiftAssignment.day), col(ShiftType.start), col(User.id))
    return [_to_public(row) for row in session.exec(query).all()]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First day of the month and first day of the next."""
    first = date(year, month, 1)
    return first, (first + timedelta(days=32)).replace(day=1)
