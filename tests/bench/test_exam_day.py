"""The exam-day benchmark runs end to end on both backends (a tiny run; timing not asserted)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench.exam_day import answer_for, main
from exam_api.bank.grading import grade
from exam_api.bank.render import render_for_trainee
from exam_api.exams.attempt_schemas import AnswerIn
from exam_api.exams.bank import get_bank


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_small_exam_day_has_no_errors(database: str, tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    argv = ["--database", database, "--trainees", "4", "--answers", "3", "--start-window", "0.5"]
    argv += [
        "--think-min",
        "0",
        "--think-max",
        "0.05",
        "--healthz-seconds",
        "0.5",
        "--workers",
        "1",
    ]
    main([*argv, "--json", str(out)])
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["failures"] == {}
    assert [figures[k]["count"] for k in ("login", "start", "save", "submit")] == [4, 4, 12, 4]
    assert figures["healthz"]["count"] > 0 and figures["healthz"]["errors"] == 0


def test_generated_answers_are_accepted_and_gradable_for_every_bank_question() -> None:
    rng = random.Random(1)
    for question in get_bank().questions:
        shown = render_for_trainee(question, seed="bench").model_dump(mode="json")
        answer = answer_for(shown, rng)
        AnswerIn.model_validate({"answer": answer})
        grade(question, answer)
