"""Aiken as Moodle reads it; our JSON format."""

from __future__ import annotations

import pytest

from exam_api.bank.formats import FormatError, export_bank, import_text
from tests.bank.formats.samples import QUESTIONS

AIKEN = """客户要查询他人的账户信息，应当？
A) 直接告知
B. 婉拒并说明保密规定
C) 让他找经理
ANSWER: B

提现延迟时首先应？
A) 道歉并核实
B) 挂断电话
ANSWER: A
"""


def test_aiken_import() -> None:
    questions, warnings = import_text(AIKEN, "aiken")
    assert [(q.type, q.key) for q in questions] == [("single_choice", "b"), ("single_choice", "a")]  # type: ignore[union-attr]
    assert questions[0].options[1].text == "婉拒并说明保密规定"  # type: ignore[union-attr]
    assert [q.id for q in questions] == ["aiken-001", "aiken-002"] and warnings == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A) 没有题干\nANSWER: A", "第 1 行"),
        ("题一\nA) 甲\nB) 乙\n题二\nA) 丙\nB) 丁\nANSWER: A", "第 1 行（第 1 题）：缺少 ANSWER"),
        ("题一\nA) 甲\nB) 乙\nANSWER: C", "不对应任何选项"),
        ("题一\nA) 甲\nANSWER: A", "至少需要两个选项"),
        ("题一\nA) 甲\nB) 乙", "缺少 ANSWER"),
    ],
)
def test_bad_aiken(text: str, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        import_text(text, "aiken")
    assert any(message in issue for issue in caught.value.issues), caught.value.issues


def test_json_is_lossless_and_checked() -> None:
    text, warnings = export_bank(QUESTIONS, "json")
    assert import_text(text, "json") == (QUESTIONS, []) and warnings == []
    with pytest.raises(FormatError, match="第 2 行"):
        import_text('{"questions": [\n oops]}', "json")
    with pytest.raises(FormatError) as caught:
        import_text(
            '[{"id": "a-1", "type": "true_false", "stem": "x", "key": true},'
            ' {"id": "a-1", "type": "true_false", "stem": "y", "key": false},'
            ' {"id": "b-1", "type": "single_choice", "stem": "z",'
            '  "options": [{"id": "a", "text": "1"}, {"id": "b", "text": "2"}], "key": "c"}]',
            "json",
        )
    assert "第 2 题「a-1」：题目编号重复" in caught.value.issues[0]
    assert "第 3 题「b-1」" in caught.value.issues[1] and "c 不在选项中" in caught.value.issues[1]
