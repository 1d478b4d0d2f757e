"""Decision-log table and its API shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator
from sqlalchemy import Column, DateTime, Index, String, Text
from sqlmodel import Field, SQLModel

from exam_api.core.models import utcnow


def as_utc(moment: datetime) -> datetime:
    """Stored moments are UTC; SQLite hands them back without a zone (RFC 3339 needs one)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


class DecisionLogBase(SQLModel):
    action: str = Field(sa_column=Column(String(64), nullable=False))
    subject_type: str = Field(sa_column=Column(String(32), nullable=False))
    subject_id: int
    outcome: str = Field(sa_column=Column(String(16), nullable=False))  # done | refused
    rule: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    policy_version: str = Field(sa_column=Column(String(32), nullable=False))


class DecisionLog(DecisionLogBase, table=True):
    __tablename__ = "decision_log"
    __table_args__ = (Index("ix_decision_log_subject", "subject_type", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="users.id", index=True)
    # The team the decision concerns (who may read it); None for department-wide decisions.
    team_id: int | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="SET NULL"
    )
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class DecisionLogPublic(DecisionLogBase):
    id: int
    actor_id: int
    team_id: int | None
    at: UtcDatetime
