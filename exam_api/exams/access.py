"""Who may see and change which paper and attempt; lookups that refuse with 403/404."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam
from sqlmodel import Session, col, exists, func, or_, select

from exam_api.core.errors import Forbidden, NotFound
from exam_api.exams.models import ExamAssignment, ExamAttempt, ExamPaper
from exam_api.users import service as users
from exam_api.users.models import Role, User


def led_member_ids(session: Session, actor: User) -> set[int]:
    teams = users.supervised_team_ids(session, actor)
    if not teams:
        return set()
    rows = session.exec(select(User.id).where(col(User.team_id).in_(teams))).all()
    return {uid for uid in rows if uid is not None}


def can_view_paper(session: Session, actor: User, paper: ExamPaper) -> bool:
    if actor.role == Role.director or paper.created_by == actor.id:
        return True
    if actor.role != Role.supervisor:
        return False
    teams = users.supervised_team_ids(session, actor)
    members = led_member_ids(session, actor)
    for a in assignments_of(session, paper.id or 0):
        if (a.team_id is not None and a.team_id in teams) or (
            a.user_id is not None and a.user_id in members
        ):
            return True
    return False


def get_paper(session: Session, paper_id: int) -> ExamPaper:
    paper = session.get(ExamPaper, paper_id)
    if paper is None:
        raise NotFound("试卷不存在", code="paper_not_found")
    return paper


def get_paper_for_staff(session: Session, actor: User, paper_id: int) -> ExamPaper:
    paper = get_paper(session, paper_id)
    if not can_view_paper(session, actor, paper):
        raise Forbidden("只能查看自己出的或布置给自己班组的试卷")
    return paper


def ensure_can_edit(actor: User, paper: ExamPaper) -> None:
    if actor.role != Role.director and paper.created_by != actor.id:
        raise Forbidden("只有出卷人或客服总监可以修改这份试卷")


def assignments_of(session: Session, paper_id: int) -> Sequence[ExamAssignment]:
    stmt = select(ExamAssignment).where(ExamAssignment.paper_id == paper_id)
    return session.exec(stmt.order_by(col(ExamAssignment.id))).all()


# Assignments to one user directly or through their team; a NULL team is never equal, so a
# user without a team matches their own assignments only. Bound by ``_holder(user)``.
_HELD = or_(
    col(ExamAssignment.user_id) == bindparam("user_id"),
    col(ExamAssignment.team_id) == bindparam("team_id"),
)
_ASSIGNED_PAPER_IDS = select(ExamAssignment.paper_id).where(_HELD)
_PAPER_FOR_TRAINEE = select(
    ExamPaper,
    exists().where(col(ExamAssignment.paper_id) == col(ExamPaper.id), _HELD).label("assigned"),
).where(col(ExamPaper.id) == bindparam("paper_id"))


def _holder(user: User) -> dict[str, int | None]:
    return {"user_id": user.id, "team_id": user.team_id}


def assigned_paper_ids(session: Session, user: User) -> set[int]:
    """Papers assigned to this user directly or through their team."""
    return set(session.exec(_ASSIGNED_PAPER_IDS, params=_holder(user)).all())


def get_paper_for_trainee(session: Session, user: User, paper_id: int) -> ExamPaper:
    """The paper if it is assigned to this trainee (one query, built once: it is on the
    start path of an exam day)."""
    row = session.exec(_PAPER_FOR_TRAINEE, params=_holder(user) | {"paper_id": paper_id}).first()
    if row is None:
        raise NotFound("试卷不存在", code="paper_not_found")
    paper, is_assigned = row
    if not is_assigned:
        raise Forbidden("这份试卷没有布置给你", code="paper_not_assigned")
    return paper


def attempt_count(session: Session, paper_id: int) -> int:
    stmt = select(func.count()).select_from(ExamAttempt).where(ExamAttempt.paper_id == paper_id)
    return int(session.exec(stmt).one())


def can_view_attempt(session: Session, actor: User, attempt: ExamAttempt) -> bool:
    """The trainee, a supervisor of the trainee's team, or the director."""
    if actor.id == attempt.user_id or actor.role == Role.director:
        return True
    return actor.role == Role.supervisor and attempt.user_id in led_member_ids(session, actor)
