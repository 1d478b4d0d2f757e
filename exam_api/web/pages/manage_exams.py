"""Supervisors' and the director's exam pages, mounted together: bank, papers, grading."""

from __future__ import annotations

from fastapi import APIRouter

from exam_api.web.pages import manage_bank, manage_papers, manage_results

exam_staff_router = APIRouter(include_in_schema=False)
# Papers before results: /manage/papers/new must win over /manage/papers/{paper_id}.
for _part in (manage_bank.router, manage_papers.router, manage_results.router):
    exam_staff_router.include_router(_part)
