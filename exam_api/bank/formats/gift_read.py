"""Read a GIFT file into Moodle questions, following Moodle's own parser step by step.

Questions are separated by blank lines; ``//`` lines are comments (Moodle 3.6+ reads
``[id:…]`` and ``[tag:…]`` in them; we also read our ``// kefu: {…}`` line);
``$CATEGORY:`` sets the category; ``::name::`` names a question; the first ``{…}`` holds
the answers, and text after it makes a "missing word" question whose text keeps
``_____`` where the answers were. The type follows Moodle's order of tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exam_api.bank.formats import meta
from exam_api.bank.formats.errors import QuestionProblem
from exam_api.bank.formats.gift_answers import parse_answers
from exam_api.bank.formats.gift_text import (
    default_name,
    escape_post,
    escape_pre,
    php_empty,
    php_trim,
    with_format,
)
from exam_api.bank.formats.moodle_model import MoodleQuestion

BLANK = "_____"
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")


@dataclass
class Block:
    line: int  # first line of the block in the file
    lines: list[str]

    def label(self) -> str:
        body = [ln for ln in self.lines if not ln.startswith("//")]
        return body[0][:30] if body else ""


def split_blocks(text: str) -> list[Block]:
    """``qformat_default::readquestions``: trimmed lines, blank lines end a question."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = php_trim(raw)
        if php_empty(line):
            if current:
                blocks.append(Block(start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(Block(start, current))
    return blocks


def read_block(block: Block) -> MoodleQuestion | str | None:
    """A question, a category path (str) or None for a block of comments only."""
    comments = [ln for ln in block.lines if ln.startswith("//")]
    body = [" " if ln.startswith("//") else ln for ln in block.lines]
    text = php_trim("\n".join(body))
    if text == "":
        return None
    text = escape_pre(text)
    if text.startswith("$CATEGORY:"):
        return escape_post(php_trim(text[10:]))
    mq = MoodleQuestion(qtype="", line=block.line)
    _read_comments(mq, comments)
    text = _read_name(mq, text)
    question_text, answer_text, description = _split_answers(text)
    general = ""
    cut = answer_text.rfind("####")
    if cut >= 0:
        general = answer_text[cut + 4 :]
        answer_text = php_trim(answer_text[:cut])
    mq.text, mq.text_format = with_format(question_text)
    mq.general_feedback = with_format(general, mq.text_format)[0]
    if not mq.name:
        mq.name = default_name(mq.text)
    if description:
        mq.qtype = "description"
    else:
        parse_answers(mq, answer_text)
    return mq


def _read_comments(mq: MoodleQuestion, comments: list[str]) -> None:
    joined = "\n".join(comments)
    found = _ID.search(joined)
    if found:
        mq.idnumber = found.group(1).strip().replace("\\]", "]")
    mq.tags = [t.strip().replace("\\]", "]") for t in _TAG.findall(joined)]
    for comment in comments:
        data = meta.decode(comment[2:])
        if data is not None:
            mq.meta = data


def _read_name(mq: MoodleQuestion, text: str) -> str:
    if not text.startswith("::"):
        return text
    text = text[2:]
    end = text.find("::")
    if end < 0:
        return text
    mq.name = re.sub(r"<[^>]*>", "", escape_post(text[:end])).strip()
    return php_trim(text[end + 2 :])


def _split_answers(text: str) -> tuple[str, str, bool]:
    """(question text, answer text, is a description) as Moodle cuts them."""
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        return text, "", True
    if start < 0 or finish < 0:
        raise QuestionProblem("花括号不成对：缺少 { 或 }（文字中的花括号要写成 \\{ \\}）")
    if finish < start:
        raise QuestionProblem("} 出现在 { 之前（文字中的花括号要写成 \\{ \\}）")
    answers = php_trim(text[start + 1 : finish])
    filler = "" if text.endswith("}") else BLANK
    return text[:start] + filler + text[finish + 1 :], answers, False
