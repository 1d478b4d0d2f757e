"""Shift types and shift assignments: tables and API shapes."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints, model_validator
from sqlalchemy import Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from exam_api.core.models import MAX_ID, NO_NUL_PATTERN

SHIFT_NAME_PATTERN = r"^[^\x00\s][^\x00]*$"


def _to_the_minute(value: time) -> time:
    if value.tzinfo is not None or value.second or value.microsecond:
        raise ValueError("时间须精确到分钟且不带时区，如 08:00")
    return value


def clock_text(value: object) -> object:
    return value.strftime("%H:%M") if isinstance(value, time) else value


# Wall-clock times of the department: minutes, no zone. Shown as "HH:MM" text (JSON Schema's
# "time" format would demand a zone offset).
ClockTime = Annotated[time, AfterValidator(_to_the_minute)]
ClockText = Annotated[
    str, BeforeValidator(clock_text), StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
]


class ShiftTypeBase(SQLModel):
    name: str = Field(
        min_length=1, max_length=32, schema_extra={"pattern": SHIFT_NAME_PATTERN}, unique=True
    )


class ShiftType(ShiftTypeBase, table=True):
    __tablename__ = "shift_types"

    id: int | None = Field(default=None, primary_key=True)
    start: time
    end: time
    active: bool = Field(default=True)


class ShiftTypeCreate(ShiftTypeBase):
    start: ClockTime = Field(description="上班时间，如 08:00")
    end: ClockTime = Field(description="下班时间；早于上班时间表示跨夜班")

    @model_validator(mode="after")
    def _not_empty(self) -> ShiftTypeCreate:
        if self.start == self.end:
            raise ValueError("上班时间与下班时间不能相同")
        return self


class ShiftTypeUpdate(SQLModel):
    name: str | None = Field(
        default=None, min_length=1, max_length=32, schema_extra={"pattern": SHIFT_NAME_PATTERN}
    )
    start: ClockTime | None = None
    end: ClockTime | None = None
    active: bool | None = None


class ShiftTypePublic(ShiftTypeBase):
    id: int
    start: ClockText
    end: ClockText
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
    start: ClockText
    end: ClockText
    note: str


class ImportResult(SQLModel):
    rows: int = Field(description="数据行数")
    created: int
    updated: int
    removed: int
    unchanged: int
