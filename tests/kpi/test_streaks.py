"""Streak flags: fire at the length and each further full length; a gap breaks the run."""

from __future__ import annotations

from exam_api.kpi.streaks import flags_for, frozen_months, next_month
from exam_api.policy import get_policy

P = get_policy()
EXCELLENT = P.document.kpi.streaks.excellent
POOR = P.document.kpi.streaks.poor


def months(start: tuple[int, int], n: int) -> list[tuple[int, int]]:
    out = [start]
    while len(out) < n:
        out.append(next_month(out[-1]))
    return out


def test_three_excellent_months_fire_once_then_again_at_six() -> None:
    history = [(m, "优秀") for m in months((2026, 11), 6)]
    flags = [f for f in flags_for(history, P) if f.rule == EXCELLENT.rule]
    assert [f.month for f in flags] == [(2027, 1), (2027, 4)]
    assert {f.text for f in flags} == {EXCELLENT.flag}


def test_a_month_without_a_confirmed_card_breaks_the_streak() -> None:
    run = months((2026, 1), 4)
    history = [(m, "优秀") for m in run if m != (2026, 3)]
    assert flags_for(history, P) == []


def test_a_different_band_breaks_the_streak() -> None:
    run = months((2026, 1), 4)
    history = [(m, "合格" if m == (2026, 2) else "需鼓励") for m in run]
    assert flags_for(history, P) == []


def test_six_poor_months_fire_criticism_twice_and_the_long_flags_once() -> None:
    run = months((2026, 3), 6)
    flags = flags_for([(m, "需鼓励") for m in run], P)
    texts = [(f.month, f.text) for f in flags]
    assert ((2026, 5), POOR.flag) in texts
    assert ((2026, 8), POOR.flag) in texts
    long_texts = [t for m, t in texts if m == (2026, 8) and t != POOR.flag]
    assert long_texts == [
        f"{POOR.freeze_months}个月内无升职加薪资格",
        f"年终奖扣除{POOR.year_end_cut_percent}%",
    ]
    frozen = frozen_months([(m, "需鼓励") for m in run], P)
    assert sorted(frozen) == months((2026, 9), POOR.freeze_months)


def test_streak_across_the_year_end() -> None:
    history = [((2026, 11), "优秀"), ((2026, 12), "优秀"), ((2027, 1), "优秀")]
    assert [f.month for f in flags_for(history, P)] == [(2027, 1)]
