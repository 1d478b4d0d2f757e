"""GIFT parser rules, one table row per rule of Moodle's parser, and bad input."""

from __future__ import annotations

import pytest

from exam_api.bank.formats import FormatError, import_text


def _one(text: str) -> object:
    questions, _ = import_text(text, "gift")
    assert len(questions) == 1
    return questions[0]


@pytest.mark.parametrize(
    ("gift", "qtype", "stem", "key"),
    [
        ("Q?{~a ~b =c}", "single_choice", "Q?", "c"),
        ("Grant is {~buried =entombed} here.", "single_choice", "Grant is _____ here.", "b"),
        ("Q?{~%50%a ~%50%b ~%-100%c}", "multiple_choice", "Q?", ("a", "b")),
        ("Q?{T}", "true_false", "Q?", True),
        ("Q?{FALSE#wrong#right####general}", "true_false", "Q?", False),
        ("Q?{=no one =nobody}", "fill_blank", "Q?", ("no one", "nobody")),
        ("Q?{foo}", "fill_blank", "Q?", ("foo",)),
        ("Q?{=a -> b =c -> d}", "matching", "Q?", {"p1": "a", "p2": "b"}),
        ("Q?{}", "essay", "Q?", None),
        ("::名称::[markdown]**粗体**{}", "essay", "**粗体**", None),
        ("[unknown]x{}", "essay", "[unknown]x", None),
        (
            "Q?{>3 ALL VERTICAL ALL_OR_NOTHING SHOW none\n甲\n乙\n丙\n}",
            "ordering",
            "Q?",
            ("a", "b", "c"),
        ),
        (
            "问\\{括号\\}\\: \\# \\= \\~ \\\\ 反斜杠\\n换行{}",
            "essay",
            "问{括号}: # = ~ \\ 反斜杠\n换行",
            None,
        ),
        ("　全角空格开头{}", "essay", "　全角空格开头", None),
    ],
)
def test_gift_rules(gift: str, qtype: str, stem: str, key: object) -> None:
    question = _one(gift)
    assert question.type == qtype  # type: ignore[attr-defined]
    assert question.stem == stem  # type: ignore[attr-defined]
    if key is not None:
        assert question.key == key  # type: ignore[attr-defined]


def test_numeric_forms() -> None:
    assert _one("Q{#1822:1}").key.model_dump() == {"value": 1822.0, "tolerance": 1.0}  # type: ignore[attr-defined]
    assert _one("Q{#-2.5}").key.model_dump() == {"value": -2.5, "tolerance": 0.0}  # type: ignore[attr-defined]
    ranged = _one("Q{#1..3}").key  # type: ignore[attr-defined]
    assert (ranged.value, ranged.tolerance) == (2.0, 1.0)


def test_comments_category_id_tags_and_blank_lines() -> None:
    text = (
        "// 注释\n$CATEGORY: $course$/top/leave\n\n"
        "// [id:leave-009] [tag:事假] [tag:时限]\n::名::题一{T}\n\n\n"
        "题二\n第二行{F}\n"
    )
    first, second = import_text(text, "gift")[0]
    assert (first.id, first.tags, first.area) == ("leave-009", ("事假", "时限"), "leave")
    assert second.stem == "题二\n第二行" and second.id == "gift-002" and second.area == "leave"


def test_description_is_reported_not_imported() -> None:
    questions, warnings = import_text("只是说明文字\n\nQ{T}", "gift")
    assert [q.type for q in questions] == ["true_false"]
    assert any("第 1 行" in w and "description" in w for w in warnings)


@pytest.mark.parametrize(
    ("gift", "line", "message"),
    [
        ("OK{T}\n\n\n坏题 { 缺右括号", 4, "花括号不成对"),
        ("坏题 } 反了 {", 1, "} 出现在 { 之前"),
        ("OK{T}\n\n配对{=a -> b =c}", 3, "->"),
        ("Q{#abc}", 1, "不是数字"),
        ("Q{#1:x}", 1, "误差不是数字"),
        ("Q{~only}", 1, "至少需要两个答案"),
        ("Q{~%--50%a ~b}", 1, "权重"),
        ("Q{~a ~b}", 1, "没有得分的选项"),
        ("Q{=%50%a}", 1, "满分"),
        ("// kefu: {bad json\nQ{T}", 1, "JSON"),
        ('// kefu: {"colour": 1}\nQ{T}', 1, "未知字段"),
        ("{T}", 1, "题干为空"),
    ],
)
def test_bad_input_names_the_line_and_refuses_the_whole_file(
    gift: str, line: int, message: str
) -> None:
    with pytest.raises(FormatError) as caught:
        import_text(gift, "gift")
    assert any(f"第 {line} 行" in i and message in i for i in caught.value.issues), (
        caught.value.issues
    )
    assert caught.value.code == "import_invalid"


def test_every_error_is_listed_at_once() -> None:
    with pytest.raises(FormatError) as caught:
        import_text("A{T\n\nB{#x}\n\nC{=a}", "gift")
    assert len(caught.value.issues) == 2
    assert "第 1 行" in caught.value.issues[0] and "第 3 行" in caught.value.issues[1]


def test_reserved_characters_and_unknown_format() -> None:
    with pytest.raises(FormatError):
        import_text("Q\ue001{T}", "gift")
    with pytest.raises(FormatError):
        import_text("Q{T}", "docx")
    with pytest.raises(FormatError):
        import_text("Q\x00{T}", "gift")
