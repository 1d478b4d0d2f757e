"""Serialise quota decisions per person, the same way on SQLite and PostgreSQL.

Before counting anyone's swaps, a transaction write-locks the ``swap_locks`` row of every
person it will charge, in ascending id order (so two transactions never wait on each other
in a cycle):

* SQLite: the transaction opens with ``BEGIN IMMEDIATE``, which takes the database's single
  write lock (waiting up to ``busy_timeout``); every later read in the transaction sees the
  latest committed swaps and no other writer can slip in before the commit.
* PostgreSQL: ``INSERT … ON CONFLICT DO NOTHING`` creates missing rows, then
  ``UPDATE … SET version = version + 1``, one person at a time in id order, row-locks them
  until commit; a second transaction
  charging the same person waits there, and its count (READ COMMITTED: each statement sees
  what was committed before it started) includes the first one's swap.

Objects loaded before the lock may be stale, so the session's identity map is expired.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from exam_api.core.errors import KefuError
from exam_api.swaps.models import SwapLock


class Busy(KefuError):
    def __init__(self) -> None:
        super().__init__("busy", "系统繁忙，请稍后重试", 503)


def _begin_immediate(session: Session) -> None:
    raw = session.connection().connection.dbapi_connection
    if raw is not None and not raw.in_transaction:  # type: ignore[attr-defined]
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def lock_persons(session: Session, user_ids: Iterable[int]) -> None:
    """Write-lock the quota of these people until the session commits or rolls back."""
    ids = sorted(set(user_ids))
    dialect = session.get_bind().dialect.name
    try:
        if dialect == "sqlite":
            _begin_immediate(session)
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        for user_id in ids:
            statement = insert(SwapLock).values(user_id=user_id, version=0)
            session.execute(statement.on_conflict_do_nothing(index_elements=["user_id"]))
            session.execute(
                update(SwapLock)
                .where(col(SwapLock.user_id) == user_id)
                .values(version=col(SwapLock.version) + 1)
            )
    except OperationalError:
        session.rollback()
        raise Busy() from None
    session.expire_all()
