"""Leave rules (请假制度) per the policy and shared/DECISIONS.md, as pure functions.

Days are calendar days. A personal request of `leave.long.min_days` or more is long leave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from exam_api.policy import Policy
from exam_api.rules.decision import Decision


class LeaveKind(StrEnum):
    personal = "personal"
    long = "long"
    emergency = "emergency"


class LeaveStatus(StrEnum):
    pending = "pending"  # waiting for the supervisor
    reviewed = "reviewed"  # long leave: supervisor recorded the cover, waiting for the director
    approved = "approved"
    rejected = "rejected"
    cancelled = "cancelled"


KIND_LABELS = {LeaveKind.personal: "事假", LeaveKind.long: "长假", LeaveKind.emergency: "临时请假"}
OPEN_STATUSES = frozenset({LeaveStatus.pending, LeaveStatus.reviewed, LeaveStatus.approved})


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


def effective_kind(kind: LeaveKind, span: Span, policy: Policy) -> LeaveKind:
    """A planned leave of `min_days`+ consecutive days follows the long-leave rules."""
    if kind is LeaveKind.personal and span.days >= policy.document.leave.long.min_days:
        return LeaveKind.long
    return kind


def check_dates(span: Span, policy: Policy) -> Decision:
    if span.end < span.start:
        return Decision.refuse(
            policy, "leave_end_before_start", "leave-dates", "结束日期早于开始日期"
        )
    return Decision.ok(policy)


def check_notice(kind: LeaveKind, span: Span, today: date, policy: Policy) -> Decision:
    rules = policy.document.leave
    if kind is LeaveKind.emergency:
        if span.start > today:
            return Decision.refuse(
                policy,
                "leave_emergency_future",
                "leave-emergency",
                "临时请假只用于当天或已经开始的病假等紧急情况；事先可以安排的请假请按事假或长假申请",
            )
        return Decision.ok(policy)
    notice = rules.long.notice_days if kind is LeaveKind.long else rules.personal.notice_days
    rule = "leave-long" if kind is LeaveKind.long else "leave-personal"
    given = (span.start - today).days
    if given < notice:
        latest = span.start - timedelta(days=notice)
        return Decision.refuse(
            policy,
            "leave_notice_too_short",
            rule,
            f"{KIND_LABELS[kind]}须至少提前 {notice} 个日历日申请"
            f"（本次最迟应在 {latest:%Y-%m-%d} 提交），现在只提前了 {max(given, 0)} 天",
        )
    return Decision.ok(policy)


def check_overlap(span: Span, existing: Iterable[Span], policy: Policy) -> Decision:
    for other in existing:
        if span.overlaps(other):
            return Decision.refuse(
                policy,
                "leave_overlap",
                "leave-overlap",
                f"与已提交或已批准的请假（{other.start:%Y-%m-%d} 至 {other.end:%Y-%m-%d}）日期重叠",
            )
    return Decision.ok(policy)


def check_request(
    kind: LeaveKind, span: Span, today: date, open_leaves: Iterable[Span], policy: Policy
) -> tuple[LeaveKind, Decision]:
    """Check a new request; returns the effective kind and the first refusal (or ok)."""
    dates = check_dates(span, policy)
    if not dates.allowed:
        return kind, dates
    effective = effective_kind(kind, span, policy)
    for decision in (
        check_notice(effective, span, today, policy),
        check_overlap(span, open_leaves, policy),
    ):
        if not decision.allowed:
            return effective, decision
    if effective is not kind:
        note = f"连续 {span.days} 天的请假按长假办理，需主管审核后报客服总监批准"
        return effective, Decision.ok(policy, note)
    return effective, Decision.ok(policy)


def approval_steps(kind: LeaveKind, policy: Policy) -> list[str]:
    """The roles that must approve, in order."""
    if kind is LeaveKind.long:
        return list(policy.document.leave.long.approval_chain)
    return [policy.document.leave.personal.approver]


def check_not_self(actor_id: int, requester_id: int, policy: Policy) -> Decision:
    if actor_id == requester_id:
        return Decision.refuse(
            policy, "self_approval", "leave-no-self-approval", "任何人都不能审批自己的申请"
        )
    return Decision.ok(policy)


def check_cancel(status: LeaveStatus, span: Span, today: date, policy: Policy) -> Decision:
    if status in (LeaveStatus.pending, LeaveStatus.reviewed):
        return Decision.ok(policy)
    if status is LeaveStatus.approved and span.start > today:
        return Decision.ok(policy)
    return Decision.refuse(
        policy,
        "leave_not_cancellable",
        "leave-cancel",
        "只能撤销待审批的请假，或已批准但尚未开始的请假",
    )


def slip_due(span: Span, policy: Policy) -> date:
    """The emergency-leave slip (补假条) is due this many days after the last leave day."""
    return span.end + timedelta(days=policy.document.leave.emergency.slip_due_days)


def slip_overdue(span: Span, slip_received: bool, today: date, policy: Policy) -> bool:
    return not slip_received and today > slip_due(span, policy)


def check_form(
    kind: LeaveKind, form: Mapping[str, str], cover_plan: str | None, policy: Policy
) -> Decision:
    """Long leave needs every field of the written form and a cover arrangement."""
    if kind is not LeaveKind.long:
        return Decision.ok(policy)
    fields = policy.document.leave.long.form_fields
    missing = [name for name in fields if not (form.get(name) or "").strip()]
    if not (cover_plan or "").strip():
        missing.append("代班安排（cover_plan）")
    if missing:
        return Decision.refuse(
            policy,
            "leave_form_incomplete",
            "leave-long",
            f"长假须填写书面请假申请单（{'、'.join(fields)}）并写明代班安排，"
            f"缺少：{'、'.join(missing)}",
        )
    return Decision.ok(policy)


def check_emergency(
    kind: LeaveKind, emergency_kind: str | None, phoned: bool, policy: Policy
) -> Decision:
    """Emergency leave: one of the policy's kinds, and the supervisor was phoned first."""
    if kind is not LeaveKind.emergency:
        return Decision.ok(policy)
    rules = policy.document.leave.emergency
    if emergency_kind not in rules.kinds:
        return Decision.refuse(
            policy,
            "leave_emergency_kind",
            "leave-emergency",
            f"临时请假的情形须为：{'、'.join(rules.kinds)}",
        )
    if rules.phone_supervisor and not phoned:
        return Decision.refuse(
            policy,
            "leave_emergency_not_phoned",
            "leave-emergency",
            "临时请假须先致电主管说明情况并征得同意，再在门户登记",
        )
    return Decision.ok(policy)


def role_title(role: str, policy: Policy) -> str:
    """The department's title of a role (客服主管 …) from the policy."""
    return str(policy.value(f"roles.{role}.title"))


def approval_route(kind: LeaveKind, escalate: bool, policy: Policy) -> list[str]:
    """Who approves, in order, for this request.

    ``escalate``: the requester has no supervisor above them (they are a supervisor, or their
    team has none), so the supervisor's step goes to the director; the director then takes the
    whole long-leave chain in one step (recording the cover) instead of approving twice.
    """
    steps = approval_steps(kind, policy)
    if escalate:
        steps = ["director" if step == "supervisor" else step for step in steps]
    route: list[str] = []
    for step in steps:
        if not route or route[-1] != step:
            route.append(step)
    return route


def step_index(status: LeaveStatus) -> int | None:
    """Which step of the route a request in this status waits for (None: not waiting)."""
    return {LeaveStatus.pending: 0, LeaveStatus.reviewed: 1}.get(status)


def check_cover(kind: LeaveKind, step: int, cover_user_id: int | None, policy: Policy) -> Decision:
    """The first approver of a long leave records who covers the work."""
    if kind is LeaveKind.long and step == 0 and cover_user_id is None:
        return Decision.refuse(
            policy,
            "leave_cover_missing",
            "leave-long",
            f"长假由{role_title(policy.document.leave.long.approval_chain[0], policy)}"
            "审核时须记录代班人（cover_user_id）",
        )
    return Decision.ok(policy)
