"""The paper editor's form: raw values in and out, and the typed request the service takes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from exam_api.core.errors import VALIDATION_TEXT
from exam_api.exams.schemas import PaperCreate, PaperPublic
from exam_api.web.templating import LOCAL_TZ

SECTION_ROWS = 12
SECTION_FIELDS = ("name", "area", "type", "tags", "count", "points")
REVIEW_MOMENTS = ("after_submit", "after_close")
REVIEW_OPTIONS = ("score", "correctness", "key", "explanation")
FIELD_LABELS = {
    "title": "试卷名称",
    "description": "说明",
    "content": "题目",
    "sections": "抽题规则",
    "question_ids": "固定题号",
    "time_limit_minutes": "时限",
    "pass_percent": "及格线",
    "attempts_allowed": "作答次数",
    "grading_method": "计分方式",
    "opens_at": "开放时间",
    "closes_at": "截止时间",
    "scoring": "部分得分",
    "assign": "布置对象",
}


def empty_form() -> dict[str, Any]:
    return {
        "title": "",
        "description": "",
        "mode": "blueprint",
        "question_ids": "",
        "sections": [blank_row() for _ in range(SECTION_ROWS)],
        "time_limit_minutes": "",
        "pass_percent": "",
        "attempts_allowed": "1",
        "grading_method": "highest",
        "opens_at": "",
        "closes_at": "",
        "shuffle_questions": True,
        "shuffle_options": True,
        "scoring": {
            "multiple_choice": "",
            "ordering": "all_or_nothing",
            "matching": "all_or_nothing",
        },
        "review": {
            m: {o: o == "score" or m == "after_close" for o in REVIEW_OPTIONS}
            for m in REVIEW_MOMENTS
        },
        "team_ids": [],
        "user_ids": [],
    }


def blank_row() -> dict[str, Any]:
    return {
        "name": "",
        "area": "",
        "type": "",
        "tags": "",
        "count": "",
        "points": "",
        "difficulty": [],
    }


def _local(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def form_from_paper(paper: PaperPublic) -> dict[str, Any]:
    form = empty_form()
    rows = [
        {
            "name": s.name or "",
            "area": s.area or "",
            "type": s.type or "",
            "tags": " ".join(s.tags),
            "count": str(s.count),
            "points": _num(s.points),
            "difficulty": [str(d) for d in s.difficulty],
        }
        for s in paper.sections or []
    ]
    form.update(
        title=paper.title,
        description=paper.description,
        mode="fixed" if paper.question_ids else "blueprint",
        question_ids="\n".join(paper.question_ids or []),
        sections=rows + [blank_row() for _ in range(max(2, SECTION_ROWS - len(rows)))],
        time_limit_minutes=str(paper.time_limit_minutes),
        pass_percent=_num(paper.pass_percent),
        attempts_allowed=str(paper.attempts_allowed),
        grading_method=paper.grading_method.value,
        opens_at=_local(paper.opens_at),
        closes_at=_local(paper.closes_at),
        shuffle_questions=paper.shuffle_questions,
        shuffle_options=paper.shuffle_options,
        scoring=paper.scoring.model_dump(),
        review=paper.review.model_dump(),
        team_ids=[str(i) for i in paper.assigned_team_ids],
        user_ids=[str(i) for i in paper.assigned_user_ids],
    )
    return form


def _text(data: FormData, name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _texts(data: FormData, name: str) -> list[str]:
    return [v for v in data.getlist(name) if isinstance(v, str)]


def form_from_request(data: FormData) -> dict[str, Any]:
    form = empty_form()
    rows = []
    for i in range(SECTION_ROWS):
        row = {f: _text(data, f"s{i}_{f}") for f in SECTION_FIELDS}
        row["difficulty"] = _texts(data, f"s{i}_difficulty")
        rows.append(row)
    for name in ("title", "description", "question_ids", "time_limit_minutes", "pass_percent"):
        form[name] = _text(data, name)
    for name in ("attempts_allowed", "grading_method", "opens_at", "closes_at"):
        form[name] = _text(data, name)
    form.update(
        mode="fixed" if _text(data, "mode") == "fixed" else "blueprint",
        sections=rows,
        shuffle_questions=bool(data.get("shuffle_questions")),
        shuffle_options=bool(data.get("shuffle_options")),
        scoring={
            k: _text(data, f"scoring_{k}") for k in ("multiple_choice", "ordering", "matching")
        },
        review={
            m: {o: bool(data.get(f"review_{m}_{o}")) for o in REVIEW_OPTIONS}
            for m in REVIEW_MOMENTS
        },
        team_ids=_texts(data, "team_ids"),
        user_ids=_texts(data, "user_ids"),
    )
    return form


class FormProblem(Exception):
    """The form cannot become a request; ``messages`` say why, in Chinese."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _number(text: str, label: str, integer: bool = False) -> int | float | None:
    if not text:
        return None
    try:
        return int(text) if integer else float(text)
    except ValueError:
        raise FormProblem([f"{label}：请填写{'整数' if integer else '数字'}"]) from None


def _moment(text: str, label: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)
    except ValueError:
        raise FormProblem([f"{label}：时间格式不正确"]) from None


def section_body(row: dict[str, Any], index: int) -> dict[str, Any] | None:
    """A section as the service takes it, or ``None`` for an unused row."""
    if not row["count"] and not any(row[f] for f in ("name", "area", "type", "tags", "points")):
        return None
    label = f"第 {index + 1} 行"
    body: dict[str, Any] = {"count": _number(row["count"], f"{label}题数", integer=True)}
    if body["count"] is None:
        raise FormProblem([f"{label}：请填写要抽取的题数"])
    for name in ("name", "area", "type"):
        if row[name]:
            body[name] = row[name]
    tags = [t for t in re.split(r"[\s,，、]+", row["tags"]) if t]
    if tags:
        body["tags"] = tags
    if row["difficulty"]:
        body["difficulty"] = [_number(d, f"{label}难度", integer=True) for d in row["difficulty"]]
    if row["points"]:
        body["points"] = _number(row["points"], f"{label}每题分值")
    return body


def content_body(form: dict[str, Any]) -> dict[str, Any]:
    if form["mode"] == "fixed":
        ids = [i for i in re.split(r"[\s,，、]+", form["question_ids"]) if i]
        return {"question_ids": ids}
    sections = [s for i, r in enumerate(form["sections"]) if (s := section_body(r, i))]
    if not sections:
        raise FormProblem(["请至少填写一节抽题规则（题数）"])
    return {"sections": sections}


def paper_body(form: dict[str, Any], *, structural: bool = True) -> dict[str, Any]:
    """The request body (typed values) of the form; structural fields only when allowed."""
    body: dict[str, Any] = {
        "title": form["title"],
        "description": form["description"],
        "time_limit_minutes": _number(form["time_limit_minutes"], "时限", integer=True),
        "pass_percent": _number(form["pass_percent"], "及格线"),
        "attempts_allowed": _number(form["attempts_allowed"], "作答次数", integer=True) or 1,
        "grading_method": form["grading_method"] or "highest",
        "opens_at": _moment(form["opens_at"], "开放时间"),
        "closes_at": _moment(form["closes_at"], "截止时间"),
        "review": form["review"],
    }
    if structural:
        scoring = {k: v for k, v in form["scoring"].items() if v}
        body.update(
            content=content_body(form),
            shuffle_questions=form["shuffle_questions"],
            shuffle_options=form["shuffle_options"],
            scoring=scoring,
        )
    return body


def assignment_body(form: dict[str, Any]) -> dict[str, list[int]]:
    def ids(values: list[str]) -> list[int]:
        return [int(v) for v in values if v.isdigit() and len(v) < 11]

    return {"team_ids": ids(form["team_ids"]), "user_ids": ids(form["user_ids"])}


def validation_messages(exc: ValidationError) -> list[str]:
    messages = []
    for err in exc.errors()[:6]:
        loc = [
            str(x)
            for x in err["loc"]
            if not str(x).startswith(("BlueprintContent", "FixedContent"))
        ]
        where = FIELD_LABELS.get(loc[0], loc[0]) if loc else "表单"
        if len(loc) > 2 and loc[1] == "sections" and loc[2].isdigit():
            where = f"抽题规则第 {int(loc[2]) + 1} 节"
        text = VALIDATION_TEXT.get(str(err["type"]), "取值不合法")
        messages.append(f"{where}：{text}")
    return messages or ["表单填写有误"]


def create_request(form: dict[str, Any]) -> PaperCreate:
    body = {**paper_body(form), "assign": assignment_body(form)}
    try:
        return PaperCreate.model_validate(body)
    except ValidationError as exc:
        raise FormProblem(validation_messages(exc)) from None
