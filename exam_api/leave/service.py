"""Leave requests: file, approve step by step, reject, cancel, and the emergency slip.

Routes: personal → supervisor; long → supervisor (records the cover) → director;
emergency → supervisor's consent. A supervisor's own request (or one from a team without a
supervisor) goes to the director: nobody approves their own request.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Forbidden, KefuError, NotFound
from exam_api.core.models import utcnow
from exam_api.leave.models import LeaveApprove, LeaveCreate, LeaveRequest
from exam_api.rules.decision import Decision, first_refusal
from exam_api.rules.leave import (
    KIND_LABELS,
    OPEN_STATUSES,
    LeaveKind,
    LeaveStatus,
    Span,
    approval_route,
    check_cancel,
    check_cover,
    check_emergency,
    check_form,
    check_not_self,
    check_request,
    role_title,
    step_index,
)
from exam_api.swaps.locks import lock_persons
from exam_api.users.models import Role, Team, User
from exam_api.users.service import can_manage_team

KIND_RULES = {
    LeaveKind.personal: "leave-personal",
    LeaveKind.long: "leave-long",
    LeaveKind.emergency: "leave-emergency",
}


def subject(leave: LeaveRequest) -> Subject:
    return Subject("leave_request", leave.id or 0, leave.team_id)


def span_of(leave: LeaveRequest) -> Span:
    return Span(leave.start, leave.end)


def get_leave(session: Session, leave_id: int) -> LeaveRequest:
    leave = session.get(LeaveRequest, leave_id)
    if leave is None:
        raise NotFound("请假申请不存在", code="leave_not_found")
    return leave


def waiting_for(leave: LeaveRequest) -> str | None:
    step = step_index(LeaveStatus(leave.status))
    return leave.route[step] if step is not None and step < len(leave.route) else None


def needs_escalation(session: Session, person: User) -> bool:
    """No supervisor above this person: they lead a team themselves, or their team has none."""
    if person.role != Role.agent or person.team_id is None:
        return True
    team = session.get(Team, person.team_id)
    return team is None or team.supervisor_id is None


def open_spans(session: Session, user_id: int) -> list[Span]:
    statuses = [status.value for status in OPEN_STATUSES]
    query = select(LeaveRequest).where(
        LeaveRequest.requester_id == user_id, col(LeaveRequest.status).in_(statuses)
    )
    return [span_of(leave) for leave in session.exec(query).all()]


def _check_new(decider: Decider, person: User, data: LeaveCreate) -> tuple[LeaveKind, Decision]:
    span = Span(data.start, data.end)
    policy = decider.policy
    kind, decision = check_request(
        data.kind, span, decider.today, open_spans(decider.session, person.id or 0), policy
    )
    refusal = first_refusal(
        decision,
        check_form(kind, data.form, data.cover_plan, policy),
        check_emergency(kind, data.emergency_kind, data.phoned_supervisor, policy),
    )
    return kind, refusal or decision


def file_leave(decider: Decider, person: User, data: LeaveCreate) -> LeaveRequest:
    """Check and store a request for ``person`` (under their lock, so overlaps cannot race)."""
    session = decider.session
    lock_persons(session, [person.id or 0])
    kind, decision = _check_new(decider, person, data)
    decider.require(decision, "leave_request", Subject("user", person.id or 0, person.team_id))
    leave = LeaveRequest(
        requester_id=person.id or 0,
        team_id=person.team_id,
        kind=data.kind.value,
        effective_kind=kind.value,
        status=LeaveStatus.pending.value,
        route=approval_route(kind, needs_escalation(session, person), decider.policy),
        start=data.start,
        end=data.end,
        reason=data.reason,
        form=data.form if kind is LeaveKind.long else {},
        cover_plan=data.cover_plan,
        emergency_kind=data.emergency_kind if kind is LeaveKind.emergency else None,
        phoned_supervisor=data.phoned_supervisor,
    )
    session.add(leave)
    session.flush()
    note = "" if decision.message == "符合规定" else f"（{decision.message}）"
    decider.log("leave_request", subject(leave), f"{_describe(person, leave)}{note}")
    return leave


def _describe(person: User, leave: LeaveRequest) -> str:
    label = KIND_LABELS[LeaveKind(leave.effective_kind)]
    days = (leave.end - leave.start).days + 1
    dates = f"{leave.start:%Y-%m-%d} 至 {leave.end:%Y-%m-%d}"
    return f"{person.display_name} 申请{label} {dates}，共 {days} 天"


def create_leave(decider: Decider, data: LeaveCreate) -> LeaveRequest:
    leave = file_leave(decider, decider.actor, data)
    decider.session.commit()
    decider.session.refresh(leave)
    return leave


def ensure_can_act(decider: Decider, leave: LeaveRequest, role: str | None, action: str) -> None:
    """In scope (own team or director), not the requester (409), and the step is the actor's."""
    actor = decider.actor
    team_ok = leave.team_id is not None and can_manage_team(decider.session, actor, leave.team_id)
    if actor.role != Role.director and not team_ok:
        raise Forbidden("只能审批自己负责班组的请假")
    self_check = check_not_self(decider.actor_id, leave.requester_id, decider.policy)
    decider.require(self_check, action, subject(leave))
    if role is None:
        kind = LeaveKind(leave.effective_kind)
        message = f"这份{KIND_LABELS[kind]}当前状态为 {leave.status}，没有等待审批的步骤"
        state = Decision.refuse(decider.policy, "leave_not_pending", KIND_RULES[kind], message)
        decider.refuse(state, action, subject(leave))
    if actor.role != Role.director and role != "supervisor":
        raise Forbidden(f"这一步须由{role_title(role, decider.policy)}审批")


def _locked(decider: Decider, leave_id: int) -> LeaveRequest:
    leave = get_leave(decider.session, leave_id)
    lock_persons(decider.session, [leave.requester_id])
    decider.session.refresh(leave)
    return leave


def _cover(decider: Decider, leave: LeaveRequest, data: LeaveApprove) -> None:
    decider.require(
        check_cover(
            LeaveKind(leave.effective_kind),
            step_index(LeaveStatus(leave.status)) or 0,
            data.cover_user_id,
            decider.policy,
        ),
        "leave_approve",
        subject(leave),
    )
    if data.cover_user_id is None:
        return
    cover = decider.session.get(User, data.cover_user_id)
    if cover is None or not cover.is_active or cover.id == leave.requester_id:
        raise KefuError("cover_invalid", "代班人须是另一位在职同事", 422)
    leave.cover_user_id, leave.cover_note = cover.id, data.cover_note


def approve_leave(decider: Decider, leave_id: int, data: LeaveApprove) -> LeaveRequest:
    """Take the step the request waits for; the last step grants it."""
    leave = _locked(decider, leave_id)
    role = waiting_for(leave)
    ensure_can_act(decider, leave, role, "leave_approve")
    _cover(decider, leave, data)
    step = step_index(LeaveStatus(leave.status)) or 0
    now = utcnow()
    if step + 1 < len(leave.route):
        leave.status = LeaveStatus.reviewed.value
        leave.reviewed_by_id, leave.reviewed_at, leave.review_comment = (
            decider.actor_id,
            now,
            data.comment,
        )
        what = f"审核通过并记录代班，报{role_title(leave.route[step + 1], decider.policy)}批准"
    else:
        leave.status = LeaveStatus.approved.value
        leave.decided_by_id, leave.decided_at, leave.decision_comment = (
            decider.actor_id,
            now,
            data.comment,
        )
        emergency = leave.effective_kind == LeaveKind.emergency
        what = "同意临时请假（已电话告知）" if emergency else "批准请假"
    return _finish(decider, leave, "leave_approve", what)


def _finish(decider: Decider, leave: LeaveRequest, action: str, what: str) -> LeaveRequest:
    leave.updated_at = utcnow()
    decider.session.add(leave)
    person = decider.session.get(User, leave.requester_id)
    name = person.display_name if person else str(leave.requester_id)
    decider.log(
        action, subject(leave), f"{what}：{name} {leave.start:%Y-%m-%d} 至 {leave.end:%Y-%m-%d}"
    )
    decider.session.commit()
    decider.session.refresh(leave)
    return leave


def reject_leave(decider: Decider, leave_id: int, comment: str) -> LeaveRequest:
    leave = _locked(decider, leave_id)
    ensure_can_act(decider, leave, waiting_for(leave), "leave_reject")
    leave.status = LeaveStatus.rejected.value
    leave.decided_by_id, leave.decided_at, leave.decision_comment = (
        decider.actor_id,
        utcnow(),
        comment,
    )
    return _finish(decider, leave, "leave_reject", f"驳回请假（{comment}）")


def cancel_leave(decider: Decider, leave_id: int) -> LeaveRequest:
    leave = _locked(decider, leave_id)
    if leave.requester_id != decider.actor_id:
        raise Forbidden("只有申请人本人可以撤销请假")
    decision = check_cancel(
        LeaveStatus(leave.status), span_of(leave), decider.today, decider.policy
    )
    decider.require(decision, "leave_cancel", subject(leave))
    leave.status = LeaveStatus.cancelled.value
    return _finish(decider, leave, "leave_cancel", "撤销请假")
