"""Reading swaps: one's own, an approver's inbox, a team's month, the quota tables."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, col, select

from exam_api.policy import Policy
from exam_api.roster.service import month_bounds
from exam_api.rules.swaps import SwapStatus
from exam_api.swaps.models import QuotaTeam, SwapRequest
from exam_api.swaps.quota import Month, quota_of
from exam_api.users.models import Role, Team, User
from exam_api.users.service import list_team_members, supervised_team_ids


def list_own(session: Session, user_id: int, status: SwapStatus | None) -> list[SwapRequest]:
    query = select(SwapRequest).where(
        or_(col(SwapRequest.requester_id) == user_id, col(SwapRequest.counterpart_id) == user_id)
    )
    if status is not None:
        query = query.where(SwapRequest.status == status.value)
    return list(session.exec(query.order_by(col(SwapRequest.id).desc())).all())


def _needs_director(session: Session, swap: SwapRequest) -> bool:
    """Nobody in the team can approve: a party leads the team, or the team has no supervisor."""
    team = session.get(Team, swap.team_id) if swap.team_id is not None else None
    if team is None or team.supervisor_id is None:
        return True
    parties = (swap.requester_id, swap.counterpart_id)
    if team.supervisor_id in parties:
        return True
    users = (session.get(User, uid) for uid in parties)
    return any(user is not None and user.role != Role.agent for user in users)


def inbox(session: Session, actor: User) -> list[SwapRequest]:
    """To accept (as the counterpart) and to approve (as the team's supervisor or director)."""
    to_accept = select(SwapRequest).where(
        SwapRequest.counterpart_id == actor.id, SwapRequest.status == SwapStatus.pending.value
    )
    rows = list(session.exec(to_accept.order_by(col(SwapRequest.id))).all())
    if actor.role == Role.agent:
        return rows
    to_approve = select(SwapRequest).where(
        SwapRequest.status == SwapStatus.accepted.value,
        SwapRequest.requester_id != actor.id,
        SwapRequest.counterpart_id != actor.id,
    )
    if actor.role == Role.supervisor:
        teams = sorted(supervised_team_ids(session, actor))
        to_approve = to_approve.where(col(SwapRequest.team_id).in_(teams))
    candidates = session.exec(to_approve.order_by(col(SwapRequest.id))).all()
    if actor.role == Role.director:
        candidates = [swap for swap in candidates if _needs_director(session, swap)]
    return rows + list(candidates)


def list_team_month(
    session: Session, team_id: int, month: Month, status: SwapStatus | None
) -> list[SwapRequest]:
    """The team's swaps with either given shift in the month."""
    first, after = month_bounds(*month.pair)
    in_month = or_(
        (col(SwapRequest.requester_day) >= first) & (col(SwapRequest.requester_day) < after),
        (col(SwapRequest.counterpart_day) >= first) & (col(SwapRequest.counterpart_day) < after),
    )
    query = select(SwapRequest).where(SwapRequest.team_id == team_id, in_month)
    if status is not None:
        query = query.where(SwapRequest.status == status.value)
    return list(session.exec(query.order_by(col(SwapRequest.id))).all())


def team_quota(session: Session, team: Team, month: Month, policy: Policy) -> QuotaTeam:
    members = [user for user in list_team_members(session, team.id or 0) if user.is_active]
    return QuotaTeam(
        team_id=team.id or 0,
        month=str(month),
        limit=policy.document.swap.quota.max_per_month,
        policy_version=policy.policy_version,
        members=[quota_of(session, person, month, policy) for person in members],
    )
