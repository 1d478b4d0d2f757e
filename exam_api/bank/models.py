"""Question models of the bank (pure pydantic, no web or database imports).

A question in memory is always *resolved*: policy placeholders in its texts are
rendered and policy-derived keys hold the policy's current value. The policy paths a
question was derived from are kept in ``derived`` so a change of policy can be traced.
The YAML source format is documented in ``question_bank/README.md``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

QUESTION_TYPES: tuple[str, ...] = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "fill_blank",
    "numeric",
    "ordering",
    "matching",
    "essay",
)
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "ordering", "matching"})

QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=64)]
OptionId = Annotated[str, Field(pattern=r"^[a-z0-9]{1,8}$")]


def _text(value: int | float) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One option (choice types), item (ordering) or answer (matching)."""

    id: OptionId
    text: str = Field(min_length=1)


class NumericKey(_Strict):
    value: float
    tolerance: float = Field(default=0.0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return {"value": data}
        return data


class RubricItem(_Strict):
    points: float = Field(ge=0)
    text: str = Field(min_length=1)


class QuestionBase(_Strict):
    id: QuestionId
    stem: str = Field(min_length=1)
    points: float = Field(default=1.0, gt=0)
    difficulty: Literal[1, 2, 3] = 2
    tags: tuple[str, ...] = ()
    ref: str | None = None  # rule id -> handbook anchor; required in bank files
    explanation: str = ""
    area: str | None = None  # handbook page slug; set from the bank file
    derived: tuple[str, ...] = ()  # policy paths this question's texts or key came from

    def option_ids(self) -> list[str]:
        options: tuple[Option, ...] = getattr(self, "options", ())
        return [o.id for o in options]


def _unique_ids(options: tuple[Option, ...]) -> tuple[Option, ...]:
    ids = [o.id for o in options]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"编号重复：{', '.join(dupes)}")
    return options


Options = Annotated[tuple[Option, ...], Field(min_length=2), AfterValidator(_unique_ids)]


class SingleChoice(QuestionBase):
    type: Literal["single_choice"] = "single_choice"
    options: Options
    key: OptionId

    @model_validator(mode="after")
    def _key_in_options(self) -> SingleChoice:
        if self.key not in self.option_ids():
            raise ValueError(f"答案 {self.key} 不在选项中")
        return self


class MultipleChoice(QuestionBase):
    type: Literal["multiple_choice"] = "multiple_choice"
    options: Options
    key: tuple[OptionId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _key_in_options(self) -> MultipleChoice:
        missing = [k for k in self.key if k not in self.option_ids()]
        if missing:
            raise ValueError(f"答案 {', '.join(missing)} 不在选项中")
        if len(set(self.key)) != len(self.key):
            raise ValueError("答案中有重复的选项")
        return self


class TrueFalse(QuestionBase):
    type: Literal["true_false"] = "true_false"
    key: bool


class FillBlank(QuestionBase):
    """Accepted answers; compared after normalisation (see grading)."""

    type: Literal["fill_blank"] = "fill_blank"
    key: tuple[str, ...] = Field(min_length=1)

    @field_validator("key", mode="before")
    @classmethod
    def _as_texts(cls, v: Any) -> Any:
        items = v if isinstance(v, list | tuple) else [v]
        return tuple(_text(i) if isinstance(i, int | float) else i for i in items)

    @field_validator("key")
    @classmethod
    def _non_blank(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not s.strip() for s in v):
            raise ValueError("可接受答案不能为空")
        return v


class Numeric(QuestionBase):
    type: Literal["numeric"] = "numeric"
    key: NumericKey
    unit: str = ""  # shown after the input box, e.g. 天 / 次 / 元


class Ordering(QuestionBase):
    """``options`` are the items (listed in any order); ``key`` is the right order."""

    type: Literal["ordering"] = "ordering"
    options: Options
    key: tuple[OptionId, ...]

    @model_validator(mode="after")
    def _key_is_permutation(self) -> Ordering:
        if sorted(self.key) != sorted(self.option_ids()):
            raise ValueError("答案必须恰好把每个项目排列一次")
        return self


class Matching(QuestionBase):
    """``prompts`` are matched to ``options``; extra options are distractors."""

    type: Literal["matching"] = "matching"
    prompts: Options
    options: Options
    key: dict[OptionId, OptionId]

    @model_validator(mode="after")
    def _key_covers_prompts(self) -> Matching:
        prompt_ids = [p.id for p in self.prompts]
        if sorted(self.key) != sorted(prompt_ids):
            raise ValueError("答案必须为每个题干项各给出一个选项")
        missing = [v for v in self.key.values() if v not in self.option_ids()]
        if missing:
            raise ValueError(f"答案 {', '.join(missing)} 不在选项中")
        return self


class Essay(QuestionBase):
    type: Literal["essay"] = "essay"
    rubric: tuple[RubricItem, ...] = ()
    reference_answer: str = ""
    etiquette: bool = False  # run the etiquette checker on the answer


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | FillBlank | Numeric | Ordering | Matching | Essay,
    Field(discriminator="type"),
]


class QuestionFile(_Strict):
    """One bank file: ``question_bank/<area>.yaml``."""

    area: str
    questions: tuple[Question, ...] = ()


# --- trainee view: a separate model that has no key, explanation, rubric or ref ---------


class TraineeQuestion(_Strict):
    id: str
    type: str
    stem: str
    points: float
    options: tuple[Option, ...] = ()  # shuffled for choice/ordering/matching answers
    prompts: tuple[Option, ...] = ()  # matching only (shuffled)
    unit: str = ""  # numeric only
    multiple: bool = False  # True for multiple_choice (several options may be chosen)
