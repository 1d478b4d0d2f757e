"""Grade one answer per question type, following the exam decisions (shared/DECISIONS.md).

Answer shapes: single_choice ``"b"``; multiple_choice ``["a", "c"]``; true_false ``True``;
fill_blank ``"text"``; numeric ``2`` or ``"2"``; ordering ``["c", "a", "b"]``;
matching ``{"p1": "b", "p2": "a"}``; essay ``"text"``. ``None`` or an empty value is an
empty answer (scores 0). A malformed answer, or one naming an option that does not exist,
raises ``BankError`` (call ``check_answer`` when an answer is saved).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from exam_api.bank.errors import BankError
from exam_api.bank.etiquette import EtiquetteReport, EtiquetteRules, check_reply
from exam_api.bank.models import (
    Essay,
    FillBlank,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)

Mode = Literal["all_or_nothing", "partial"]
_SPACES = re.compile(r"\s+")


class GradingSettings(BaseModel):
    """Per-paper grading settings (defaults: all-or-nothing everywhere)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    multiple_choice: Mode = "all_or_nothing"
    ordering: Mode = "all_or_nothing"
    matching: Mode = "all_or_nothing"


DEFAULT_SETTINGS = GradingSettings()


class GradeResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    question_id: str
    type: str
    points: float  # awarded
    max_points: float
    fraction: float  # 0..1
    correct: bool | None  # None while an essay waits for manual grading
    answered: bool
    needs_manual: bool = False
    ref: str | None
    explanation: str
    etiquette: EtiquetteReport | None = None


def normalise(text: str) -> str:
    """Fill-in comparison form: NFKC (full-width → half-width), case-folded, trimmed,
    inner whitespace collapsed to one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", folded).strip()


def is_empty(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    return isinstance(answer, list | tuple | dict | set) and not answer


def _invalid(question: Question, detail: str) -> BankError:
    return BankError("answer_invalid", f"题目 {question.id}：{detail}")


def _option(question: Question, value: Any, known: list[str]) -> str:
    if not isinstance(value, str):
        raise _invalid(question, "选项编号必须是文字")
    if value not in known:
        raise BankError("answer_unknown_option", f"题目 {question.id} 没有选项 {value}")
    return value


def _option_list(question: Question, answer: Any, known: list[str]) -> list[str]:
    if not isinstance(answer, list | tuple):
        raise _invalid(question, "答案必须是选项编号的列表")
    return [_option(question, v, known) for v in answer]


def _number(question: Question, answer: Any) -> float:
    if isinstance(answer, bool):
        raise _invalid(question, "请填写数字")
    if isinstance(answer, str):
        try:
            answer = float(normalise(answer).replace(",", ""))
        except ValueError:
            raise _invalid(question, "请填写数字") from None
    if not isinstance(answer, int | float) or not math.isfinite(answer):
        raise _invalid(question, "请填写数字")
    return float(answer)


def _fraction_single(q: SingleChoice, answer: Any, s: GradingSettings) -> float:
    return 1.0 if _option(q, answer, q.option_ids()) == q.key else 0.0


def _fraction_multiple(q: MultipleChoice, answer: Any, s: GradingSettings) -> float:
    chosen = set(_option_list(q, answer, q.option_ids()))
    key = set(q.key)
    if s.multiple_choice == "all_or_nothing":
        return 1.0 if chosen == key else 0.0
    share = 1.0 / len(key)
    return max(0.0, share * len(chosen & key) - share * len(chosen - key))


def _fraction_true_false(q: TrueFalse, answer: Any, s: GradingSettings) -> float:
    if not isinstance(answer, bool):
        raise _invalid(q, "答案必须是 true 或 false")
    return 1.0 if answer is q.key else 0.0


def _fraction_fill(q: FillBlank, answer: Any, s: GradingSettings) -> float:
    if not isinstance(answer, str):
        raise _invalid(q, "答案必须是文字")
    given = normalise(answer)
    return 1.0 if any(normalise(k) == given for k in q.key) else 0.0


def _fraction_numeric(q: Numeric, answer: Any, s: GradingSettings) -> float:
    value = _number(q, answer)
    return 1.0 if abs(value - q.key.value) <= q.key.tolerance + 1e-9 else 0.0


def _fraction_ordering(q: Ordering, answer: Any, s: GradingSettings) -> float:
    order = _option_list(q, answer, q.option_ids())
    if len(set(order)) != len(order):
        raise _invalid(q, "排序答案中有重复的项目")
    right = sum(1 for given, want in zip(order, q.key, strict=False) if given == want)
    if s.ordering == "all_or_nothing":
        return 1.0 if right == len(q.key) else 0.0
    return right / len(q.key)


def _fraction_matching(q: Matching, answer: Any, s: GradingSettings) -> float:
    if not isinstance(answer, dict):
        raise _invalid(q, "配对答案必须是 题干项 → 选项 的映射")
    prompts = [p.id for p in q.prompts]
    right = 0
    for prompt, option in answer.items():
        _option(q, prompt, prompts)
        if is_empty(option):
            continue
        right += _option(q, option, q.option_ids()) == q.key[prompt]
    if s.matching == "all_or_nothing":
        return 1.0 if right == len(q.key) else 0.0
    return right / len(q.key)


_FRACTIONS: dict[str, Callable[[Any, Any, GradingSettings], float]] = {
    "single_choice": _fraction_single,
    "multiple_choice": _fraction_multiple,
    "true_false": _fraction_true_false,
    "fill_blank": _fraction_fill,
    "numeric": _fraction_numeric,
    "ordering": _fraction_ordering,
    "matching": _fraction_matching,
}


def check_answer(question: Question, answer: Any) -> None:
    """Raise ``BankError`` if the answer is malformed or names a non-existent option."""
    if is_empty(answer):
        return
    if isinstance(question, Essay):
        if not isinstance(answer, str):
            raise _invalid(question, "答案必须是文字")
        return
    _FRACTIONS[question.type](question, answer, DEFAULT_SETTINGS)


def grade(
    question: Question,
    answer: Any,
    settings: GradingSettings = DEFAULT_SETTINGS,
    points: float | None = None,
    etiquette_rules: EtiquetteRules | None = None,
) -> GradeResult:
    """Grade one answer. ``points`` overrides the question's default points (paper sections)."""
    max_points = question.points if points is None else points
    answered = not is_empty(answer)
    if isinstance(question, Essay):
        check_answer(question, answer)
        report = None
        if question.etiquette and etiquette_rules is not None and answered:
            report = check_reply(answer, etiquette_rules)
        manual = answered
        return _result(question, max_points, answered, 0.0, None if manual else False, report)
    fraction = _FRACTIONS[question.type](question, answer, settings) if answered else 0.0
    fraction = min(1.0, max(0.0, round(fraction, 9)))
    return _result(question, max_points, answered, fraction, fraction == 1.0)


def _result(
    question: Question,
    max_points: float,
    answered: bool,
    fraction: float,
    correct: bool | None,
    etiquette: EtiquetteReport | None = None,
) -> GradeResult:
    return GradeResult(
        question_id=question.id,
        type=question.type,
        points=round(max_points * fraction, 4),
        max_points=max_points,
        fraction=fraction,
        correct=correct,
        answered=answered,
        needs_manual=correct is None,
        ref=question.ref,
        explanation=question.explanation,
        etiquette=etiquette,
    )
