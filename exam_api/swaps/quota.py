"""Counting each person's swaps per month, checking the quota, and the quota tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from exam_api.policy import Policy
from exam_api.roster.service import month_bounds
from exam_api.rules.decision import Decision, first_refusal
from exam_api.rules.swaps import (
    QuotaUse,
    SwapStatus,
    check_quota,
    counting_statuses,
    parties_charged,
    quota_month,
    remaining,
)
from exam_api.swaps.models import QuotaPerson, SwapPublic, SwapRequest
from exam_api.users.models import User


def charged(swap: SwapRequest, policy: Policy) -> list[tuple[int, date]]:
    """(person, day of the shift they give away) for every party the policy charges."""
    sides = {
        "requester": (swap.requester_id, swap.requester_day),
        "counterpart": (swap.counterpart_id, swap.counterpart_day),
    }
    return [sides[party] for party in parties_charged(policy)]


def _charges(user_id: int, month: tuple[int, int], policy: Policy) -> ColumnElement[bool]:
    """Swaps in which this person gives away a shift in this month and is charged for it."""
    first, after = month_bounds(*month)
    sides = {
        "requester": and_(
            col(SwapRequest.requester_id) == user_id,
            col(SwapRequest.requester_day) >= first,
            col(SwapRequest.requester_day) < after,
        ),
        "counterpart": and_(
            col(SwapRequest.counterpart_id) == user_id,
            col(SwapRequest.counterpart_day) >= first,
            col(SwapRequest.counterpart_day) < after,
        ),
    }
    return or_(*(sides[party] for party in parties_charged(policy)))


def swaps_of(
    session: Session, user_id: int, month: tuple[int, int], policy: Policy
) -> Sequence[SwapRequest]:
    """Every swap (any status) charged to this person in this month, oldest first."""
    query = select(SwapRequest).where(_charges(user_id, month, policy))
    return session.exec(query.order_by(col(SwapRequest.id))).all()


def counted(session: Session, user_id: int, month: tuple[int, int], policy: Policy) -> int:
    statuses = [status.value for status in counting_statuses(policy)]
    query = select(SwapRequest.id).where(
        _charges(user_id, month, policy), col(SwapRequest.status).in_(statuses)
    )
    return len(session.exec(query).all())


def check_parties(
    session: Session, swap: SwapRequest, names: dict[int, str], policy: Policy
) -> Decision:
    """The quota of every charged party, with this swap counted once (call under the lock)."""
    includes_this = swap.id is not None and SwapStatus(swap.status) in counting_statuses(policy)
    decisions = []
    for user_id, day in charged(swap, policy):
        month = quota_month(day)
        use = QuotaUse(
            names[user_id], month, counted(session, user_id, month, policy), includes_this
        )
        decisions.append(check_quota(use, policy))
    return first_refusal(*decisions) or Decision.ok(policy)


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        year, month = text.split("-")
        return cls(int(year), int(month))

    @property
    def pair(self) -> tuple[int, int]:
        return self.year, self.month

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def quota_of(session: Session, person: User, month: Month, policy: Policy) -> QuotaPerson:
    """One person's month: approved (used), pending/accepted (reserved), remaining, the swaps."""
    assert person.id is not None
    swaps = swaps_of(session, person.id, month.pair, policy)
    counting = counting_statuses(policy)
    in_quota = [swap for swap in swaps if SwapStatus(swap.status) in counting]
    used = sum(1 for swap in in_quota if swap.status == SwapStatus.approved)
    return QuotaPerson(
        user_id=person.id,
        username=person.username,
        display_name=person.display_name,
        month=str(month),
        limit=policy.document.swap.quota.max_per_month,
        used=used,
        pending=len(in_quota) - used,
        remaining=remaining(len(in_quota), policy),
        swaps=[SwapPublic.model_validate(swap) for swap in swaps],
    )
