"""Map Moodle questions (as a reader produced them) to our question models.

What Moodle has and we cannot keep (answer feedback, partial-credit answers, weights
other than our rule) is reported as a warning naming the question, never dropped
silently. A description (text without answers) is not a question: it is skipped with a
warning. Anything invalid is collected and the import is refused whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError

from exam_api.bank.formats import meta
from exam_api.bank.formats.errors import FormatError, QuestionProblem
from exam_api.bank.formats.moodle_model import MoodleAnswer, MoodleQuestion, php_number
from exam_api.bank.models import Question

FULL = 0.9999
_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
_AREA = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
Where = Callable[[MoodleQuestion], str]


def to_questions(
    entries: list[MoodleQuestion], fmt: str, prefix: str, where: Where, issues: list[str]
) -> tuple[list[Question], list[str]]:
    """Questions and warnings; raises ``FormatError`` listing every problem.

    ``issues`` holds the problems the reader already found (the import is refused whole).
    """
    warnings: list[str] = []
    drafts: list[tuple[MoodleQuestion, dict[str, Any]]] = []
    for mq in entries:
        if mq.qtype not in _MAPPERS:
            kind = "说明文字（description，没有答案）" if mq.qtype == "description" else mq.qtype
            warnings.append(f"{where(mq)}：{kind} 不是本系统的题型，未导入")
            continue
        lost: list[str] = []
        try:
            data = _common(mq, lost)
            data.update(_MAPPERS[mq.qtype](mq, lost))
            meta.apply(data, mq.meta)
        except (QuestionProblem, ValueError) as exc:
            issues.append(f"{where(mq)}：{exc}")
            continue
        if lost:
            warnings.append(f"{where(mq)}：" + "；".join(lost))
        drafts.append((mq, data))
    ids, id_warnings = meta.assign_ids([(mq.position, mq.idnumber) for mq, _ in drafts], prefix)
    warnings.extend(id_warnings)
    questions: list[Question] = []
    for (mq, data), qid in zip(drafts, ids, strict=True):
        try:
            questions.append(_ADAPTER.validate_python({**data, "id": qid}))
        except ValidationError as exc:
            issues.append(f"{where(mq)}：{_pydantic_message(exc)}")
    if issues:
        raise FormatError(fmt, issues)
    return questions, warnings


def _pydantic_message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"][1:] if not isinstance(p, int)) or "题目"
        parts.append(f"{loc}: {err['msg'].removeprefix('Value error, ')}")
    return "；".join(parts)


def _common(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    if not mq.text.strip():
        raise QuestionProblem("题干为空")
    if mq.text_format == "html":
        lost.append("题干为 HTML 格式，标签按原样保留")
    data: dict[str, Any] = {"type": "", "stem": mq.text, "tags": list(mq.tags)}
    if mq.general_feedback:
        data["explanation"] = mq.general_feedback
    if mq.default_mark is not None:
        if mq.default_mark > 0:
            data["points"] = mq.default_mark
        else:
            lost.append(f"分值 {mq.default_mark:g} 不是正数，按 1 分导入")
    area = (mq.category or "").rstrip("/").rsplit("/", 1)[-1].strip()
    if area and area != "top" and _AREA.match(area):
        data["area"] = area
    return data


def _options(answers: list[MoodleAnswer]) -> list[dict[str, str]]:
    ids = meta.option_ids(len(answers))
    return [{"id": i, "text": a.text} for i, a in zip(ids, answers, strict=True)]


def _feedback_lost(answers: list[MoodleAnswer], lost: list[str]) -> None:
    if any(a.feedback for a in answers):
        lost.append("答案反馈不保留")


def _multichoice(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    options = _options(mq.answers)
    _feedback_lost(mq.answers, lost)
    if mq.single:
        full = [o["id"] for o, a in zip(options, mq.answers, strict=True) if a.fraction >= FULL]
        if not full:
            raise QuestionProblem("单选题没有满分（=）答案")
        if len(full) > 1:
            lost.append(f"有 {len(full)} 个满分答案，只保留第一个为正确答案")
        if any(a.fraction < FULL and a.fraction != 0 for a in mq.answers):
            lost.append("部分得分的选项权重不保留（本系统单选题只有一个正确答案）")
        return {"type": "single_choice", "options": options, "key": full[0]}
    key = [o["id"] for o, a in zip(options, mq.answers, strict=True) if a.fraction > 0]
    if not key:
        raise QuestionProblem("多选题没有得分的选项")
    share = 1 / len(key)
    canonical = all(
        abs(a.fraction - (share if a.fraction > 0 else -share)) < 1e-4 for a in mq.answers
    )
    if not canonical:
        weights = "、".join(f"{a.fraction * 100:g}%" for a in mq.answers)
        lost.append(f"选项权重（{weights}）不保留，按本系统多选题评分规则评分")
    return {"type": "multiple_choice", "options": options, "key": key}


def _truefalse(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    if any(mq.tf_feedback):
        lost.append("判断题的对/错反馈不保留")
    return {"type": "true_false", "key": bool(mq.correct)}


def _shortanswer(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    full = [a.text for a in mq.answers if a.fraction >= FULL]
    if not full:
        raise QuestionProblem("填空题没有满分答案")
    partial = [f"{a.text}（{a.fraction * 100:g}%）" for a in mq.answers if 0 < a.fraction < FULL]
    if partial:
        lost.append("部分得分答案不保留：" + "、".join(partial))
    zero = [a.text for a in mq.answers if a.fraction <= 0]
    if zero:
        lost.append("0 分答案不保留：" + "、".join(zero))
    if any("*" in t for t in full):
        lost.append("答案中的通配符 * 在本系统按字面比较")
    _feedback_lost(mq.answers, lost)
    return {"type": "fill_blank", "key": full}


def _numerical(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    full = [a for a in mq.answers if a.fraction >= FULL and a.text != "*"]
    if not full:
        raise QuestionProblem("数值题没有满分答案")
    if len(full) > 1:
        lost.append("有多个满分答案，只保留第一个")
    if any(0 < a.fraction < FULL for a in mq.answers):
        lost.append("部分得分答案不保留")
    if any(a.text == "*" for a in mq.answers) or any(a.feedback for a in mq.answers):
        lost.append("答案反馈不保留")
    value = php_number(full[0].text)
    if value is None:
        raise QuestionProblem(f"数值题的答案不是数字：{full[0].text}")
    data: dict[str, Any] = {"type": "numeric"}
    data["key"] = {"value": value, "tolerance": abs(full[0].tolerance or 0.0)}
    units = [u for u, mult in mq.units if mult == 1]
    if units:
        data["unit"] = units[0]
    if len(mq.units) > len(units[:1]):
        lost.append("其他单位（换算倍数）不保留")
    return data


def _match(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    pairs = [(p, a) for p, a in mq.subquestions if p]
    texts: list[str] = []
    for _, answer in mq.subquestions:
        if not answer:
            raise QuestionProblem("配对题有空的答案项")
        if answer not in texts:
            texts.append(answer)
    prompts = [
        {"id": i, "text": p} for i, (p, _) in zip(meta.prompt_ids(len(pairs)), pairs, strict=True)
    ]
    options = [
        {"id": i, "text": t} for i, t in zip(meta.option_ids(len(texts)), texts, strict=True)
    ]
    by_text = {o["text"]: o["id"] for o in options}
    key = {pr["id"]: by_text[a] for pr, (_, a) in zip(prompts, pairs, strict=True)}
    return {"type": "matching", "prompts": prompts, "options": options, "key": key}


def _essay(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "essay"}
    if mq.grader_info:
        data["reference_answer"] = mq.grader_info
    if mq.response_template:
        lost.append("答题模板（responsetemplate）不保留")
    return data


def _ordering(mq: MoodleQuestion, lost: list[str]) -> dict[str, Any]:
    options = _options([MoodleAnswer(text=t) for t in mq.items])
    return {"type": "ordering", "options": options, "key": [o["id"] for o in options]}


_MAPPERS: dict[str, Callable[[MoodleQuestion, list[str]], dict[str, Any]]] = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "match": _match,
    "essay": _essay,
    "ordering": _ordering,
}
