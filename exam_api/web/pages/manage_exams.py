"""Supervisors' and the director's exam pages, mounted together: bank, papers, grading."""

from __future__ import annotations

from fastapi import APIRouter

from exam_api.web.pages import manage_bank

exam_staff_router = APIRouter(include_in_schema=False)
for _part in (manage_bank.router,):
    exam_staff_router.include_router(_part)
