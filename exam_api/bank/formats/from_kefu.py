"""Map our questions to Moodle's model for the GIFT and Moodle XML writers.

Moodle's closest type is used for each of ours (ordering: the ordering question type,
standard since Moodle 4.4). What Moodle has no field for goes to our metadata comment
(``meta.py``), so our importer restores it and Moodle ignores it.
"""

from __future__ import annotations

from exam_api.bank.formats import meta
from exam_api.bank.formats.moodle_model import MoodleAnswer, MoodleQuestion
from exam_api.bank.models import (
    Essay,
    FillBlank,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)


def number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def to_moodle(q: Question, native: frozenset[str]) -> MoodleQuestion:
    """``native``: our fields the target format holds itself (e.g. points in XML)."""
    mq = MoodleQuestion(
        qtype="",
        name=q.id,
        idnumber=q.id,
        text=q.stem,
        general_feedback=q.explanation,
        tags=list(q.tags),
        category=q.area,
        default_mark=q.points if "points" in native else None,
    )
    file_ids = _fill(mq, q, native)
    mq.meta = meta.meta_for(q, native, file_ids)
    return mq


def _fill(mq: MoodleQuestion, q: Question, native: frozenset[str]) -> list[str]:
    """Set the type-specific fields; return the option ids in the order they are written."""
    if isinstance(q, SingleChoice | MultipleChoice):
        return _choice(mq, q)
    if isinstance(q, TrueFalse):
        mq.qtype, mq.correct = "truefalse", q.key
    elif isinstance(q, FillBlank):
        mq.qtype = "shortanswer"
        mq.answers = [MoodleAnswer(text=t, fraction=1.0) for t in q.key]
    elif isinstance(q, Numeric):
        mq.qtype = "numerical"
        mq.answers = [
            MoodleAnswer(text=number_text(q.key.value), fraction=1.0, tolerance=q.key.tolerance)
        ]
        if q.unit and "unit" in native:
            mq.units = [(q.unit, 1.0)]
    elif isinstance(q, Ordering):
        mq.qtype = "ordering"
        texts = {o.id: o.text for o in q.options}
        mq.items = [texts[i] for i in q.key]
        return list(q.key)
    elif isinstance(q, Matching):
        return _matching(mq, q)
    elif isinstance(q, Essay):
        mq.qtype = "essay"
        if "reference_answer" in native:
            mq.grader_info = q.reference_answer
    return []


def _choice(mq: MoodleQuestion, q: SingleChoice | MultipleChoice) -> list[str]:
    mq.qtype = "multichoice"
    if isinstance(q, SingleChoice):
        mq.answers = [MoodleAnswer(o.text, 1.0 if o.id == q.key else 0.0) for o in q.options]
    else:
        mq.single = False
        share = round(1 / len(q.key), 7)
        mq.answers = [MoodleAnswer(o.text, share if o.id in q.key else -share) for o in q.options]
    return q.option_ids()


def _matching(mq: MoodleQuestion, q: Matching) -> list[str]:
    mq.qtype = "match"
    texts = {o.id: o.text for o in q.options}
    order: list[str] = []
    for prompt in q.prompts:
        oid = q.key[prompt.id]
        mq.subquestions.append((prompt.text, texts[oid]))
        if oid not in order:
            order.append(oid)
    for option in q.options:
        if option.id not in order:
            mq.subquestions.append(("", option.text))
            order.append(option.id)
    return order


def matching_duplicates(q: Question) -> list[str]:
    """Option texts that appear twice in a matching question (Moodle merges them)."""
    if not isinstance(q, Matching):
        return []
    seen: set[str] = set()
    dupes = []
    for o in q.options:
        if o.text.strip() in seen:
            dupes.append(o.text)
        seen.add(o.text.strip())
    return dupes


def all_texts(q: Question) -> list[str]:
    """Every text of a question (for checks a writer must make)."""
    texts = [q.stem, q.explanation, *q.tags]
    for field in ("options", "prompts"):
        texts += [o.text for o in getattr(q, field, ())]
    if isinstance(q, FillBlank):
        texts += list(q.key)
    if isinstance(q, Essay):
        texts += [q.reference_answer, *(r.text for r in q.rubric)]
    return texts
