"""Reading leave: one's own requests, an approver's inbox, the slip list, the KPI figures."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from exam_api.core.errors import Forbidden
from exam_api.leave.models import LeavePublic, LeaveRequest
from exam_api.leave.service import span_of, waiting_for
from exam_api.policy import Policy
from exam_api.rules.leave import LeaveKind, LeaveStatus, slip_due, slip_overdue
from exam_api.users.models import Role, User
from exam_api.users.service import can_manage_team, supervised_team_ids


def to_public(leave: LeaveRequest, today: date, policy: Policy) -> LeavePublic:
    tracked = leave.effective_kind == LeaveKind.emergency and leave.status == LeaveStatus.approved
    span = span_of(leave)
    received = leave.slip_received_at is not None
    return LeavePublic.model_validate(
        leave,
        update={
            "waiting_for": waiting_for(leave),
            "days": span.days,
            "slip_due": slip_due(span, policy) if tracked else None,
            "slip_overdue": tracked and slip_overdue(span, received, today, policy),
        },
    )


def ensure_can_view(session: Session, actor: User, leave: LeaveRequest) -> None:
    if actor.id == leave.requester_id or actor.role == Role.director:
        return
    if leave.team_id is None or not can_manage_team(session, actor, leave.team_id):
        raise Forbidden("只能查看自己的请假或自己负责班组的请假")


def list_own(session: Session, user_id: int) -> list[LeaveRequest]:
    query = select(LeaveRequest).where(LeaveRequest.requester_id == user_id)
    return list(session.exec(query.order_by(col(LeaveRequest.start).desc())).all())


def inbox(session: Session, actor: User) -> list[LeaveRequest]:
    """Requests waiting for this actor: a supervisor's team members; the director's steps."""
    waiting = [LeaveStatus.pending.value, LeaveStatus.reviewed.value]
    query = select(LeaveRequest).where(
        col(LeaveRequest.status).in_(waiting), LeaveRequest.requester_id != actor.id
    )
    if actor.role == Role.supervisor:
        teams = sorted(supervised_team_ids(session, actor))
        query = query.where(col(LeaveRequest.team_id).in_(teams))
    elif actor.role != Role.director:
        return []
    rows = session.exec(query.order_by(col(LeaveRequest.start), col(LeaveRequest.id))).all()
    return [leave for leave in rows if waiting_for(leave) == actor.role]


def list_team(
    session: Session, actor: User, team_id: int | None, start: date, end: date
) -> list[LeaveRequest]:
    """Leave of the teams the actor leads (or one team) that touches the dates."""
    query = select(LeaveRequest).where(LeaveRequest.end >= start, LeaveRequest.start <= end)
    if team_id is not None:
        query = query.where(LeaveRequest.team_id == team_id)
    elif actor.role != Role.director:
        teams = sorted(supervised_team_ids(session, actor))
        query = query.where(col(LeaveRequest.team_id).in_(teams))
    return list(session.exec(query.order_by(col(LeaveRequest.start), col(LeaveRequest.id))).all())


def list_slips(session: Session, actor: User) -> list[LeaveRequest]:
    """Approved emergency leave of the actor's teams (all, for the director) with the slip state."""
    query = select(LeaveRequest).where(
        LeaveRequest.effective_kind == LeaveKind.emergency.value,
        LeaveRequest.status == LeaveStatus.approved.value,
        LeaveRequest.requester_id != actor.id,
    )
    if actor.role != Role.director:
        teams = sorted(supervised_team_ids(session, actor))
        query = query.where(col(LeaveRequest.team_id).in_(teams))
    return list(session.exec(query.order_by(col(LeaveRequest.end), col(LeaveRequest.id))).all())
