"""Aiken import and export (Moodle's one-line multiple-choice format, one right answer).

Aiken carries a one-line question text, up to 26 options and the right letter; nothing
else. Only our single-choice questions can be exported; the others are reported.
"""

from __future__ import annotations

import re

from exam_api.bank.formats.moodle_model import MoodleAnswer, MoodleQuestion
from exam_api.bank.formats.to_kefu import to_questions
from exam_api.bank.models import Question, SingleChoice

_CHOICE = re.compile(r"^[A-Z][).][ \t]?")
_WS = " \t\n\r\0\x0b"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def import_aiken(text: str) -> tuple[list[Question], list[str]]:
    """Moodle's ``qformat_aiken::readquestions``; an unfinished question is an error."""
    entries: list[MoodleQuestion] = []
    issues: list[str] = []
    current: MoodleQuestion | None = None
    seen = 0
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, 1):
        line = raw.strip(_WS)
        if len(line.encode()) < 2:
            continue
        if _CHOICE.match(line) or line.startswith("ANSWER:"):
            if current is None:
                issues.append(f"Aiken 第 {number} 行：选项或 ANSWER 行之前没有题干")
                continue
            if line.startswith("ANSWER:"):
                problem = _finish(current, line)
                if problem:
                    issues.append(f"Aiken 第 {number} 行（第 {current.position} 题）：{problem}")
                entries.append(current)
                current = None
            else:
                current.answers.append(MoodleAnswer(line[2:].strip(_WS)))
            continue
        if current is not None:
            issues.append(f"Aiken 第 {current.line} 行（第 {current.position} 题）：缺少 ANSWER 行")
        seen += 1
        current = MoodleQuestion(qtype="multichoice", text=line, line=number, position=seen)
    if current is not None:
        issues.append(f"Aiken 第 {current.line} 行（第 {current.position} 题）：缺少 ANSWER 行")
    return to_questions(entries, "Aiken", "aiken", _where, issues)


def _where(mq: MoodleQuestion) -> str:
    return f"Aiken 第 {mq.line} 行（第 {mq.position} 题）"


def _finish(mq: MoodleQuestion, line: str) -> str | None:
    letter = line[len("ANSWER:") :].strip(_WS)[:1]
    if len(mq.answers) < 2:
        return "至少需要两个选项"
    index = LETTERS.find(letter) if letter else -1
    if index < 0 or index >= len(mq.answers):
        return f"ANSWER 的字母「{letter}」不对应任何选项"
    mq.answers[index].fraction = 1.0
    return None


def export_aiken(questions: list[Question]) -> tuple[str, list[str]]:
    blocks: list[str] = []
    warnings: list[str] = []
    for q in questions:
        reason = _cannot_write(q)
        if reason:
            warnings.append(f"{q.id}：{reason}，未导出")
            continue
        assert isinstance(q, SingleChoice)
        lines = [_one_line(q.stem)]
        lines += [f"{LETTERS[i]}) {_one_line(o.text)}" for i, o in enumerate(q.options)]
        lines.append(f"ANSWER: {LETTERS[q.option_ids().index(q.key)]}")
        blocks.append("\n".join(lines) + "\n")
        if "\n" in q.stem or any("\n" in o.text for o in q.options):
            warnings.append(f"{q.id}：Aiken 只能写一行，换行已改为空格")
    if blocks:
        warnings.append(
            "Aiken 只有题干、选项和答案：题目编号、解析、标签、分值、难度、规则引用都未导出"
        )
    return "\n".join(blocks), warnings


def _one_line(text: str) -> str:
    return " ".join(part.strip(_WS) for part in text.strip(_WS).splitlines() if part.strip(_WS))


def _cannot_write(q: Question) -> str | None:
    if not isinstance(q, SingleChoice):
        return f"Aiken 只能表示单选题（此题为 {q.type}）"
    if len(q.options) > len(LETTERS):
        return "Aiken 最多 26 个选项"
    stem = _one_line(q.stem)
    if _CHOICE.match(stem) or stem.startswith("ANSWER:") or len(stem.encode()) < 2:
        return "题干以「A)」「A.」或「ANSWER:」开头或过短，Aiken 会读错"
    if any(not _one_line(o.text) for o in q.options):
        return "有空白选项"
    return None
