"""Database engine factory and the request-scoped session."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine, text

from exam_api.core.sqlite_gate import connection_factory

SQLITE_BUSY_TIMEOUT_MS = 5000
# Pooled connections per process. The app handles at most as many requests at once as the
# pool holds (core/limits.py), so a request never waits for a connection while it holds one
# of the threadpool's threads; overflow serves background work (deadline sweep) beyond that.
# Requests are CPU-bound Python: more of them at once in one process only share its GIL, so
# each takes longer and holds its locks longer. Exam-day benchmark on 2 cores, 2 workers,
# start p95: SQLite 930 ms with 4, 440 ms with 2; PostgreSQL 4.2 s with 16, 2.1 s with 4,
# 0.7 s with 2. Run more worker processes (one per core) to use a bigger machine.
POOL_SIZE = 2
POOL_OVERFLOW = 8


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def json_serializer(value: Any) -> str:
    """JSON columns as compact UTF-8 text: a frozen question is about a third smaller than
    with ``json.dumps``'s escapes, and an attempt stores 50 of them."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for SQLite (WAL, busy timeout, foreign keys) or PostgreSQL (psycopg 3)."""
    url = normalize_database_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        in_memory = database in (None, "", ":memory:")
        timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
        connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": timeout}
        pooling: dict[str, Any] = {"poolclass": StaticPool}
        if not in_memory:
            assert database is not None
            connect_args["factory"] = connection_factory(database, timeout)
            pooling = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
        engine = create_engine(
            url,
            echo=echo,
            json_serializer=json_serializer,
            connect_args=connect_args,
            **pooling,
        )
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(
        url,
        echo=echo,
        json_serializer=json_serializer,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
    )


def ping(engine: Engine) -> None:
    """Raise if the database cannot answer a trivial query."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def get_session(request: Request) -> Iterator[Session]:
    """One session per request, on the engine the app was created with."""
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def commit_keeping_state(session: Session) -> None:
    """Commit without expiring the loaded objects, for a caller that has just written them
    and shows them next (a new or graded attempt): otherwise the view would read the
    attempt, its paper and its trainee back one query each."""
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
