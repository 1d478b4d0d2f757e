"""Racing for the last quota slot: 8 threads, each with its own session, on SQLite and
PostgreSQL, five rounds each. Exactly the allowed number succeed; the others are refused by
the quota rule; the database never shows a person past the quota."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.core.errors import KefuError
from exam_api.policy import Policy, get_policy, load_policy
from exam_api.roster.models import ShiftAssignment
from exam_api.rules.swaps import SwapStatus
from exam_api.swaps import service
from exam_api.swaps.models import SwapCreate, SwapRequest
from exam_api.swaps.quota import counted
from exam_api.users.models import Role, User
from tests.roster.support import TODAY, Org, day, write_policy

THREADS = 8
ROUNDS = range(5)
MONTH = (TODAY.year, TODAY.month)
Outcome = str  # "ok" or the error code


@dataclass
class Crowd:
    org: Org
    people: list[User]  # THREADS team-mates of a1


@pytest.fixture
def crowd(org: Org, make_user: Callable[..., User]) -> Crowd:
    people = [
        make_user(f"p{i}", Role.agent, team=org.team1, display_name=f"同事{i}")
        for i in range(THREADS)
    ]
    return Crowd(org, people)


def race(
    engine: Engine, actor_ids: list[int], policy: Policy, work: Callable[[Decider, int], Any]
) -> list[Outcome]:
    """Run ``work(decider, index)`` in THREADS threads at once, each on its own session."""
    barrier = threading.Barrier(len(actor_ids))
    outcomes: list[Outcome] = [""] * len(actor_ids)

    def run(index: int) -> None:
        with Session(engine) as session:
            actor = session.get(User, actor_ids[index])
            assert actor is not None
            decider = Decider(session, actor, policy, TODAY)
            barrier.wait()
            try:
                work(decider, index)
                outcomes[index] = "ok"
            except KefuError as exc:
                outcomes[index] = exc.code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actor_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def reserve(
    make_swap: Callable[..., Any],
    assign: Callable[..., Any],
    org: Org,
    person: User,
    slots: int,
    status: str,
) -> None:
    """``person`` already gives away ``slots`` shifts this month (days 25+ of the month)."""
    for i in range(slots):
        when = date(TODAY.year, TODAY.month, 25 + i)
        make_swap(assign(person, when, org.early), assign(org.a3, when, org.late), status)


@pytest.mark.parametrize("round_", ROUNDS)
def test_requests_race_for_the_requesters_last_slot(
    round_: int,
    engine: Engine,
    crowd: Crowd,
    assign: Callable[..., Any],
    make_swap: Callable[..., Any],
) -> None:
    policy = get_policy()
    limit = policy.document.swap.quota.max_per_month
    org = crowd.org
    reserve(make_swap, assign, org, org.a1, limit - 1, "approved")
    pairs = [
        (assign(org.a1, day(i + 1), org.early), assign(p, day(i + 1), org.late))
        for i, p in enumerate(crowd.people)
    ]

    def work(decider: Decider, i: int) -> None:
        mine, theirs = pairs[i]
        body = SwapCreate(
            requester_assignment_id=mine.id,
            counterpart_assignment_id=theirs.id,
            reason="有事",
            handover_notes="已交接",
        )
        service.create_swap(decider, body)

    outcomes = race(engine, [org.a1.id or 0] * THREADS, policy, work)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "swap_quota_exceeded"}
    with Session(engine) as session:
        assert counted(session, org.a1.id or 0, MONTH, policy) == limit


@pytest.mark.parametrize("round_", ROUNDS)
def test_requests_race_for_the_counterparts_last_slot(
    round_: int,
    engine: Engine,
    crowd: Crowd,
    assign: Callable[..., Any],
    make_swap: Callable[..., Any],
) -> None:
    """Eight people ask the same colleague, each for a different shift of theirs."""
    policy = get_policy()
    limit = policy.document.swap.quota.max_per_month
    org = crowd.org
    reserve(make_swap, assign, org, org.a2, limit - 1, "pending")
    pairs = [
        (assign(p, day(i + 1), org.early), assign(org.a2, day(i + 1), org.late))
        for i, p in enumerate(crowd.people)
    ]

    def work(decider: Decider, i: int) -> None:
        mine, theirs = pairs[i]
        body = SwapCreate(
            requester_assignment_id=mine.id,
            counterpart_assignment_id=theirs.id,
            reason="有事",
            handover_notes="已交接",
        )
        service.create_swap(decider, body)

    outcomes = race(engine, [p.id or 0 for p in crowd.people], policy, work)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "swap_quota_exceeded"}
    with Session(engine) as session:
        assert counted(session, org.a2.id or 0, MONTH, policy) == limit


@pytest.mark.parametrize("round_", ROUNDS)
def test_approvals_race_for_the_last_slot(
    round_: int,
    engine: Engine,
    crowd: Crowd,
    assign: Callable[..., Any],
    make_swap: Callable[..., Any],
    tmp_path: Path,
) -> None:
    """Only approved swaps count under this policy, so eight accepted requests compete at
    approval: one supervisor and the director approving at the same moment, four each."""
    policy = load_policy(write_policy(tmp_path, {"swap.quota.counting_statuses": ["approved"]}))
    limit = policy.document.swap.quota.max_per_month
    org = crowd.org
    reserve(make_swap, assign, org, org.a1, limit - 1, "approved")
    swaps: list[SwapRequest] = [
        make_swap(
            assign(org.a1, day(i + 1), org.early), assign(p, day(i + 1), org.late), "accepted"
        )
        for i, p in enumerate(crowd.people)
    ]
    approvers = [org.sup1.id or 0, org.director.id or 0] * (THREADS // 2)

    def work(decider: Decider, i: int) -> None:
        service.approve_swap(decider, swaps[i].id or 0, "同意")

    outcomes = race(engine, approvers, policy, work)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "swap_quota_exceeded"}
    with Session(engine) as session:
        assert counted(session, org.a1.id or 0, MONTH, policy) == limit
        winner = next(s for s, o in zip(swaps, outcomes, strict=True) if o == "ok")
        rows = [session.get(SwapRequest, s.id) for s in swaps]
        assert [r.status for r in rows if r] == [
            SwapStatus.approved if s.id == winner.id else SwapStatus.accepted for s in swaps
        ]


@pytest.mark.parametrize("round_", ROUNDS)
def test_approval_and_withdrawal_at_once(
    round_: int,
    engine: Engine,
    crowd: Crowd,
    assign: Callable[..., Any],
    make_swap: Callable[..., Any],
) -> None:
    """Exactly one wins; the roster changed if and only if the approval won."""
    org = crowd.org
    mine, theirs = assign(org.a1, day(1), org.early), assign(org.a2, day(1), org.late)
    swap = make_swap(mine, theirs, "accepted")

    def work(decider: Decider, i: int) -> None:
        if i == 0:
            service.approve_swap(decider, swap.id, "同意")
        else:
            service.withdraw_swap(decider, swap.id)

    outcomes = race(engine, [org.sup1.id or 0, org.a1.id or 0], get_policy(), work)
    assert sorted(outcomes) == ["ok", "swap_bad_state"], outcomes
    with Session(engine) as session:
        row = session.get(SwapRequest, swap.id)
        shift = session.get(ShiftAssignment, mine.id)
        assert row is not None and shift is not None
        approved = outcomes[0] == "ok"
        assert row.status == (SwapStatus.approved if approved else SwapStatus.withdrawn)
        assert shift.shift_type_id == (org.late.id if approved else org.early.id)
