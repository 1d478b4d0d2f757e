"""API shapes of the KPI endpoints (requests and responses)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
)

from exam_api.core.models import MAX_ID, NO_NUL_PATTERN

Grade = Literal["A", "B", "C"]
Year = Annotated[int, Field(ge=2000, le=2100, description="年份")]
MonthNumber = Annotated[int, Field(ge=1, le=12, description="月份")]
Count = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
Label = Annotated[StrictStr, Field(min_length=1, max_length=16, pattern=NO_NUL_PATTERN)]
ItemKey = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")]
MIN_REASON_CHARS = 4


def _as_utc(moment: datetime) -> datetime:
    """Stored moments are UTC; SQLite hands them back without a zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AttendanceOverride(Request):
    """A grade replacing the one derived from the records; the reason is required and logged."""

    grade: Grade
    reason: str = Field(max_length=500, pattern=NO_NUL_PATTERN, description="改动理由（必填）")

    @field_validator("reason")
    @classmethod
    def _written(cls, value: str) -> str:
        value = value.strip()
        if len(value) < MIN_REASON_CHARS:
            raise ValueError(f"改动平常考核等级须写明理由（至少 {MIN_REASON_CHARS} 个字）")
        return value


class ScorecardEdit(Request):
    inputs: dict[ItemKey, Count | Label] = Field(
        max_length=32, description="各项目的录入：数量、完成程度或等级"
    )
    attendance_override: AttendanceOverride | None = None


class ScorecardCreate(ScorecardEdit):
    user_id: int = Field(ge=1, le=MAX_ID, description="被考核人")
    year: Year
    month: MonthNumber


class ItemScorePublic(BaseModel):
    item_id: str
    name: str
    weight: int
    points: Decimal
    level: str | None = None


class AttendancePublic(BaseModel):
    leave_days: int
    late: int
    early_leave: int
    absences: int
    badge_missing: int
    derived_grade: str
    override_grade: str | None
    override_reason: str | None
    grade: str
    rule: str
    url: str


class FlagPublic(BaseModel):
    year: int
    month: int
    rule: str
    text: str
    streak: int
    url: str


class ScorecardPublic(BaseModel):
    id: int
    user_id: int
    display_name: str
    team_id: int | None
    year: int
    month: int
    status: str
    status_label: str
    role: str
    inputs: dict[str, Any]
    items: list[ItemScorePublic]
    total: Decimal
    band: str
    base: Decimal
    bonus: Decimal
    policy_version: str
    rostered_days: int
    worked_days: int
    callback_target: int
    attendance: AttendancePublic
    flags: list[FlagPublic] = Field(description="本月触发的连续考核提示（仅已确认的考核表）")
    drafted_by: int
    created_at: UtcDatetime
    updated_at: UtcDatetime
    confirmed_by: int | None
    confirmed_at: UtcDatetime | None


class MonthRecordsPublic(BaseModel):
    """What the records say for a person's month, before any scorecard is entered."""

    user_id: int
    year: int
    month: int
    rostered_days: int
    leave_days: int
    worked_days: int
    callback_target: int
    late: int
    early_leave: int
    absences: int
    badge_missing: int
    attendance_grade: str


class HistoryEntry(BaseModel):
    id: int
    year: int
    month: int
    status: str
    total: Decimal
    band: str
    bonus: Decimal
    policy_version: str


class HistoryPublic(BaseModel):
    user_id: int
    display_name: str
    cards: list[HistoryEntry]
    flags: list[FlagPublic]
    frozen_months: list[str] = Field(description="无升职加薪资格的月份（YYYY-MM）")


class OverviewRow(BaseModel):
    user_id: int
    display_name: str
    role: str
    card_id: int | None
    status: str | None
    total: Decimal | None
    band: str | None
    bonus: Decimal | None
    flags: list[FlagPublic]
    frozen: bool


class TeamOverview(BaseModel):
    team_id: int
    team_name: str
    year: int
    month: int
    rows: list[OverviewRow]
    band_counts: dict[str, int]
    confirmed: int
    drafts: int
    missing: int
    bonus_total: Decimal


class ReferralCreate(Request):
    agent_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="拉到客户的客服；客服本人登记时省略"
    )
    customer_account: str = Field(
        min_length=1, max_length=64, pattern=NO_NUL_PATTERN, description="客户在平台的账号"
    )
    customer_name: str = Field(default="", max_length=64, pattern=NO_NUL_PATTERN)
    note: str = Field(default="", max_length=500, pattern=NO_NUL_PATTERN)


class ReferralUpdate(Request):
    verified: StrictBool | None = Field(default=None, description="客户已完成认证并完善资料")
    invested: Decimal | None = Field(
        default=None, ge=0, le=Decimal("1000000000"), decimal_places=2, description="累计投资（元）"
    )
    note: str | None = Field(default=None, max_length=500, pattern=NO_NUL_PATTERN)


class ReferralPublic(BaseModel):
    id: int
    agent_id: int
    agent_name: str
    customer_account: str
    customer_name: str
    verified: bool
    invested: Decimal
    praise: bool = Field(description="达到会议表扬条件")
    cash_reward: Decimal = Field(description="达到累计投资条件的现金奖励（元），未达到为 0")
    note: str
    registered_by: int
    created_at: UtcDatetime
    updated_at: UtcDatetime
    rule: str
    url: str


class ReferralSummary(BaseModel):
    agent_id: int
    agent_name: str
    customers: int
    invested_total: Decimal
    praises: int
    cash_rewards: int
    cash_total: Decimal
    rule: str
    url: str
