"""Turn attempt rows into API views, showing review fields only as the paper's policy allows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from exam_api.bank.grading import is_empty
from exam_api.bank.models import Essay, Question
from exam_api.bank.render import render_for_trainee
from exam_api.core.models import utcnow
from exam_api.exams.access import assigned_paper_ids
from exam_api.exams.attempt_schemas import (
    AttemptQuestion,
    AttemptSummary,
    AttemptView,
    QuestionReview,
)
from exam_api.exams.attempts import paper_state
from exam_api.exams.bank import rule_link
from exam_api.exams.items import Item, load_items
from exam_api.exams.models import (
    AttemptStatus,
    ExamAttempt,
    ExamPaper,
    GradingMethod,
)
from exam_api.exams.papers import question_count, review_policy
from exam_api.exams.review import ReviewOptions, visible
from exam_api.exams.schemas import MyPaper
from exam_api.exams.stats import Score, final_score, passed
from exam_api.exams.submission import OPEN
from exam_api.exams.timeutil import as_utc
from exam_api.policy import Policy
from exam_api.users.models import User


def shown(
    paper: ExamPaper, attempt: ExamAttempt | None, viewer: User, now: datetime
) -> ReviewOptions:
    """What ``viewer`` may see of ``attempt`` (or of the paper's scores when ``None``)."""
    staff = attempt is not None and viewer.id != attempt.user_id
    submitted = attempt is None or attempt.status != OPEN
    return visible(
        review_policy(paper),
        submitted=submitted,
        closes_at=as_utc(paper.closes_at),
        now=now,
        staff=staff,
    )


def _percent(score: float, max_score: float) -> float:
    return round(Score(score, max_score).percent, 2)


def summary(
    attempt: ExamAttempt, paper: ExamPaper, owner: User, options: ReviewOptions
) -> dict[str, Any]:
    graded = attempt.status == AttemptStatus.graded.value and attempt.score is not None
    show = options.score and graded
    score = attempt.score if show and attempt.score is not None else None
    return {
        "id": attempt.id,
        "paper_id": paper.id,
        "paper_title": paper.title,
        "user_id": attempt.user_id,
        "display_name": owner.display_name,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": as_utc(attempt.started_at),
        "deadline": as_utc(attempt.deadline),
        "submitted_at": as_utc(attempt.submitted_at),
        "auto_submitted": attempt.auto_submitted,
        "max_score": attempt.max_score,
        "score": score,
        "percent": None if score is None else _percent(score, attempt.max_score),
        "passed": None
        if score is None
        else passed(Score(score, attempt.max_score), paper.pass_percent),
    }


def attempt_summary(
    session: Session, attempt: ExamAttempt, viewer: User, now: datetime | None = None
) -> AttemptSummary:
    paper = session.get(ExamPaper, attempt.paper_id)
    owner = session.get(User, attempt.user_id)
    assert paper is not None and owner is not None
    options = shown(paper, attempt, viewer, now or utcnow())
    return AttemptSummary(**summary(attempt, paper, owner, options))


def _key_of(question: Question) -> Any:
    if isinstance(question, Essay):
        return question.reference_answer or None
    return question.model_dump(mode="json")["key"]


def _review(
    item: Item, question: Question, options: ReviewOptions, policy: Policy
) -> QuestionReview | None:
    if options == ReviewOptions():
        return None
    review = QuestionReview()
    if options.correctness:
        review.awarded = item.awarded
        review.correct = item.correct
        review.graded = not (item.needs_manual and item.awarded is None)
        review.feedback = item.feedback
    if options.key:
        review.key = _key_of(question)
    if options.explanation:
        review.explanation = question.explanation
        review.ref = question.ref
        review.rule_title, review.rule_url = rule_link(policy, question.ref)
    return review


def attempt_view(
    session: Session,
    attempt: ExamAttempt,
    viewer: User,
    policy: Policy,
    items: list[Item] | None = None,
    paper: ExamPaper | None = None,
) -> AttemptView:
    """The attempt as ``viewer`` may see it; ``items`` and ``paper``: its questions and its
    paper if the caller has them (a new attempt: not read back)."""
    now = utcnow()
    paper = paper or session.get(ExamPaper, attempt.paper_id)
    owner = viewer if viewer.id == attempt.user_id else session.get(User, attempt.user_id)
    assert paper is not None and owner is not None
    options = shown(paper, attempt, viewer, now)
    questions = []
    for item in load_items(session, attempt.id or 0) if items is None else items:
        question = item.question
        rendered = render_for_trainee(
            question, attempt.seed, shuffle=paper.shuffle_options, points=item.max_points
        )
        questions.append(
            AttemptQuestion(
                no=item.position,
                question=rendered,
                answer=item.answer,
                saved_at=as_utc(item.saved_at),
                review=_review(item, question, options, policy),
            )
        )
    remaining = None
    if attempt.status == OPEN:
        remaining = max(0, int((as_utc(attempt.deadline) - now).total_seconds()))
    return AttemptView(
        **summary(attempt, paper, owner, options),
        remaining_seconds=remaining,
        questions=questions,
    )


def answered(value: Any) -> bool:
    return not is_empty(value)


# --------------------------------------------------------------------------- trainee papers


def _attempts_by_paper(session: Session, user: User) -> dict[int, list[ExamAttempt]]:
    stmt = select(ExamAttempt).where(ExamAttempt.user_id == user.id)
    grouped: dict[int, list[ExamAttempt]] = {}
    for attempt in session.exec(stmt.order_by(col(ExamAttempt.number))).all():
        grouped.setdefault(attempt.paper_id, []).append(attempt)
    return grouped


def my_paper(
    paper: ExamPaper, attempts: Sequence[ExamAttempt], viewer: User, now: datetime
) -> MyPaper:
    options = shown(paper, None, viewer, now)
    scores = [
        Score(a.score, a.max_score)
        for a in attempts
        if a.status == AttemptStatus.graded.value and a.score is not None
    ]
    final = final_score(scores, paper.grading_method) if options.score else None
    open_ids = [a.id for a in attempts if a.status == OPEN]
    return MyPaper(
        id=paper.id or 0,
        title=paper.title,
        description=paper.description,
        question_count=question_count(paper),
        time_limit_minutes=paper.time_limit_minutes,
        pass_percent=paper.pass_percent,
        attempts_allowed=paper.attempts_allowed,
        attempts_used=len(attempts),
        grading_method=GradingMethod(paper.grading_method),
        opens_at=as_utc(paper.opens_at),
        closes_at=as_utc(paper.closes_at),
        state=paper_state(paper, now),
        open_attempt_id=open_ids[0] if open_ids else None,
        final_score=None if final is None else round(final.points, 4),
        final_percent=None if final is None else round(final.percent, 2),
        passed=None if final is None else passed(final, paper.pass_percent),
    )


def my_papers(session: Session, user: User) -> list[MyPaper]:
    now = utcnow()
    ids = sorted(assigned_paper_ids(session, user))
    if not ids:
        return []
    papers = session.exec(select(ExamPaper).where(col(ExamPaper.id).in_(ids))).all()
    grouped = _attempts_by_paper(session, user)
    return [my_paper(p, grouped.get(p.id or 0, []), user, now) for p in papers]
