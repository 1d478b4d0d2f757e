"""Supervisors and the director: a paper's results, CSV exports, statistics, weakest areas."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from exam_api.core.db import SessionDep
from exam_api.core.models import MAX_ID
from exam_api.exams import papers, reports
from exam_api.exams.access import get_paper_for_staff
from exam_api.exams.deps import ExamSettingsDep, PolicyDep, RulesDep
from exam_api.exams.submission import expire_due
from exam_api.exams.views import attempt_summary
from exam_api.web.deps import StaffPageUser
from exam_api.web.exam_format import TYPE_LABELS
from exam_api.web.pages.exams_trainee import STATUS_LABELS
from exam_api.web.pages.manage_bank import area_titles
from exam_api.web.pages.manage_papers import METHOD_LABELS
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)

PaperId = Annotated[int, Path(ge=1, le=MAX_ID)]
UserId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/manage/papers/{paper_id}")
def show_paper_results(
    request: Request,
    session: SessionDep,
    user: StaffPageUser,
    settings: ExamSettingsDep,
    rules: RulesDep,
    policy: PolicyDep,
    paper_id: PaperId,
) -> Response:
    paper = get_paper_for_staff(session, user, paper_id)
    expire_due(session, rules=rules)
    visible = reports.visible_users(session, user)
    attempts = [
        attempt_summary(session, a, user)
        for a in reports.paper_attempts(session, paper_id, visible)
    ]
    stats = reports.paper_stats(session, user, paper, settings)
    context = {
        "title": paper.title,
        "paper": papers.paper_public(session, paper),
        "attempts": attempts,
        "stats": stats,
        "flagged": [q for q in stats.questions if q.poor_discrimination],
        "status_labels": STATUS_LABELS,
        "method_labels": METHOD_LABELS,
        "type_labels": TYPE_LABELS,
        "areas": area_titles(policy),
        "can_edit": user.role == "director" or paper.created_by == user.id,
    }
    return render(request, "manage/exams/results.html", context)


def _csv(body: str, filename: str) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/manage/papers/{paper_id}/results.csv")
def export_results(
    session: SessionDep, user: StaffPageUser, rules: RulesDep, paper_id: PaperId
) -> Response:
    paper = get_paper_for_staff(session, user, paper_id)
    expire_due(session, rules=rules)
    return _csv(reports.results_csv(session, user, paper), f"paper-{paper_id}-results.csv")


@router.get("/manage/papers/{paper_id}/questions.csv")
def export_question_stats(
    session: SessionDep, user: StaffPageUser, settings: ExamSettingsDep, paper_id: PaperId
) -> Response:
    paper = get_paper_for_staff(session, user, paper_id)
    stats = reports.paper_stats(session, user, paper, settings)
    return _csv(reports.question_stats_csv(stats), f"paper-{paper_id}-questions.csv")


@router.get("/manage/trainees/{user_id}")
def show_trainee_areas(
    request: Request, session: SessionDep, user: StaffPageUser, policy: PolicyDep, user_id: UserId
) -> Response:
    areas = reports.trainee_areas(session, user, user_id, policy)
    context = {"title": f"{areas.display_name} 的薄弱主题", "areas": areas}
    return render(request, "manage/exams/trainee_areas.html", context)
