"""Attendance events recorded by supervisors: late, early leave, absence, badge not worn."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Forbidden, KefuError, NotFound
from exam_api.leave.models import AttendanceCreate, AttendanceEvent, AttendancePublic
from exam_api.policy import Policy
from exam_api.users.models import Role, User
from exam_api.users.service import can_manage_team, supervised_team_ids

RULE = "attendance-events"


def label(kind: str, policy: Policy) -> str:
    return str(policy.document.attendance.labels.get(kind, kind))  # type: ignore[call-overload]


def to_public(event: AttendanceEvent, policy: Policy) -> AttendancePublic:
    return AttendancePublic.model_validate(event, update={"label": label(event.kind, policy)})


def ensure_can_record(session: Session, actor: User, person: User) -> None:
    """Supervisors record for the members of their teams, the director for anyone; not oneself."""
    if actor.id == person.id:
        raise Forbidden("不能给自己记录考勤事件")
    if actor.role == Role.director:
        return
    if person.team_id is None or not can_manage_team(session, actor, person.team_id):
        raise Forbidden("只能为自己负责班组的成员记录考勤事件")


def record_event(decider: Decider, data: AttendanceCreate) -> AttendanceEvent:
    session, policy = decider.session, decider.policy
    person = session.get(User, data.user_id)
    if person is None or not person.is_active:
        raise NotFound("人员不存在", code="user_not_found")
    ensure_can_record(session, decider.actor, person)
    events = policy.document.attendance.events
    if data.kind not in events:
        allowed = "、".join(f"{kind}（{label(kind, policy)}）" for kind in events)
        message = f"考勤事件类型须为：{allowed}。详见手册：{policy.rule_url(RULE)}"
        raise KefuError("attendance_kind_invalid", message, 422, rule=RULE)
    if data.day > decider.today:
        raise KefuError("attendance_in_future", "不能记录尚未发生的考勤事件", 422, rule=RULE)
    event = AttendanceEvent(
        user_id=person.id or 0,
        team_id=person.team_id,
        day=data.day,
        kind=data.kind,
        minutes=data.minutes,
        note=data.note,
        recorded_by_id=decider.actor_id,
    )
    session.add(event)
    session.flush()
    detail = f"记录 {person.display_name} {data.day:%Y-%m-%d} {label(data.kind, policy)}"
    decider.log(
        "attendance_record",
        Subject("attendance_event", event.id or 0, person.team_id),
        detail,
        RULE,
    )
    session.commit()
    session.refresh(event)
    return event


def list_events(
    session: Session,
    actor: User,
    start: date,
    end: date,
    *,
    team_id: int | None = None,
    user_id: int | None = None,
) -> list[AttendanceEvent]:
    """Events in the dates: one's own, a led team's, or everyone's for the director."""
    query = select(AttendanceEvent).where(AttendanceEvent.day >= start, AttendanceEvent.day <= end)
    if user_id is not None:
        query = query.where(AttendanceEvent.user_id == user_id)
    if team_id is not None:
        query = query.where(AttendanceEvent.team_id == team_id)
    if actor.role == Role.supervisor and user_id != actor.id:
        teams = sorted(supervised_team_ids(session, actor))
        query = query.where(col(AttendanceEvent.team_id).in_(teams))
    elif actor.role == Role.agent:
        query = query.where(AttendanceEvent.user_id == actor.id)
    query = query.order_by(col(AttendanceEvent.day), col(AttendanceEvent.id))
    return list(session.exec(query).all())
