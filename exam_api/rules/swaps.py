"""Shift-swap quota (换班次数) per the policy and shared/DECISIONS.md, as pure functions.

Each party of a swap uses one of their own swaps, counted in the month of the shift that party
gives away. Pending, accepted and approved swaps count; rejected, withdrawn, cancelled do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from exam_api.policy import Policy
from exam_api.rules.decision import Decision


class SwapStatus(StrEnum):
    pending = "pending"  # filed, waiting for the counterpart
    accepted = "accepted"  # counterpart accepted and confirmed the handover
    approved = "approved"  # supervisor approved; the roster changed
    rejected = "rejected"
    withdrawn = "withdrawn"
    cancelled = "cancelled"


def counting_statuses(policy: Policy) -> frozenset[SwapStatus]:
    return frozenset(SwapStatus(s) for s in policy.document.swap.quota.counting_statuses)


def quota_month(given_shift_day: date) -> tuple[int, int]:
    """The (year, month) whose quota a party's side of a swap uses."""
    return given_shift_day.year, given_shift_day.month


def parties_charged(policy: Policy) -> tuple[str, ...]:
    return (
        ("requester", "counterpart")
        if policy.document.swap.quota.counts_for == "both"
        else ("requester",)
    )


@dataclass(frozen=True, slots=True)
class QuotaUse:
    """A person's swaps in one month: how many already count, and whether this swap is one."""

    person: str
    month: tuple[int, int]
    counted: int
    includes_this: bool


def check_quota(use: QuotaUse, policy: Policy) -> Decision:
    """Allowed when, with this swap counted once, the person stays within the monthly maximum."""
    limit = policy.document.swap.quota.max_per_month
    total = use.counted if use.includes_this else use.counted + 1
    if total > limit:
        year, month = use.month
        already = use.counted - 1 if use.includes_this else use.counted
        return Decision.refuse(
            policy,
            "swap_quota_exceeded",
            "swap-quota",
            f"{use.person}在 {year} 年 {month} 月已有 {already} 次换班（含待处理），"
            f"每人每月换班不得超过 {limit} 次",
        )
    return Decision.ok(policy)


def remaining(counted: int, policy: Policy) -> int:
    return max(policy.document.swap.quota.max_per_month - counted, 0)


def check_transition(current: SwapStatus, target: SwapStatus, policy: Policy) -> Decision:
    allowed = {
        SwapStatus.pending: {SwapStatus.accepted, SwapStatus.rejected, SwapStatus.withdrawn},
        SwapStatus.accepted: {SwapStatus.approved, SwapStatus.rejected, SwapStatus.withdrawn},
    }
    if target in allowed.get(current, set()):
        return Decision.ok(policy)
    return Decision.refuse(
        policy,
        "swap_bad_state",
        "swap-request",
        f"换班申请当前状态为 {current.value}，不能变为 {target.value}",
    )
