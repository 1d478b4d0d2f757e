"""The scorecard template (考核表模板) as plain data from the policy, pure (no web, no database)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from exam_api.policy import Policy
from exam_api.policy.kpi import GradeItem, LevelItem, PerUnitItem, TargetRatioItem

# What the supervisor enters for each scoring mode.
INPUT_KIND = {
    "per_unit": "count",
    "target_ratio": "count",
    "level": "level",
    "grade": "grade",
    "derived_grade": "derived",
}


def plain(value: Any) -> Any:
    """Decimals as JSON numbers (int when whole), recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _ruled(policy: Policy, rule: str, **fields: Any) -> dict[str, Any]:
    return {"rule": rule, "url": policy.rule_url(rule), **fields}


def item_template(item: PerUnitItem | TargetRatioItem | LevelItem | GradeItem) -> dict[str, Any]:
    """One item: id, name, weight, mode, what to enter and the points it can give."""
    entry: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "weight": item.weight,
        "mode": item.mode,
        "input": INPUT_KIND[item.mode],
    }
    if isinstance(item, PerUnitItem):
        entry.update(unit=item.unit, points_per_unit=item.points_per_unit, cap=item.weight)
    elif isinstance(item, TargetRatioItem):
        entry.update(
            per_day=item.per_day,
            levels=[
                {"level": lv.level, "points": lv.points, "min_ratio": lv.min_ratio}
                for lv in item.levels
            ],
        )
    elif isinstance(item, LevelItem):
        entry["levels"] = [{"level": lv.level, "points": lv.points} for lv in item.levels]
    else:
        entry["grades"] = [
            {"grade": g.grade, "points": g.points, "meaning": g.meaning} for g in item.grades
        ]
    return entry


def scorecard_template(policy: Policy) -> dict[str, Any]:
    """Everything a scorecard is made of, each part with its rule id and handbook link."""
    kpi = policy.document.kpi
    streaks = kpi.streaks
    template = {
        "policy_version": policy.policy_version,
        "total_points": kpi.total_points,
        "period": _ruled(
            policy,
            kpi.period.rule,
            start=kpi.period.start,
            end=kpi.period.end,
            applies_to=list(kpi.period.applies_to),
        ),
        "items": _ruled(
            policy, kpi.items.rule, entries=[item_template(i) for i in kpi.items.entries]
        ),
        "attendance": _ruled(
            policy, kpi.attendance.rule, **kpi.attendance.model_dump(exclude={"rule"})
        ),
        "bands": _ruled(
            policy,
            kpi.bands.rule,
            levels=[{"name": b.name, "min": b.min} for b in kpi.bands.levels],
        ),
        "bonus": _ruled(
            policy,
            kpi.bonus.rule,
            formula=kpi.bonus.formula,
            rounding=kpi.bonus.rounding,
            base_by_role=dict(kpi.bonus.base_by_role),
        ),
        "streaks": [
            _ruled(
                policy, streaks.excellent.rule, **streaks.excellent.model_dump(exclude={"rule"})
            ),
            _ruled(policy, streaks.poor.rule, **streaks.poor.model_dump(exclude={"rule"})),
        ],
        "referral": _ruled(policy, kpi.referral.rule, **kpi.referral.model_dump(exclude={"rule"})),
        "confirmation": _ruled(
            policy, kpi.confirmation.rule, **kpi.confirmation.model_dump(exclude={"rule"})
        ),
    }
    return dict(plain(template))
