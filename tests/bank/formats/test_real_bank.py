"""The department's own bank survives a round trip through GIFT, Moodle XML and JSON."""

from __future__ import annotations

import pytest

from exam_api.bank.formats import export_bank, import_text
from exam_api.bank.loader import load_bank_with_policy
from exam_api.policy import load_policy


@pytest.fixture(scope="module")
def bank_questions() -> list:
    questions = list(load_bank_with_policy(policy=load_policy()).questions)
    assert questions, "question_bank/ is empty"
    return questions


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "json"])
def test_real_bank_round_trips(bank_questions: list, fmt: str) -> None:
    text, warnings = export_bank(bank_questions, fmt)
    assert not any("未导出" in w for w in warnings)
    back, import_warnings = import_text(text, fmt)
    assert back == bank_questions
    assert import_warnings == []
