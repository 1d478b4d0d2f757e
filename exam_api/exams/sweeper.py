"""The periodic sweep: submit attempts whose deadline passed while nobody was looking.

Runs as a background task of the app's lifespan every ``sweep_interval_seconds``; safe with
several app processes on one PostgreSQL (see ``attempts.expire_due``). Tests call
:func:`sweep_once` directly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session

from exam_api.exams.bank import get_bank, get_etiquette_rules
from exam_api.exams.config import ExamSettings, get_exam_settings
from exam_api.exams.submission import expire_due

log = logging.getLogger(__name__)


def sweep_once(engine: Engine, batch_size: int = 200) -> int:
    """Submit every open attempt past its deadline; returns how many were submitted."""
    with Session(engine) as session:
        return expire_due(session, limit=batch_size)


async def sweep_forever(app: FastAPI, settings: ExamSettings) -> None:
    while True:
        await asyncio.sleep(settings.sweep_interval_seconds)
        try:
            count = await asyncio.to_thread(sweep_once, app.state.engine, settings.sweep_batch_size)
        except Exception:  # keep sweeping: a failed round is retried at the next interval
            log.exception("exam sweep failed; retrying at the next interval")
            continue
        if count:
            log.info("exam sweep submitted %d attempt(s) at their deadline", count)


def warm_up() -> None:
    """Load the bank and the etiquette rules before the first trainee needs them."""
    try:
        get_bank()
        get_etiquette_rules()
    except Exception:  # the first request reports the problem in the one error shape
        log.exception("question bank could not be loaded at startup")


@asynccontextmanager
async def sweeper_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the bank, start the sweep with the app and stop it on shutdown (interval 0: off)."""
    settings: ExamSettings = getattr(app.state, "exam_settings", None) or get_exam_settings()
    if getattr(app.state, "exam_bank", None) is None:
        await asyncio.to_thread(warm_up)
    task = None
    if settings.sweep_interval_seconds > 0:
        task = asyncio.create_task(sweep_forever(app, settings))
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
