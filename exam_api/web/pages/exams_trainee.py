"""Trainees: my exams, taking an exam (countdown, autosave, reload-safe), result and review."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from exam_api.core.db import SessionDep
from exam_api.core.models import MAX_ID, utcnow
from exam_api.exams import attempts, submission, views
from exam_api.exams.attempt_schemas import AnswerIn
from exam_api.exams.deps import BankDep, PolicyDep, RulesDep
from exam_api.exams.models import AttemptStatus
from exam_api.exams.schemas import MAX_PAPER_QUESTIONS
from exam_api.web.deps import AgentUser, AnyUser, Csrf
from exam_api.web.exam_format import TYPE_LABELS, describe, ordered_options
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)

PaperId = Annotated[int, Path(ge=1, le=MAX_ID)]
AttemptId = Annotated[int, Path(ge=1, le=MAX_ID)]
QuestionNo = Annotated[int, Path(ge=1, le=MAX_PAPER_QUESTIONS)]
STATE_LABELS = {"open": "开放中", "upcoming": "未开放", "closed": "已截止"}
STATUS_LABELS = {
    AttemptStatus.open.value: "作答中",
    AttemptStatus.awaiting_grading.value: "待批阅",
    AttemptStatus.graded.value: "已评分",
}


@router.get("/exams")
def show_my_exams(
    request: Request, session: SessionDep, user: AgentUser, rules: RulesDep
) -> Response:
    submission.expire_due(session, user_id=user.id, rules=rules)
    papers = views.my_papers(session, user)
    papers.sort(key=lambda p: (p.state != "open", p.closes_at is None, p.closes_at or utcnow()))
    mine = [
        views.attempt_summary(session, a, user) for a in attempts.attempts_of_user(session, user)
    ]
    context = {
        "title": "我的考试",
        "papers": papers,
        "attempts": list(reversed(mine)),
        "state_labels": STATE_LABELS,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "exams/my_exams.html", context)


@router.post("/exams/papers/{paper_id}/start", dependencies=[Csrf])
def start_exam(
    session: SessionDep, user: AgentUser, bank: BankDep, policy: PolicyDep, paper_id: PaperId
) -> Response:
    attempt = attempts.start_attempt(session, user, paper_id, bank, policy).attempt
    return RedirectResponse(f"{PORTAL}/exams/attempts/{attempt.id}", status_code=303)


@router.get("/exams/attempts/{attempt_id}")
def show_attempt(
    request: Request,
    session: SessionDep,
    user: AnyUser,
    policy: PolicyDep,
    rules: RulesDep,
    attempt_id: AttemptId,
) -> Response:
    attempt = submission.get_attempt(session, user, attempt_id, rules)
    view = views.attempt_view(session, attempt, user, policy)
    taking = view.status == AttemptStatus.open and attempt.user_id == user.id
    context: dict[str, Any] = {
        "title": view.paper_title,
        "view": view,
        "type_labels": TYPE_LABELS,
        "describe": describe,
        "ordered_options": ordered_options,
        "status_labels": STATUS_LABELS,
        "unanswered": [q.no for q in view.questions if not views.answered(q.answer)],
    }
    if taking:
        return render(request, "exams/take.html", context)
    return render(request, "exams/review.html", context)


@router.post("/exams/attempts/{attempt_id}/submit", dependencies=[Csrf])
def submit_exam(
    session: SessionDep, user: AgentUser, rules: RulesDep, attempt_id: AttemptId
) -> Response:
    submission.submit_attempt(session, user, attempt_id, rules)
    return RedirectResponse(f"{PORTAL}/exams/attempts/{attempt_id}?submitted=1", status_code=303)


@router.post("/api/exams/attempts/{attempt_id}/answers/{no}", dependencies=[Csrf])
def save_exam_answer(
    session: SessionDep,
    user: AgentUser,
    rules: RulesDep,
    attempt_id: AttemptId,
    no: QuestionNo,
    data: AnswerIn,
) -> dict[str, Any]:
    """Autosave of one answer (JSON for the page's script)."""
    saved = submission.save_answer(session, user, attempt_id, no, data.answer, rules)
    return {
        "no": no,
        "answered": saved.answered,
        "saved_at": saved.saved_at.isoformat(),
        "remaining_seconds": max(0, int((saved.deadline - saved.saved_at).total_seconds())),
    }
