"""The trainee's view of a question: options shuffled with a seed; no key, explanation,
rubric or rule reference (``TraineeQuestion`` has no such fields)."""

from __future__ import annotations

import random

from exam_api.bank.models import (
    Matching,
    MultipleChoice,
    Numeric,
    Option,
    Ordering,
    Question,
    TraineeQuestion,
)


def _rng(seed: int | str, question_id: str, part: str) -> random.Random:
    # String seeds hash with SHA-512: stable across processes and Python runs.
    return random.Random(f"{seed}:{question_id}:{part}")


def _shuffled(items: tuple[Option, ...], rng: random.Random) -> tuple[Option, ...]:
    result = list(items)
    rng.shuffle(result)
    return tuple(result)


def render_for_trainee(
    question: Question, seed: int | str, shuffle: bool = True, points: float | None = None
) -> TraineeQuestion:
    """Render one question for a trainee; the same seed always gives the same order.

    ``points`` overrides the question's default points (a paper section's points).
    An ordering question is never shown already in its right order.
    """
    options: tuple[Option, ...] = getattr(question, "options", ())
    prompts: tuple[Option, ...] = question.prompts if isinstance(question, Matching) else ()
    if shuffle or isinstance(question, Ordering):
        rng = _rng(seed, question.id, "options")
        options = _shuffled(options, rng)
        if isinstance(question, Ordering):
            while [o.id for o in options] == list(question.key):
                options = _shuffled(options, rng)
        if prompts and shuffle:
            prompts = _shuffled(prompts, _rng(seed, question.id, "prompts"))
    return TraineeQuestion(
        id=question.id,
        type=question.type,
        stem=question.stem,
        points=question.points if points is None else points,
        options=options,
        prompts=prompts,
        unit=question.unit if isinstance(question, Numeric) else "",
        multiple=isinstance(question, MultipleChoice),
    )


def render_paper(
    questions: list[Question], seed: int | str, shuffle: bool = True
) -> list[TraineeQuestion]:
    return [render_for_trainee(q, seed, shuffle) for q in questions]
