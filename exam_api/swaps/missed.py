"""A missed swapped shift (误班、空班): absence for both parties, shares set by the supervisor."""

from __future__ import annotations

from sqlmodel import select

from exam_api.audit.decider import Decider
from exam_api.core.errors import Conflict, KefuError
from exam_api.leave.models import AttendanceEvent
from exam_api.rules.swaps import SwapStatus, check_shares
from exam_api.swaps.models import SwapMissed, SwapRequest
from exam_api.swaps.service import ensure_can_decide, get_swap, names_of, subject
from exam_api.users.models import User

RULE = "swap-handover"


def record_missed_shift(decider: Decider, swap_id: int, data: SwapMissed) -> list[AttendanceEvent]:
    session, policy = decider.session, decider.policy
    swap = get_swap(session, swap_id)
    ensure_can_decide(decider, swap, "swap_missed")
    if swap.status != SwapStatus.approved:
        raise Conflict("只有已批准的换班才能记录误班、空班", code="swap_not_approved", rule=RULE)
    if data.day not in (swap.requester_day, swap.counterpart_day):
        message = f"误班日期须是这次换班涉及的日期（{_days(swap)}）"
        raise KefuError("swap_missed_day", message, 422, rule=RULE)
    if data.day > decider.today:
        raise KefuError("swap_missed_future", "不能为尚未到来的班次记录误班", 422, rule=RULE)
    shares = check_shares(data.requester_share, data.counterpart_share, policy)
    decider.require(shares, "swap_missed", subject(swap))
    if _already(decider, swap, data):
        raise Conflict(f"{data.day:%Y-%m-%d} 的误班已经记录过", code="swap_missed_recorded")
    kind = policy.document.swap.handover.missed_shift_counts_as
    events = [
        _event(decider, swap, person, data, share, kind)
        for person, share in (
            (swap.requester_id, data.requester_share),
            (swap.counterpart_id, data.counterpart_share),
        )
    ]
    session.add_all(events)
    names = names_of(session, swap)
    label = policy.document.attendance.labels[kind]
    detail = (
        f"换班后 {data.day:%Y-%m-%d} 误班：{names.get(swap.requester_id)} 与 "
        f"{names.get(swap.counterpart_id)} 各记{label}一次，责任 {data.requester_share}% / "
        f"{data.counterpart_share}%"
    )
    decider.log("swap_missed", subject(swap), detail, RULE)
    session.commit()
    for event in events:
        session.refresh(event)
    return events


def _days(swap: SwapRequest) -> str:
    return f"{swap.requester_day:%Y-%m-%d}、{swap.counterpart_day:%Y-%m-%d}"


def _already(decider: Decider, swap: SwapRequest, data: SwapMissed) -> bool:
    query = select(AttendanceEvent.id).where(
        AttendanceEvent.swap_id == swap.id, AttendanceEvent.day == data.day
    )
    return decider.session.exec(query).first() is not None


def _event(
    decider: Decider, swap: SwapRequest, person_id: int, data: SwapMissed, share: int, kind: str
) -> AttendanceEvent:
    person = decider.session.get(User, person_id)
    return AttendanceEvent(
        user_id=person_id,
        team_id=person.team_id if person else swap.team_id,
        day=data.day,
        kind=kind,
        share_percent=share,
        swap_id=swap.id,
        note=data.note,
        recorded_by_id=decider.actor_id,
    )
