"""Moodle XML import and export (``question/format/xml/format.php``).

Parsing uses defusedxml (no entity expansion, no external entities or DTDs). Moodle's
types map as in GIFT; ``ordering`` is qtype_ordering (standard since Moodle 4.4). Our
fields Moodle has no element for travel in a ``<!-- kefu: {…} -->`` comment inside the
question, which Moodle ignores.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from exam_api.bank.formats import meta
from exam_api.bank.formats.errors import FormatError, QuestionProblem
from exam_api.bank.formats.from_kefu import matching_duplicates, to_moodle
from exam_api.bank.formats.moodle_model import MoodleAnswer, MoodleQuestion, php_number
from exam_api.bank.formats.to_kefu import to_questions
from exam_api.bank.formats.xml_write import write_quiz
from exam_api.bank.models import Numeric, Question

NATIVE = frozenset({"id", "tags", "area", "explanation", "points", "unit", "reference_answer"})
_FORMATS = {"moodle_auto_format": "moodle", "html": "html", "plain_text": "plain"}
_FORMATS |= {"markdown": "markdown", "wiki_like": "moodle"}


def import_moodle_xml(text: str) -> tuple[list[Question], list[str]]:
    root = _parse(text)
    entries: list[MoodleQuestion] = []
    issues: list[str] = []
    category: str | None = None
    for position, node in enumerate(root.findall("question"), 1):
        qtype = node.get("type", "")
        if qtype == "category":
            category = _text(node, "category")
            continue
        try:
            mq = _read_question(node, qtype)
        except (QuestionProblem, ValueError) as exc:
            name = _text(node, "name")
            issues.append(f"Moodle XML 第 {position} 个 <question>「{name}」：{exc}")
            continue
        mq.position, mq.category = position, category
        entries.append(mq)
    return to_questions(entries, "Moodle XML", "moodle", _where, issues)


def _where(mq: MoodleQuestion) -> str:
    return f"Moodle XML 第 {mq.position} 个 <question>「{mq.label()}」"


def _parse(text: str) -> ET.Element:
    parser = DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(text.removeprefix("\ufeff"))
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        raise FormatError("Moodle XML", [f"XML 第 {line} 行第 {column} 列格式错误"]) from exc
    except DefusedXmlException as exc:
        raise FormatError("Moodle XML", [f"XML 含有不允许的实体或 DTD：{exc}"]) from exc
    if root.tag != "quiz":
        raise FormatError("Moodle XML", [f"根元素应为 <quiz>，实为 <{root.tag}>"])
    return root


def _text(node: ET.Element | None, path: str = "") -> str:
    """Moodle's ``import_text``: the trimmed ``<text>`` under ``path``."""
    found = node.find(f"{path}/text" if path else "text") if node is not None else None
    return (found.text or "").strip(" \t\n\r\0\x0b") if found is not None else ""


def _read_question(node: ET.Element, qtype: str) -> MoodleQuestion:
    qtype = {"matching": "match", "cloze": "multianswer"}.get(qtype, qtype)
    mq = MoodleQuestion(qtype=qtype, name=_text(node, "name"), text=_text(node, "questiontext"))
    if node.find("name") is None:
        raise QuestionProblem("缺少 <name>")
    text_node = node.find("questiontext")
    fmt = text_node.get("format", "html") if text_node is not None else "html"
    mq.text_format = _FORMATS.get(fmt, "html")
    mq.general_feedback = _text(node, "generalfeedback")
    mq.idnumber = (node.findtext("idnumber") or "").strip()
    mq.tags = [_text(t) for t in node.findall("tags/tag")]
    mark = node.findtext("defaultgrade")
    if mark is not None:
        mq.default_mark = _number(mark, "defaultgrade")
    for child in node:
        if child.tag is ET.Comment and child.text and meta.decode(child.text) is not None:
            mq.meta = meta.decode(child.text) or {}
    _READERS.get(qtype, lambda n, q: None)(node, mq)
    return mq


def _number(text: str, what: str) -> float:
    value = php_number(text)
    if value is None:
        raise QuestionProblem(f"<{what}> 不是数字：{text}")
    return value


def _answers(node: ET.Element, mq: MoodleQuestion) -> None:
    for a in node.findall("answer"):
        fraction = _number(a.get("fraction", "0"), "answer fraction") / 100
        tolerance = a.findtext("tolerance")
        mq.answers.append(
            MoodleAnswer(
                text=_text(a),
                fraction=fraction,
                feedback=_text(a, "feedback"),
                tolerance=_number(tolerance, "tolerance") if tolerance else None,
            )
        )


def _multichoice(node: ET.Element, mq: MoodleQuestion) -> None:
    single = (node.findtext("single") or "true").strip()
    mq.single = single not in ("false", "", "0")
    _answers(node, mq)


def _truefalse(node: ET.Element, mq: MoodleQuestion) -> None:
    """Answers named true/false (old files: first is true); the last answer decides."""
    _answers(node, mq)
    feedback = {"true": "", "false": ""}
    for i, answer in enumerate(mq.answers):
        label = answer.text if answer.text in feedback else ("true" if i == 0 else "false")
        feedback[label] = answer.feedback
        full = abs(answer.fraction - 1.0) < 1e-9
        mq.correct = full if label == "true" else not full
    mq.tf_feedback = (feedback["true"], feedback["false"])
    mq.answers = []


def _numerical(node: ET.Element, mq: MoodleQuestion) -> None:
    _answers(node, mq)
    for unit in node.findall("units/unit"):
        name = (unit.findtext("unit_name") or "").strip()
        mq.units.append((name, _number(unit.findtext("multiplier") or "1", "multiplier")))


def _match(node: ET.Element, mq: MoodleQuestion) -> None:
    for sub in node.findall("subquestion"):
        mq.subquestions.append((_text(sub), _text(sub, "answer")))


def _essay(node: ET.Element, mq: MoodleQuestion) -> None:
    mq.grader_info = _text(node, "graderinfo")
    mq.response_template = _text(node, "responsetemplate")


def _ordering(node: ET.Element, mq: MoodleQuestion) -> None:
    mq.items = [_text(a) for a in node.findall("answer")]


_READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _answers,
    "numerical": _numerical,
    "match": _match,
    "essay": _essay,
    "ordering": _ordering,
}


def export_moodle_xml(questions: list[Question]) -> tuple[str, list[str]]:
    warnings: list[str] = []
    entries: list[MoodleQuestion] = []
    for q in questions:
        if matching_duplicates(q):
            warnings.append(f"{q.id}：配对选项文字重复（Moodle 会合并），未导出")
            continue
        if isinstance(q, Numeric) and not all(map(math.isfinite, (q.key.value, q.key.tolerance))):
            warnings.append(f"{q.id}：数值不是有限数，未导出")
            continue
        entries.append(to_moodle(q, NATIVE))
    if any(mq.meta for mq in entries):
        warnings.append(
            "Moodle XML 没有难度、规则引用、评分细则等字段：它们写在 <!-- kefu: --> 注释中，"
            "本系统导入时恢复，Moodle 导入时忽略"
        )
    return write_quiz(entries), warnings
