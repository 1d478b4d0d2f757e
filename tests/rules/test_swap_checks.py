"""Swap checks beyond the quota: own swaps, past shifts, the handover, shares of responsibility."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.policy import get_policy
from exam_api.rules.swaps import (
    check_handover_confirmed,
    check_not_party,
    check_shares,
    check_shifts_ahead,
)

P = get_policy()
TODAY = date(2026, 11, 16)


@pytest.mark.parametrize(("actor", "allowed"), [(1, False), (2, False), (3, True)])
def test_nobody_approves_a_swap_they_are_part_of(actor: int, allowed: bool) -> None:
    decision = check_not_party(actor, (1, 2), P)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "leave-no-self-approval"


@pytest.mark.parametrize(
    ("days", "allowed"),
    [
        ((TODAY, TODAY), True),
        ((date(2026, 11, 20), date(2026, 12, 1)), True),
        ((date(2026, 11, 15), date(2026, 11, 20)), False),
    ],
)
def test_only_future_shifts(days: tuple[date, date], allowed: bool) -> None:
    decision = check_shifts_ahead(days, TODAY, P)
    assert decision.allowed is allowed
    assert decision.rule == (None if allowed else "swap-request")


def test_accepting_confirms_the_handover() -> None:
    assert check_handover_confirmed(True, P).allowed
    refused = check_handover_confirmed(False, P)
    assert (refused.allowed, refused.rule) == (False, "swap-handover")


@given(a=st.integers(-10, 110), b=st.integers(-10, 110))
def test_shares_must_total_100(a: int, b: int) -> None:
    decision = check_shares(a, b, P)
    assert decision.allowed is (a >= 0 and b >= 0 and a + b == 100)
    if not decision.allowed:
        assert decision.rule == "swap-handover"
        label = P.document.attendance.labels[P.document.swap.handover.missed_shift_counts_as]
        assert label in decision.message
