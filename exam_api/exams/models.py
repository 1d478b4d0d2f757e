"""Exam tables: papers, their assignments, attempts and the frozen questions of an attempt."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from exam_api.core.models import utcnow


class GradingMethod(StrEnum):
    """How a trainee's attempts at one paper combine into the paper's score."""

    highest = "highest"
    last = "last"
    first = "first"
    average = "average"


class AttemptStatus(StrEnum):
    open = "open"
    awaiting_grading = "awaiting_grading"  # objective part graded, essays wait for a supervisor
    graded = "graded"


def _when(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


def _fk(target: str, ondelete: str, nullable: bool = False, index: bool = True) -> Any:
    return Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index
        ),
    )


class ExamPaper(SQLModel, table=True):
    __tablename__ = "exam_papers"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=120)
    description: str = Field(default="", max_length=2000)
    sections: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON))
    question_ids: list[str] | None = Field(default=None, sa_column=Column(JSON))
    time_limit_minutes: int
    pass_percent: float
    attempts_allowed: int = 1
    grading_method: str = Field(default=GradingMethod.highest.value, max_length=16)
    opens_at: datetime | None = _when()
    closes_at: datetime | None = _when()
    shuffle_questions: bool = True
    shuffle_options: bool = True
    scoring: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    review: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: int | None = _fk("users.id", "SET NULL", nullable=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class ExamAssignment(SQLModel, table=True):
    """A paper assigned to one trainee or to a whole team."""

    __tablename__ = "exam_assignments"
    __table_args__ = (
        UniqueConstraint("paper_id", "user_id", name="uq_exam_assignments_paper_user"),
        UniqueConstraint("paper_id", "team_id", name="uq_exam_assignments_paper_team"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = _fk("exam_papers.id", "CASCADE")
    user_id: int | None = _fk("users.id", "CASCADE", nullable=True)
    team_id: int | None = _fk("teams.id", "CASCADE", nullable=True)


class ExamAttempt(SQLModel, table=True):
    __tablename__ = "exam_attempts"
    __table_args__ = (
        UniqueConstraint("paper_id", "user_id", "number", name="uq_exam_attempts_paper_user_no"),
        Index("ix_exam_attempts_status_deadline", "status", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    paper_id: int = _fk("exam_papers.id", "RESTRICT")
    user_id: int = _fk("users.id", "CASCADE")
    number: int  # 1 for the first attempt at the paper
    status: str = Field(default=AttemptStatus.open.value, max_length=24)
    seed: str = Field(max_length=32)
    policy_version: str = Field(max_length=32)
    started_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    deadline: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    submitted_at: datetime | None = _when()
    auto_submitted: bool = False
    graded_at: datetime | None = _when()
    max_score: float = 0.0
    score: float | None = None  # set once every question is graded


class AttemptItem(SQLModel, table=True):
    """One question of an attempt: the frozen question, the saved answer and its grade."""

    __tablename__ = "exam_attempt_items"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position", name="uq_exam_attempt_items_attempt_pos"),
    )

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = _fk("exam_attempts.id", "CASCADE")
    position: int  # 1-based question number in the attempt
    section: int | None = None
    question_id: str = Field(max_length=64, index=True)
    qtype: str = Field(max_length=24)
    area: str | None = Field(default=None, max_length=32)
    ref: str | None = Field(default=None, max_length=64)
    question: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    max_points: float
    answer: Any = Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True))
    saved_at: datetime | None = _when()
    awarded: float | None = None
    correct: bool | None = None
    needs_manual: bool = False
    etiquette: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    feedback: str | None = Field(default=None, max_length=2000)
    graded_by: int | None = _fk("users.id", "SET NULL", nullable=True, index=False)
    graded_at: datetime | None = _when()
