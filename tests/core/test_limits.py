"""Requests in flight are capped at the database pool size: no threadpool/pool deadlock."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from exam_api.core.config import Settings
from exam_api.core.db import POOL_SIZE, make_engine
from exam_api.core.limits import InFlightLimit, in_flight_limit
from exam_api.main import create_app
from exam_api.models_registry import metadata
from exam_api.users.models import Role, User
from exam_api.users.security import create_access_token


async def _fetch_all(app: FastAPI, url: str, count: int, headers: dict[str, str]) -> list[int]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        responses = await asyncio.gather(*(client.get(url, headers=headers) for _ in range(count)))
    return [response.status_code for response in responses]


def _get_all(app: FastAPI, url: str, count: int, headers: dict[str, str]) -> list[int]:
    """Run the requests on a fresh event loop in its own thread: the browser tests' sync
    Playwright leaves an event loop running in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_fetch_all(app, url, count, headers))).result()


def test_no_more_requests_at_once_than_the_pool_size(tmp_path: Path) -> None:
    app = FastAPI()
    app.add_middleware(InFlightLimit)
    app.state.engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", pool_size=3)
    running, peak = 0, 0

    @app.get("/slow")
    async def slow() -> dict[str, int]:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02)
        running -= 1
        return {"peak": peak}

    assert _get_all(app, "/slow", 12, {}) == [200] * 12
    assert peak == 3


def test_limit_defaults_to_the_pool_size_without_a_queue_pool() -> None:
    app = FastAPI()
    app.state.engine = create_engine("sqlite://", poolclass=StaticPool)
    assert in_flight_limit({"app": app}) == POOL_SIZE


def test_an_sqlite_file_takes_as_many_requests_at_once_as_its_pool(tmp_path: Path) -> None:
    app = FastAPI()
    app.state.engine = make_engine(f"sqlite:///{tmp_path / 'y.db'}")
    assert in_flight_limit({"app": app}) == app.state.engine.pool.size() == POOL_SIZE
    app.state.engine.dispose()


def test_many_requests_on_a_small_pool_all_succeed(app_settings: Settings, tmp_path: Path) -> None:
    """60 requests, 40 threads, 2 connections: without the cap they deadlock until timeout."""
    engine = create_engine(
        f"sqlite:///{tmp_path / 'small.db'}",
        connect_args={"check_same_thread": False},
        pool_size=2,
        max_overflow=0,
        pool_timeout=5,
    )
    metadata.create_all(engine)
    with Session(engine) as session:
        user = User(username="wang", display_name="王", role=Role.agent, hashed_password="x")
        session.add(user)
        session.commit()
        assert user.id is not None
        token = create_access_token(user.id, app_settings)
    app = create_app(settings=app_settings, engine=engine)
    started = time.monotonic()
    statuses = _get_all(app, "/api/v1/users/me", 60, {"Authorization": f"Bearer {token}"})
    assert statuses == [200] * 60
    assert time.monotonic() - started < 5
    engine.dispose()
