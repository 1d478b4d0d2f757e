"""Typed models of `handbook/policy.yaml`.

Every section is strict (`extra="forbid"`), so a misspelt key fails the load with its path.
Cross-field rules (KPI weights total 100, rule references resolve, fee tiers are contiguous)
are checked here too. Pure: no web or database imports.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

RoleName = Literal["agent", "supervisor", "director"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ruled(Strict):
    """A section owned by one rule of the registry."""

    rule: str


class RuleRef(Strict):
    page: str
    title: str


class Items(Ruled):
    items: list[str] = Field(min_length=1)


# --- mission, roles, duty -------------------------------------------------------------------


class Belief(Strict):
    name: str
    meaning: str


class Beliefs(Ruled):
    items: list[Belief] = Field(min_length=1)


class Mission(Ruled):
    motto: str
    purpose: str
    goal: str
    objects: Items
    beliefs: Beliefs
    qualities: Items


class AgentRequirements(Ruled):
    typing_chars_per_minute: PositiveInt
    concurrent_investors: PositiveInt
    qualities: list[str]


class Role(Ruled):
    title: str
    manages_account_passwords: bool = False
    new_customer_contact_days: PositiveInt | None = None


class Roles(Strict):
    director: Role
    supervisor: Role
    agent: Role


class Duty(Items):
    answer_qualities: list[str]
    leave_post_approver: str


# --- meetings, handover, escalation ---------------------------------------------------------


class WeeklyMeeting(Ruled):
    weekday: str
    agenda: list[str]


class AdhocMeeting(Ruled):
    decided_by: str
    occasions: list[str]


class MonthEndMeeting(Ruled):
    when: str
    agenda: list[str]


class Minutes(Ruled):
    keeper: str
    send_to: str


class Meetings(Strict):
    weekly: WeeklyMeeting
    adhoc: AdhocMeeting
    month_end: MonthEndMeeting
    minutes: Minutes


class HandoverLog(Ruled):
    fields: list[str] = Field(min_length=1)


class Liability(Ruled):
    liable: str


class AbsenceHandover(Ruled):
    applies_to: list[str]
    phone_reachable: bool


class HandoverAttendance(Ruled):
    by: str
    checks: list[str]


class HandoverMeeting(Ruled):
    chaired_by: str


class FirstContact(Ruled):
    principle: str
    record_resolution: bool


class StayAtPost(Ruled):
    until: str


class Handover(Strict):
    log: HandoverLog
    joint_liability: Liability
    absence: AbsenceHandover
    attendance: HandoverAttendance
    meeting: HandoverMeeting
    first_contact: FirstContact
    stay_at_post: StayAtPost


class EscalationChain(Ruled):
    normal: str
    skip_level_only_in_emergency: bool
    report_afterwards: bool


class EscalationQuality(Ruled):
    requirements: list[str]


class Escalation(Strict):
    matters: Items
    chain: EscalationChain
    quality: EscalationQuality


# --- leave, attendance, swaps ---------------------------------------------------------------


class PersonalLeave(Ruled):
    notice_days: int = Field(ge=0)
    approver: RoleName


class LongLeave(Ruled):
    min_days: PositiveInt
    notice_days: int = Field(ge=0)
    approval_chain: list[RoleName] = Field(min_length=1)
    form_fields: list[str]


class EmergencyLeave(Ruled):
    kinds: list[str]
    may_start_same_day: bool
    phone_supervisor: bool
    slip_due_days: int = Field(ge=0)


class LeaveOverlap(Ruled):
    blocking_statuses: list[Literal["pending", "approved"]]


class LeaveCancel(Ruled):
    cancellable: list[Literal["pending", "approved_not_started"]]


class SelfApproval(Ruled):
    allowed: Literal[False]


class Leave(Strict):
    counting: Literal["calendar_days"]
    personal: PersonalLeave
    long: LongLeave
    emergency: EmergencyLeave
    overlap: LeaveOverlap
    dates: Ruled
    cancel: LeaveCancel
    self_approval: SelfApproval


AttendanceEvent = Literal["late", "early_leave", "absence", "badge_missing"]


class Attendance(Ruled):
    events: list[AttendanceEvent]
    labels: dict[AttendanceEvent, str]
    recorded_by: RoleName


SwapStatus = Literal["requested", "accepted", "approved"]


class SwapRequestRule(Ruled):
    approver: RoleName
    written_form: bool
    flow: list[SwapStatus]


class SwapQuota(Ruled):
    max_per_month: int = Field(ge=0)
    counts_for: Literal["both", "requester"]
    month_of: Literal["given_shift"]
    counting_statuses: list[Literal["pending", "accepted", "approved"]] = Field(min_length=1)


class SwapHandover(Ruled):
    missed_shift_counts_as: Literal["absence"]
    both_parties_assessed: bool


class Swap(Strict):
    request: SwapRequestRule
    quota: SwapQuota
    handover: SwapHandover


class Resignation(Ruled):
    follows: str


class CustomerData(Ruled):
    exception: str


class Confidentiality(Items):
    customer_data: CustomerData
