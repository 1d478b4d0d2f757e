"""Swap requests and the per-person lock rows that serialise quota checks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index, String, Text
from sqlmodel import Field, SQLModel

from exam_api.audit.models import UtcDatetime
from exam_api.core.models import MAX_ID, NO_NUL_PATTERN, utcnow
from exam_api.rules.swaps import SwapStatus

ACTIVE_SWAP_STATUSES = (SwapStatus.pending.value, SwapStatus.accepted.value)


def _when(nullable: bool = True) -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=nullable)


class SwapRequest(SQLModel, table=True):
    """Two rostered shifts exchanged between two people of one team.

    The days and shift types given away are copied at request time: the quota month of each
    party is the month of the shift they give away, even after the roster has changed.
    """

    __tablename__ = "swap_requests"
    __table_args__ = (
        Index("ix_swap_requests_requester_day", "requester_id", "requester_day"),
        Index("ix_swap_requests_counterpart_day", "counterpart_id", "counterpart_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="SET NULL"
    )
    status: str = Field(
        default=SwapStatus.pending.value, sa_column=Column(String(16), nullable=False, index=True)
    )
    requester_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    counterpart_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    requester_assignment_id: int = Field(foreign_key="shift_assignments.id", ondelete="RESTRICT")
    counterpart_assignment_id: int = Field(foreign_key="shift_assignments.id", ondelete="RESTRICT")
    requester_day: date
    requester_shift_type_id: int = Field(foreign_key="shift_types.id", ondelete="RESTRICT")
    counterpart_day: date
    counterpart_shift_type_id: int = Field(foreign_key="shift_types.id", ondelete="RESTRICT")
    reason: str = Field(sa_column=Column(Text, nullable=False))
    handover_notes: str = Field(sa_column=Column(Text, nullable=False))
    counterpart_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    handover_confirmed_at: datetime | None = Field(default=None, sa_column=_when())
    decided_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_column=_when())
    decision_comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    withdrawn_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_when(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_when(nullable=False))


class SwapLock(SQLModel, table=True):
    """One row per person; a quota decision first write-locks the rows of everyone it charges."""

    __tablename__ = "swap_locks"

    user_id: int = Field(
        sa_column_kwargs={"autoincrement": False},
        primary_key=True,
        foreign_key="users.id",
        ondelete="CASCADE",
    )
    version: int = Field(default=0)


# --------------------------------------------------------------------------- API shapes


class SwapCreate(SQLModel):
    requester_assignment_id: int = Field(
        ge=1, le=MAX_ID, description="我让出的班次（排班记录编号）"
    )
    counterpart_assignment_id: int = Field(
        ge=1, le=MAX_ID, description="对方让出的班次（排班记录编号）"
    )
    reason: str = Field(min_length=1, max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})
    handover_notes: str = Field(
        min_length=1,
        max_length=2000,
        schema_extra={"pattern": NO_NUL_PATTERN},
        description="交接事项",
    )


class SwapAccept(SQLModel):
    handover_confirmed: bool = Field(description="确认双方已把交接事项交待清楚")
    note: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class SwapDecision(SQLModel):
    comment: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class SwapMissed(SQLModel):
    day: date = Field(description="误班、空班的日期（换班涉及的日期之一）")
    requester_share: int = Field(ge=0, le=100, description="申请人的责任比例（%）")
    counterpart_share: int = Field(ge=0, le=100, description="对方的责任比例（%）")
    note: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class SwapPublic(SQLModel):
    id: int
    team_id: int | None
    status: SwapStatus
    requester_id: int
    counterpart_id: int
    requester_assignment_id: int
    counterpart_assignment_id: int
    requester_day: date
    requester_shift_type_id: int
    counterpart_day: date
    counterpart_shift_type_id: int
    reason: str
    handover_notes: str
    counterpart_note: str
    handover_confirmed_at: UtcDatetime | None
    decided_by_id: int | None
    decided_at: UtcDatetime | None
    decision_comment: str
    withdrawn_by_id: int | None
    created_at: UtcDatetime
    updated_at: UtcDatetime


class QuotaPerson(SQLModel):
    user_id: int
    username: str
    display_name: str
    month: str
    limit: int
    used: int = Field(description="已批准")
    pending: int = Field(description="待对方接受或待审批（已占额度）")
    remaining: int
    swaps: list[SwapPublic]


class QuotaTeam(SQLModel):
    team_id: int
    month: str
    limit: int
    policy_version: str
    members: list[QuotaPerson]
