"""Supervisors' and the director's exam pages, mounted together: bank, papers, grading."""

from __future__ import annotations

from fastapi import APIRouter

from exam_api.web.pages import manage_bank, manage_grading, manage_papers, manage_results

exam_staff_router = APIRouter(include_in_schema=False)
# Papers before results: /manage/papers/new must win over /manage/papers/{paper_id}.
PARTS = (manage_bank.router, manage_papers.router, manage_results.router, manage_grading.router)
for _part in PARTS:
    # The routes themselves (an included router would hide its paths from the navigation).
    exam_staff_router.routes.extend(_part.routes)
