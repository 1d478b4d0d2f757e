"""Draw a paper from a blueprint: least-seen questions first, then at random; deterministic.

Sections are filled most-constrained first (fewest qualifying questions), so a broad section
does not take the questions a narrow one needs; the paper lists them in blueprint order.
A question is never drawn twice in one paper.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from exam_api.bank.errors import BankError
from exam_api.bank.models import QUESTION_TYPES, Question


class Section(BaseModel):
    """Which questions qualify (every given filter must hold) and how many to draw."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str | None = Field(default=None, max_length=100)
    area: str | None = None
    tags: tuple[str, ...] = ()  # the question must carry every tag listed
    type: str | None = None
    difficulty: tuple[int, ...] = ()  # any of these; empty = any difficulty
    count: int = Field(ge=1, le=500)
    points: float | None = Field(default=None, gt=0)  # per question; None = question default

    def label(self, index: int) -> str:
        if self.name:
            return f"第 {index + 1} 节「{self.name}」"
        parts = [p for p in (self.area, self.type, *self.tags) if p]
        parts += [f"难度{d}" for d in self.difficulty]
        return f"第 {index + 1} 节（{'、'.join(parts) or '全部题目'}）"


class Blueprint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    sections: tuple[Section, ...] = Field(min_length=1, max_length=50)


@dataclass(frozen=True)
class DrawnQuestion:
    question: Question
    section: int  # index into blueprint.sections
    points: float


@dataclass(frozen=True)
class SectionPreview:
    section: int
    label: str
    requested: int
    qualifying: int

    @property
    def enough(self) -> bool:
        return self.qualifying >= self.requested


class QuestionPool:
    """Questions indexed by area, type, difficulty and tag (build once per bank version)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions: tuple[Question, ...] = tuple(questions)
        self.positions = {q.id: i for i, q in enumerate(self.questions)}
        self._index: dict[tuple[str, object], set[int]] = {}
        for i, q in enumerate(self.questions):
            keys = [("area", q.area), ("type", q.type), ("difficulty", q.difficulty)]
            keys += [("tag", t) for t in q.tags]
            for key in keys:
                self._index.setdefault(key, set()).add(i)

    def matching(self, section: Section) -> list[int]:
        """Indices of qualifying questions, in bank order."""
        sets: list[frozenset[int] | set[int]] = []
        if section.area is not None:
            sets.append(self._index.get(("area", section.area), set()))
        if section.type is not None:
            sets.append(self._index.get(("type", section.type), set()))
        if section.difficulty:
            sets.append(
                set().union(
                    *(self._index.get(("difficulty", d), set()) for d in section.difficulty)
                )
            )
        sets += [self._index.get(("tag", t), set()) for t in section.tags]
        if not sets:
            return list(range(len(self.questions)))
        sets.sort(key=len)
        found = set(sets[0]).intersection(*sets[1:])
        return sorted(found)


def _pool(questions: QuestionPool | Sequence[Question]) -> QuestionPool:
    return questions if isinstance(questions, QuestionPool) else QuestionPool(questions)


def _check_types(blueprint: Blueprint) -> None:
    for i, section in enumerate(blueprint.sections):
        if section.type is not None and section.type not in QUESTION_TYPES:
            raise BankError("blueprint_invalid", f"{section.label(i)}：未知的题型 {section.type}")


def count_qualifying(
    blueprint: Blueprint, questions: QuestionPool | Sequence[Question]
) -> list[SectionPreview]:
    """How many questions qualify for each section (each section on its own)."""
    _check_types(blueprint)
    pool = _pool(questions)
    return [
        SectionPreview(i, s.label(i), s.count, len(pool.matching(s)))
        for i, s in enumerate(blueprint.sections)
    ]


def _pick(
    section: Section,
    label: str,
    matches: list[int],
    used: set[int],
    seen_of: Mapping[int, int],
    rng: random.Random,
) -> list[int]:
    """``count`` qualifying unused questions, least seen first, random within a seen count."""
    count = section.count
    fresh = [i for i in matches if i not in used and i not in seen_of]
    if len(fresh) >= count:
        return rng.sample(fresh, count)
    buckets: dict[int, list[int]] = {0: fresh}
    for i in matches:
        if i in seen_of and i not in used:
            buckets.setdefault(seen_of[i], []).append(i)
    available = sum(len(b) for b in buckets.values())
    if available < count:
        taken = len(matches) - available
        extra = f"（其中 {taken} 道已被其他节选用）" if taken else ""
        raise BankError(
            "section_unfillable",
            f"{label}需要 {count} 道题，只有 {len(matches)} 道符合条件{extra}",
        )
    chosen: list[int] = []
    for level in sorted(buckets):
        group, need = buckets[level], count - len(chosen)
        chosen.extend(rng.sample(group, min(need, len(group))))
        if len(chosen) == count:
            break
    return chosen


def draw_paper(
    blueprint: Blueprint,
    questions: QuestionPool | Sequence[Question],
    seed: int | str,
    seen: Mapping[str, int] | None = None,
) -> list[DrawnQuestion]:
    """Draw a paper; ``seen`` maps question id → times this trainee has already seen it."""
    _check_types(blueprint)
    pool = _pool(questions)
    matches = [pool.matching(s) for s in blueprint.sections]
    positions = pool.positions
    seen_of = {positions[qid]: n for qid, n in (seen or {}).items() if n > 0 and qid in positions}
    used: set[int] = set()
    picked: dict[int, list[int]] = {}
    for s in sorted(range(len(matches)), key=lambda s: (len(matches[s]), s)):
        section = blueprint.sections[s]
        rng = random.Random(f"{seed}:{s}")
        picked[s] = _pick(section, section.label(s), matches[s], used, seen_of, rng)
        used.update(picked[s])
    return [
        DrawnQuestion(pool.questions[i], s, section.points or pool.questions[i].points)
        for s, section in enumerate(blueprint.sections)
        for i in picked[s]
    ]
