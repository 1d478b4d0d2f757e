"""Leave rules, table-driven from the seed text and DECISIONS.md; values come from the policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.policy import get_policy
from exam_api.rules.leave import (
    LeaveKind,
    LeaveStatus,
    Span,
    check_cancel,
    check_not_self,
    check_request,
    slip_due,
    slip_overdue,
)

P = get_policy()
TODAY = date(2026, 11, 23)
PERSONAL_NOTICE = P.document.leave.personal.notice_days
LONG_NOTICE = P.document.leave.long.notice_days
LONG_MIN = P.document.leave.long.min_days


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.mark.parametrize(
    ("kind", "start", "length", "allowed", "rule", "effective"),
    [
        # 事假需要提前一天: filed the calendar day before is fine, the same morning is not.
        (LeaveKind.personal, PERSONAL_NOTICE, 1, True, None, LeaveKind.personal),
        (LeaveKind.personal, PERSONAL_NOTICE - 1, 1, False, "leave-personal", LeaveKind.personal),
        # A personal request of the long-leave length becomes long leave with its notice.
        (LeaveKind.personal, PERSONAL_NOTICE, LONG_MIN, False, "leave-long", LeaveKind.long),
        (LeaveKind.personal, LONG_NOTICE, LONG_MIN, True, None, LeaveKind.long),
        (LeaveKind.personal, LONG_NOTICE, LONG_MIN - 1, True, None, LeaveKind.personal),
        # 长假需要提前一个星期.
        (LeaveKind.long, LONG_NOTICE, LONG_MIN, True, None, LeaveKind.long),
        (LeaveKind.long, LONG_NOTICE - 1, LONG_MIN, False, "leave-long", LeaveKind.long),
        # 临时请假: today or already started; not for planned future days.
        (LeaveKind.emergency, 0, 1, True, None, LeaveKind.emergency),
        (LeaveKind.emergency, -1, 2, True, None, LeaveKind.emergency),
        (LeaveKind.emergency, 1, 1, False, "leave-emergency", LeaveKind.emergency),
    ],
)
def test_notice_and_kind(
    kind: LeaveKind,
    start: int,
    length: int,
    allowed: bool,
    rule: str | None,
    effective: LeaveKind,
) -> None:
    span = Span(days(start), days(start + length - 1))
    got_kind, decision = check_request(kind, span, TODAY, [], P)
    assert decision.allowed is allowed
    assert decision.rule == rule
    assert got_kind is effective
    if rule:
        assert decision.url == P.rule_url(rule)
        assert P.rule_title(rule) in decision.message


def test_refusal_quotes_the_policy_value() -> None:
    span = Span(TODAY, TODAY)
    _, decision = check_request(LeaveKind.personal, span, TODAY, [], P)
    assert f"至少提前 {PERSONAL_NOTICE} 个日历日" in decision.message
    assert decision.policy_version == P.policy_version


def test_end_before_start_is_refused() -> None:
    _, decision = check_request(LeaveKind.personal, Span(days(5), days(4)), TODAY, [], P)
    assert (decision.allowed, decision.code, decision.rule) == (
        False,
        "leave_end_before_start",
        "leave-dates",
    )


@pytest.mark.parametrize(
    ("other", "overlaps"),
    [((10, 12), True), ((12, 15), True), ((5, 10), True), ((13, 14), False), ((1, 9), False)],
)
def test_overlap(other: tuple[int, int], overlaps: bool) -> None:
    span = Span(days(10), days(12))
    existing = [Span(days(other[0]), days(other[1]))]
    _, decision = check_request(LeaveKind.long, span, TODAY, existing, P)
    assert decision.allowed is not overlaps
    if overlaps:
        assert decision.rule == "leave-overlap"


@given(a=st.integers(0, 60), la=st.integers(1, 10), b=st.integers(0, 60), lb=st.integers(1, 10))
def test_overlap_is_symmetric_and_matches_day_sets(a: int, la: int, b: int, lb: int) -> None:
    x, y = Span(days(a), days(a + la - 1)), Span(days(b), days(b + lb - 1))
    shared = set(range(a, a + la)) & set(range(b, b + lb))
    assert x.overlaps(y) is y.overlaps(x) is bool(shared)


@given(offset=st.integers(-30, 60), length=st.integers(1, 20))
def test_planned_leave_allowed_iff_notice_met(offset: int, length: int) -> None:
    span = Span(days(offset), days(offset + length - 1))
    kind, decision = check_request(LeaveKind.personal, span, TODAY, [], P)
    needed = LONG_NOTICE if length >= LONG_MIN else PERSONAL_NOTICE
    assert decision.allowed is (offset >= needed)
    assert (kind is LeaveKind.long) is (length >= LONG_MIN)


def test_nobody_approves_their_own_request() -> None:
    assert not check_not_self(7, 7, P).allowed
    assert check_not_self(7, 8, P).rule is None


@pytest.mark.parametrize(
    ("status", "start", "allowed"),
    [
        (LeaveStatus.pending, -1, True),
        (LeaveStatus.reviewed, 3, True),
        (LeaveStatus.approved, 1, True),
        (LeaveStatus.approved, 0, False),
        (LeaveStatus.rejected, 5, False),
        (LeaveStatus.cancelled, 5, False),
    ],
)
def test_cancel(status: LeaveStatus, start: int, allowed: bool) -> None:
    decision = check_cancel(status, Span(days(start), days(start + 1)), TODAY, P)
    assert decision.allowed is allowed
    assert decision.rule == (None if allowed else "leave-cancel")


def test_emergency_slip_due_and_overdue() -> None:
    span = Span(days(-3), days(-2))
    due = slip_due(span, P)
    assert due == span.end + timedelta(days=P.document.leave.emergency.slip_due_days)
    assert not slip_overdue(span, False, due, P)
    assert slip_overdue(span, False, due + timedelta(days=1), P)
    assert not slip_overdue(span, True, due + timedelta(days=30), P)
