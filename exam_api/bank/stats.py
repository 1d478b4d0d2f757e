"""Bank statistics and coverage (plain functions over questions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from exam_api.bank.models import QUESTION_TYPES, Question

MIN_TOTAL = 240
MIN_PER_AREA = 10
MIN_PER_TYPE = 3


def bank_stats(questions: Sequence[Question], areas: Collection[str] = ()) -> dict[str, Any]:
    """``{"total", "by_type", "by_area", "by_difficulty"}``; every type, area and level listed."""
    by_area = Counter(q.area or "" for q in questions)
    by_type: Counter[str] = Counter(q.type for q in questions)
    by_difficulty = Counter(q.difficulty for q in questions)
    area_names = list(areas) + sorted(a for a in by_area if a not in areas)
    return {
        "total": len(questions),
        "by_type": {t: by_type.get(t, 0) for t in QUESTION_TYPES},
        "by_area": {a: by_area.get(a, 0) for a in area_names},
        "by_difficulty": {str(d): by_difficulty.get(d, 0) for d in (1, 2, 3)},
    }


def uncovered_rules(questions: Sequence[Question], rule_ids: Collection[str]) -> list[str]:
    """Rule ids that no question tests (``ref``), in registry order."""
    tested = {q.ref for q in questions}
    return [r for r in rule_ids if r not in tested]


def shortfalls(questions: Sequence[Question], areas: Collection[str]) -> list[str]:
    """What the bank still lacks against the required counts (Chinese, one line each)."""
    stats = bank_stats(questions, areas)
    found = []
    if stats["total"] < MIN_TOTAL:
        found.append(f"题目总数 {stats['total']}，至少需要 {MIN_TOTAL}")
    found += [
        f"领域 {area} 只有 {n} 道题，至少需要 {MIN_PER_AREA}"
        for area, n in stats["by_area"].items()
        if n < MIN_PER_AREA
    ]
    found += [
        f"题型 {t} 只有 {n} 道题，至少需要 {MIN_PER_TYPE}"
        for t, n in stats["by_type"].items()
        if n < MIN_PER_TYPE
    ]
    levels = stats["by_difficulty"]
    found += [f"难度 {d} 没有题目" for d, n in levels.items() if n == 0]
    return found
