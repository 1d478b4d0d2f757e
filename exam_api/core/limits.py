"""At most as many requests at once per process as the database pool has connections.

FastAPI runs sync dependencies and endpoints on a threadpool (40 threads). A request's
session takes a pooled connection in its first dependency (the current user) and keeps it
until the request ends, hopping back to the threadpool for each later step. When more
requests are in flight than the pool has connections, every thread can end up waiting for a
connection held by requests that are themselves waiting for a thread: nothing moves until the
pool times out and the requests fail with 500. Capping the requests in flight at the pool
size removes the wait; the others queue here, in arrival order, without holding anything.
"""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

from sqlalchemy.pool import QueuePool
from starlette.types import ASGIApp, Receive, Scope, Send

from exam_api.core.db import POOL_SIZE


def in_flight_limit(scope: Scope) -> int:
    """The pool size of the app's engine (its ``pool_size`` for a queue pool)."""
    engine = getattr(scope["app"].state, "engine", None)
    pool = getattr(engine, "pool", None)
    return pool.size() if isinstance(pool, QueuePool) else POOL_SIZE


class InFlightLimit:
    """Pure ASGI middleware: HTTP requests beyond the limit wait for a free slot."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._slots: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            WeakKeyDictionary()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(in_flight_limit(scope))
        async with slots:
            await self.app(scope, receive, send)
