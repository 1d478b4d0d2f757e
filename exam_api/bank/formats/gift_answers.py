"""The answer block of a GIFT question: Moodle's type tests and per-type parsers."""

from __future__ import annotations

import re

from exam_api.bank.formats.errors import QuestionProblem
from exam_api.bank.formats.gift_text import (
    drop_empty_first,
    escape_post,
    php_empty,
    php_trim,
    split_comment,
    take_weight,
    with_format,
)
from exam_api.bank.formats.moodle_model import MoodleAnswer, MoodleQuestion, php_number

# qtype_ordering's GIFT header (standard since Moodle 4.4), copied as Moodle writes it,
# including its missing "|" between "REL" and "LONGEST_ORDERED_SUBSET".
_SELECT = "(?:ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?"
_LAYOUT = "(?:HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?"
_GRADING = (
    "(?:ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    "RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    "RELATIVE_TO_CORRECT|RELATIVE|RELLONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?"
)
_SHOW = "(?:SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?"
_NUMBERING = "(?:none|123|abc|ABCD|iii|IIII)?"
ORDERING = re.compile(
    rf"^\s*>\s*(\d+)\s*({_SELECT})\s*({_LAYOUT})\s*({_GRADING})\s*({_SHOW})\s*({_NUMBERING})"
    r"\s*(.*?)\s*$",
    re.DOTALL | re.ASCII,
)
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def parse_answers(mq: MoodleQuestion, answers: str) -> None:
    """Decide the type as Moodle does and fill the answers of ``mq``."""
    ordering = ORDERING.match(answers) if answers else None
    if ordering:
        _ordering(mq, ordering.group(7))
    elif answers == "":
        mq.qtype = "essay"
    elif answers[0] == "#":
        _numerical(mq, answers[1:])
    elif "~" in answers:
        _multichoice(mq, answers)
    elif "=" in answers and "->" in answers:
        _match(mq, answers)
    else:
        check = answers
        if answers.find("#") > 0:
            check = php_trim(answers[: answers.find("#")])
        if check in TRUE_FALSE:
            _truefalse(mq, answers)
        else:
            _shortanswer(mq, answers)


def _ordering(mq: MoodleQuestion, body: str) -> None:
    # Moodle keeps escape placeholders in ordering items; we restore the characters.
    mq.qtype = "ordering"
    lines = [ln for ln in re.split(r"[\r\n]+", body) if not php_empty(ln)]
    mq.items = [escape_post(t) for t in (php_trim(ln) for ln in lines) if not php_empty(t)]


def _multichoice(mq: MoodleQuestion, answers: str) -> None:
    mq.qtype = "multichoice"
    mq.single = "=" in answers
    parts = drop_empty_first(answers.replace("=", "~=").split("~"))
    if len(parts) < 2:
        raise QuestionProblem("选择题至少需要两个答案")
    for part in parts:
        part = php_trim(part)
        weight: float | None = 0.0
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        else:
            found, part = take_weight(part)
            weight = found if found is not None else 0.0
        text, fmt, feedback = split_comment(part, mq.text_format)
        mq.answers.append(MoodleAnswer(text, weight, feedback, text_format=fmt))


def _match(mq: MoodleQuestion, answers: str) -> None:
    mq.qtype = "match"
    parts = drop_empty_first(answers.split("="))
    if len(parts) < 2:
        raise QuestionProblem("配对题至少需要两项")
    for part in parts:
        part = php_trim(part)
        marker = part.find("->")
        if marker < 0:
            raise QuestionProblem(f"配对题的每一项都要写成 =题干项 -> 答案：{escape_post(part)}")
        prompt = with_format(part[:marker], mq.text_format)[0]
        mq.subquestions.append((prompt, php_trim(escape_post(part[marker + 2 :]))))


def _truefalse(mq: MoodleQuestion, answers: str) -> None:
    mq.qtype = "truefalse"
    bits = answers.split("#", 2)
    value = with_format(php_trim(bits[0]), mq.text_format)[0]
    wrong = with_format(php_trim(bits[1]), mq.text_format)[0] if len(bits) > 1 else ""
    right = with_format(php_trim(bits[2]), mq.text_format)[0] if len(bits) > 2 else ""
    mq.correct = value in ("T", "TRUE")
    mq.tf_feedback = (right, wrong) if mq.correct else (wrong, right)


def _shortanswer(mq: MoodleQuestion, answers: str) -> None:
    mq.qtype = "shortanswer"
    parts = drop_empty_first(answers.split("="))
    if not parts:
        raise QuestionProblem("填空题没有答案")
    for part in parts:
        found, part = take_weight(php_trim(part))
        text, _, feedback = split_comment(part, mq.text_format)
        mq.answers.append(MoodleAnswer(text, 1.0 if found is None else found, feedback))


def _numerical(mq: MoodleQuestion, body: str) -> None:
    mq.qtype = "numerical"
    wrong = ""
    if "~" in body:
        cut = body.find("~")
        body, wrong = body[:cut], body[cut:]
    parts = drop_empty_first(body.split("="))
    if not parts:
        raise QuestionProblem("数值题没有答案")
    for part in parts:
        found, part = take_weight(php_trim(part))
        text, _, feedback = split_comment(part, mq.text_format)
        value, tolerance = _number_and_tolerance(text)
        mq.answers.append(MoodleAnswer(value, 1.0 if found is None else found, feedback, tolerance))
    if wrong:
        feedback = split_comment(wrong, mq.text_format)[2]
        mq.answers.append(MoodleAnswer("*", 0.0, feedback, None))


def _number_and_tolerance(text: str) -> tuple[str, float]:
    if text.find("..") > 0:
        low_text, high_text = text.split("..", 1)
        low, high = php_number(php_trim(low_text)), php_number(php_trim(high_text))
        if low is None or high is None:
            raise QuestionProblem(f"数值范围不是数字：{text}")
        middle = (low + high) / 2
        return repr(middle), high - middle
    if text.find(":") > 0:
        value, tol_text = text.split(":", 1)
        tolerance = php_number(php_trim(tol_text))
        if tolerance is None:
            raise QuestionProblem(f"数值题的误差不是数字：{text}")
        return php_trim(value), tolerance
    return php_trim(text), 0.0
