"""Leave requests and attendance events: tables and API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import field_validator
from sqlalchemy import JSON, Column, DateTime, Index, String, Text
from sqlmodel import Field, SQLModel

from exam_api.audit.models import UtcDatetime
from exam_api.core.models import MAX_ID, NO_NUL_PATTERN, utcnow
from exam_api.rules.leave import LeaveKind, LeaveStatus


def _when(nullable: bool = True) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


def _text() -> Any:
    return Column(Text, nullable=False, default="")


class LeaveRequest(SQLModel, table=True):
    __tablename__ = "leave_requests"
    __table_args__ = (Index("ix_leave_requests_requester_dates", "requester_id", "start", "end"),)

    id: int | None = Field(default=None, primary_key=True)
    requester_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    team_id: int | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="SET NULL"
    )
    kind: str = Field(sa_column=Column(String(16), nullable=False))  # as requested
    effective_kind: str = Field(sa_column=Column(String(16), nullable=False))  # rules applied
    status: str = Field(sa_column=Column(String(16), nullable=False, index=True))
    route: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    start: date
    end: date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    form: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cover_plan: str = Field(default="", sa_column=_text())
    emergency_kind: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    phoned_supervisor: bool = Field(default=False)
    cover_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    cover_note: str = Field(default="", sa_column=_text())
    reviewed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reviewed_at: datetime | None = Field(default=None, sa_column=_when())
    review_comment: str = Field(default="", sa_column=_text())
    decided_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: datetime | None = Field(default=None, sa_column=_when())
    decision_comment: str = Field(default="", sa_column=_text())
    slip_received_at: datetime | None = Field(default=None, sa_column=_when())
    slip_received_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=_when(nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_when(nullable=False))


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不允许的字符")
    return value


class LeaveCreate(SQLModel):
    kind: LeaveKind = Field(description="personal 事假 / long 长假 / emergency 临时请假")
    start: date
    end: date
    reason: str = Field(min_length=1, max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})
    form: dict[str, str] = Field(
        default_factory=dict,
        description="长假的请假申请单：字段名见制度参数 leave.long.form_fields",
    )
    cover_plan: str = Field(
        default="",
        max_length=2000,
        schema_extra={"pattern": NO_NUL_PATTERN},
        description="代班安排",
    )
    emergency_kind: str | None = Field(
        default=None, max_length=32, schema_extra={"pattern": NO_NUL_PATTERN}
    )
    phoned_supervisor: bool = Field(default=False, description="临时请假：已致电主管说明情况")

    @field_validator("form")
    @classmethod
    def _form_is_small_and_clean(cls, form: dict[str, str]) -> dict[str, str]:
        if len(form) > 20:
            raise ValueError("申请单字段过多")
        for key, value in form.items():
            if len(key) > 32 or len(value) > 1000:
                raise ValueError("申请单内容过长")
            _no_nul(key)
            _no_nul(value)
        return form


class LeaveOnBehalf(LeaveCreate):
    """A supervisor registers an emergency leave phoned in by a team member (consent given)."""

    user_id: int = Field(ge=1, le=MAX_ID)


class LeaveApprove(SQLModel):
    comment: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})
    cover_user_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="长假：代班人")
    cover_note: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class LeaveReject(SQLModel):
    comment: str = Field(min_length=1, max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class LeavePublic(SQLModel):
    id: int
    requester_id: int
    team_id: int | None
    kind: LeaveKind
    effective_kind: LeaveKind
    status: LeaveStatus
    route: list[str]
    waiting_for: str | None
    start: date
    end: date
    days: int
    reason: str
    form: dict[str, str]
    cover_plan: str
    emergency_kind: str | None
    phoned_supervisor: bool
    cover_user_id: int | None
    cover_note: str
    reviewed_by_id: int | None
    reviewed_at: UtcDatetime | None
    review_comment: str
    decided_by_id: int | None
    decided_at: UtcDatetime | None
    decision_comment: str
    slip_due: date | None
    slip_received_at: UtcDatetime | None
    slip_overdue: bool
    created_at: UtcDatetime


class AttendanceEvent(SQLModel, table=True):
    __tablename__ = "attendance_events"
    __table_args__ = (Index("ix_attendance_events_user_day", "user_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    team_id: int | None = Field(
        default=None, foreign_key="teams.id", index=True, ondelete="SET NULL"
    )
    day: date
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    minutes: int | None = None
    share_percent: int | None = None  # responsibility for a missed swapped shift
    swap_id: int | None = Field(
        default=None, foreign_key="swap_requests.id", index=True, ondelete="SET NULL"
    )
    note: str = Field(default="", sa_column=_text())
    recorded_by_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=_when(nullable=False))


class AttendanceCreate(SQLModel):
    user_id: int = Field(ge=1, le=MAX_ID)
    day: date
    kind: str = Field(
        max_length=16,
        schema_extra={"pattern": r"^[a-z_]+$"},
        description="制度参数 attendance.events",
    )
    minutes: int | None = Field(default=None, ge=1, le=24 * 60, description="迟到/早退的分钟数")
    note: str = Field(default="", max_length=2000, schema_extra={"pattern": NO_NUL_PATTERN})


class AttendancePublic(SQLModel):
    id: int
    user_id: int
    team_id: int | None
    day: date
    kind: str
    label: str
    minutes: int | None
    share_percent: int | None
    swap_id: int | None
    note: str
    recorded_by_id: int
    created_at: UtcDatetime
