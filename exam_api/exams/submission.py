"""Saving answers, submitting, grading at submission, and the server's deadline.

Concurrency: submitting is a conditional ``UPDATE … WHERE status = 'open'`` (whoever changes
the row grades it; a second submit finds nothing to claim). Saving an answer takes a share lock
on the attempt row (PostgreSQL) and writes with a condition that the attempt is still open and
before its deadline, so an answer is either saved before the submission or refused. The sweep
claims due attempts with ``FOR UPDATE SKIP LOCKED`` so several app processes can run it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Integer, bindparam
from sqlmodel import Session, col, select, update

from exam_api.bank.errors import BankError
from exam_api.bank.etiquette import EtiquetteRules
from exam_api.bank.grading import check_answer, grade, is_empty
from exam_api.core.db import commit_keeping_state
from exam_api.core.errors import Conflict, Forbidden, KefuError, NotFound, RuleRefusal
from exam_api.core.models import utcnow
from exam_api.exams import items
from exam_api.exams.access import can_view_attempt
from exam_api.exams.bank import as_kefu_error
from exam_api.exams.models import AttemptItem, AttemptStatus, ExamAttempt, ExamPaper
from exam_api.exams.papers import grading_settings
from exam_api.exams.timeutil import as_utc
from exam_api.users.models import User

OPEN = AttemptStatus.open.value
EXAM_RULE = "onboarding-exams"


def refuse(code: str, detail: str) -> RuleRefusal:
    """A refusal under the exam rule of the handbook (409 naming the rule)."""
    return RuleRefusal(code, detail, EXAM_RULE)


def get_attempt(
    session: Session, actor: User, attempt_id: int, rules: EtiquetteRules
) -> ExamAttempt:
    """An attempt the actor may see; submitted first if its deadline has passed."""
    attempt = session.get(ExamAttempt, attempt_id)
    if attempt is None:
        raise NotFound("作答记录不存在", code="attempt_not_found")
    if not can_view_attempt(session, actor, attempt):
        raise Forbidden("只能查看自己的作答，主管只能查看本班组学员的作答")
    if attempt.status == OPEN and as_utc(attempt.deadline) <= utcnow():
        finalize(session, attempt_id, auto=True, rules=rules)
        session.commit()
        session.refresh(attempt)
    return attempt


def _own_attempt(
    session: Session, user: User, attempt_id: int, rules: EtiquetteRules
) -> ExamAttempt:
    attempt = get_attempt(session, user, attempt_id, rules)
    if attempt.user_id != user.id:
        raise Forbidden("只能为自己的作答保存答案或交卷", code="not_your_attempt")
    return attempt


# --------------------------------------------------------------------------- save


def _item_at(session: Session, attempt_id: int, no: int) -> AttemptItem:
    stmt = select(AttemptItem).where(
        AttemptItem.attempt_id == attempt_id, AttemptItem.position == no
    )
    item = session.exec(stmt).first()
    if item is None:
        raise NotFound(f"本次作答没有第 {no} 题", code="question_not_found")
    return item


def _deadline_passed() -> RuleRefusal:
    return refuse("attempt_deadline_passed", "作答时间已到，试卷已自动提交，答案未保存")


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    attempt_id: int
    no: int
    answered: bool
    saved_at: datetime
    deadline: datetime


def save_answer(
    session: Session, user: User, attempt_id: int, no: int, answer: Any, rules: EtiquetteRules
) -> SavedAnswer:
    """Save one answer (saving the same answer again changes nothing but the time).

    One read (the question and its attempt, share-locked on PostgreSQL) and one conditional
    write; anything unusual (not found, not yours, submitted, past the deadline) is refused
    by :func:`_refuse_save`, which also submits an attempt whose deadline has passed.
    """
    now = utcnow()
    target = items.save_target(session, attempt_id, no)
    if (
        target is None
        or target.user_id != user.id
        or target.status != OPEN
        or as_utc(target.deadline) <= now
    ):
        session.rollback()
        raise _refuse_save(session, user, attempt_id, no, rules)
    try:
        check_answer(target.question, answer)
    except BankError as exc:
        raise as_kefu_error(exc) from None
    stored = None if is_empty(answer) else answer
    if not items.write_answer(session, target.item_id, attempt_id, stored, now):
        session.rollback()
        expire_due(session, user_id=user.id, now=now, rules=rules)
        raise _deadline_passed()
    session.commit()
    return SavedAnswer(attempt_id, no, stored is not None, now, as_utc(target.deadline))


def _refuse_save(
    session: Session, user: User, attempt_id: int, no: int, rules: EtiquetteRules
) -> KefuError:
    """Why an answer cannot be saved (submitting the attempt if its deadline has passed)."""
    attempt = _own_attempt(session, user, attempt_id, rules)
    if attempt.status != OPEN:
        if attempt.auto_submitted:
            return _deadline_passed()
        return Conflict("试卷已提交，不能再修改答案", code="attempt_submitted")
    _item_at(session, attempt_id, no)
    return Conflict("作答状态刚刚发生变化，请重试", code="attempt_changed")


# --------------------------------------------------------------------------- submit


class Graded(NamedTuple):
    """A just-submitted attempt's paper and its questions with their new grades."""

    paper: ExamPaper
    items: list[items.Item]


class Submitted(NamedTuple):
    attempt: ExamAttempt
    graded: Graded | None  # None: it had been submitted before


def submit_attempt(
    session: Session, user: User, attempt_id: int, rules: EtiquetteRules
) -> Submitted:
    """Submit and grade; submitting again returns the graded attempt unchanged."""
    attempt = _own_attempt(session, user, attempt_id, rules)
    graded = None
    if attempt.status == OPEN:
        graded = finalize(session, attempt_id, auto=False, rules=rules)
        if graded is None:  # submitted meanwhile by another request
            session.commit()
            session.refresh(attempt)
        else:  # ``attempt`` is the object finalize graded: nothing to read back
            commit_keeping_state(session)
    return Submitted(attempt, graded)


def _grade(item: items.Item, paper: ExamPaper, rules: EtiquetteRules) -> dict[str, Any]:
    settings = grading_settings(paper)
    try:
        result = grade(item.question, item.answer, settings, item.max_points, rules)
    except BankError:  # a stored answer that no longer fits: treated as unanswered
        result = grade(item.question, None, settings, item.max_points, rules)
    return {
        "item_id": item.id,
        "needs_manual": result.needs_manual,
        "awarded": None if result.needs_manual else result.points,
        "correct": result.correct,
        "etiquette": result.etiquette.model_dump(mode="json") if result.etiquette else None,
    }


def finalize(
    session: Session, attempt_id: int, *, auto: bool, rules: EtiquetteRules
) -> Graded | None:
    """Claim an open attempt and grade it (the caller commits); None if already submitted."""
    now = utcnow()
    claimed = session.exec(
        update(ExamAttempt)
        .where(col(ExamAttempt.id) == attempt_id, col(ExamAttempt.status) == OPEN)
        .values(status=AttemptStatus.awaiting_grading.value, auto_submitted=auto)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    attempt = session.get(ExamAttempt, attempt_id, populate_existing=True)
    assert attempt is not None
    paper = session.get(ExamPaper, attempt.paper_id)
    assert paper is not None
    loaded = items.load_items(session, attempt_id)
    grades = [_grade(item, paper, rules) for item in loaded]
    items.store_grades(session, grades)
    deadline = as_utc(attempt.deadline)
    attempt.submitted_at = min(now, deadline) if auto else now
    if not any(g["needs_manual"] for g in grades):
        attempt.status = AttemptStatus.graded.value
        attempt.score = round(sum(g["awarded"] or 0.0 for g in grades), 4)
        attempt.graded_at = now
    session.add(attempt)
    session.flush()
    return Graded(paper, [_with_grade(item, g) for item, g in zip(loaded, grades, strict=True)])


def _with_grade(item: items.Item, result: dict[str, Any]) -> items.Item:
    return replace(
        item,
        awarded=result["awarded"],
        correct=result["correct"],
        needs_manual=result["needs_manual"],
    )


_DUE = (
    select(ExamAttempt.id)
    .where(
        col(ExamAttempt.status) == bindparam("open"), col(ExamAttempt.deadline) <= bindparam("now")
    )
    .order_by(col(ExamAttempt.id))
    .limit(bindparam("limit", type_=Integer))
    .with_for_update(skip_locked=True)
)
_DUE_OF_USER = _DUE.where(col(ExamAttempt.user_id) == bindparam("user_id"))  # every request


def expire_due(
    session: Session,
    *,
    user_id: int | None = None,
    now: datetime | None = None,
    rules: EtiquetteRules | None = None,
    limit: int = 200,
) -> int:
    """Submit attempts whose deadline has passed (one user's, or anyone's); returns how many.

    Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent sweeps in
    several processes never grade the same attempt twice (the conditional update in
    :func:`finalize` is the final guard, also on SQLite).
    """
    from exam_api.exams.bank import get_etiquette_rules

    rules = rules or get_etiquette_rules()
    now = now or utcnow()
    done = 0
    stmt = _DUE if user_id is None else _DUE_OF_USER
    params = {"open": OPEN, "now": now, "limit": limit, "user_id": user_id}
    while True:
        due = [i for i in session.exec(stmt, params=params).all() if i is not None]
        claimed = sum(
            finalize(session, attempt_id, auto=True, rules=rules) is not None for attempt_id in due
        )
        if due:
            session.commit()
        done += claimed
        if len(due) < limit:
            return done
