"""Streak consequences of consecutive monthly bands (连续优秀 / 连续需鼓励), pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exam_api.policy import Policy

Month = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Flag:
    month: Month
    rule: str
    text: str
    streak: int


def next_month(month: Month) -> Month:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def streak_lengths(history: Iterable[tuple[Month, str]]) -> dict[Month, tuple[str, int]]:
    """For each confirmed month, its band and how many consecutive months it has run.

    A month without a confirmed card breaks the streak."""
    result: dict[Month, tuple[str, int]] = {}
    previous: tuple[Month, str, int] | None = None
    for month, band in sorted(history):
        if previous and next_month(previous[0]) == month and previous[1] == band:
            length = previous[2] + 1
        else:
            length = 1
        result[month] = (band, length)
        previous = (month, band, length)
    return result


def flags_for(history: Iterable[tuple[Month, str]], policy: Policy) -> list[Flag]:
    """Every flag fired across the history, in month order."""
    rules = policy.document.kpi.streaks
    flags: list[Flag] = []
    for month, (band, length) in sorted(streak_lengths(history).items()):
        if band == rules.excellent.band and length % rules.excellent.months == 0:
            flags.append(Flag(month, rules.excellent.rule, rules.excellent.flag, length))
        if band == rules.poor.band and length % rules.poor.months == 0:
            flags.append(Flag(month, rules.poor.rule, rules.poor.flag, length))
        if band == rules.poor.band and length % rules.poor.long_months == 0:
            for text in long_poor_flags(policy):
                flags.append(Flag(month, rules.poor.rule, text, length))
    return flags


def long_poor_flags(policy: Policy) -> list[str]:
    poor = policy.document.kpi.streaks.poor
    return [f"{poor.freeze_months}个月内无升职加薪资格", f"年终奖扣除{poor.year_end_cut_percent}%"]


def frozen_months(history: Iterable[tuple[Month, str]], policy: Policy) -> set[Month]:
    """Months with no promotion or raise: the `freeze_months` after each long poor streak."""
    poor = policy.document.kpi.streaks.poor
    frozen: set[Month] = set()
    for month, (band, length) in streak_lengths(history).items():
        if band == poor.band and length % poor.long_months == 0:
            current = month
            for _ in range(poor.freeze_months):
                current = next_month(current)
                frozen.add(current)
    return frozen
