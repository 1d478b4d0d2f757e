"""KPI: monthly scorecards and the referral register.

Revision ID: kpi
Revises: 0001_core
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "kpi"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kpi_scorecards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("leave_days", sa.Integer(), nullable=False),
        sa.Column("late", sa.Integer(), nullable=False),
        sa.Column("early_leave", sa.Integer(), nullable=False),
        sa.Column("absences", sa.Integer(), nullable=False),
        sa.Column("badge_missing", sa.Integer(), nullable=False),
        sa.Column("rostered_days", sa.Integer(), nullable=False),
        sa.Column("worked_days", sa.Integer(), nullable=False),
        sa.Column("callback_target", sa.Integer(), nullable=False),
        sa.Column("derived_grade", sa.String(length=1), nullable=False),
        sa.Column("override_grade", sa.String(length=1), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("total_x100", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(length=16), nullable=False),
        sa.Column("base_fen", sa.Integer(), nullable=False),
        sa.Column("bonus_fen", sa.Integer(), nullable=False),
        sa.Column("policy_version", sa.String(length=32), nullable=False),
        sa.Column("drafted_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_kpi_scorecards_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_kpi_scorecards_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["drafted_by"], ["users.id"], name=op.f("fk_kpi_scorecards_drafted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["users.id"], name=op.f("fk_kpi_scorecards_confirmed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_scorecards")),
        sa.UniqueConstraint("user_id", "year", "month", name="uq_kpi_scorecards_user_month"),
    )
    op.create_index(op.f("ix_kpi_scorecards_user_id"), "kpi_scorecards", ["user_id"], unique=False)
    op.create_table(
        "kpi_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("customer_key", sa.String(length=64), nullable=False),
        sa.Column("customer_account", sa.String(length=64), nullable=False),
        sa.Column("customer_name", sa.String(length=64), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("invested_fen", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["users.id"], name=op.f("fk_kpi_referrals_agent_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["users.id"], name=op.f("fk_kpi_referrals_registered_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_referrals")),
        sa.UniqueConstraint("customer_key", name=op.f("uq_kpi_referrals_customer_key")),
    )
    op.create_index(op.f("ix_kpi_referrals_agent_id"), "kpi_referrals", ["agent_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_kpi_referrals_agent_id"), table_name="kpi_referrals")
    op.drop_table("kpi_referrals")
    op.drop_index(op.f("ix_kpi_scorecards_user_id"), table_name="kpi_scorecards")
    op.drop_table("kpi_scorecards")
