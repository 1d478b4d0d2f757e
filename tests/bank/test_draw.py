"""Drawing papers from a blueprint: least-seen first, no repeats, deterministic, clear errors."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from exam_api.bank.draw import Blueprint, QuestionPool, Section, count_qualifying, draw_paper
from exam_api.bank.errors import BankError
from exam_api.bank.models import Question, TrueFalse

AREAS = ["leave", "kpi", "faq"]


def _bank() -> list[Question]:
    questions: list[Question] = []
    for area in AREAS:
        for n in range(12):
            questions.append(
                TrueFalse(
                    id=f"{area}-{n:03d}", stem="s", key=True, ref="r", explanation="e",
                    area=area, difficulty=n % 3 + 1, tags=("scenario",) if n % 4 == 0 else (),
                )
            )  # fmt: skip
    return questions


BANK = _bank()


def _bp(*sections: dict[str, object]) -> Blueprint:
    return Blueprint.model_validate({"sections": sections})


def test_draw_respects_filters_counts_and_points() -> None:
    bp = _bp(
        {"area": "leave", "count": 3, "points": 2},
        {"area": "kpi", "difficulty": [3], "count": 2},
        {"tags": ["scenario"], "count": 2, "points": 5},
    )
    paper = draw_paper(bp, BANK, seed=1)
    assert [d.section for d in paper] == [0, 0, 0, 1, 1, 2, 2]
    assert all(d.question.area == "leave" and d.points == 2 for d in paper[:3])
    assert all(d.question.area == "kpi" and d.question.difficulty == 3 for d in paper[3:5])
    assert all("scenario" in d.question.tags and d.points == 5 for d in paper[5:])
    assert paper[3].points == 1  # the question's default


@given(st.integers(), st.integers(min_value=1, max_value=12))
@settings(max_examples=50)
def test_never_twice_and_deterministic(seed: int, count: int) -> None:
    bp = _bp(
        {"area": "leave", "count": count},
        {"count": 36 - count - 5},
        {"type": "true_false", "count": 5},
    )
    paper = draw_paper(bp, BANK, seed)
    ids = [d.question.id for d in paper]
    assert len(ids) == len(set(ids)) == 36
    assert ids == [d.question.id for d in draw_paper(bp, QuestionPool(BANK), seed)]


def test_different_seeds_give_different_papers() -> None:
    bp = _bp({"count": 5})
    papers = {tuple(d.question.id for d in draw_paper(bp, BANK, seed)) for seed in range(10)}
    assert len(papers) > 5


def test_least_seen_first() -> None:
    seen = {q.id: 1 for q in BANK if q.area == "leave"}
    seen.update({"leave-000": 0, "leave-001": 0, "leave-002": 5})
    bp = _bp({"area": "leave", "count": 3})
    for seed in range(20):
        ids = {d.question.id for d in draw_paper(bp, BANK, seed, seen)}
        assert {"leave-000", "leave-001"} < ids and "leave-002" not in ids


def test_least_seen_spreads_over_repeated_attempts() -> None:
    seen: Counter[str] = Counter()
    bp = _bp({"area": "faq", "count": 4})
    for attempt in range(3):
        for d in draw_paper(bp, BANK, attempt, seen):
            seen[d.question.id] += 1
    assert sorted(seen.values()) == [1] * 12


def test_narrow_section_filled_first() -> None:
    # A broad first section could take every leave question; the narrow one still fills.
    bp = _bp({"count": 30}, {"area": "leave", "count": 6})
    for seed in range(10):
        paper = draw_paper(bp, BANK, seed)
        assert sum(1 for d in paper if d.section == 1) == 6


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ([{"area": "leave", "count": 13}], "第 1 节（leave）需要 13 道题，只有 12 道符合条件"),
        ([{"name": "情景题", "tags": ["scenario"], "count": 10}],
         "第 1 节「情景题」需要 10 道题，只有 9 道"),
        ([{"area": "nope", "count": 1}], "只有 0 道符合条件"),
        ([{"area": "leave", "count": 10}, {"area": "leave", "difficulty": [1], "count": 4}],
         "第 1 节（leave）需要 10 道题，只有 12 道符合条件（其中 4 道已被其他节选用）"),
        ([{"type": "essayx", "count": 1}], "未知的题型 essayx"),
    ],
)  # fmt: skip
def test_unfillable_section_names_it(sections: list[dict[str, object]], message: str) -> None:
    with pytest.raises(BankError) as info:
        draw_paper(_bp(*sections), BANK, 0)
    assert message in info.value.detail


def test_count_qualifying_previews_each_section() -> None:
    bp = _bp(
        {"area": "leave", "count": 3}, {"tags": ["scenario"], "difficulty": [1, 2], "count": 9}
    )
    previews = count_qualifying(bp, BANK)
    assert [(p.qualifying, p.enough) for p in previews] == [(12, True), (6, False)]
    assert previews[1].label == "第 2 节（scenario、难度1、难度2）"


@pytest.mark.parametrize(
    "data", [{"sections": []}, {"sections": [{"count": 0}]}, {"sections": [{"count": 1, "x": 1}]}]
)
def test_blueprint_validation(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Blueprint.model_validate(data)


def test_section_model_is_hashable_and_frozen() -> None:
    assert Section(count=1) == Section(count=1)
