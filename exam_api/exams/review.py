"""What a trainee may see of a submitted attempt (pure: no web or database imports).

A paper's review policy says, for right after submitting and for after the paper closes,
whether the trainee sees the score, right/wrong per question, the key and the explanation
(with the handbook link). Nothing is shown while the attempt is open; staff see everything.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ReviewOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    score: bool = False  # total score, percentage and pass/fail
    correctness: bool = False  # right/wrong and points per question, grader feedback
    key: bool = False  # the right answer (reference answer for essays)
    explanation: bool = False  # explanation and the handbook rule it tests

    def union(self, other: ReviewOptions) -> ReviewOptions:
        return ReviewOptions(
            score=self.score or other.score,
            correctness=self.correctness or other.correctness,
            key=self.key or other.key,
            explanation=self.explanation or other.explanation,
        )


NOTHING = ReviewOptions()
EVERYTHING = ReviewOptions(score=True, correctness=True, key=True, explanation=True)


class ReviewPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    after_submit: ReviewOptions = ReviewOptions(score=True)
    after_close: ReviewOptions = EVERYTHING


def visible(
    policy: ReviewPolicy,
    *,
    submitted: bool,
    closes_at: datetime | None,
    now: datetime,
    staff: bool = False,
) -> ReviewOptions:
    """What the viewer may see now. After-close options apply once the paper has closed."""
    if staff:
        return EVERYTHING
    if not submitted:
        return NOTHING
    shown = policy.after_submit
    if closes_at is not None and now >= closes_at:
        shown = shown.union(policy.after_close)
    return shown
