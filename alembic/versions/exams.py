"""Exams: papers, assignments, attempts and the frozen questions of each attempt.

Revision ID: exams
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "exams"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{table}_{column}_{target}")
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{columns[0]}"), table, list(columns), unique=False)


def upgrade() -> None:
    op.create_table(
        "exam_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=True),
        sa.Column("question_ids", sa.JSON(), nullable=True),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("pass_percent", sa.Float(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=False),
        sa.Column("grading_method", sa.String(length=16), nullable=False),
        sa.Column("opens_at", WHEN, nullable=True),
        sa.Column("closes_at", WHEN, nullable=True),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_options", sa.Boolean(), nullable=False),
        sa.Column("scoring", sa.JSON(), nullable=False),
        sa.Column("review", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _fk("exam_papers", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_papers")),
    )
    _index("exam_papers", "created_by")
    op.create_table(
        "exam_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        _fk("exam_assignments", "paper_id", "exam_papers", "CASCADE"),
        _fk("exam_assignments", "team_id", "teams", "CASCADE"),
        _fk("exam_assignments", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_assignments")),
        sa.UniqueConstraint("paper_id", "team_id", name="uq_exam_assignments_paper_team"),
        sa.UniqueConstraint("paper_id", "user_id", name="uq_exam_assignments_paper_user"),
    )
    for column in ("paper_id", "team_id", "user_id"):
        _index("exam_assignments", column)
    op.create_table(
        "exam_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("seed", sa.String(length=32), nullable=False),
        sa.Column("policy_version", sa.String(length=32), nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("deadline", WHEN, nullable=False),
        sa.Column("submitted_at", WHEN, nullable=True),
        sa.Column("auto_submitted", sa.Boolean(), nullable=False),
        sa.Column("graded_at", WHEN, nullable=True),
        sa.Column("max_score", sa.Float(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        _fk("exam_attempts", "paper_id", "exam_papers", "RESTRICT"),
        _fk("exam_attempts", "user_id", "users", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_attempts")),
        sa.UniqueConstraint("paper_id", "user_id", "number", name="uq_exam_attempts_paper_user_no"),
    )
    _index("exam_attempts", "paper_id")
    _index("exam_attempts", "user_id")
    op.create_index("ix_exam_attempts_status_deadline", "exam_attempts", ["status", "deadline"])
    op.create_table(
        "exam_attempt_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Integer(), nullable=True),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("qtype", sa.String(length=24), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=True),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("max_points", sa.Float(), nullable=False),
        sa.Column("answer", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("saved_at", WHEN, nullable=True),
        sa.Column("awarded", sa.Float(), nullable=True),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("needs_manual", sa.Boolean(), nullable=False),
        sa.Column("etiquette", sa.JSON(), nullable=True),
        sa.Column("feedback", sa.String(length=2000), nullable=True),
        sa.Column("graded_by", sa.Integer(), nullable=True),
        sa.Column("graded_at", WHEN, nullable=True),
        _fk("exam_attempt_items", "attempt_id", "exam_attempts", "CASCADE"),
        _fk("exam_attempt_items", "graded_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_attempt_items")),
        sa.UniqueConstraint("attempt_id", "position", name="uq_exam_attempt_items_attempt_pos"),
    )
    _index("exam_attempt_items", "attempt_id")
    _index("exam_attempt_items", "question_id")


def downgrade() -> None:
    op.drop_table("exam_attempt_items")
    op.drop_table("exam_attempts")
    op.drop_table("exam_assignments")
    op.drop_table("exam_papers")
