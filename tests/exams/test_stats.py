"""Statistics against hand-computed values (see the comments for the arithmetic)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.exams.stats import (
    AttemptMarks,
    ItemMark,
    Score,
    distribution,
    final_score,
    paper_summary,
    pearson,
    question_stats,
    weakest_areas,
)

# Four attempts, three questions (q1 and q2 out of 1, q3 out of 2):
#   A: 1 1 2 = 4   B: 1 0 2 = 3   C: 0 1 0 = 1   D: 0 0 1 = 1
ATTEMPTS = [
    AttemptMarks(4, {"q1": (1, 1), "q2": (1, 1), "q3": (2, 2)}),
    AttemptMarks(3, {"q1": (1, 1), "q2": (0, 1), "q3": (2, 2)}),
    AttemptMarks(1, {"q1": (0, 1), "q2": (1, 1), "q3": (0, 2)}),
    AttemptMarks(1, {"q1": (0, 1), "q2": (0, 1), "q3": (1, 2)}),
]


def test_facility_and_discrimination_match_hand_computation() -> None:
    stats = {s.question_id: s for s in question_stats(ATTEMPTS, poor_below=0.2)}
    # facility: q1 2/4, q2 2/4, q3 5/8
    assert stats["q1"].facility == 0.5 and stats["q2"].facility == 0.5
    assert stats["q3"].facility == 0.625
    # q1 vs rest [3,2,1,1]: Sxy 1.5, Sxx 1, Syy 2.75 → 1.5/√2.75
    assert stats["q1"].discrimination == pytest.approx(1.5 / math.sqrt(2.75))
    # q2 vs rest [3,3,0,1]: Sxy −0.5, Sxx 1, Syy 6.75 → −0.5/√6.75 ≈ −0.192 (flagged)
    assert stats["q2"].discrimination == pytest.approx(-0.5 / math.sqrt(6.75))
    # q3 vs rest [2,1,1,0]: Sxy 1, Sxx 2.75, Syy 2 → 1/√5.5 ≈ 0.426
    assert stats["q3"].discrimination == pytest.approx(1 / math.sqrt(5.5))
    assert [s.poor for s in stats.values()] == [False, True, False]
    assert stats["q3"].mean_mark == 1.25 and stats["q3"].max_mark == 2
    assert stats["q1"].attempts == 4


def test_the_poor_threshold_is_a_setting() -> None:
    stats = {s.question_id: s for s in question_stats(ATTEMPTS, poor_below=0.5)}
    assert [stats[q].poor for q in ("q1", "q2", "q3")] == [False, True, True]


def test_discrimination_is_undefined_without_variation() -> None:
    same = [AttemptMarks(2, {"q": (1, 1)}), AttemptMarks(3, {"q": (1, 1)})]
    assert question_stats(same)[0].discrimination is None
    assert question_stats(same)[0].poor is False
    assert question_stats([AttemptMarks(1, {"q": (1, 1)})])[0].discrimination is None
    assert pearson([], []) is None


def test_paper_summary_matches_hand_computation() -> None:
    finals = [Score(4, 4), Score(3, 4), Score(1, 4), Score(1, 4)]  # 100, 75, 25, 25 %
    summary = paper_summary(finals, attempts=4, pass_percent=60)
    assert summary.trainees == 4 and summary.attempts == 4
    assert summary.mean_score == 2.25 and summary.median_score == 2.0
    assert summary.mean_percent == 56.25 and summary.median_percent == 50.0
    assert summary.pass_rate == 0.5
    counts = [b.count for b in summary.distribution]
    assert counts == [0, 0, 2, 0, 0, 0, 0, 1, 0, 1]
    assert (summary.distribution[9].low, summary.distribution[9].high) == (90, 100)


def test_an_empty_paper_has_no_figures() -> None:
    summary = paper_summary([], attempts=0, pass_percent=60)
    assert summary.mean_score is None and summary.pass_rate is None
    assert sum(b.count for b in summary.distribution) == 0


def test_the_pass_mark_is_inclusive() -> None:
    assert paper_summary([Score(3, 5)], 1, pass_percent=60).pass_rate == 1.0
    assert paper_summary([Score(2.99, 5)], 1, pass_percent=60).pass_rate == 0.0


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", Score(4, 4)), ("first", Score(3, 4)), ("last", Score(2, 4)),
     ("average", Score(3, 4))],
)  # fmt: skip
def test_grading_methods_across_attempts(method: str, expected: Score) -> None:
    scores = [Score(3, 4), Score(4, 4), Score(2, 4)]
    assert final_score(scores, method) == expected
    assert final_score([], method) is None


def test_distribution_edges() -> None:
    bins = distribution([0, 9.99, 10, 99.9, 100], bins=10)
    assert [b.count for b in bins] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert [b.count for b in distribution([50, 100], bins=4)] == [0, 0, 1, 1]


def test_weakest_areas_come_first_with_the_rules_most_missed() -> None:
    items = [
        ItemMark("leave", "leave-personal", 1, 1),
        ItemMark("leave", "swap-quota", 0, 1),
        ItemMark("leave", "swap-quota", 0, 2),
        ItemMark("leave", "leave-long", 0.5, 1),
        ItemMark("complaints", "complaint-flow", 2, 2),
        ItemMark("complaints", "complaint-record", 1, 2),
    ]
    areas = weakest_areas(items)
    assert [a.area for a in areas] == ["leave", "complaints"]
    assert areas[0].earned == 1.5 and areas[0].possible == 5 and areas[0].percent == 30
    assert areas[0].missed_refs == ("swap-quota", "leave-long")
    assert areas[1].percent == 75 and areas[1].missed_refs == ("complaint-record",)


marks = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 10)), min_size=1, max_size=30)


@given(marks)
def test_indices_stay_in_range(rows: list[tuple[int, int]]) -> None:
    attempts = [AttemptMarks(float(m + rest), {"q": (float(m), 4.0)}) for m, rest in rows]
    (stat,) = question_stats(attempts)
    assert stat.facility is not None and 0 <= stat.facility <= 1
    assert stat.discrimination is None or -1 <= stat.discrimination <= 1
