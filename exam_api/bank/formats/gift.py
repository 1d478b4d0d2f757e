"""GIFT import and export (Moodle's plain-text question format).

Import follows Moodle's parser (``gift_read``) and maps the result to our types
(``to_kefu``). Export writes what Moodle's own GIFT exporter would, plus a ``// [id:…]
[tag:…]`` line (Moodle 3.6+ reads it) and our ``// kefu: {…}`` metadata line.
"""

from __future__ import annotations

import re

from exam_api.bank.formats import meta
from exam_api.bank.formats.errors import FormatError, QuestionProblem
from exam_api.bank.formats.from_kefu import all_texts, matching_duplicates, number_text, to_moodle
from exam_api.bank.formats.gift_read import BLANK, read_block, split_blocks
from exam_api.bank.formats.gift_text import RESERVED, WEIGHT, escape
from exam_api.bank.formats.moodle_model import MoodleQuestion
from exam_api.bank.formats.to_kefu import to_questions
from exam_api.bank.models import FillBlank, Matching, Numeric, Ordering, Question

NATIVE = frozenset({"id", "tags", "area", "explanation"})
ORDERING_HEADER = "ALL VERTICAL ALL_OR_NOTHING SHOW none"


def import_gift(text: str) -> tuple[list[Question], list[str]]:
    if RESERVED.search(text):
        raise FormatError("GIFT", ["文件含有私用区字符 U+E000–U+E007，无法导入"])
    entries: list[MoodleQuestion] = []
    issues: list[str] = []
    category: str | None = None
    position = 0
    for block in split_blocks(text):
        try:
            result = read_block(block)
        except (QuestionProblem, ValueError) as exc:
            position += 1
            issues.append(f"GIFT 第 {block.line} 行（第 {position} 题「{block.label()}」）：{exc}")
            continue
        if isinstance(result, MoodleQuestion):
            position += 1
            result.position, result.category = position, category
            entries.append(result)
        elif isinstance(result, str):
            category = result
    return to_questions(entries, "GIFT", "gift", _where, issues)


def _where(mq: MoodleQuestion) -> str:
    return f"GIFT 第 {mq.line} 行（第 {mq.position} 题「{mq.label()}」）"


def export_gift(questions: list[Question]) -> tuple[str, list[str]]:
    parts: list[str] = []
    warnings: list[str] = []
    category: str | None = None
    uses_meta = False
    for q in questions:
        reason = cannot_write(q)
        if reason:
            warnings.append(f"{q.id}：{reason}，GIFT 无法表示，未导出")
            continue
        if q.area != category:
            category = q.area
            parts.append(f"$CATEGORY: $course$/top{'/' + category if category else ''}\n")
        mq = to_moodle(q, NATIVE)
        uses_meta = uses_meta or bool(mq.meta)
        parts.append(write_question(mq))
    if uses_meta:
        warnings.append(
            "GIFT 没有分值、难度、规则引用、单位、评分细则等字段：它们写在 // kefu: 注释中，"
            "本系统导入时恢复，Moodle 导入时忽略"
        )
    return "\n".join(parts), warnings


def cannot_write(q: Question) -> str | None:
    if any(RESERVED.search(t) for t in all_texts(q)):
        return "含有私用区字符 U+E000–U+E007"
    if isinstance(q, Numeric) and not all(map(_finite, (q.key.value, q.key.tolerance))):
        return "数值不是有限数"
    if isinstance(q, FillBlank) and any("->" in k for k in q.key):
        return "填空答案含有 ->（会被 Moodle 读成配对题）"
    if isinstance(q, Matching):
        if any("->" in p.text for p in q.prompts):
            return "配对题干项含有 ->"
        if matching_duplicates(q):
            return "配对选项文字重复（Moodle 会合并）"
    if isinstance(q, Ordering):
        bad = [o.text for o in q.options if _bad_item(o.text)]
        if bad:
            return f"排序项「{bad[0]}」含有 {{ }} \\ #### 换行，或以 // 开头，或为 0"
    return None


def _finite(value: float) -> bool:
    return value == value and abs(value) != float("inf")


def _bad_item(text: str) -> bool:
    stripped = text.strip(" \t")
    return (
        bool(re.search(r"[{}\\\n\r]|####", text))
        or stripped.startswith("//")
        or stripped in ("", "0")
        or bool(RESERVED.search(text))
    )


def write_question(mq: MoodleQuestion) -> str:
    head = [f"[id:{mq.idnumber}]"] + [f"[tag:{t.replace(']', chr(92) + ']')}]" for t in mq.tags]
    lines = ["// " + " ".join(head)]
    if mq.meta:
        lines.append("// " + meta.encode(mq.meta))
    lines.append(f"::{escape(mq.name)}::" + _place(mq.text, _block(mq)))
    return "\n".join(lines) + "\n"


def _text(text: str) -> str:
    return ("[moodle]" if text.startswith("[") else "") + escape(text)


def _place(stem: str, block: str) -> str:
    """Answers at a lone ``_____`` inside the stem (Moodle puts it back), else at the end."""
    runs = [m for m in re.finditer(r"_+", stem) if len(m.group()) == len(BLANK)]
    if len(runs) == 1 and stem.count(BLANK) == 1:
        before, after = stem[: runs[0].start()], stem[runs[0].end() :]
        if after.strip(" \t\n\r\0\x0b") and before.strip(" \t\n\r\0\x0b"):
            return _text(before) + block + escape(after)
    return _text(stem) + block


def _general(mq: MoodleQuestion, indent: str = "") -> str:
    if not mq.general_feedback:
        return ""
    return f"{indent}####{_text(mq.general_feedback)}" + ("\n" if indent else "")


def _block(mq: MoodleQuestion) -> str:
    if mq.qtype == "truefalse":
        return "{" + ("TRUE" if mq.correct else "FALSE") + _general(mq) + "}"
    if mq.qtype == "essay":
        return "{" + _general(mq) + "}"
    if mq.qtype == "ordering":
        items = "".join(f"{item.strip()}\n" for item in mq.items)
        header = f">{len(mq.items)} {ORDERING_HEADER}\n"
        return "{" + header + items + _general(mq) + "}"
    lines = "".join(f"\t{line}\n" for line in _answer_lines(mq))
    return "{" + ("#" if mq.qtype == "numerical" else "") + "\n" + lines + _general(mq, "\t") + "}"


def _answer_lines(mq: MoodleQuestion) -> list[str]:
    if mq.qtype == "multichoice":
        return [_choice(a.text, a.fraction, mq.single) for a in mq.answers]
    if mq.qtype == "shortanswer":
        return [
            "=" + ("%100%" if WEIGHT.match(escape(a.text)) else "") + _text(a.text)
            for a in mq.answers
        ]
    if mq.qtype == "numerical":
        return [f"={a.text}:{number_text(a.tolerance or 0.0)}" for a in mq.answers]
    return [f"={_text(p) if p else ''} -> {escape(a)}" for p, a in mq.subquestions]


def _choice(text: str, fraction: float, single: bool) -> str:
    if single and fraction == 1.0:
        return "=" + _text(text)
    if single:
        return "~" + ("%0%" if WEIGHT.match(escape(text)) else "") + _text(text)
    percent = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"~%{percent}%" + _text(text)
