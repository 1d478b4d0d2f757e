"""Question models: shorthands, validation and the discriminated union."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from exam_api.bank.models import FillBlank, Numeric, Question, QuestionFile

ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
BASE: dict[str, Any] = {"id": "kpi-001", "stem": "题干", "ref": "kpi-bands", "explanation": "e"}


@pytest.mark.parametrize(
    ("key", "value", "tolerance"),
    [(80, 80.0, 0.0), (2.5, 2.5, 0.0), ({"value": 80, "tolerance": 1}, 80.0, 1.0)],
)
def test_numeric_key_shorthands(key: Any, value: float, tolerance: float) -> None:
    q = ADAPTER.validate_python({**BASE, "type": "numeric", "key": key})
    assert isinstance(q, Numeric) and (q.key.value, q.key.tolerance) == (value, tolerance)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("首问负责制", ("首问负责制",)), ([7, "7天"], ("7", "7天")), ([2.0, 2.5], ("2", "2.5"))],
)
def test_fill_key_accepts_one_text_or_numbers(key: Any, expected: tuple[str, ...]) -> None:
    q = ADAPTER.validate_python({**BASE, "type": "fill_blank", "key": key})
    assert isinstance(q, FillBlank) and q.key == expected


@pytest.mark.parametrize(
    "data",
    [
        {"type": "fill_blank", "key": ["  "]},
        {"type": "numeric", "key": {"value": 1, "tolerance": -1}},
        {"type": "true_false", "key": True, "points": 0},
        {"type": "single_choice", "options": [{"id": "a", "text": "x"}], "key": "a"},
        {"type": "single_choice", "options": [{"id": "A", "text": "x"}, {"id": "b", "text": "y"}],
         "key": "b"},
        {"type": "true_false", "key": True, "id": "bad id"},
    ],
)  # fmt: skip
def test_invalid_questions(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({**BASE, **data})


def test_models_are_frozen_and_json_round_trip() -> None:
    q = ADAPTER.validate_python(
        {**BASE, "type": "matching",
         "prompts": [{"id": "p1", "text": "A"}, {"id": "p2", "text": "B"}],
         "options": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}, {"id": "c", "text": "z"}],
         "key": {"p1": "b", "p2": "b"}}
    )  # fmt: skip
    assert ADAPTER.validate_json(ADAPTER.dump_json(q)) == q
    with pytest.raises(ValidationError):
        q.stem = "changed"  # type: ignore[misc]
    assert QuestionFile(area="kpi", questions=(q,)).questions[0] is q
