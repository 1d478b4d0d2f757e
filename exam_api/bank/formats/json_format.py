"""JSON export and import: our own models, lossless."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter, ValidationError

from exam_api.bank.formats.errors import FormatError
from exam_api.bank.models import Question

FORMAT_NAME = "kefu-question-bank"
VERSION = 1
_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)


def export_json(questions: list[Question]) -> tuple[str, list[str]]:
    data = {
        "format": FORMAT_NAME,
        "version": VERSION,
        "questions": [q.model_dump(mode="json") for q in questions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n", []


def import_json(text: str) -> tuple[list[Question], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError("JSON", [f"JSON 第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}"]) from exc
    items = _question_list(data)
    questions: list[Question] = []
    issues: list[str] = []
    seen: set[str] = set()
    for pos, item in enumerate(items, 1):
        qid = item.get("id") if isinstance(item, dict) else None
        where = f"JSON 第 {pos} 题" + (f"「{qid}」" if qid else "")
        try:
            question = _ADAPTER.validate_python(item)
        except ValidationError as exc:
            issues.append(f"{where}：{_message(exc)}")
            continue
        if question.id in seen:
            issues.append(f"{where}：题目编号重复")
        seen.add(question.id)
        questions.append(question)
    if issues:
        raise FormatError("JSON", issues)
    return questions, []


def _question_list(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("questions"), list):
        if data.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise FormatError("JSON", [f"不是本系统的题库文件（format 应为 {FORMAT_NAME}）"])
        return list(data["questions"])
    if isinstance(data, list):
        return data
    raise FormatError("JSON", ["JSON 顶层应为题目列表，或含 questions 列表的对象"])


def _message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "题目"
        parts.append(f"{loc}: {err['msg'].removeprefix('Value error, ')}")
    return "；".join(parts)
