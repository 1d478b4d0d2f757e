"""API shapes of attempts, grading and statistics.

Review fields (score, correct, key, explanation …) are ``None`` unless the paper's review
policy lets the viewer see them; the trainee's question view (``TraineeQuestion``) has no
key, explanation, rubric or rule reference at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from exam_api.bank.etiquette import EtiquetteReport
from exam_api.bank.models import RubricItem, TraineeQuestion
from exam_api.core.models import NO_NUL_PATTERN
from exam_api.exams.models import AttemptStatus

OptionText = Annotated[str, Field(max_length=64, pattern=NO_NUL_PATTERN)]
AnswerValue = (
    bool
    | int
    | Annotated[float, Field(allow_inf_nan=False)]
    | Annotated[str, Field(max_length=5000, pattern=NO_NUL_PATTERN)]
    | Annotated[list[OptionText], Field(max_length=50)]
    | Annotated[dict[OptionText, OptionText | None], Field(max_length=50)]
    | None
)


class AnswerIn(BaseModel):
    """单选 "b"；多选/排序 ["a","c"]；判断 true；填空/简答 文字；数值 2；
    匹配 {"p1": "b"}；null 清空。"""

    model_config = ConfigDict(extra="forbid")
    answer: AnswerValue = None


class AnswerSaved(BaseModel):
    attempt_id: int
    no: int
    answered: bool
    saved_at: datetime
    deadline: datetime
    remaining_seconds: int


class AttemptSummary(BaseModel):
    id: int
    paper_id: int
    paper_title: str
    user_id: int
    display_name: str
    number: int
    status: AttemptStatus
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    auto_submitted: bool
    max_score: float
    score: float | None = None
    percent: float | None = None
    passed: bool | None = None


class QuestionReview(BaseModel):
    awarded: float | None = None
    correct: bool | None = None
    graded: bool | None = None
    feedback: str | None = None
    key: Any = None
    explanation: str | None = None
    ref: str | None = None
    rule_title: str | None = None
    rule_url: str | None = None


class AttemptQuestion(BaseModel):
    no: int
    question: TraineeQuestion
    answer: Any = None
    saved_at: datetime | None = None
    review: QuestionReview | None = None


class AttemptView(AttemptSummary):
    remaining_seconds: int | None = Field(description="作答中时距截止的秒数")
    questions: list[AttemptQuestion]


class EssayTask(BaseModel):
    """An essay answer waiting in the grading queue, with the etiquette checker's findings."""

    item_id: int
    attempt_id: int
    paper_id: int
    paper_title: str
    user_id: int
    display_name: str
    no: int
    question_id: str
    stem: str
    max_points: float
    rubric: list[RubricItem]
    reference_answer: str
    answer: str
    etiquette: EtiquetteReport | None
    submitted_at: datetime | None


class EssayGradeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    points: float = Field(ge=0, le=1000, allow_inf_nan=False)
    feedback: str = Field(default="", max_length=2000, pattern=NO_NUL_PATTERN)


class EssayGraded(BaseModel):
    item_id: int
    attempt_id: int
    awarded: float
    attempt_status: AttemptStatus
    attempt_score: float | None


class BinOut(BaseModel):
    low_percent: float
    high_percent: float
    count: int


class QuestionStatOut(BaseModel):
    question_id: str
    area: str | None
    type: str
    ref: str | None
    attempts: int
    mean_mark: float
    max_mark: float
    facility: float | None = Field(description="平均得分 ÷ 满分")
    discrimination: float | None = Field(description="本题得分与其余题目得分的相关系数")
    poor_discrimination: bool


class PaperStats(BaseModel):
    paper_id: int
    grading_method: str
    pass_percent: float
    trainees: int
    attempts: int
    awaiting_grading: int
    mean_score: float | None
    median_score: float | None
    mean_percent: float | None
    median_percent: float | None
    pass_rate: float | None
    distribution: list[BinOut]
    poor_discrimination_below: float
    questions: list[QuestionStatOut]


class RuleLink(BaseModel):
    rule: str
    title: str | None
    url: str | None


class AreaOut(BaseModel):
    area: str
    title: str | None
    earned: float
    possible: float
    percent: float
    questions: int
    missed_rules: list[RuleLink]


class TraineeAreas(BaseModel):
    user_id: int
    display_name: str
    areas: list[AreaOut] = Field(description="按得分率从低到高")
