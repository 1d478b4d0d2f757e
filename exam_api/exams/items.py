"""The questions of an attempt, read and written in bulk: the hot paths of an exam day.

Starting, saving, submitting and viewing touch up to 50 rows per request for hundreds of
trainees at once, so these paths use SQL statements on the table (one ``INSERT`` for all the
questions of a new attempt, one ``UPDATE`` for all the grades) instead of one ORM object per
row. The frozen question is read as its JSON text and thawed through a cache keyed by that
text: every attempt given the same question version stores the same text, so a process
validates each version once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, Text, TextClause, bindparam, cast, insert, select, text
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from exam_api.bank.models import Question
from exam_api.core.db import json_serializer
from exam_api.exams.bank import QUESTION, freeze
from exam_api.exams.models import AttemptItem, ExamAttempt

ITEMS: Table = AttemptItem.__table__  # type: ignore[attr-defined]
ATTEMPTS: Table = ExamAttempt.__table__  # type: ignore[attr-defined]
THAWED_VERSIONS = 4096  # distinct question versions kept per process (the bank holds ~400)
NEW_ITEM_COLUMNS = (
    "attempt_id",
    "position",
    "section",
    "question_id",
    "qtype",
    "area",
    "ref",
    "question",
    "max_points",
    "needs_manual",
)
GRADE_COLUMNS = ("awarded", "correct", "needs_manual", "etiquette")


def _recordset(columns: Sequence[str], key: str | None = None) -> str:
    """``json_to_recordset`` over the ``:rows`` parameter (a JSON array of objects), typed
    like the item table's columns: PostgreSQL takes many rows as one parameter of one
    statement instead of one bind-and-execute per row (a third of the CPU of a start)."""
    pg = postgresql.dialect()
    typed = [f'"{name}" {ITEMS.c[name].type.compile(dialect=pg)}' for name in columns]
    if key is not None:
        typed.insert(0, f'"{key}" INTEGER')
    return f"json_to_recordset(CAST(:rows AS JSON)) AS r({', '.join(typed)})"


_quoted = ", ".join(f'"{name}"' for name in NEW_ITEM_COLUMNS)
PG_INSERT_ITEMS: TextClause = text(
    f"INSERT INTO {ITEMS.name} ({_quoted}) "
    f"SELECT {', '.join(f'r.{name}' for name in NEW_ITEM_COLUMNS)} "
    f"FROM {_recordset(NEW_ITEM_COLUMNS)}"
)
PG_STORE_GRADES: TextClause = text(
    f"UPDATE {ITEMS.name} AS i SET {', '.join(f'{n} = r.{n}' for n in GRADE_COLUMNS)} "
    f"FROM {_recordset(GRADE_COLUMNS, key='item_id')} WHERE i.id = r.item_id"
)


def _on_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


@lru_cache(maxsize=THAWED_VERSIONS)
def thaw_text(text: str) -> Question:
    """The engine model of a frozen question given as its stored JSON text (cached)."""
    return QUESTION.validate_json(text)


@dataclass(frozen=True, slots=True)
class Item:
    """One question of an attempt with its saved answer and grade (read-only snapshot)."""

    id: int | None  # None for a question just inserted and not read back
    position: int
    question: Question
    max_points: float
    answer: Any
    saved_at: datetime | None
    awarded: float | None
    correct: bool | None
    needs_manual: bool
    feedback: str | None


@dataclass(frozen=True, slots=True)
class SaveTarget:
    """What saving one answer needs to know: the item and the state of its attempt."""

    item_id: int
    question: Question
    user_id: int
    status: str
    deadline: datetime
    auto_submitted: bool


@dataclass(frozen=True, slots=True)
class NewItem:
    """A drawn question about to be frozen into an attempt."""

    question: Question
    section: int | None
    points: float


def insert_items(session: Session, attempt_id: int, drawn: Sequence[NewItem]) -> list[Item]:
    """Freeze the drawn questions into the attempt, numbered from 1, in one statement on
    PostgreSQL and one ``executemany`` on SQLite (no ``RETURNING``: SQLAlchemy would insert
    row by row to keep the ids in order); returns them as :class:`Item` without ids, so the
    caller need not read them back."""
    rows = [
        {
            "attempt_id": attempt_id,
            "position": position,
            "section": new.section,
            "question_id": new.question.id,
            "qtype": new.question.type,
            "area": new.question.area,
            "ref": new.question.ref,
            "question": freeze(new.question),
            "max_points": new.points,
            "needs_manual": False,
        }
        for position, new in enumerate(drawn, start=1)
    ]
    if not rows:
        return []
    connection = session.connection()
    if _on_postgresql(connection):
        connection.execute(PG_INSERT_ITEMS, {"rows": json_serializer(rows)})
    else:
        connection.execute(insert(ITEMS), rows)
    return [
        Item(None, position, new.question, new.points, None, None, None, None, False, None)
        for position, new in enumerate(drawn, start=1)
    ]


def load_items(session: Session, attempt_id: int) -> list[Item]:
    """The attempt's questions in order, with answers and grades as stored now."""
    c = ITEMS.c
    stmt = (
        select(
            c.id,
            c.position,
            cast(c.question, Text),
            c.max_points,
            c.answer,
            c.saved_at,
            c.awarded,
            c.correct,
            c.needs_manual,
            c.feedback,
        )
        .where(c.attempt_id == attempt_id)
        .order_by(c.position)
    )
    return [_item(row) for row in session.connection().execute(stmt)]


def _item(row: Sequence[Any]) -> Item:
    (item_id, position, text, max_points, answer, saved_at, awarded, correct, manual, feedback) = (
        row
    )
    return Item(
        item_id,
        position,
        thaw_text(text),
        max_points,
        answer,
        saved_at,
        awarded,
        correct,
        bool(manual),
        feedback,
    )


def save_target(session: Session, attempt_id: int, no: int) -> SaveTarget | None:
    """Question ``no`` of the attempt and the attempt's state; ``None`` if either is missing.

    On PostgreSQL the attempt row is share-locked until the transaction ends, so a submission
    (which updates that row) waits for this save to commit or roll back.
    """
    i, a = ITEMS.c, ATTEMPTS.c
    stmt = (
        select(i.id, cast(i.question, Text), a.user_id, a.status, a.deadline, a.auto_submitted)
        .join_from(ITEMS, ATTEMPTS, a.id == i.attempt_id)
        .where(i.attempt_id == attempt_id, i.position == no)
        .with_for_update(read=True, of=ATTEMPTS)
    )
    row = session.connection().execute(stmt).first()
    if row is None:
        return None
    item_id, text, user_id, status, deadline, auto = row
    return SaveTarget(item_id, thaw_text(text), user_id, status, deadline, bool(auto))


def store_grades(session: Session, grades: Sequence[dict[str, Any]]) -> None:
    """Write the grades of several items in one statement: dicts with ``item_id``,
    ``awarded``, ``correct``, ``needs_manual`` and ``etiquette``."""
    if not grades:
        return
    connection = session.connection()
    if _on_postgresql(connection):
        connection.execute(PG_STORE_GRADES, {"rows": json_serializer(list(grades))})
        return
    stmt = (
        ITEMS.update()
        .where(ITEMS.c.id == bindparam("item_id"))
        .values(
            awarded=bindparam("awarded"),
            correct=bindparam("correct"),
            needs_manual=bindparam("needs_manual"),
            etiquette=bindparam("etiquette"),
        )
    )
    connection.execute(stmt, list(grades))
