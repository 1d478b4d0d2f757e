"""The swap flow: request → counterpart accepts (handover) → supervisor approves → roster changes.

Every step that changes a swap's status runs under :func:`lock_persons` for both parties, so
concurrent requests, acceptances, approvals and withdrawals are serialised per person and the
monthly quota holds on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from sqlmodel import Session

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Forbidden, NotFound
from exam_api.core.models import utcnow
from exam_api.roster.models import ShiftAssignment
from exam_api.roster.service import find_assignment, get_assignment, swapped_assignments
from exam_api.rules.decision import Decision, first_refusal
from exam_api.rules.swaps import (
    SwapStatus,
    check_handover_confirmed,
    check_not_party,
    check_shifts_ahead,
    check_transition,
)
from exam_api.swaps.locks import lock_persons
from exam_api.swaps.models import SwapAccept, SwapCreate, SwapRequest
from exam_api.swaps.quota import check_parties
from exam_api.users.models import Role, User
from exam_api.users.service import can_manage_team

RULE = "swap-request"


def subject(swap: SwapRequest) -> Subject:
    return Subject("swap_request", swap.id or 0, swap.team_id)


def get_swap(session: Session, swap_id: int) -> SwapRequest:
    swap = session.get(SwapRequest, swap_id)
    if swap is None:
        raise NotFound("换班申请不存在", code="swap_not_found")
    return swap


def can_supervise(session: Session, actor: User, swap: SwapRequest) -> bool:
    if actor.role == Role.director:
        return True
    return swap.team_id is not None and can_manage_team(session, actor, swap.team_id)


def ensure_can_view(session: Session, actor: User, swap: SwapRequest) -> None:
    parties = (swap.requester_id, swap.counterpart_id)
    if actor.id not in parties and not can_supervise(session, actor, swap):
        raise Forbidden("只能查看自己参与或自己负责班组的换班")


def names_of(session: Session, swap: SwapRequest) -> dict[int, str]:
    found = (session.get(User, uid) for uid in (swap.requester_id, swap.counterpart_id))
    return {user.id or 0: user.display_name for user in found if user is not None}


def _refusal(decider: Decider, code: str, message: str) -> Decision:
    return Decision.refuse(decider.policy, code, RULE, message)


def check_pair(
    decider: Decider, swap: SwapRequest, mine: ShiftAssignment, theirs: ShiftAssignment
) -> Decision:
    """The shifts still match the request; nobody gets two shifts on one day; no other open swap."""
    now = (
        (mine.user_id, mine.day, mine.shift_type_id),
        (theirs.user_id, theirs.day, theirs.shift_type_id),
    )
    asked = (
        (swap.requester_id, swap.requester_day, swap.requester_shift_type_id),
        (swap.counterpart_id, swap.counterpart_day, swap.counterpart_shift_type_id),
    )
    if now != asked:
        return _refusal(decider, "swap_roster_changed", "排班已经变动，这份换班申请与当前班次不符")
    if mine.day != theirs.day:
        for person, day in ((swap.requester_id, theirs.day), (swap.counterpart_id, mine.day)):
            if find_assignment(decider.session, person, day) is not None:
                message = f"换班后会有人在 {day:%Y-%m-%d} 同时排两个班次"
                return _refusal(decider, "swap_double_shift", message)
    ids = [mine.id or 0, theirs.id or 0]
    if swapped_assignments(decider.session, ids, exclude_swap_id=swap.id):
        return _refusal(decider, "swap_shift_busy", "所选班次已在另一份进行中的换班申请里")
    return Decision.ok(decider.policy)


def new_swap(
    actor: User,
    mine: ShiftAssignment,
    theirs: ShiftAssignment,
    reason: str = "",
    handover_notes: str = "",
) -> SwapRequest:
    """An unsaved request exchanging two assignments (filed by `create_swap`)."""
    return SwapRequest(
        team_id=actor.team_id,
        requester_id=mine.user_id,
        counterpart_id=theirs.user_id,
        requester_assignment_id=mine.id or 0,
        counterpart_assignment_id=theirs.id or 0,
        requester_day=mine.day,
        requester_shift_type_id=mine.shift_type_id,
        counterpart_day=theirs.day,
        counterpart_shift_type_id=theirs.shift_type_id,
        reason=reason,
        handover_notes=handover_notes,
    )


def evaluate_swap(
    decider: Decider, swap: SwapRequest, mine: ShiftAssignment, theirs: ShiftAssignment
) -> Decision:
    """Every rule a new request must pass, first refusal or ok; writes nothing.

    `create_swap` calls it under the parties' locks; the portal calls it for a live verdict."""
    session = decider.session
    return first_refusal(
        _check_partner(decider, session.get(User, theirs.user_id)),
        check_shifts_ahead((mine.day, theirs.day), decider.today, decider.policy),
        check_pair(decider, swap, mine, theirs),
        check_parties(session, swap, names_of(session, swap), decider.policy),
    ) or Decision.ok(decider.policy)


def _check_partner(decider: Decider, counterpart: User | None) -> Decision:
    actor = decider.actor
    if counterpart is None or counterpart.id == actor.id or not counterpart.is_active:
        return _refusal(decider, "swap_counterpart_invalid", "换班对象须是另一位在职同事")
    if actor.team_id is None or counterpart.team_id != actor.team_id:
        return _refusal(decider, "swap_other_team", "只能与本班组的同事换班，由本班组主管审批")
    return Decision.ok(decider.policy)


def create_swap(decider: Decider, data: SwapCreate) -> SwapRequest:
    """File a written request; both parties' quotas are checked under their locks."""
    session = decider.session
    mine = get_assignment(session, data.requester_assignment_id)
    if mine.user_id != decider.actor_id:
        raise Forbidden("只能让出自己的班次")
    theirs = get_assignment(session, data.counterpart_assignment_id)
    lock_persons(session, [mine.user_id, theirs.user_id])
    swap = new_swap(decider.actor, mine, theirs, data.reason, data.handover_notes)
    target = Subject("user", decider.actor_id, swap.team_id)
    verdict = evaluate_swap(decider, swap, mine, theirs)
    if not verdict.allowed:
        decider.refuse(verdict, "swap_request", target)
    session.add(swap)
    session.flush()
    decider.log("swap_request", subject(swap), _describe(session, swap, "提交换班申请"))
    session.commit()
    session.refresh(swap)
    return swap


def _describe(session: Session, swap: SwapRequest, what: str) -> str:
    names = names_of(session, swap)
    return (
        f"{what}：{names.get(swap.requester_id, '?')} 让出 {swap.requester_day:%Y-%m-%d}，"
        f"{names.get(swap.counterpart_id, '?')} 让出 {swap.counterpart_day:%Y-%m-%d}"
    )


def _locked(decider: Decider, swap_id: int, target: SwapStatus, action: str) -> SwapRequest:
    """Lock both parties, re-read the swap and refuse a transition its status does not allow."""
    swap = get_swap(decider.session, swap_id)
    lock_persons(decider.session, [swap.requester_id, swap.counterpart_id])
    decider.session.refresh(swap)
    decider.require(
        check_transition(SwapStatus(swap.status), target, decider.policy), action, subject(swap)
    )
    return swap


def _finish(decider: Decider, swap: SwapRequest, action: str, what: str) -> SwapRequest:
    swap.updated_at = utcnow()
    decider.session.add(swap)
    decider.log(action, subject(swap), _describe(decider.session, swap, what))
    decider.session.commit()
    decider.session.refresh(swap)
    return swap


def accept_swap(decider: Decider, swap_id: int, data: SwapAccept) -> SwapRequest:
    swap = get_swap(decider.session, swap_id)
    if swap.counterpart_id != decider.actor_id:
        raise Forbidden("只有换班对方可以接受这份申请")
    decider.require(
        check_handover_confirmed(data.handover_confirmed, decider.policy),
        "swap_accept",
        subject(swap),
    )
    swap = _locked(decider, swap_id, SwapStatus.accepted, "swap_accept")
    swap.status = SwapStatus.accepted.value
    decider.require(
        check_parties(decider.session, swap, names_of(decider.session, swap), decider.policy),
        "swap_accept",
        subject(swap),
    )
    swap.handover_confirmed_at = utcnow()
    swap.counterpart_note = data.note
    return _finish(decider, swap, "swap_accept", "接受换班并确认交接")


def ensure_can_decide(decider: Decider, swap: SwapRequest, action: str) -> None:
    if not can_supervise(decider.session, decider.actor, swap):
        raise Forbidden("只能审批自己负责班组的换班")
    parties = (swap.requester_id, swap.counterpart_id)
    decider.require(
        check_not_party(decider.actor_id, parties, decider.policy), action, subject(swap)
    )


def approve_swap(decider: Decider, swap_id: int, comment: str) -> SwapRequest:
    """Approve: quotas re-checked under the locks, then the two shifts change hands."""
    session = decider.session
    ensure_can_decide(decider, get_swap(session, swap_id), "swap_approve")
    swap = _locked(decider, swap_id, SwapStatus.approved, "swap_approve")
    mine = get_assignment(session, swap.requester_assignment_id)
    theirs = get_assignment(session, swap.counterpart_assignment_id)
    refusal = first_refusal(
        check_pair(decider, swap, mine, theirs),
        check_parties(session, swap, names_of(session, swap), decider.policy),
    )
    if refusal is not None:
        decider.refuse(refusal, "swap_approve", subject(swap))
    exchange_shifts(session, mine, theirs)
    swap.status = SwapStatus.approved.value
    swap.decided_by_id, swap.decided_at, swap.decision_comment = decider.actor_id, utcnow(), comment
    return _finish(decider, swap, "swap_approve", "批准换班，排班已调整")


def exchange_shifts(session: Session, mine: ShiftAssignment, theirs: ShiftAssignment) -> None:
    """Each person now holds the other's day and shift (rows keep their owner: no transient
    clash with the one-shift-per-person-per-day constraint)."""
    mine.day, theirs.day = theirs.day, mine.day
    mine.shift_type_id, theirs.shift_type_id = theirs.shift_type_id, mine.shift_type_id
    mine.note, theirs.note = theirs.note, mine.note
    session.add_all([mine, theirs])


def reject_swap(decider: Decider, swap_id: int, comment: str) -> SwapRequest:
    ensure_can_decide(decider, get_swap(decider.session, swap_id), "swap_reject")
    swap = _locked(decider, swap_id, SwapStatus.rejected, "swap_reject")
    swap.status = SwapStatus.rejected.value
    swap.decided_by_id, swap.decided_at, swap.decision_comment = decider.actor_id, utcnow(), comment
    return _finish(decider, swap, "swap_reject", "驳回换班")


def withdraw_swap(decider: Decider, swap_id: int) -> SwapRequest:
    swap = get_swap(decider.session, swap_id)
    if decider.actor_id not in (swap.requester_id, swap.counterpart_id):
        raise Forbidden("只有换班双方可以撤回申请")
    swap = _locked(decider, swap_id, SwapStatus.withdrawn, "swap_withdraw")
    swap.status = SwapStatus.withdrawn.value
    swap.withdrawn_by_id = decider.actor_id
    return _finish(decider, swap, "swap_withdraw", "撤回换班")
