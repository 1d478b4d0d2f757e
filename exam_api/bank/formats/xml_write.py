"""Write Moodle questions as a Moodle XML ``<quiz>`` (the layout Moodle's exporter uses)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from exam_api.bank.formats import meta
from exam_api.bank.formats.from_kefu import number_text
from exam_api.bank.formats.moodle_model import MoodleQuestion

FORMAT = "moodle_auto_format"


def write_quiz(entries: list[MoodleQuestion]) -> str:
    quiz = ET.Element("quiz")
    category: str | None = None
    for mq in entries:
        if mq.category != category:
            category = mq.category
            node = ET.SubElement(quiz, "question", type="category")
            _text(
                ET.SubElement(node, "category"), f"$course$/top{'/' + category if category else ''}"
            )
        quiz.append(_question(mq))
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _text(parent: ET.Element, value: str) -> ET.Element:
    ET.SubElement(parent, "text").text = value
    return parent


def _rich(parent: ET.Element, tag: str, value: str) -> ET.Element:
    return _text(ET.SubElement(parent, tag, format=FORMAT), value)


def _question(mq: MoodleQuestion) -> ET.Element:
    qtype = {"match": "matching"}.get(mq.qtype, mq.qtype)
    node = ET.Element("question", type=qtype)
    if mq.meta:
        node.append(ET.Comment(" " + meta.encode(mq.meta).replace("--", "-\\u002d") + " "))
    _text(ET.SubElement(node, "name"), mq.name)
    _rich(node, "questiontext", mq.text)
    _rich(node, "generalfeedback", mq.general_feedback)
    ET.SubElement(node, "defaultgrade").text = number_text(mq.default_mark or 1.0)
    ET.SubElement(node, "penalty").text = "0.3333333"
    ET.SubElement(node, "hidden").text = "0"
    ET.SubElement(node, "idnumber").text = mq.idnumber
    _BODY[mq.qtype](node, mq)
    if mq.tags:
        tags = ET.SubElement(node, "tags")
        for tag in mq.tags:
            _text(ET.SubElement(tags, "tag"), tag)
    return node


def _answer(node: ET.Element, text: str, fraction: float) -> ET.Element:
    percent = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    answer = _text(ET.SubElement(node, "answer", fraction=percent, format=FORMAT), text)
    _rich(answer, "feedback", "")
    return answer


def _multichoice(node: ET.Element, mq: MoodleQuestion) -> None:
    ET.SubElement(node, "single").text = "true" if mq.single else "false"
    ET.SubElement(node, "shuffleanswers").text = "true"
    ET.SubElement(node, "answernumbering").text = "abc"
    for a in mq.answers:
        _answer(node, a.text, a.fraction)


def _truefalse(node: ET.Element, mq: MoodleQuestion) -> None:
    _answer(node, "true", 1.0 if mq.correct else 0.0)
    _answer(node, "false", 0.0 if mq.correct else 1.0)


def _shortanswer(node: ET.Element, mq: MoodleQuestion) -> None:
    ET.SubElement(node, "usecase").text = "0"
    for a in mq.answers:
        _answer(node, a.text, a.fraction)


def _numerical(node: ET.Element, mq: MoodleQuestion) -> None:
    for a in mq.answers:
        answer = _answer(node, a.text, a.fraction)
        ET.SubElement(answer, "tolerance").text = number_text(a.tolerance or 0.0)
    if mq.units:
        units = ET.SubElement(node, "units")
        for name, multiplier in mq.units:
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = number_text(multiplier)
            ET.SubElement(unit, "unit_name").text = name
        ET.SubElement(node, "showunits").text = "3"  # unit shown, not asked for


def _match(node: ET.Element, mq: MoodleQuestion) -> None:
    ET.SubElement(node, "shuffleanswers").text = "true"
    for prompt, answer in mq.subquestions:
        sub = _text(ET.SubElement(node, "subquestion", format=FORMAT), prompt)
        _text(ET.SubElement(sub, "answer"), answer)


def _essay(node: ET.Element, mq: MoodleQuestion) -> None:
    ET.SubElement(node, "responseformat").text = "editor"
    ET.SubElement(node, "responserequired").text = "1"
    ET.SubElement(node, "responsefieldlines").text = "15"
    _rich(node, "graderinfo", mq.grader_info)
    _rich(node, "responsetemplate", "")


def _ordering(node: ET.Element, mq: MoodleQuestion) -> None:
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL")):
        ET.SubElement(node, tag).text = value
    ET.SubElement(node, "selectcount").text = str(len(mq.items))
    ET.SubElement(node, "gradingtype").text = "ALL_OR_NOTHING"
    ET.SubElement(node, "showgrading").text = "SHOW"
    for position, item in enumerate(mq.items, 1):
        _answer(node, item, float(position) / 100)


_BODY = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "match": _match,
    "essay": _essay,
    "ordering": _ordering,
}
