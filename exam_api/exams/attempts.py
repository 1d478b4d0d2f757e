"""Attempts: start (draw and freeze the questions) or resume; a trainee's attempts."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal, NamedTuple

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from exam_api.bank.draw import draw_paper
from exam_api.bank.errors import BankError
from exam_api.bank.loader import Bank
from exam_api.core.db import commit_keeping_state
from exam_api.core.errors import Conflict, KefuError
from exam_api.core.models import utcnow
from exam_api.exams.access import get_paper_for_trainee
from exam_api.exams.items import Item, NewItem, insert_attempt, insert_items
from exam_api.exams.models import AttemptItem, ExamAttempt, ExamPaper
from exam_api.exams.papers import blueprint_of
from exam_api.exams.submission import OPEN, expire_due, refuse
from exam_api.exams.timeutil import as_utc
from exam_api.policy import Policy
from exam_api.users.models import User

PaperState = Literal["upcoming", "open", "closed"]

# --------------------------------------------------------------------------- start


_SEEN_COUNTS = (
    select(AttemptItem.question_id, func.count())
    .join(ExamAttempt, col(ExamAttempt.id) == AttemptItem.attempt_id)
    .where(col(ExamAttempt.user_id) == bindparam("user_id"))
    .group_by(col(AttemptItem.question_id))
)


def seen_counts(session: Session, user_id: int) -> dict[str, int]:
    """How many times this trainee has been given each question (all papers)."""
    rows = session.exec(_SEEN_COUNTS, params={"user_id": user_id}).all()
    return {qid: int(n) for qid, n in rows}


def draw_questions(paper: ExamPaper, bank: Bank, seed: str, seen: dict[str, int]) -> list[NewItem]:
    """The questions of a new attempt with their section and points, in the order shown."""
    chosen: list[NewItem] = []
    if paper.sections is not None:
        try:
            drawn = draw_paper(blueprint_of(paper.sections), bank.pool, seed, seen)
        except BankError as exc:
            raise KefuError(exc.code, f"题库已变化，无法组卷：{exc.detail}", 409) from None
        chosen = [NewItem(d.question, d.section, d.points) for d in drawn]
    else:
        missing = [qid for qid in paper.question_ids or [] if bank.get(qid) is None]
        if missing:
            raise Conflict(f"题库中已没有这些题目：{'、'.join(missing)}", code="question_missing")
        for qid in paper.question_ids or []:
            question = bank.get(qid)
            assert question is not None
            chosen.append(NewItem(question, None, question.points))
    if paper.shuffle_questions:
        random.Random(f"{seed}:order").shuffle(chosen)
    return chosen


def paper_state(paper: ExamPaper, now: datetime) -> PaperState:
    opens, closes = as_utc(paper.opens_at), as_utc(paper.closes_at)
    if opens is not None and now < opens:
        return "upcoming"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


_ATTEMPTS_OF = (
    select(ExamAttempt)
    .where(
        col(ExamAttempt.paper_id) == bindparam("paper_id"),
        col(ExamAttempt.user_id) == bindparam("user_id"),
    )
    .order_by(col(ExamAttempt.number))
)


def _attempts_of(session: Session, paper_id: int, user_id: int) -> Sequence[ExamAttempt]:
    params = {"paper_id": paper_id, "user_id": user_id}
    return session.exec(_ATTEMPTS_OF, params=params).all()


def _check_can_start(paper: ExamPaper, now: datetime) -> None:
    state = paper_state(paper, now)
    if state == "upcoming":
        raise refuse("paper_not_open", "试卷尚未开放，请在开放时间之后再开始作答")
    if state == "closed":
        raise refuse("paper_closed", "试卷已截止，不能再开始作答")


class Started(NamedTuple):
    attempt: ExamAttempt
    paper: ExamPaper
    created: bool  # False: the trainee's open attempt, resumed
    items: list[Item] | None  # the questions of a new attempt (None: read them when needed)


def start_attempt(
    session: Session, user: User, paper_id: int, bank: Bank, policy: Policy
) -> Started:
    """Start a new attempt, or give back the one still open (resume)."""
    now = utcnow()
    expire_due(session, user_id=user.id, now=now)
    paper = get_paper_for_trainee(session, user, paper_id)
    _check_can_start(paper, now)
    previous = _attempts_of(session, paper_id, user.id or 0)
    for attempt in previous:
        if attempt.status == OPEN:
            return Started(attempt, paper, False, None)
    if len(previous) >= paper.attempts_allowed:
        raise refuse(
            "attempts_exhausted", f"这份试卷最多可作答 {paper.attempts_allowed} 次，已用完"
        )
    try:
        attempt, items = _create_attempt(session, user, paper, len(previous) + 1, bank, policy, now)
    except IntegrityError:  # the same trainee started twice at once: give back the winner
        session.rollback()
        for attempt in _attempts_of(session, paper_id, user.id or 0):
            if attempt.status == OPEN:
                return Started(attempt, paper, False, None)
        raise Conflict("请勿重复开始作答", code="attempt_conflict") from None
    return Started(attempt, paper, True, items)


def _create_attempt(
    session: Session,
    user: User,
    paper: ExamPaper,
    number: int,
    bank: Bank,
    policy: Policy,
    now: datetime,
) -> tuple[ExamAttempt, list[Item]]:
    seed = secrets.token_hex(8)
    chosen = draw_questions(paper, bank, seed, seen_counts(session, user.id or 0))
    deadline = now + timedelta(minutes=paper.time_limit_minutes)
    closes = as_utc(paper.closes_at)
    if closes is not None and closes < deadline:
        deadline = closes
    attempt = ExamAttempt(
        paper_id=paper.id or 0,
        user_id=user.id or 0,
        number=number,
        seed=seed,
        policy_version=policy.policy_version,
        started_at=now,
        deadline=deadline,
        max_score=round(sum(new.points for new in chosen), 4),
    )
    attempt.id = insert_attempt(session, attempt)
    items = insert_items(session, attempt.id, chosen)
    commit_keeping_state(session)
    return attempt, items


def attempts_of_user(session: Session, user: User) -> Sequence[ExamAttempt]:
    stmt = select(ExamAttempt).where(ExamAttempt.user_id == user.id)
    return session.exec(stmt.order_by(col(ExamAttempt.id))).all()
