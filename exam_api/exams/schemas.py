"""API shapes of papers: requests validated strictly (no NUL, bounded sizes and times)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from exam_api.bank.models import QUESTION_TYPES
from exam_api.core.models import MAX_ID, NO_NUL_PATTERN
from exam_api.exams.models import GradingMethod
from exam_api.exams.review import ReviewPolicy

MAX_PAPER_QUESTIONS = 200
Mode = Literal["all_or_nothing", "partial"]
QuestionType = Literal[QUESTION_TYPES]  # type: ignore[valid-type]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=64)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _utc(value: datetime) -> datetime:
    """In UTC; a time beyond what Python can hold in UTC is clamped to the nearest end."""
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        end = datetime.min if value.year < 2000 else datetime.max
        return end.replace(tzinfo=UTC)


def _text_only(value: Any) -> Any:
    if not isinstance(value, str | datetime):
        raise ValueError("时间须为 ISO 8601 文本，并带时区，例如 2030-01-01T09:00:00+08:00")
    return value


# Requests are validated strictly (no "1" for 1, no 1 for true); times are ISO text with a zone.
When = Annotated[
    AwareDatetime, Field(strict=False), BeforeValidator(_text_only), AfterValidator(_utc)
]
Method = Annotated[GradingMethod, Field(strict=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SectionIn(_In):
    """A blueprint section: which questions qualify and how many to draw."""

    name: str | None = Field(default=None, min_length=1, max_length=100, pattern=NO_NUL_PATTERN)
    area: str | None = Field(default=None, pattern=r"^[a-z]{1,32}$", description="手册页面")
    tags: list[Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL_PATTERN)]] = Field(
        default_factory=list, max_length=10
    )
    type: QuestionType | None = None
    difficulty: list[Literal[1, 2, 3]] = Field(default_factory=list, max_length=3)
    count: int = Field(ge=1, le=MAX_PAPER_QUESTIONS)
    points: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)


UNIQUE: dict[str, Any] = {"uniqueItems": True}


def _no_repeats(ids: list[str]) -> list[str]:
    if len(set(ids)) != len(ids):
        raise ValueError("固定题目中有重复的题号")
    return ids


class BlueprintContent(_In):
    """Questions drawn per attempt from the bank by blueprint sections."""

    sections: list[SectionIn] = Field(min_length=1, max_length=50)


class FixedContent(_In):
    """The same questions, by id, for every trainee."""

    question_ids: Annotated[
        list[QuestionId],
        Field(
            min_length=1, max_length=MAX_PAPER_QUESTIONS, json_schema_extra={"uniqueItems": True}
        ),
        AfterValidator(_no_repeats),
    ]


PaperContent = BlueprintContent | FixedContent


class ScoringIn(_In):
    """Partial credit settings; ``multiple_choice`` defaults to the department policy."""

    multiple_choice: Mode | None = None
    ordering: Mode = "all_or_nothing"
    matching: Mode = "all_or_nothing"


class ScoringOut(BaseModel):
    multiple_choice: Mode
    ordering: Mode
    matching: Mode


class AssignmentIn(_In):
    user_ids: list[Id] = Field(default_factory=list, max_length=500, description="布置给的学员")
    team_ids: list[Id] = Field(default_factory=list, max_length=50, description="布置给的班组")


class _Settings(_In):
    title: str = Field(min_length=1, max_length=120, pattern=NO_NUL_PATTERN)
    description: str = Field(default="", max_length=2000, pattern=NO_NUL_PATTERN)
    time_limit_minutes: int | None = Field(default=None, ge=1, le=600, description="默认取部门设置")
    pass_percent: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    attempts_allowed: int = Field(default=1, ge=1, le=20)
    grading_method: Method = GradingMethod.highest
    opens_at: When | None = None
    closes_at: When | None = None
    shuffle_questions: bool = True
    shuffle_options: bool = True
    scoring: ScoringIn = Field(default_factory=ScoringIn)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)


class PaperCreate(_Settings):
    content: PaperContent = Field(description="蓝图抽题（sections）或固定题目（question_ids）")
    assign: AssignmentIn = Field(default_factory=AssignmentIn)


class PaperUpdate(_In):
    """Changed fields only. Questions and scoring cannot change once attempts exist."""

    title: str | None = Field(default=None, min_length=1, max_length=120, pattern=NO_NUL_PATTERN)
    description: str | None = Field(default=None, max_length=2000, pattern=NO_NUL_PATTERN)
    time_limit_minutes: int | None = Field(default=None, ge=1, le=600)
    pass_percent: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    attempts_allowed: int | None = Field(default=None, ge=1, le=20)
    grading_method: Method | None = None
    opens_at: When | None = None
    closes_at: When | None = None
    shuffle_questions: bool | None = None
    shuffle_options: bool | None = None
    scoring: ScoringIn | None = None
    review: ReviewPolicy | None = None
    content: PaperContent | None = None


class PaperPublic(BaseModel):
    id: int
    title: str
    description: str
    sections: list[SectionIn] | None
    question_ids: list[str] | None
    question_count: int
    time_limit_minutes: int
    pass_percent: float
    attempts_allowed: int
    grading_method: GradingMethod
    opens_at: datetime | None
    closes_at: datetime | None
    shuffle_questions: bool
    shuffle_options: bool
    scoring: ScoringOut
    review: ReviewPolicy
    assigned_user_ids: list[int]
    assigned_team_ids: list[int]
    created_by: int | None
    created_at: datetime
    attempt_count: int


class SectionCount(BaseModel):
    section: int = Field(description="节的序号（从 0 开始）")
    label: str
    requested: int
    qualifying: int
    enough: bool


class PreviewOut(BaseModel):
    sections: list[SectionCount]
    unknown_question_ids: list[str]
    question_count: int
    drawable: bool = Field(description="按当前题库能否组出整份试卷")
    problem: str | None = None


class MyPaper(BaseModel):
    """A paper as its trainee sees it before and between attempts."""

    id: int
    title: str
    description: str
    question_count: int
    time_limit_minutes: int
    pass_percent: float
    attempts_allowed: int
    attempts_used: int
    grading_method: GradingMethod
    opens_at: datetime | None
    closes_at: datetime | None
    state: Literal["upcoming", "open", "closed"]
    open_attempt_id: int | None
    final_score: float | None = Field(description="仅在复查设置允许显示成绩时给出")
    final_percent: float | None
    passed: bool | None
