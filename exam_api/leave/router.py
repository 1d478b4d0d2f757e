"""Leave and attendance endpoints (thin: the services decide and log)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.leave import attendance, emergency, queries, service
from exam_api.leave.models import (
    AttendanceCreate,
    AttendancePublic,
    LeaveApprove,
    LeaveCreate,
    LeaveOnBehalf,
    LeavePublic,
    LeaveReject,
)
from exam_api.roster.service import check_range, ensure_can_view
from exam_api.users.service import ensure_can_manage_team, get_team

leave_router = APIRouter(prefix="/leave", tags=["请假"], responses=error_responses(401, 403))
attendance_router = APIRouter(
    prefix="/attendance", tags=["考勤"], responses=error_responses(401, 403)
)

LeaveId = Annotated[int, id_path("请假申请编号")]
DECIDE = error_responses(404, 409, 422)


@leave_router.post(
    "/requests",
    response_model=LeavePublic,
    status_code=201,
    summary="提交请假申请（事假、长假、临时请假）",
    responses=error_responses(409, 422),
)
def create_leave_request(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep, data: LeaveCreate
) -> LeavePublic:
    """按制度检查提前量、长假天数、日期重叠、结束早于开始；长假须填写申请单各字段和代班安排；
    临时请假须注明情形并已致电主管。被拒绝时返回 409，写明规则、制度数值和手册链接。"""
    leave = service.create_leave(Decider(session, user, policy, today), data)
    return queries.to_public(leave, today, policy)


@leave_router.post(
    "/emergency",
    response_model=LeavePublic,
    status_code=201,
    summary="主管代为登记并同意临时请假（电话告知）",
    responses=DECIDE,
)
def register_emergency_leave(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, data: LeaveOnBehalf
) -> LeavePublic:
    """组员生病等打电话请假时，由本班组主管登记并记录同意；之后跟踪补假条。"""
    leave = emergency.register_emergency(Decider(session, actor, policy, today), data)
    return queries.to_public(leave, today, policy)


@leave_router.get("/requests/me", response_model=list[LeavePublic], summary="我的请假")
def list_my_leave(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep
) -> list[LeavePublic]:
    """自己提交的全部请假，最近的在前。"""
    return [queries.to_public(x, today, policy) for x in queries.list_own(session, user.id or 0)]


@leave_router.get(
    "/requests",
    response_model=list[LeavePublic],
    summary="班组请假一览（主管、总监）",
    responses=error_responses(404, 422),
)
def list_team_leave(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    start: Annotated[date, Query(description="开始日期（含）")],
    end: Annotated[date, Query(description="结束日期（含）")],
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="班组")] = None,
) -> list[LeavePublic]:
    """与日期范围有交集的请假；主管只看自己负责的班组。"""
    check_range(start, end)
    if team_id is not None:
        get_team(session, team_id)
        ensure_can_manage_team(session, actor, team_id)
    rows = queries.list_team(session, actor, team_id, start, end)
    return [queries.to_public(x, today, policy) for x in rows]


@leave_router.get("/inbox", response_model=list[LeavePublic], summary="待我审批的请假")
def list_leave_inbox(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep
) -> list[LeavePublic]:
    """主管：本班组成员等待主管审批的申请；总监：等待总监批准的长假和主管本人的申请。"""
    return [queries.to_public(x, today, policy) for x in queries.inbox(session, actor)]


@leave_router.get("/slips", response_model=list[LeavePublic], summary="临时请假补假条跟踪")
def list_leave_slips(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    overdue_only: Annotated[bool, Query(description="只看逾期未交的")] = False,
) -> list[LeavePublic]:
    """已同意的临时请假，含补假条截止日期和是否逾期。"""
    rows = [queries.to_public(x, today, policy) for x in queries.list_slips(session, actor)]
    return [row for row in rows if row.slip_overdue] if overdue_only else rows


@leave_router.get(
    "/requests/{leave_id}",
    response_model=LeavePublic,
    summary="查看一份请假",
    responses=error_responses(404, 422),
)
def read_leave_request(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep, leave_id: LeaveId
) -> LeavePublic:
    """申请人本人、本班组主管和客服总监可以查看。"""
    leave = service.get_leave(session, leave_id)
    queries.ensure_can_view(session, user, leave)
    return queries.to_public(leave, today, policy)


@leave_router.post(
    "/requests/{leave_id}/approve",
    response_model=LeavePublic,
    summary="审批通过（长假第一步须记录代班人）",
    responses=DECIDE,
)
def approve_leave_request(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    leave_id: LeaveId,
    data: LeaveApprove,
) -> LeavePublic:
    """完成申请正在等待的那一步：事假由主管批准；长假主管审核并记录代班人后报总监批准；
    临时请假由主管记录同意。任何人不能审批自己的申请（主管本人的请假由总监审批）。"""
    leave = service.approve_leave(Decider(session, actor, policy, today), leave_id, data)
    return queries.to_public(leave, today, policy)


@leave_router.post(
    "/requests/{leave_id}/reject",
    response_model=LeavePublic,
    summary="驳回请假（须写明理由）",
    responses=DECIDE,
)
def reject_leave_request(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    leave_id: LeaveId,
    data: LeaveReject,
) -> LeavePublic:
    """由当前这一步的审批人驳回。"""
    leave = service.reject_leave(Decider(session, actor, policy, today), leave_id, data.comment)
    return queries.to_public(leave, today, policy)


@leave_router.post(
    "/requests/{leave_id}/cancel",
    response_model=LeavePublic,
    summary="撤销自己的请假",
    responses=DECIDE,
)
def cancel_leave_request(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep, leave_id: LeaveId
) -> LeavePublic:
    """待审批的请假，或已批准但尚未开始的请假，申请人可以撤销。"""
    leave = service.cancel_leave(Decider(session, user, policy, today), leave_id)
    return queries.to_public(leave, today, policy)


@leave_router.post(
    "/requests/{leave_id}/slip",
    response_model=LeavePublic,
    summary="登记已收到补假条",
    responses=DECIDE,
)
def record_leave_slip(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, leave_id: LeaveId
) -> LeavePublic:
    """临时请假的补假条交到主管处后登记；不能为自己登记。"""
    leave = emergency.record_slip(Decider(session, actor, policy, today), leave_id)
    return queries.to_public(leave, today, policy)


@attendance_router.post(
    "/events",
    response_model=AttendancePublic,
    status_code=201,
    summary="记录考勤事件（迟到、早退、旷工、未佩戴工牌）",
    responses=error_responses(404, 422),
)
def create_attendance_event(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    data: AttendanceCreate,
) -> AttendancePublic:
    """主管为本班组成员记录，总监可为任何人记录；不能给自己记录。
    类型见制度参数 attendance.events。"""
    event = attendance.record_event(Decider(session, actor, policy, today), data)
    return attendance.to_public(event, policy)


@attendance_router.get(
    "/events",
    response_model=list[AttendancePublic],
    summary="查看考勤事件",
    responses=error_responses(404, 422),
)
def list_attendance_events(
    session: SessionDep,
    user: CurrentUser,
    policy: PolicyDep,
    start: Annotated[date, Query(description="开始日期（含）")],
    end: Annotated[date, Query(description="结束日期（含）")],
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="班组")] = None,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="人员")] = None,
) -> list[AttendancePublic]:
    """客服代表只看到自己的记录；主管看到自己负责班组的；总监看到全部。"""
    check_range(start, end)
    if team_id is not None or user_id not in (None, user.id):
        ensure_can_view(session, user, team_id, user_id, staff_only=True)
    rows = attendance.list_events(session, user, start, end, team_id=team_id, user_id=user_id)
    return [attendance.to_public(event, policy) for event in rows]
