"""Supervisors and the director: the essay grading queue with the etiquette findings marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from exam_api.bank.etiquette import Finding
from exam_api.core.db import SessionDep
from exam_api.core.errors import KefuError
from exam_api.core.models import MAX_ID
from exam_api.exams import marking
from exam_api.exams.attempt_schemas import EssayGradeIn, EssayTask
from exam_api.web.deps import Csrf, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)

ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
MAX_RUBRIC = 20


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    finding: int | None  # index into the findings list, for marked spans


def segments(answer: str, findings: list[Finding]) -> list[Segment]:
    """The answer cut at the findings' offsets; overlapping or invalid spans are not marked."""
    spans = sorted(
        (f.start, f.end, i)
        for i, f in enumerate(findings)
        if f.start is not None and f.end is not None and 0 <= f.start < f.end <= len(answer)
    )
    parts: list[Segment] = []
    at = 0
    for start, end, index in spans:
        if start < at:
            continue
        if start > at:
            parts.append(Segment(answer[at:start], None))
        parts.append(Segment(answer[start:end], index))
        at = end
    if at < len(answer):
        parts.append(Segment(answer[at:], None))
    return parts


def scale_of(task: EssayTask) -> float:
    """Rubric points are the question's; a paper section may weight the question differently."""
    total = sum(r.points for r in task.rubric)
    return task.max_points / total if total > 0 else 1.0


@router.get("/manage/grading")
def show_grading_queue(
    request: Request,
    session: SessionDep,
    user: StaffPageUser,
    paper_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    tasks = marking.grading_queue(session, user, paper_id)
    views = [
        {
            "task": t,
            "findings": list(t.etiquette.findings) if t.etiquette else [],
            "segments": segments(t.answer, list(t.etiquette.findings) if t.etiquette else []),
            "scale": scale_of(t),
        }
        for t in tasks
    ]
    context = {"title": "阅卷", "views": views, "paper_id": paper_id, "own_id": user.id}
    return render(request, "manage/exams/grading.html", context)


def _points(form: Any) -> float:
    rubric = [form.get(f"rubric_{j}") for j in range(MAX_RUBRIC)]
    given = [v for v in rubric if isinstance(v, str) and v.strip()]
    raw = form.get("points")
    try:
        if given:
            return round(sum(float(v) for v in given) * float(form.get("scale") or 1), 4)
        return float(raw) if isinstance(raw, str) and raw.strip() else -1.0
    except ValueError:
        return -1.0


@router.post("/manage/grading/{item_id}", dependencies=[Csrf])
async def grade_essay(
    request: Request, session: SessionDep, user: StaffPageUser, item_id: ItemId
) -> Response:
    form = await request.form()
    feedback = form.get("feedback")
    try:
        data = EssayGradeIn(
            points=_points(form), feedback=feedback.strip() if isinstance(feedback, str) else ""
        )
    except ValidationError:
        raise KefuError("invalid_points", "请为每个评分要点填写不小于 0 的分数", 422) from None
    marking.grade_essay(session, user, item_id, data)
    back = f"{PORTAL}/manage/grading?graded={item_id}"
    paper = form.get("paper_id")
    if isinstance(paper, str) and paper.isdigit():
        back += f"&paper_id={paper}"
    return RedirectResponse(back, status_code=303)
