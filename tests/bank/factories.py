"""Small question builders for the bank tests."""

from __future__ import annotations

from typing import Any

from exam_api.bank.models import (
    Essay,
    FillBlank,
    Matching,
    MultipleChoice,
    Numeric,
    NumericKey,
    Option,
    Ordering,
    SingleChoice,
    TrueFalse,
)

COMMON: dict[str, Any] = {"stem": "题干", "ref": "swap-quota", "explanation": "解析"}


def opts(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(id=i, text=f"选项{i}") for i in ids)


def single(key: str = "b", **kw: Any) -> SingleChoice:
    return SingleChoice(id="t-single", options=opts("a", "b", "c", "d"), key=key, **COMMON | kw)


def multiple(key: tuple[str, ...] = ("a", "c"), **kw: Any) -> MultipleChoice:
    return MultipleChoice(id="t-multi", options=opts("a", "b", "c", "d"), key=key, **COMMON | kw)


def true_false(key: bool = True, **kw: Any) -> TrueFalse:
    return TrueFalse(id="t-tf", key=key, **COMMON | kw)


def fill(*accepted: str, **kw: Any) -> FillBlank:
    return FillBlank(id="t-fill", key=accepted or ("首问负责制",), **COMMON | kw)


def numeric(value: float = 2, tolerance: float = 0, **kw: Any) -> Numeric:
    return Numeric(id="t-num", key=NumericKey(value=value, tolerance=tolerance), **COMMON | kw)


def ordering(key: tuple[str, ...] = ("a", "b", "c", "d"), **kw: Any) -> Ordering:
    return Ordering(id="t-order", options=opts("a", "b", "c", "d"), key=key, **COMMON | kw)


def matching(**kw: Any) -> Matching:
    return Matching(
        id="t-match",
        prompts=tuple(Option(id=p, text=f"类型{p}") for p in ("p1", "p2", "p3", "p4")),
        options=opts("a", "b", "c", "d", "e"),  # e is a distractor
        key={"p1": "a", "p2": "b", "p3": "c", "p4": "d"},
        **COMMON | kw,
    )


def essay(etiquette: bool = True, **kw: Any) -> Essay:
    return Essay(id="t-essay", etiquette=etiquette, **COMMON | kw)
