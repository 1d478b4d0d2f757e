"""Essay grading: the supervisor's queue and the grade that completes an attempt."""

from __future__ import annotations

from sqlmodel import Session, col, func, select, update

from exam_api.bank.models import Essay
from exam_api.core.errors import Conflict, Forbidden, NotFound
from exam_api.core.models import utcnow
from exam_api.exams.access import led_member_ids
from exam_api.exams.attempt_schemas import EssayGraded, EssayGradeIn, EssayTask
from exam_api.exams.bank import thaw
from exam_api.exams.models import AttemptItem, AttemptStatus, ExamAttempt, ExamPaper
from exam_api.exams.timeutil import as_utc
from exam_api.users.models import Role, User

AWAITING = AttemptStatus.awaiting_grading.value


def _members(session: Session, actor: User) -> set[int] | None:
    """Whose attempts the actor may grade: ``None`` means everyone (the director)."""
    return None if actor.role == Role.director else led_member_ids(session, actor)


def grading_queue(session: Session, actor: User, paper_id: int | None = None) -> list[EssayTask]:
    """Essays still waiting for a grade, oldest submission first."""
    stmt = (
        select(AttemptItem, ExamAttempt, ExamPaper, User)
        .join(ExamAttempt, col(ExamAttempt.id) == AttemptItem.attempt_id)
        .join(ExamPaper, col(ExamPaper.id) == ExamAttempt.paper_id)
        .join(User, col(User.id) == ExamAttempt.user_id)
        .where(
            col(AttemptItem.needs_manual).is_(True),
            col(AttemptItem.awarded).is_(None),
            ExamAttempt.status == AWAITING,
        )
        .order_by(col(ExamAttempt.submitted_at), col(AttemptItem.position))
    )
    if paper_id is not None:
        stmt = stmt.where(ExamAttempt.paper_id == paper_id)
    members = _members(session, actor)
    if members is not None:
        stmt = stmt.where(col(ExamAttempt.user_id).in_(members or {0}))
    return [_task(item, attempt, paper, user) for item, attempt, paper, user in session.exec(stmt)]


def _task(item: AttemptItem, attempt: ExamAttempt, paper: ExamPaper, user: User) -> EssayTask:
    question = thaw(item.question)
    assert isinstance(question, Essay)
    return EssayTask(
        item_id=item.id or 0,
        attempt_id=attempt.id or 0,
        paper_id=paper.id or 0,
        paper_title=paper.title,
        user_id=user.id or 0,
        display_name=user.display_name,
        no=item.position,
        question_id=item.question_id,
        stem=question.stem,
        max_points=item.max_points,
        rubric=list(question.rubric),
        reference_answer=question.reference_answer,
        answer=str(item.answer or ""),
        etiquette=item.etiquette,  # type: ignore[arg-type]
        submitted_at=as_utc(attempt.submitted_at),
    )


def grade_essay(session: Session, actor: User, item_id: int, data: EssayGradeIn) -> EssayGraded:
    """Grade (or re-grade) one essay; the attempt is graded once no essay is left."""
    item = session.get(AttemptItem, item_id)
    if item is None:
        raise NotFound("题目不存在", code="item_not_found")
    attempt = session.get(ExamAttempt, item.attempt_id)
    assert attempt is not None
    members = _members(session, actor)
    if attempt.user_id == actor.id or (members is not None and attempt.user_id not in members):
        raise Forbidden("只能批阅本班组学员的简答题，且不能批阅自己的作答")
    if not item.needs_manual:
        raise Conflict("这道题不需要人工批阅", code="not_manual")
    if attempt.status == AttemptStatus.open.value:
        raise Conflict("学员尚未交卷", code="attempt_open")
    if data.points > item.max_points:
        raise Conflict(f"得分不能超过本题满分 {item.max_points:g}", code="points_too_high")
    now = utcnow()
    lock = select(ExamAttempt.id).where(ExamAttempt.id == attempt.id).with_for_update()
    session.exec(lock).first()  # PostgreSQL: graders of one attempt take turns
    session.exec(
        update(AttemptItem)
        .where(col(AttemptItem.id) == item_id)
        .values(
            awarded=data.points,
            correct=data.points >= item.max_points,
            feedback=data.feedback or None,
            graded_by=actor.id,
            graded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    _complete_if_graded(session, attempt.id or 0, now)
    session.commit()
    session.refresh(attempt)
    return EssayGraded(
        item_id=item_id,
        attempt_id=attempt.id or 0,
        awarded=data.points,
        attempt_status=AttemptStatus(attempt.status),
        attempt_score=attempt.score,
    )


def _complete_if_graded(session: Session, attempt_id: int, now: object) -> None:
    left = session.exec(
        select(func.count()).where(
            AttemptItem.attempt_id == attempt_id,
            col(AttemptItem.needs_manual).is_(True),
            col(AttemptItem.awarded).is_(None),
        )
    ).one()
    if left:
        return
    total = session.exec(
        select(func.coalesce(func.sum(AttemptItem.awarded), 0.0)).where(
            AttemptItem.attempt_id == attempt_id
        )
    ).one()
    session.exec(
        update(ExamAttempt)
        .where(col(ExamAttempt.id) == attempt_id)
        .values(
            status=AttemptStatus.graded.value, score=round(float(total or 0.0), 4), graded_at=now
        )
        .execution_options(synchronize_session=False)
    )
