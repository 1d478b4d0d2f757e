"""Write and read the decision log. The caller's transaction commits the entry with the change."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_
from sqlmodel import Session, col, select

from exam_api.audit.models import DecisionLog
from exam_api.policy import Policy


def record_decision(
    session: Session,
    *,
    actor_id: int,
    action: str,
    subject_type: str,
    subject_id: int,
    policy: Policy,
    outcome: str = "done",
    rule: str | None = None,
    detail: str = "",
    team_id: int | None = None,
) -> DecisionLog:
    """Add a log entry to the session (committed together with the change it describes)."""
    entry = DecisionLog(
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        outcome=outcome,
        rule=rule,
        detail=detail,
        policy_version=policy.policy_version,
        team_id=team_id,
    )
    session.add(entry)
    return entry


def list_decisions(
    session: Session,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    actor_ids: Sequence[int] | None = None,
    team_ids: Sequence[int] | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[DecisionLog]:
    """Newest first; ``actor_ids`` and ``team_ids`` together mean either matches."""
    query = select(DecisionLog)
    if subject_type is not None:
        query = query.where(DecisionLog.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(DecisionLog.subject_id == subject_id)
    scopes = []
    if actor_ids is not None:
        scopes.append(col(DecisionLog.actor_id).in_(list(actor_ids)))
    if team_ids is not None:
        scopes.append(col(DecisionLog.team_id).in_(list(team_ids)))
    if scopes:
        query = query.where(or_(*scopes))
    query = query.order_by(col(DecisionLog.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query))
