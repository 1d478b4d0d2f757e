"""Import a team's roster from a sheet: every row checked first, then all written or none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import KefuError
from exam_api.roster.models import ImportResult, ShiftAssignment, ShiftType
from exam_api.roster.service import swapped_assignments, unique_or_conflict
from exam_api.roster.sheet import SheetError, SheetRow, is_rest, parse_day, read_sheet
from exam_api.users.models import Team, User

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_REPORTED = 20


@dataclass(frozen=True, slots=True)
class Planned:
    row: int
    user: User
    day: date
    shift: ShiftType | None  # None: rest day (remove the shift)


class Lookups:
    """Team members by username and active shift types by name, read once per import."""

    def __init__(self, session: Session, team: Team) -> None:
        members = session.exec(select(User).where(User.team_id == team.id)).all()
        self.members = {user.username: user for user in members if user.is_active}
        shifts = session.exec(select(ShiftType).where(col(ShiftType.active).is_(True))).all()
        self.shifts = {shift.name: shift for shift in shifts}
        self.team = team


def check_row(row: SheetRow, lookups: Lookups) -> tuple[Planned | None, list[str]]:
    problems: list[str] = []
    day = parse_day(row.day)
    if day is None:
        problems.append(
            f"日期“{row.day if row.day is not None else ''}”格式不正确（应为 YYYY-MM-DD）"
        )
    user = lookups.members.get(row.username)
    if not row.username:
        problems.append("缺少用户名")
    elif user is None:
        problems.append(f"用户名 {row.username} 不是{lookups.team.name}的成员")
    shift = None if is_rest(row.shift) else lookups.shifts.get(row.shift)
    if not row.shift:
        problems.append("缺少班次（休息日请填“休”）")
    elif shift is None and not is_rest(row.shift):
        known = "、".join(lookups.shifts) or "无"
        problems.append(f"班次“{row.shift}”不存在或已停用（可用：{known}）")
    if problems or day is None or user is None:
        return None, problems
    return Planned(row.number, user, day, shift), []


def plan_import(session: Session, team: Team, rows: list[SheetRow]) -> list[Planned]:
    """Every row checked; any problem → 422 listing rows by number, nothing written."""
    lookups = Lookups(session, team)
    errors: list[str] = []
    planned: list[Planned] = []
    first_row: dict[tuple[int, date], int] = {}
    for row in rows:
        plan, problems = check_row(row, lookups)
        if plan is not None:
            key = (plan.user.id or 0, plan.day)
            if key in first_row:
                problems.append(f"与第 {first_row[key]} 行重复（同一人同一天只能排一个班次）")
            first_row.setdefault(key, row.number)
            planned.append(plan)
        errors.extend(f"第 {row.number} 行：{problem}" for problem in problems)
    errors.extend(_swap_conflicts(session, planned))
    if errors:
        shown = "；".join(errors[:MAX_REPORTED])
        more = f"；另有 {len(errors) - MAX_REPORTED} 处问题" if len(errors) > MAX_REPORTED else ""
        raise KefuError("roster_import_invalid", f"导入失败，未写入任何排班：{shown}{more}", 422)
    return planned


def _existing(session: Session, planned: list[Planned]) -> dict[tuple[int, date], ShiftAssignment]:
    if not planned:
        return {}
    user_ids = sorted({plan.user.id or 0 for plan in planned})
    days = [plan.day for plan in planned]
    query = select(ShiftAssignment).where(
        col(ShiftAssignment.user_id).in_(user_ids),
        ShiftAssignment.day >= min(days),
        ShiftAssignment.day <= max(days),
    )
    return {(a.user_id, a.day): a for a in session.exec(query).all()}


def _swap_conflicts(session: Session, planned: list[Planned]) -> list[str]:
    existing = _existing(session, planned)
    busy = swapped_assignments(session, [a.id for a in existing.values() if a.id is not None])
    problems = []
    for plan in planned:
        current = existing.get((plan.user.id or 0, plan.day))
        changes = current is not None and (
            plan.shift is None or plan.shift.id != current.shift_type_id
        )
        if changes and current is not None and current.id in busy:
            problems.append(f"第 {plan.row} 行：该班次有进行中的换班申请，不能通过导入修改")
    return problems


def apply_import(decider: Decider, team: Team, planned: list[Planned]) -> ImportResult:
    session = decider.session
    existing = _existing(session, planned)
    result = ImportResult(rows=len(planned), created=0, updated=0, removed=0, unchanged=0)
    for plan in planned:
        current = existing.get((plan.user.id or 0, plan.day))
        if plan.shift is None:
            if current is None:
                result.unchanged += 1
            else:
                session.delete(current)
                result.removed += 1
        elif current is None:
            session.add(
                ShiftAssignment(
                    user_id=plan.user.id or 0, day=plan.day, shift_type_id=plan.shift.id or 0
                )
            )
            result.created += 1
        elif current.shift_type_id == plan.shift.id:
            result.unchanged += 1
        else:
            current.shift_type_id = plan.shift.id or 0
            session.add(current)
            result.updated += 1
    detail = (
        f"导入{team.name}排班 {result.rows} 行：新增 {result.created}，修改 {result.updated}，"
        f"取消 {result.removed}，未变 {result.unchanged}"
    )
    decider.log("roster_import", Subject("team", team.id or 0, team.id), detail)
    with unique_or_conflict(session, "排班在导入期间被他人修改，未写入任何排班", "roster_changed"):
        session.commit()
    return result


def import_roster(decider: Decider, team: Team, content: bytes) -> ImportResult:
    if len(content) > MAX_FILE_BYTES:
        raise KefuError("file_too_large", f"文件不能超过 {MAX_FILE_BYTES // 1024 // 1024} MB", 413)
    try:
        rows = read_sheet(content)
    except SheetError as exc:
        raise KefuError("roster_import_invalid", f"导入失败：{exc}", 422) from None
    planned = plan_import(decider.session, team, rows)
    return apply_import(decider, team, planned)
