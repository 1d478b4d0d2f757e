"""Both GIFT files published by Moodle import with the types and keys Moodle gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from exam_api.bank.formats import import_text
from exam_api.bank.formats.gift_read import read_block, split_blocks
from exam_api.bank.formats.moodle_model import MoodleQuestion

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "interop" / "moodle"
QUESTIONS = SHARED / "questions.gift.txt"
EXAMPLES = SHARED / "examples.gift.txt"


def test_the_moodle_files_are_there() -> None:
    assert QUESTIONS.is_file(), QUESTIONS
    assert EXAMPLES.is_file(), EXAMPLES


def _moodle(path: Path) -> list[MoodleQuestion]:
    entries = [read_block(b) for b in split_blocks(path.read_text(encoding="utf-8"))]
    return [e for e in entries if isinstance(e, MoodleQuestion)]


# (first line, Moodle's qtype, our type, our key) — key ids follow the answer order.
QUESTIONS_TABLE = [
    (1, "essay", "essay", None),
    (4, "match", "matching", {"p1": "a", "p2": "b", "p3": "c", "p4": "d"}),
    (13, "multichoice", "single_choice", "a"),
    (21, "multichoice", "multiple_choice", ("a", "c")),
    (30, "numerical", "numeric", (3.0, 2.0)),
    (33, "shortanswer", "fill_blank", ("Frog",)),
    (40, "truefalse", "true_false", False),
    (45, "truefalse", "true_false", True),
    (48, "truefalse", "true_false", True),
]

EXAMPLES_TABLE = [
    (8, "multichoice", "single_choice", "c"),
    (10, "multichoice", "single_choice", "b"),
    (12, "truefalse", "true_false", False),
    (14, "shortanswer", "fill_blank", ("no one", "nobody")),
    (16, "numerical", "numeric", (1822.0, 1.0)),
    (25, "multichoice", "single_choice", "c"),
    (27, "multichoice", "single_choice", "b"),
    (29, "multichoice", "single_choice", "c"),
    (35, "multichoice", "single_choice", "b"),
    (43, "shortanswer", "fill_blank", ("no one", "nobody")),
    (45, "shortanswer", "fill_blank", ("four", "4")),
    (49, "truefalse", "true_false", False),
    (51, "truefalse", "true_false", True),
    (55, "match", "matching", {"p1": "a", "p2": "b", "p3": "c"}),
    (61, "match", "matching", {"p1": "a", "p2": "b", "p3": "c", "p4": "d"}),
    (70, "numerical", "numeric", (1822.0, 0.0)),
    (72, "numerical", "numeric", (3.1415, 0.0005)),
    (74, "numerical", "numeric", (3.1415, 0.0005)),
    (76, "numerical", "numeric", (1822.0, 0.0)),
    (84, "numerical", "numeric", (4.0, 0.0)),
    (90, "shortanswer", "fill_blank", ("China",)),
    (93, "multichoice", "single_choice", "c"),
    (98, "multichoice", "single_choice", "c"),
    (103, "shortanswer", "fill_blank", ("no one", "nobody")),
    (107, "shortanswer", "fill_blank", ("no one", "nobody")),
    (112, "truefalse", "true_false", False),
    (115, "multichoice", "single_choice", "c"),
    (117, "multichoice", "single_choice", "d"),
    (123, "shortanswer", "fill_blank", ("Nazareth",)),
    (130, "multichoice", "multiple_choice", ("b", "c")),
    (136, "multichoice", "multiple_choice", ("b", "c")),
    (142, "multichoice", "single_choice", "b"),
    (148, "multichoice", "single_choice", "f"),
    (167, "multichoice", "single_choice", "c"),
    (169, "multichoice", "single_choice", "b"),
    (171, "truefalse", "true_false", False),
    (173, "shortanswer", "fill_blank", ("no one", "nobody")),
    (175, "numerical", "numeric", (1822.0, 5.0)),
    (177, "match", "matching", {"p1": "a", "p2": "b", "p3": "c"}),
    (184, "multichoice", "single_choice", "b"),
    (190, "multichoice", "single_choice", "c"),
    (195, "shortanswer", "fill_blank", ("Nazareth",)),
    (201, "numerical", "numeric", (1822.0, 0.0)),
]


def _key(question: object) -> object:
    key = getattr(question, "key", None)
    if hasattr(key, "value"):
        return (round(key.value, 6), round(key.tolerance, 6))  # type: ignore[union-attr]
    return key


@pytest.mark.parametrize(
    ("path", "table"), [(QUESTIONS, QUESTIONS_TABLE), (EXAMPLES, EXAMPLES_TABLE)]
)
def test_every_question_gets_moodles_type_and_key(path: Path, table: list[tuple]) -> None:
    moodle = _moodle(path)
    questions, _ = import_text(path.read_text(encoding="utf-8"), "gift")
    assert [(m.line, m.qtype) for m in moodle] == [(row[0], row[1]) for row in table]
    assert len(questions) == len(table)  # no description in these files: all are imported
    for question, (line, _, our_type, key) in zip(questions, table, strict=True):
        assert question.type == our_type, line
        if key is not None:
            expected = tuple(round(v, 6) for v in key) if our_type == "numeric" else key
            assert _key(question) == expected, line


def test_questions_file_details_as_moodles_own_unit_tests() -> None:
    questions, warnings = import_text(QUESTIONS.read_text(encoding="utf-8"), "gift")
    by_id = {q.id: q for q in questions}
    match = by_id["gift-002"]
    assert match.stem == "Match the <b>activity</b> to the description."
    assert [o.text for o in match.options] == ["Forum", "Choice", "Database", "Wiki", "Chat"]
    assert match.prompts[1].text.startswith("A teacher asks a question")
    assert by_id["gift-001"].stem == "How are you?"
    assert [o.text for o in by_id["gift-004"].options] == ["yellow", "red", "off-beige", "blue"]
    numeric = by_id["gift-005"]
    assert numeric.stem == 'What is a number from 1 to 5? _____";'  # text after } = missing word
    true_false = by_id["gift-007"]
    assert (
        true_false.explanation == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    )
    assert any("第 21 行" in w and "50%、-100%" in w for w in warnings)
    assert any("第 33 行" in w and "Cat（50%）" in w for w in warnings)


def test_examples_file_escapes_names_and_formats() -> None:
    questions, _ = import_text(EXAMPLES.read_text(encoding="utf-8"), "gift")
    texts = {q.stem: q for q in questions}
    control = texts["Which of the following is NOT a control character for the GIFT import format?"]
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]  # type: ignore[union-attr]
    equals = texts["Which answer equals 5?"]
    assert [o.text for o in equals.options] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]  # type: ignore[union-attr]
    assert "Grant is _____ in Grant's tomb." in texts
    assert "Japanese characters originally\ncame from what country?" in texts
    assert "Who's buried in **Grant's tomb**?" in texts  # [markdown] prefix removed
    assert (
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
        in texts
    )
