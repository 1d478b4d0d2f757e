"""Benchmark of the bank engine (not a timed test).

Draws a 50-question paper from a synthetic 10,000-question bank and grades a 100-question
attempt; prints median times. Targets on the 2-core machine: draw ≤ 20 ms, grade ≤ 5 ms.

    .venv/bin/python bench/bank_bench.py [--runs 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from exam_api.bank.draw import Blueprint, QuestionPool, draw_paper
from exam_api.bank.grading import GradingSettings, grade
from exam_api.bank.loader import AREAS
from exam_api.bank.models import (
    FillBlank,
    Matching,
    MultipleChoice,
    Numeric,
    NumericKey,
    Option,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)

TAGS = ("情景", "时限", "数字", "流程", "话术", "审批")


def _options(n: int) -> tuple[Option, ...]:
    return tuple(Option(id="abcdefgh"[i], text=f"选项{i}") for i in range(n))


def _question(i: int, rng: random.Random) -> Question:
    common: dict[str, Any] = {
        "id": f"q-{i:05d}", "stem": f"第 {i} 题", "ref": "swap-quota", "explanation": "解析",
        "area": AREAS[i % len(AREAS)], "difficulty": rng.randint(1, 3),
        "tags": tuple(rng.sample(TAGS, rng.randint(0, 2))),
    }  # fmt: skip
    kind = i % 7
    if kind == 0:
        return SingleChoice(options=_options(4), key="b", **common)
    if kind == 1:
        return MultipleChoice(options=_options(5), key=("a", "c", "d"), **common)
    if kind == 2:
        return TrueFalse(key=bool(i % 2), **common)
    if kind == 3:
        return FillBlank(key=("首问负责制", "首问责任制"), **common)
    if kind == 4:
        return Numeric(key=NumericKey(value=2, tolerance=0), **common)
    if kind == 5:
        return Ordering(options=_options(6), key=tuple("fedcba"), **common)
    prompts = tuple(Option(id=f"p{j}", text=f"类型{j}") for j in range(1, 5))
    key = {f"p{j}": "abcd"[j - 1] for j in range(1, 5)}
    return Matching(prompts=prompts, options=_options(5), key=key, **common)


def synthetic_bank(size: int = 10_000, seed: int = 1) -> list[Question]:
    rng = random.Random(seed)
    return [_question(i, rng) for i in range(size)]


BLUEPRINT = Blueprint.model_validate(
    {
        "sections": [
            {
                "name": "请假单选",
                "area": "leave",
                "type": "single_choice",
                "count": 10,
                "points": 2,
            },
            {"name": "多选", "type": "multiple_choice", "difficulty": [2, 3], "count": 10},
            {"name": "判断", "type": "true_false", "count": 10},
            {"name": "情景", "tags": ["情景"], "count": 10, "points": 3},
            {"name": "综合", "count": 10},
        ]
    }
)


def _answer(q: Question, rng: random.Random) -> Any:
    right = rng.random() < 0.7
    if isinstance(q, SingleChoice):
        return q.key if right else "a"
    if isinstance(q, MultipleChoice):
        return list(q.key) if right else ["a", "b"]
    if isinstance(q, TrueFalse):
        return q.key if right else not q.key
    if isinstance(q, FillBlank):
        return " 首问负责制 " if right else "首问制"
    if isinstance(q, Numeric):
        return "２" if right else 3
    if isinstance(q, Ordering):
        return list(q.key) if right else sorted(q.key)
    if isinstance(q, Matching):
        return dict(q.key) if right else {"p1": "e", "p2": "b"}
    return "答案"


def median_ms(func: Callable[[int], object], runs: int) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        func(run)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    bank = synthetic_bank()
    rng = random.Random(7)
    seen = {q.id: rng.randint(1, 3) for q in rng.sample(bank, 300)}  # a trainee's history
    start = time.perf_counter()
    pool = QuestionPool(bank)
    index_ms = (time.perf_counter() - start) * 1000

    draw_ms = median_ms(lambda run: draw_paper(BLUEPRINT, pool, run, seen), args.runs)
    cold_ms = median_ms(
        lambda run: draw_paper(BLUEPRINT, bank, run, seen), max(10, args.runs // 10)
    )
    attempt = [(q, _answer(q, rng)) for q in rng.sample(bank, 100)]
    partial = GradingSettings(multiple_choice="partial", ordering="partial", matching="partial")
    grade_ms = median_ms(lambda run: [grade(q, a, partial) for q, a in attempt], args.runs)

    print(f"bank: {len(bank)} questions, blueprint: 5 sections / 50 questions, runs: {args.runs}")
    print(f"index the bank once (QuestionPool):       {index_ms:8.2f} ms")
    print(f"draw a 50-question paper (median):        {draw_ms:8.2f} ms   target ≤ 20 ms")
    print(f"draw incl. indexing the bank (median):    {cold_ms:8.2f} ms")
    print(f"grade a 100-question attempt (median):    {grade_ms:8.2f} ms   target ≤ 5 ms")


if __name__ == "__main__":
    main()
