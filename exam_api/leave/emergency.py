"""Emergency leave (临时请假): consent phoned in, registered by the supervisor, and the slip."""

from __future__ import annotations

from exam_api.audit.decider import Decider
from exam_api.core.errors import Conflict, Forbidden, KefuError, NotFound
from exam_api.core.models import utcnow
from exam_api.leave.models import LeaveOnBehalf, LeaveRequest
from exam_api.leave.service import _finish, _locked, ensure_can_act, file_leave
from exam_api.rules.leave import LeaveKind, LeaveStatus
from exam_api.users.models import Role, User
from exam_api.users.service import can_manage_team


def register_emergency(decider: Decider, data: LeaveOnBehalf) -> LeaveRequest:
    """A team member phoned in sick: the supervisor registers the leave with their consent."""
    if data.kind is not LeaveKind.emergency:
        raise KefuError("validation_error", "代为登记只适用于临时请假（emergency）", 422)
    person = decider.session.get(User, data.user_id)
    if person is None or not person.is_active:
        raise NotFound("人员不存在", code="user_not_found")
    actor = decider.actor
    in_team = person.team_id is not None and can_manage_team(decider.session, actor, person.team_id)
    if actor.role != Role.director and not in_team:
        raise Forbidden("只能为自己负责班组的成员登记临时请假")
    phoned = data.model_copy(update={"phoned_supervisor": True})  # they phoned this supervisor
    leave = file_leave(decider, person, phoned)
    ensure_can_act(decider, leave, leave.route[0], "leave_approve")
    leave.status = LeaveStatus.approved.value
    leave.decided_by_id, leave.decided_at = decider.actor_id, utcnow()
    leave.decision_comment = "电话告知，主管代为登记并同意"
    return _finish(decider, leave, "leave_approve", "同意临时请假（电话告知，代为登记）")


def record_slip(decider: Decider, leave_id: int) -> LeaveRequest:
    """The leave slip (补假条) was handed in for an approved emergency leave."""
    leave = _locked(decider, leave_id)
    actor = decider.actor
    in_team = leave.team_id is not None and can_manage_team(decider.session, actor, leave.team_id)
    if actor.role != Role.director and not in_team:
        raise Forbidden("只能为自己负责班组的成员登记假条")
    if leave.requester_id == decider.actor_id:
        raise Forbidden("不能为自己登记假条，请交给上一级")
    if leave.effective_kind != LeaveKind.emergency or leave.status != LeaveStatus.approved:
        raise Conflict("只有已同意的临时请假需要补交假条", code="slip_not_needed")
    if leave.slip_received_at is not None:
        raise Conflict("假条已登记", code="slip_already_received")
    leave.slip_received_at, leave.slip_received_by_id = utcnow(), decider.actor_id
    return _finish(decider, leave, "leave_slip", "收到补假条")
