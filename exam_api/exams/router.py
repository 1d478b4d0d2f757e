"""The exam routers under /api/v1/exams, with the deadline sweep in their lifespan."""

from __future__ import annotations

from fastapi import APIRouter

from exam_api.exams.routes_attempts import router as attempts_router
from exam_api.exams.routes_papers import router as papers_router
from exam_api.exams.sweeper import sweeper_lifespan

exams_router = APIRouter(lifespan=sweeper_lifespan)
exams_router.include_router(attempts_router)
exams_router.include_router(papers_router)
