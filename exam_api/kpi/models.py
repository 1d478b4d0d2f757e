"""KPI tables: monthly scorecards (考核表) and the referral register (拉到投资客户登记).

Scores and money are stored as integers in hundredths (points × 100, fen) so both SQLite and
PostgreSQL keep them exact; the API shows them as decimals.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from exam_api.core.models import utcnow

HUNDRED = Decimal(100)


def to_hundredths(value: Decimal) -> int:
    return int((value * HUNDRED).to_integral_value())


def from_hundredths(value: int) -> Decimal:
    return (Decimal(value) / HUNDRED).quantize(Decimal("0.01"))


class CardStatus(StrEnum):
    draft = "draft"
    confirmed = "confirmed"


CARD_STATUS_LABELS = {CardStatus.draft: "草稿", CardStatus.confirmed: "已确认"}


def _timestamp() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


_ROW_VERSION = Column("row_version", Integer, nullable=False)


class KpiScorecard(SQLModel, table=True):
    """One person's scorecard for one calendar month; a draft until the director confirms it."""

    __tablename__ = "kpi_scorecards"
    __table_args__ = (
        UniqueConstraint("user_id", "year", "month", name="uq_kpi_scorecards_user_month"),
    )
    # Every UPDATE checks the row's version: an edit racing a confirmation cannot both win.
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _ROW_VERSION}

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    )
    year: int
    month: int
    status: str = Field(default=CardStatus.draft, sa_column=Column(String(16), nullable=False))
    role: str = Field(sa_column=Column(String(16), nullable=False))
    team_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("teams.id", ondelete="SET NULL"), nullable=True),
    )
    # What the supervisor entered: item id -> count / level / grade.
    inputs: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The records the attendance item and the callback target were derived from.
    leave_days: int = 0
    late: int = 0
    early_leave: int = 0
    absences: int = 0
    badge_missing: int = 0
    rostered_days: int = 0
    worked_days: int = 0
    callback_target: int = 0
    derived_grade: str = Field(sa_column=Column(String(1), nullable=False))
    override_grade: str | None = Field(default=None, sa_column=Column(String(1), nullable=True))
    override_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The result: item scores (points as strings), total, band, bonus.
    items: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    total_x100: int
    band: str = Field(sa_column=Column(String(16), nullable=False))
    base_fen: int
    bonus_fen: int
    policy_version: str = Field(sa_column=Column(String(32), nullable=False))
    drafted_by: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()
    confirmed_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("users.id"), nullable=True)
    )
    confirmed_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    row_version: int = Field(default=1, sa_column=_ROW_VERSION)

    @property
    def total(self) -> Decimal:
        return from_hundredths(self.total_x100)

    @property
    def base(self) -> Decimal:
        return from_hundredths(self.base_fen)

    @property
    def bonus(self) -> Decimal:
        return from_hundredths(self.bonus_fen)

    @property
    def attendance_grade(self) -> str:
        return self.override_grade or self.derived_grade


class KpiReferral(SQLModel, table=True):
    """An investor brought in by an agent; each customer can be claimed once (kpi-referral)."""

    __tablename__ = "kpi_referrals"

    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    )
    # The customer's platform account, normalised (NFKC, trimmed, case-folded): the claim key.
    customer_key: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    customer_account: str = Field(sa_column=Column(String(64), nullable=False))
    customer_name: str = Field(default="", sa_column=Column(String(64), nullable=False))
    verified: bool = False
    invested_fen: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    registered_by: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()

    @property
    def invested(self) -> Decimal:
        return from_hundredths(self.invested_fen)
