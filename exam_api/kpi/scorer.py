"""Scoring a card: inputs + records -> item points, total, band, bonus, written onto the card.

No FastAPI here; the pure arithmetic is in :mod:`exam_api.kpi.scoring`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exam_api.core.errors import KefuError
from exam_api.core.models import utcnow
from exam_api.kpi.models import KpiScorecard, to_hundredths
from exam_api.kpi.records import MonthRecords
from exam_api.kpi.schemas import AttendanceOverride
from exam_api.kpi.scoring import KpiInputError, Scorecard, attendance_grade, score_card
from exam_api.policy import Policy
from exam_api.policy.kpi import GradeItem


def derived_item_ids(policy: Policy) -> set[str]:
    return {
        item.id
        for item in policy.document.kpi.items.entries
        if isinstance(item, GradeItem) and item.mode == "derived_grade"
    }


def score_inputs(
    inputs: Mapping[str, Any],
    override: AttendanceOverride | None,
    role: str,
    records: MonthRecords,
    policy: Policy,
) -> Scorecard:
    """Score the entered inputs with the records; input errors become 422 naming the item."""
    derived = derived_item_ids(policy)
    if set(inputs) & derived:
        raise KefuError(
            "kpi_attendance_derived",
            "平常考核由当月考勤记录推定，不能直接录入；"
            "如需改动请填写 attendance_override 并写明理由",
            422,
            rule=policy.document.kpi.attendance.rule,
        )
    values: dict[str, object] = dict(inputs)
    if override is not None:
        values.update(dict.fromkeys(derived, override.grade))
    try:
        return score_card(
            values,
            role=role,
            worked_days=records.worked_days,
            attendance=records.attendance,
            policy=policy,
        )
    except KpiInputError as exc:
        names = {item.id: item.name for item in policy.document.kpi.items.entries}
        name = names.get(exc.item_id, exc.item_id)
        rule = policy.document.kpi.items.rule
        raise KefuError("kpi_invalid_input", f"{name}：{exc.detail}", 422, rule=rule) from None


def apply_result(
    card: KpiScorecard,
    result: Scorecard,
    records: MonthRecords,
    inputs: Mapping[str, Any],
    override: AttendanceOverride | None,
    policy: Policy,
) -> None:
    """Write a scoring result, and the records it came from, onto the card."""
    rec = records.attendance
    card.inputs = dict(inputs)
    card.leave_days, card.late, card.early_leave = rec.leave_days, rec.late, rec.early_leave
    card.absences, card.badge_missing = rec.absences, rec.badge_missing
    card.rostered_days, card.worked_days = records.rostered_days, records.worked_days
    card.callback_target = records.callback_target
    card.derived_grade = attendance_grade(rec, policy)
    card.override_grade = override.grade if override else None
    card.override_reason = override.reason if override else None
    card.items = [
        {
            "item_id": score.item_id,
            "name": score.name,
            "weight": score.weight,
            "points": str(score.points),
            "level": score.level,
        }
        for score in result.items
    ]
    card.total_x100 = to_hundredths(result.total)
    card.band = result.band
    card.base_fen = to_hundredths(result.base)
    card.bonus_fen = to_hundredths(result.bonus)
    card.policy_version = result.policy_version
    card.updated_at = utcnow()


def fingerprint(card: KpiScorecard) -> tuple[Any, ...]:
    return (
        card.items,
        card.total_x100,
        card.bonus_fen,
        card.policy_version,
        card.derived_grade,
        card.rostered_days,
        card.worked_days,
        (card.leave_days, card.late, card.early_leave, card.absences, card.badge_missing),
    )
