"""KPI scoring per the policy and shared/DECISIONS.md, as pure functions (no web, no database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from exam_api.core.error_types import KefuError
from exam_api.policy import Policy
from exam_api.policy.kpi import GradeItem, LevelItem, PerUnitItem, TargetRatioItem

FEN = Decimal("0.01")
GRADE_ORDER = {"A": 0, "B": 1, "C": 2}


class KpiInputError(KefuError):
    """An input that the scheme cannot score; names the item (422 at the API)."""

    def __init__(self, item_id: str, detail: str) -> None:
        super().__init__("kpi_input_invalid", f"考核项目 {item_id}：{detail}", 422, "kpi-items")
        self.item_id = item_id


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    leave_days: int = 0
    late: int = 0
    early_leave: int = 0
    absences: int = 0
    badge_missing: int = 0


@dataclass(frozen=True, slots=True)
class ItemScore:
    item_id: str
    name: str
    weight: int
    points: Decimal
    level: str | None = None  # 较好完成 / A … where the item has levels


@dataclass(frozen=True, slots=True)
class Scorecard:
    items: list[ItemScore]
    total: Decimal
    band: str
    base: Decimal
    bonus: Decimal
    policy_version: str
    notes: list[str] = field(default_factory=list)


def attendance_grade(record: AttendanceRecord, policy: Policy) -> str:
    """The worst of the leave-and-lateness grade and the badge grade; any absence is the floor."""
    rules = policy.document.kpi.attendance
    leave_late = record.leave_days + record.late + record.early_leave
    if record.absences > 0:
        first = rules.absence_grade
    elif leave_late <= rules.a_max_leave_late_early:
        first = "A"
    elif leave_late <= rules.b_max_leave_late_early:
        first = "B"
    else:
        first = "C"
    if record.badge_missing <= rules.badge_a_max:
        badge = "A"
    elif record.badge_missing <= rules.badge_b_max:
        badge = "B"
    else:
        badge = "C"
    return max(first, badge, key=GRADE_ORDER.__getitem__)


def callback_target(worked_days: int, policy: Policy) -> int:
    item = _item(policy, TargetRatioItem)
    return item.per_day * max(worked_days, 0)


def _item(policy: Policy, kind: type) -> TargetRatioItem:
    for item in policy.document.kpi.items.entries:
        if isinstance(item, kind):
            return item  # type: ignore[return-value]
    raise KpiInputError("callbacks", "考核方案中没有按目标比例计分的项目")


def _count(item_id: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise KpiInputError(item_id, "应为非负整数")
    return value


def score_item(
    item: PerUnitItem | TargetRatioItem | LevelItem | GradeItem,
    value: object,
    *,
    worked_days: int = 0,
    attendance: AttendanceRecord | None = None,
    policy: Policy,
) -> ItemScore:
    weight = Decimal(item.weight)
    if isinstance(item, PerUnitItem):
        points = min(Decimal(_count(item.id, value)) * item.points_per_unit, weight)
        return ItemScore(item.id, item.name, item.weight, points)
    if isinstance(item, TargetRatioItem):
        made = _count(item.id, value)
        target = item.per_day * max(worked_days, 0)
        ratio = Decimal(1) if target == 0 else Decimal(made) / Decimal(target)
        level = next(lv for lv in item.levels if ratio >= lv.min_ratio)
        return ItemScore(item.id, item.name, item.weight, level.points, level.level)
    if isinstance(item, LevelItem):
        match = next((lv for lv in item.levels if lv.level == value), None)
        if match is None:
            names = "、".join(lv.level for lv in item.levels)
            raise KpiInputError(item.id, f"等级应为 {names} 之一")
        return ItemScore(item.id, item.name, item.weight, match.points, match.level)
    grade = (
        attendance_grade(attendance or AttendanceRecord(), policy)
        if (item.mode == "derived_grade" and value is None)
        else value
    )
    found = next((g for g in item.grades if g.grade == grade), None)
    if found is None:
        raise KpiInputError(item.id, "等级应为 A、B、C 之一")
    return ItemScore(item.id, item.name, item.weight, found.points, found.grade)


def band_for(total: Decimal, policy: Policy) -> str:
    return next(b.name for b in policy.document.kpi.bands.levels if total >= b.min)


def bonus_for(total: Decimal, base: Decimal, policy: Policy) -> Decimal:
    points = Decimal(policy.document.kpi.total_points)
    return (total / points * base).quantize(FEN, rounding=ROUND_HALF_UP)


def score_card(
    inputs: Mapping[str, object],
    *,
    role: str,
    worked_days: int,
    attendance: AttendanceRecord,
    policy: Policy,
) -> Scorecard:
    """Score every item of the scheme. `inputs[item_id]` is a count, a level or a grade;
    the attendance item is derived from `attendance` unless an override grade is given."""
    unknown = set(inputs) - {item.id for item in policy.document.kpi.items.entries}
    if unknown:
        raise KpiInputError(sorted(unknown)[0], "考核方案中没有这个项目")
    scores = []
    for item in policy.document.kpi.items.entries:
        value = inputs.get(item.id)
        if value is None and not (isinstance(item, GradeItem) and item.mode == "derived_grade"):
            raise KpiInputError(item.id, "缺少该项目的考核数据")
        scores.append(
            score_item(item, value, worked_days=worked_days, attendance=attendance, policy=policy)
        )
    total = sum((s.points for s in scores), Decimal(0))
    base = policy.document.kpi.bonus.base_by_role.get(role)  # type: ignore[call-overload]
    if base is None:
        raise KpiInputError("bonus", f"角色 {role} 没有额定绩效金额")
    return Scorecard(
        items=scores,
        total=total,
        band=band_for(total, policy),
        base=base,
        bonus=bonus_for(total, base, policy),
        policy_version=policy.policy_version,
    )
