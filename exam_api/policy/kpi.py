"""Typed model of the KPI scheme (客服绩效考核制度) in the policy file."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from exam_api.policy.models import RoleName, Ruled, Strict


class Level(Strict):
    level: str
    points: Decimal = Field(ge=0)


class RatioLevel(Level):
    min_ratio: Decimal = Field(ge=0)


class Grade(Strict):
    grade: Literal["A", "B", "C"]
    points: Decimal = Field(ge=0)
    meaning: str = ""


class ItemBase(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    weight: PositiveInt

    def top_points(self) -> Decimal:
        return Decimal(self.weight)


class PerUnitItem(ItemBase):
    mode: Literal["per_unit"]
    unit: str
    points_per_unit: Decimal = Field(gt=0)


class TargetRatioItem(ItemBase):
    mode: Literal["target_ratio"]
    per_day: PositiveInt
    levels: list[RatioLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_descend(self) -> TargetRatioItem:
        ratios = [lv.min_ratio for lv in self.levels]
        if ratios != sorted(ratios, reverse=True) or ratios[-1] != 0:
            raise ValueError("levels 必须按 min_ratio 从高到低排列，且最后一档 min_ratio 为 0")
        return self


class LevelItem(ItemBase):
    mode: Literal["level"]
    levels: list[Level] = Field(min_length=1)


class GradeItem(ItemBase):
    mode: Literal["grade", "derived_grade"]
    grades: list[Grade] = Field(min_length=3, max_length=3)


KpiItem = Annotated[
    PerUnitItem | TargetRatioItem | LevelItem | GradeItem, Field(discriminator="mode")
]


class KpiItems(Ruled):
    entries: list[KpiItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _points_within_weight(self) -> KpiItems:
        for item in self.entries:
            levels = getattr(item, "levels", None) or getattr(item, "grades", None) or []
            for lv in levels:
                if lv.points > item.weight:
                    raise ValueError(
                        f"考核项目 {item.id} 的得分 {lv.points} 超过其权重 {item.weight}"
                    )
        ids = [item.id for item in self.entries]
        if len(set(ids)) != len(ids):
            raise ValueError("考核项目 id 重复")
        return self


class KpiPeriod(Ruled):
    start: str
    end: str
    applies_to: list[RoleName]


class KpiAttendance(Ruled):
    a_max_leave_late_early: NonNegativeInt
    b_max_leave_late_early: NonNegativeInt
    absence_grade: Literal["A", "B", "C"]
    badge_a_max: NonNegativeInt
    badge_b_max: NonNegativeInt

    @model_validator(mode="after")
    def _ordered(self) -> KpiAttendance:
        if self.a_max_leave_late_early > self.b_max_leave_late_early:
            raise ValueError("a_max_leave_late_early 不能大于 b_max_leave_late_early")
        if self.badge_a_max > self.badge_b_max:
            raise ValueError("badge_a_max 不能大于 badge_b_max")
        return self


class Band(Strict):
    name: str
    min: Decimal = Field(ge=0)


class KpiBands(Ruled):
    levels: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _descending(self) -> KpiBands:
        mins = [band.min for band in self.levels]
        if mins != sorted(mins, reverse=True) or mins[-1] != 0:
            raise ValueError("档次必须按 min 从高到低排列，且最后一档 min 为 0")
        return self


class KpiBonus(Ruled):
    formula: str
    rounding: Literal["fen"]
    base_by_role: dict[RoleName, Decimal]
    example_score: Decimal = Field(ge=0, le=100)


class ExcellentStreak(Ruled):
    band: str
    months: PositiveInt
    flag: str


class PoorStreak(Ruled):
    band: str
    months: PositiveInt
    flag: str
    long_months: PositiveInt
    freeze_months: PositiveInt
    year_end_cut_percent: int = Field(gt=0, le=100)


class Streaks(Strict):
    excellent: ExcellentStreak
    poor: PoorStreak


class Referral(Ruled):
    praise_min_invest: Decimal = Field(gt=0)
    praise: str
    cash_min_cumulative: Decimal = Field(gt=0)
    cash_amount: Decimal = Field(ge=0)
    claims_per_customer: PositiveInt


class Confirmation(Ruled):
    drafted_by: RoleName
    confirmed_by: RoleName
    immutable_after_confirm: bool


class Kpi(Strict):
    period: KpiPeriod
    total_points: PositiveInt
    items: KpiItems
    attendance: KpiAttendance
    bands: KpiBands
    bonus: KpiBonus
    streaks: Streaks
    referral: Referral
    confirmation: Confirmation

    @model_validator(mode="after")
    def _weights_total(self) -> Kpi:
        total = sum(item.weight for item in self.items.entries)
        if total != self.total_points:
            raise ValueError(
                f"考核项目权重合计为 {total}，必须等于总分 {self.total_points} (kpi.items weights)"
            )
        band_names = {band.name for band in self.bands.levels}
        for streak in (self.streaks.excellent, self.streaks.poor):
            if streak.band not in band_names:
                raise ValueError(f"连续规则引用了不存在的档次 {streak.band}")
        return self
