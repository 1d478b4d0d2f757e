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
from exam_api.exams.models import AttemptItem, AttemptStatus, ExamAttempt

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


_INSERT_ATTEMPT = insert(ATTEMPTS).returning(ATTEMPTS.c.id)


def insert_attempt(session: Session, attempt: ExamAttempt) -> int:
    """Write a new attempt row and return its id, leaving ``attempt`` outside the session:
    the start that creates it only shows it (the unit of work would cost a tenth of a start)."""
    values = attempt.model_dump(exclude={"id"})
    return int(session.connection().execute(_INSERT_ATTEMPT, values).scalar_one())


_FROZEN: dict[str, tuple[Question, str]] = {}  # question id -> (that bank object, its text)


def frozen_text(question: Question) -> str:
    """The stored JSON text of a bank question (:func:`freeze`, serialized), computed once
    per loaded question object: a start freezes 50 of them, and a bank reload brings new
    objects, which are frozen anew."""
    cached = _FROZEN.get(question.id)
    if cached is not None and cached[0] is question:
        return cached[1]
    text = json_serializer(freeze(question))
    _FROZEN[question.id] = (question, text)
    return text


_INSERT_ITEM: TextClause = text(
    f"INSERT INTO {ITEMS.name} ({_quoted}) "
    f"VALUES ({', '.join(f':{name}' for name in NEW_ITEM_COLUMNS)})"
)


def insert_items(session: Session, attempt_id: int, drawn: Sequence[NewItem]) -> list[Item]:
    """Freeze the drawn questions into the attempt, numbered from 1, in one statement on
    PostgreSQL and one ``executemany`` on SQLite (no ``RETURNING``: SQLAlchemy would insert
    row by row to keep the ids in order); returns them as :class:`Item` without ids, so the
    caller need not read them back. Each question goes in as its cached frozen text."""
    if not drawn:
        return []
    rows = [
        (
            {
                "attempt_id": attempt_id,
                "position": position,
                "section": new.section,
                "question_id": new.question.id,
                "qtype": new.question.type,
                "area": new.question.area,
                "ref": new.question.ref,
                "max_points": new.points,
                "needs_manual": False,
            },
            frozen_text(new.question),
        )
        for position, new in enumerate(drawn, start=1)
    ]
    connection = session.connection()
    if _on_postgresql(connection):
        # each row's JSON object with the frozen text spliced in as its "question" member
        objects = [f'{json_serializer(row)[:-1]},"question":{frozen}}}' for row, frozen in rows]
        connection.execute(PG_INSERT_ITEMS, {"rows": f"[{','.join(objects)}]"})
    else:
        connection.execute(_INSERT_ITEM, [row | {"question": frozen} for row, frozen in rows])
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


_SAVE_TARGET = (
    select(
        ITEMS.c.id,
        cast(ITEMS.c.question, Text),
        ATTEMPTS.c.user_id,
        ATTEMPTS.c.status,
        ATTEMPTS.c.deadline,
        ATTEMPTS.c.auto_submitted,
    )
    .join_from(ITEMS, ATTEMPTS, ATTEMPTS.c.id == ITEMS.c.attempt_id)
    .where(ITEMS.c.attempt_id == bindparam("attempt_id"), ITEMS.c.position == bindparam("no"))
    .with_for_update(read=True, of=ATTEMPTS)
)
# Built once: an autosave is the most frequent request of an exam day, and SQLAlchemy
# spends about as long building a statement and its cache key as running it.
_SAVE_ANSWER = (
    ITEMS.update()
    .where(
        ITEMS.c.id == bindparam("b_item_id"),
        select(ATTEMPTS.c.id)
        .where(
            ATTEMPTS.c.id == bindparam("b_attempt_id"),
            ATTEMPTS.c.status == AttemptStatus.open.value,
            ATTEMPTS.c.deadline > bindparam("b_now"),
        )
        .exists(),
    )
    .values(
        answer=bindparam("b_answer", type_=ITEMS.c.answer.type),
        saved_at=bindparam("b_now", type_=ITEMS.c.saved_at.type),
    )
)


def write_answer(
    session: Session, item_id: int, attempt_id: int, answer: Any, now: datetime
) -> bool:
    """Store the answer if the attempt is still open at ``now``; False if it is not."""
    params = {"b_item_id": item_id, "b_attempt_id": attempt_id, "b_answer": answer, "b_now": now}
    return session.connection().execute(_SAVE_ANSWER, params).rowcount == 1


def save_target(session: Session, attempt_id: int, no: int) -> SaveTarget | None:
    """Question ``no`` of the attempt and the attempt's state; ``None`` if either is missing.

    On PostgreSQL the attempt row is share-locked until the transaction ends, so a submission
    (which updates that row) waits for this save to commit or roll back.
    """
    params = {"attempt_id": attempt_id, "no": no}
    row = session.connection().execute(_SAVE_TARGET, params).first()
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
