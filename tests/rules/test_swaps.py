"""Swap quota rules: each party, the month of the shift given away, what counts."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.policy import get_policy
from exam_api.rules.swaps import (
    QuotaUse,
    SwapStatus,
    check_quota,
    check_transition,
    counting_statuses,
    parties_charged,
    quota_month,
    remaining,
)

P = get_policy()
LIMIT = P.document.swap.quota.max_per_month


@pytest.mark.parametrize(
    ("counted", "includes_this", "allowed"),
    [
        (0, False, True),
        (LIMIT - 1, False, True),
        (LIMIT, False, False),  # a third request when two already count
        (LIMIT, True, True),  # approving the last slot that this swap already holds
        (LIMIT + 1, True, False),
    ],
)
def test_quota(counted: int, includes_this: bool, allowed: bool) -> None:
    use = QuotaUse("张三", (2026, 11), counted, includes_this)
    decision = check_quota(use, P)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "swap-quota"
        assert f"不得超过 {LIMIT} 次" in decision.message
        assert decision.url == "/handbook/leave/#swap-quota"


@given(counted=st.integers(0, 10))
def test_request_allowed_iff_below_limit(counted: int) -> None:
    use = QuotaUse("李四", (2026, 1), counted, False)
    assert check_quota(use, P).allowed is (counted < LIMIT)
    assert remaining(counted, P) == max(LIMIT - counted, 0)


def test_what_counts_and_for_whom() -> None:
    assert counting_statuses(P) == {SwapStatus.pending, SwapStatus.accepted, SwapStatus.approved}
    assert parties_charged(P) == ("requester", "counterpart")
    assert quota_month(date(2026, 11, 30)) == (2026, 11)
    assert quota_month(date(2026, 12, 1)) == (2026, 12)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (SwapStatus.pending, SwapStatus.accepted, True),
        (SwapStatus.pending, SwapStatus.approved, False),  # the counterpart accepts first
        (SwapStatus.accepted, SwapStatus.approved, True),
        (SwapStatus.accepted, SwapStatus.withdrawn, True),
        (SwapStatus.approved, SwapStatus.withdrawn, False),
        (SwapStatus.rejected, SwapStatus.accepted, False),
    ],
)
def test_transitions(current: SwapStatus, target: SwapStatus, allowed: bool) -> None:
    assert check_transition(current, target, P).allowed is allowed
