"""Explained decisions in a service: log what was done, refuse with the rule, its value and link.

A refusal rolls back whatever the service had started, writes the refusal to the decision log,
commits that entry and raises a 409 naming the rule; the message ends with the handbook link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NoReturn

from sqlmodel import Session

from exam_api.audit.service import record_decision
from exam_api.core.errors import RuleRefusal
from exam_api.policy import Policy
from exam_api.rules.decision import Decision
from exam_api.users.models import User


@dataclass(frozen=True, slots=True)
class Subject:
    """What a decision is about: ``("leave_request", 12, team 3)``."""

    type: str
    id: int
    team_id: int | None = None


def refusal_text(decision: Decision) -> str:
    """The Chinese message of a refusal followed by the handbook link of its rule."""
    return f"{decision.message}。详见手册：{decision.url}" if decision.url else decision.message


@dataclass
class Decider:
    """The actor, policy and date a service decides under, on one session."""

    session: Session
    actor: User
    policy: Policy
    today: date
    actor_id: int = field(init=False)

    def __post_init__(self) -> None:
        assert self.actor.id is not None
        self.actor_id = self.actor.id

    def log(self, action: str, subject: Subject, detail: str, rule: str | None = None) -> None:
        """Add a 'done' entry to the current transaction (committed with the change)."""
        record_decision(
            self.session,
            actor_id=self.actor_id,
            action=action,
            subject_type=subject.type,
            subject_id=subject.id,
            policy=self.policy,
            rule=rule,
            detail=detail,
            team_id=subject.team_id,
        )

    def refuse(self, decision: Decision, action: str, subject: Subject) -> NoReturn:
        """Undo the transaction, log the refusal on its own and raise the 409."""
        assert decision.rule is not None
        detail = refusal_text(decision)
        self.session.rollback()
        record_decision(
            self.session,
            actor_id=self.actor_id,
            action=action,
            subject_type=subject.type,
            subject_id=subject.id,
            policy=self.policy,
            outcome="refused",
            rule=decision.rule,
            detail=detail,
            team_id=subject.team_id,
        )
        self.session.commit()
        raise RuleRefusal(decision.code, detail, decision.rule)

    def require(self, decision: Decision, action: str, subject: Subject) -> None:
        """Refuse unless the decision allows."""
        if not decision.allowed:
            self.refuse(decision, action, subject)
