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


def check_not_party(actor_id: int, party_ids: tuple[int, int], policy: Policy) -> Decision:
    """Nobody approves or rejects a swap they are part of."""
    if actor_id in party_ids:
        return Decision.refuse(
            policy, "self_approval", "leave-no-self-approval", "任何人都不能审批自己参与的换班"
        )
    return Decision.ok(policy)


def check_shifts_ahead(days: tuple[date, date], today: date, policy: Policy) -> Decision:
    """Only shifts that have not yet passed can be swapped."""
    past = min(days)
    if past < today:
        return Decision.refuse(
            policy,
            "swap_shift_past",
            "swap-request",
            f"{past:%Y-%m-%d} 的班次已经过去，只能申请互换尚未到来的班次",
        )
    return Decision.ok(policy)


def check_handover_confirmed(confirmed: bool, policy: Policy) -> Decision:
    """The counterpart accepts only by confirming the handover (双方交待清楚)."""
    if not confirmed:
        return Decision.refuse(
            policy,
            "swap_handover_unconfirmed",
            "swap-handover",
            "接受换班须确认双方已把交接事项交待清楚",
        )
    return Decision.ok(policy)


def check_shares(requester_share: int, counterpart_share: int, policy: Policy) -> Decision:
    """A missed swapped shift: the supervisor's shares of responsibility total 100 %."""
    if requester_share < 0 or counterpart_share < 0 or requester_share + counterpart_share != 100:
        label = policy.document.attendance.labels[
            policy.document.swap.handover.missed_shift_counts_as
        ]
        return Decision.refuse(
            policy,
            "swap_shares_invalid",
            "swap-handover",
            f"误班、空班按{label}处理，双方责任比例之和须为 100%"
            f"（现为 {requester_share}% + {counterpart_share}%）",
        )
    return Decision.ok(policy)
