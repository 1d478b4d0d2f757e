"""Exam statistics as pure functions over plain data (no web or database imports).

Definitions follow Moodle's quiz statistics:

- facility index of a question = mean mark ÷ maximum mark (0 … 1; higher is easier);
- discrimination index = Pearson correlation, over the attempts that contain the question,
  between the question's mark and the rest of the paper (attempt total minus that mark);
  undefined (``None``) with fewer than two attempts or when either side does not vary.
  A defined index below the threshold (default 0.2) marks a question that discriminates poorly.

Paper figures use each trainee's final score under the paper's grading method
(highest, last, first or average of the graded attempts, in attempt order).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

EPSILON = 1e-9


@dataclass(frozen=True)
class Score:
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points > 0 else 0.0


@dataclass(frozen=True)
class AttemptMarks:
    """One graded attempt: its total and each question's (mark, maximum)."""

    total: float
    marks: Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Bin:
    low: float  # percent, inclusive
    high: float  # percent, exclusive except for the last bin (which includes 100)
    count: int


@dataclass(frozen=True)
class PaperSummary:
    trainees: int
    attempts: int
    mean_score: float | None
    median_score: float | None
    mean_percent: float | None
    median_percent: float | None
    pass_rate: float | None  # share of trainees whose final percent reaches the pass mark
    distribution: tuple[Bin, ...]


@dataclass(frozen=True)
class QuestionStat:
    question_id: str
    attempts: int
    mean_mark: float
    max_mark: float
    facility: float | None
    discrimination: float | None
    poor: bool


@dataclass(frozen=True)
class ItemMark:
    """One graded question of one trainee, for the weakest-area report."""

    area: str | None
    ref: str | None
    mark: float
    max_mark: float


@dataclass(frozen=True)
class AreaStat:
    area: str
    earned: float
    possible: float
    questions: int
    missed_refs: tuple[str, ...]  # rules of the questions not fully right, most missed first

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible > 0 else 0.0


def final_score(scores: Sequence[Score], method: str) -> Score | None:
    """The paper score from graded attempts in attempt order."""
    if not scores:
        return None
    if method == "first":
        return scores[0]
    if method == "last":
        return scores[-1]
    if method == "average":
        return Score(
            statistics.fmean(s.points for s in scores),
            statistics.fmean(s.max_points for s in scores),
        )
    if method == "highest":
        return max(scores, key=lambda s: s.percent)  # the first of equal highest
    raise ValueError(f"unknown grading method {method}")


def passed(score: Score, pass_percent: float) -> bool:
    return score.percent + EPSILON >= pass_percent


def distribution(percents: Iterable[float], bins: int = 10) -> tuple[Bin, ...]:
    """Counts in ``bins`` equal ranges of 0–100 %; 100 % falls in the last range."""
    width = 100.0 / bins
    counts = [0] * bins
    for value in percents:
        index = min(bins - 1, max(0, math.floor((value + EPSILON) / width)))
        counts[index] += 1
    return tuple(
        Bin(round(i * width, 6), round((i + 1) * width, 6), n) for i, n in enumerate(counts)
    )


def paper_summary(
    finals: Sequence[Score], attempts: int, pass_percent: float, bins: int = 10
) -> PaperSummary:
    """Figures over the trainees' final scores; ``attempts`` counts graded attempts."""
    points = [s.points for s in finals]
    percents = [s.percent for s in finals]
    return PaperSummary(
        trainees=len(finals),
        attempts=attempts,
        mean_score=statistics.fmean(points) if points else None,
        median_score=statistics.median(points) if points else None,
        mean_percent=statistics.fmean(percents) if percents else None,
        median_percent=statistics.median(percents) if percents else None,
        pass_rate=(sum(passed(s, pass_percent) for s in finals) / len(finals)) if finals else None,
        distribution=distribution(percents, bins),
    )


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation; ``None`` for fewer than two pairs or a constant side."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= EPSILON or syy <= EPSILON:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def question_stats(attempts: Sequence[AttemptMarks], poor_below: float = 0.2) -> list[QuestionStat]:
    """Facility and discrimination per question, in order of first appearance."""
    marks: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for attempt in attempts:
        for qid, (mark, max_mark) in attempt.marks.items():
            marks[qid].append((mark, max_mark, attempt.total - mark))
    result = []
    for qid, rows in marks.items():
        got = [r[0] for r in rows]
        possible = sum(r[1] for r in rows)
        disc = pearson(got, [r[2] for r in rows])
        result.append(
            QuestionStat(
                question_id=qid,
                attempts=len(rows),
                mean_mark=statistics.fmean(got),
                max_mark=statistics.fmean(r[1] for r in rows),
                facility=sum(got) / possible if possible > 0 else None,
                discrimination=disc,
                poor=disc is not None and disc < poor_below,
            )
        )
    return result


def weakest_areas(items: Iterable[ItemMark]) -> list[AreaStat]:
    """Handbook areas by share of points earned, weakest first (ties by area name)."""
    earned: dict[str, float] = defaultdict(float)
    possible: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    missed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        area = item.area or "other"
        earned[area] += item.mark
        possible[area] += item.max_mark
        count[area] += 1
        if item.ref and item.mark + EPSILON < item.max_mark:
            missed[area][item.ref] += 1
    stats = [
        AreaStat(
            area=area,
            earned=earned[area],
            possible=possible[area],
            questions=count[area],
            missed_refs=tuple(sorted(missed[area], key=lambda r: (-missed[area][r], r))),
        )
        for area in possible
    ]
    return sorted(stats, key=lambda s: (s.percent, s.area))
