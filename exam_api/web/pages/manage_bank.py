"""Supervisors and the director: browse the question bank and preview a question."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from exam_api.bank.loader import AREAS
from exam_api.bank.models import QUESTION_TYPES, Essay, Question
from exam_api.bank.render import render_for_trainee
from exam_api.core.errors import NotFound
from exam_api.exams.bank import rule_link
from exam_api.exams.deps import BankDep, PolicyDep
from exam_api.web.deps import StaffPageUser
from exam_api.web.exam_format import TYPE_LABELS, describe, ordered_options
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
QuestionId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=64)]
DIFFICULTY_LABELS = {1: "易", 2: "中", 3: "难"}


@dataclass(frozen=True, slots=True)
class BankFilter:
    area: str = ""
    type: str = ""
    difficulty: int | None = None
    tag: str = ""
    text: str = ""

    def accepts(self, q: Question) -> bool:
        return (
            (not self.area or q.area == self.area)
            and (not self.type or q.type == self.type)
            and (self.difficulty is None or q.difficulty == self.difficulty)
            and (not self.tag or self.tag in q.tags)
            and (not self.text or self.text in q.stem or self.text in q.id)
        )


def area_titles(policy: Any) -> dict[str, str]:
    pages: dict[str, str] = policy.value("pages")
    return {area: pages.get(area, area) for area in AREAS}


@router.get("/manage/bank")
def show_question_bank(
    request: Request,
    user: StaffPageUser,
    bank: BankDep,
    policy: PolicyDep,
    area: Annotated[str, Query(max_length=32)] = "",
    type: Annotated[str, Query(max_length=32)] = "",
    difficulty: Annotated[str, Query(pattern=r"^[123]?$")] = "",
    tag: Annotated[str, Query(max_length=32)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    chosen = BankFilter(area, type, int(difficulty) if difficulty else None, tag, q.strip())
    found = [question for question in bank.questions if chosen.accepts(question)]
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = min(page, pages)
    context = {
        "title": "题库",
        "chosen": chosen,
        "questions": found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "found": len(found),
        "total": len(bank),
        "page": page,
        "pages": pages,
        "areas": area_titles(policy),
        "types": {t: TYPE_LABELS.get(t, t) for t in QUESTION_TYPES},
        "tags": sorted({t for question in bank.questions for t in question.tags}),
        "difficulty_labels": DIFFICULTY_LABELS,
        "page_url": lambda n: "?" + urlencode({**dict(request.query_params), "page": n}),
    }
    return render(request, "manage/exams/bank.html", context)


def staff_key(question: Question) -> Any:
    """The key in the trainee's terms (essays: the reference answer)."""
    if isinstance(question, Essay):
        return question.reference_answer or None
    return question.model_dump(mode="json")["key"]


@router.get("/manage/bank/{question_id}")
def show_bank_question(
    request: Request,
    user: StaffPageUser,
    bank: BankDep,
    policy: PolicyDep,
    question_id: QuestionId,
) -> Response:
    question = bank.get(question_id)
    if question is None:
        raise NotFound("题库中没有这道题", code="question_not_found")
    shown = render_for_trainee(question, seed="preview", shuffle=False)
    title, url = rule_link(policy, question.ref)
    context = {
        "title": f"题目 {question.id}",
        "question": question,
        "q": SimpleNamespace(no=1, question=shown, answer=None, saved_at=None),
        "key": describe(shown, staff_key(question)),
        "rule_title_": title,
        "rule_url_": url,
        "location": bank.locations.get(question.id),
        "areas": area_titles(policy),
        "type_labels": TYPE_LABELS,
        "difficulty_labels": DIFFICULTY_LABELS,
        "ordered_options": ordered_options,
        "rubric": list(question.rubric) if isinstance(question, Essay) else [],
    }
    return render(request, "manage/exams/bank_question.html", context)
