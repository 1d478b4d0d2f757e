"""Our questions exported and imported back are the same questions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exam_api.bank.formats import export_bank, import_text
from exam_api.bank.models import Essay, SingleChoice
from tests.bank.formats.samples import ADAPTER, QUESTIONS


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "json"])
def test_every_type_round_trips(fmt: str) -> None:
    assert {q.type for q in QUESTIONS} >= {
        "single_choice",
        "multiple_choice",
        "true_false",
        "fill_blank",
        "numeric",
        "ordering",
        "matching",
        "essay",
    }
    text, _ = export_bank(QUESTIONS, fmt)
    back, warnings = import_text(text, fmt)
    assert back == QUESTIONS
    assert warnings == []


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_export_reports_what_moodle_will_not_read(fmt: str) -> None:
    _, warnings = export_bank(QUESTIONS, fmt)
    assert len(warnings) == 1 and "Moodle 导入时忽略" in warnings[0]


def test_gift_output_is_moodles_syntax() -> None:
    text, _ = export_bank(QUESTIONS, "gift")
    assert "$CATEGORY: $course$/top/leave\n" in text
    assert "// [id:leave-001] [tag:事假] [tag:时限\\]]" in text
    assert "\\{括号\\} 冒号\\: 井号\\# 等号\\= 波浪\\~ 反斜杠\\\\" in text
    assert "\t=%100%" not in text  # no needless weights
    assert "\t~%33.33333%提前 7 天\n\t~%33.33333%主管审核\n" in text
    assert "\t~%-33.33333%口头申请即可\n" in text
    assert "客户来电由第一位接听者负责，称为{\n\t=首问负责\n\t=首问责任\n}制。" in text
    assert "{>6 ALL VERTICAL ALL_OR_NOTHING SHOW none\n倾听\n" in text
    assert "\t= -> 不予理睬\n" in text
    assert "{FALSE####每月最多两次。}" in text


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_what_the_format_cannot_carry_is_reported(fmt: str) -> None:
    bad = [
        ADAPTER.validate_python(
            {
                "id": "m-1",
                "type": "matching",
                "stem": "重复",
                "prompts": [{"id": "p1", "text": "a"}, {"id": "p2", "text": "b"}],
                "options": [{"id": "a", "text": "同"}, {"id": "b", "text": "同"}],
                "key": {"p1": "a", "p2": "b"},
            }
        ),
    ]
    if fmt == "gift":
        bad += [
            ADAPTER.validate_python(
                {"id": "f-1", "type": "fill_blank", "stem": "x", "key": ["a->b"]}
            ),
            ADAPTER.validate_python(
                {
                    "id": "o-1",
                    "type": "ordering",
                    "stem": "x",
                    "options": [{"id": "a", "text": "{甲}"}, {"id": "b", "text": "乙"}],
                    "key": ["a", "b"],
                }
            ),
        ]
    text, warnings = export_bank(bad, fmt)
    for q in bad:
        assert any(w.startswith(q.id) and "未导出" in w for w in warnings), q.id
    assert import_text(text, fmt)[0] == []


def test_aiken_carries_single_choice_only() -> None:
    text, warnings = export_bank(QUESTIONS, "aiken")
    back, _ = import_text(text, "aiken")
    singles = [q for q in QUESTIONS if isinstance(q, SingleChoice)]
    assert len(back) == len(singles) == 1
    assert back[0].options == singles[0].options and back[0].key == singles[0].key
    assert back[0].stem == singles[0].stem
    others = [q for q in QUESTIONS if not isinstance(q, SingleChoice)]
    for q in others:
        assert any(w.startswith(q.id) and "未导出" in w for w in warnings)
    assert any("解析" in w and "编号" in w for w in warnings)


TOKENS = [*"客服提现{}[]:#=~\\%-> _\n\tab0Z。，　", "####", "//", "->", "_____", "%50%", "[html]"]
texts = (
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda s: s.strip(" \t\n\r\0\x0b") == s and s.strip() != "")
)


@settings(max_examples=150, deadline=None)
@given(stem=texts, option=texts, explanation=texts)
def test_escaping_round_trips_through_gift(stem: str, option: str, explanation: str) -> None:
    q = ADAPTER.validate_python(
        {
            "id": "p-1",
            "type": "single_choice",
            "stem": stem,
            "explanation": explanation,
            "options": [{"id": "a", "text": option}, {"id": "b", "text": option + "乙"}],
            "key": "b",
        }
    )
    for fmt in ("gift", "moodle-xml"):
        text, _ = export_bank([q], fmt)
        assert import_text(text, fmt)[0] == [q], text


@settings(max_examples=80, deadline=None)
@given(stem=texts, answer=texts)
def test_essay_and_fill_blank_texts_round_trip(stem: str, answer: str) -> None:
    essay = Essay(id="e-1", stem=stem, reference_answer=answer, explanation=answer)
    fill = ADAPTER.validate_python(
        {"id": "f-1", "type": "fill_blank", "stem": stem, "key": [answer]}
    )
    for fmt in ("gift", "moodle-xml"):
        text, warnings = export_bank([essay, fill], fmt)
        carried = [q for q in (essay, fill) if not any(w.startswith(q.id) for w in warnings)]
        assert import_text(text, fmt)[0] == carried, text
