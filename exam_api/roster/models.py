"""Shift types and shift assignments: tables and API shapes."""

from __future__ import annotations

from datetime import date, time

from pydantic import model_validator
from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from exam_api.core.models import MAX_ID, NO_NUL_PATTERN

SHIFT_NAME_PATTERN = r"^[^\x00\s][^\x00]*$"


class ShiftTypeBase(SQLModel):
    name: str = Field(
        min_length=1, max_length=32, schema_extra={"pattern": SHIFT_NAME_PATTERN}, unique=True
    )
    start: time = Field(description="上班时间，如 08:00")
    end: time = Field(description="下班时间；早于上班时间表示跨夜班")


class ShiftType(ShiftTypeBase, table=True):
    __tablename__ = "shift_types"

    id: int | None = Field(default=None, primary_key=True)
    active: bool = Field(default=True)


class ShiftTypeCreate(ShiftTypeBase):
    @model_validator(mode="after")
    def _not_empty(self) -> ShiftTypeCreate:
        if self.start == self.end:
            raise ValueError("上班时间与下班时间不能相同")
        return self


class ShiftTypeUpdate(SQLModel):
    name: str | None = Field(
        default=None, min_length=1, max_length=32, schema_extra={"pattern": SHIFT_NAME_PATTERN}
    )
    start: time | None = None
    end: time | None = None
    active: bool | None = None


class ShiftTypePublic(ShiftTypeBase):
    id: int
    active: bool


class ShiftAssignment(SQLModel, table=True):
    """One person on one shift on one day (at most one shift per person per day)."""

    __tablename__ = "shift_assignments"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_shift_assignments_user_day"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    day: date = Field(index=True)
    shift_type_id: int = Field(foreign_key="shift_types.id", ondelete="RESTRICT")
    note: str = Field(default="", sa_column=Column(String(200), nullable=False, default=""))


class AssignmentSet(SQLModel):
    user_id: int = Field(ge=1, le=MAX_ID)
    day: date
    shift_type_id: int = Field(ge=1, le=MAX_ID)
    note: str = Field(default="", max_length=200, schema_extra={"pattern": NO_NUL_PATTERN})


class AssignmentPublic(SQLModel):
    id: int
    user_id: int
    username: str
    display_name: str
    team_id: int | None
    day: date
    shift_type_id: int
    shift_name: str
    start: time
    end: time
    note: str


class ImportResult(SQLModel):
    rows: int = Field(description="数据行数")
    created: int
    updated: int
    removed: int
    unchanged: int
