"""KPI scoring: the seed's own example, every item's edges, the band boundaries, attendance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.kpi.scoring import (
    AttendanceRecord,
    KpiInputError,
    attendance_grade,
    band_for,
    bonus_for,
    callback_target,
    score_card,
    score_item,
)
from exam_api.policy import get_policy

P = get_policy()
ITEMS = {item.id: item for item in P.document.kpi.items.entries}
PER_DAY = ITEMS["callbacks"].per_day  # type: ignore[union-attr]

PERFECT: dict[str, object] = {
    "qq_group": 1000,
    "callbacks": PER_DAY * 22,
    "profiles": 1000,
    "cooperation": "较好完成",
    "complaints": "较好完成",
    "attitude": "A",
    "learning": "A",
    "teamwork": "A",
}


def test_seed_example_ninety_points_on_three_hundred_is_two_seventy() -> None:
    assert bonus_for(Decimal(90), Decimal(300), P) == Decimal("270.00")


def test_perfect_month_scores_the_total_and_the_whole_base() -> None:
    card = score_card(
        PERFECT, role="agent", worked_days=22, attendance=AttendanceRecord(), policy=P
    )
    assert card.total == P.document.kpi.total_points
    assert card.band == "优秀"
    assert card.bonus == card.base
    assert card.policy_version == P.policy_version


@pytest.mark.parametrize(
    ("item_id", "value", "points"),
    [
        ("qq_group", 0, "0"),
        ("qq_group", 37, "3.7"),
        ("qq_group", 100, "10"),
        ("qq_group", 101, "10"),  # capped at the weight
        ("profiles", 1, "0.2"),
        ("profiles", 74, "14.8"),
        ("profiles", 75, "15"),
        ("profiles", 500, "15"),
        ("cooperation", "较好完成", "10"),
        ("cooperation", "基本完成", "8"),
        ("complaints", "有未完成", "3"),
        ("attitude", "B", "5"),
        ("learning", "C", "0"),
        ("teamwork", "A", "10"),
    ],
)
def test_item_edges(item_id: str, value: object, points: str) -> None:
    assert score_item(ITEMS[item_id], value, policy=P).points == Decimal(points)


@pytest.mark.parametrize(
    ("made", "worked_days", "points", "level"),
    [
        (PER_DAY * 20, 20, "15", "较好完成"),  # exactly 100 % of the target
        (PER_DAY * 20 - 1, 20, "13", "基本完成"),
        (PER_DAY * 16, 20, "13", "基本完成"),  # exactly 80 %
        (PER_DAY * 16 - 1, 20, "6", "有未完成"),
        (0, 0, "15", "较好完成"),  # no worked day, no target
    ],
)
def test_callback_target_levels(made: int, worked_days: int, points: str, level: str) -> None:
    score = score_item(ITEMS["callbacks"], made, worked_days=worked_days, policy=P)
    assert (score.points, score.level) == (Decimal(points), level)
    assert callback_target(worked_days, P) == PER_DAY * worked_days


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("100", "优秀"),
        ("80", "优秀"),
        ("79.9", "合格"),
        ("60", "合格"),
        ("59.8", "需鼓励"),
        ("0", "需鼓励"),
    ],
)
def test_band_boundaries(total: str, band: str) -> None:
    assert band_for(Decimal(total), P) == band


@pytest.mark.parametrize(
    ("record", "grade"),
    [
        (AttendanceRecord(), "A"),
        (AttendanceRecord(leave_days=1), "B"),
        (AttendanceRecord(leave_days=1, late=1, early_leave=1), "B"),
        (AttendanceRecord(leave_days=2, late=2), "C"),
        (AttendanceRecord(absences=1), "C"),
        (AttendanceRecord(badge_missing=3), "A"),
        (AttendanceRecord(badge_missing=4), "B"),
        (AttendanceRecord(badge_missing=5), "B"),
        (AttendanceRecord(badge_missing=6), "C"),
        (AttendanceRecord(late=1, badge_missing=6), "C"),  # the worst of the two
    ],
)
def test_attendance_grade(record: AttendanceRecord, grade: str) -> None:
    assert attendance_grade(record, P) == grade


def test_attendance_override_grade_wins_over_records() -> None:
    derived = score_item(
        ITEMS["attendance"], None, attendance=AttendanceRecord(absences=2), policy=P
    )
    override = score_item(
        ITEMS["attendance"], "A", attendance=AttendanceRecord(absences=2), policy=P
    )
    assert (derived.level, override.level) == ("C", "A")


@pytest.mark.parametrize(
    ("inputs", "item_id"),
    [
        ({**PERFECT, "cooperation": "优秀"}, "cooperation"),
        ({**PERFECT, "qq_group": -1}, "qq_group"),
        ({**PERFECT, "attitude": "D"}, "attitude"),
        ({k: v for k, v in PERFECT.items() if k != "learning"}, "learning"),
        ({**PERFECT, "bogus": 1}, "bogus"),
    ],
)
def test_bad_inputs_name_the_item(inputs: dict[str, object], item_id: str) -> None:
    with pytest.raises(KpiInputError) as info:
        score_card(inputs, role="agent", worked_days=20, attendance=AttendanceRecord(), policy=P)
    assert info.value.item_id == item_id


@given(score=st.decimals(min_value=0, max_value=100, places=1), base=st.integers(0, 5000))
def test_bonus_is_proportional_and_rounded_to_fen(score: Decimal, base: int) -> None:
    bonus = bonus_for(score, Decimal(base), P)
    assert bonus == bonus.quantize(Decimal("0.01"))
    assert abs(bonus - score * base / 100) <= Decimal("0.005")
