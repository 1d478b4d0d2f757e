"""Swap endpoints: request, accept, approve, reject, withdraw, missed shift, quota views."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.leave.attendance import to_public as attendance_public
from exam_api.leave.models import AttendancePublic
from exam_api.rules.swaps import SwapStatus
from exam_api.swaps import queries, service
from exam_api.swaps.missed import record_missed_shift
from exam_api.swaps.models import (
    QuotaPerson,
    QuotaTeam,
    SwapAccept,
    SwapCreate,
    SwapDecision,
    SwapMissed,
    SwapPublic,
    SwapRequest,
)
from exam_api.swaps.quota import Month, quota_of
from exam_api.users.service import ensure_can_manage_team, get_team

swaps_router = APIRouter(prefix="/swaps", tags=["换班"], responses=error_responses(401, 403))

SwapId = Annotated[int, id_path("换班申请编号")]
MonthQuery = Annotated[
    str, Query(pattern=r"^[12]\d{3}-(0[1-9]|1[0-2])$", description="月份，如 2026-11")
]
StatusQuery = Annotated[SwapStatus | None, Query(description="只看某状态")]
DECIDE = error_responses(404, 409, 422)


@swaps_router.post(
    "",
    response_model=SwapPublic,
    status_code=201,
    summary="提交书面换班申请",
    responses=DECIDE,
)
def create_swap_request(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep, data: SwapCreate
) -> SwapRequest:
    """我让出的班次、对方让出的班次（同班组同事）、事由和交接事项。提交时即检查双方当月换班额度。"""
    return service.create_swap(Decider(session, user, policy, today), data)


@swaps_router.get("/me", response_model=list[SwapPublic], summary="我参与的换班")
def list_my_swaps(
    session: SessionDep, user: CurrentUser, status: StatusQuery = None
) -> list[SwapRequest]:
    """作为申请人或对方的全部换班，最新的在前。"""
    return queries.list_own(session, user.id or 0, status)


@swaps_router.get("/inbox", response_model=list[SwapPublic], summary="待我处理的换班")
def list_swap_inbox(session: SessionDep, user: CurrentUser) -> list[SwapRequest]:
    """待我接受的换班；主管另含本班组待审批的换班，总监另含主管本人参与的换班。"""
    return queries.inbox(session, user)


@swaps_router.get(
    "/quota/me", response_model=QuotaPerson, summary="我的当月换班额度", responses=DECIDE
)
def read_my_swap_quota(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, month: MonthQuery
) -> QuotaPerson:
    """已批准（已用）、待处理（已占额度）和剩余次数，以及涉及的换班。"""
    return quota_of(session, user, Month.parse(month), policy)


@swaps_router.get(
    "/quota",
    response_model=QuotaTeam,
    summary="班组换班额度表（主管、总监）",
    responses=error_responses(404, 422),
)
def read_team_swap_quota(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    month: MonthQuery,
    team_id: Annotated[int, Query(ge=1, le=MAX_ID, description="班组")],
) -> QuotaTeam:
    """班组每位成员当月已用、待处理、剩余的换班次数及明细。"""
    team = get_team(session, team_id)
    ensure_can_manage_team(session, actor, team_id)
    return queries.team_quota(session, team, Month.parse(month), policy)


@swaps_router.get(
    "",
    response_model=list[SwapPublic],
    summary="班组当月换班一览（主管、总监）",
    responses=error_responses(404, 422),
)
def list_team_swaps(
    session: SessionDep,
    actor: StaffUser,
    month: MonthQuery,
    team_id: Annotated[int, Query(ge=1, le=MAX_ID, description="班组")],
    status: StatusQuery = None,
) -> list[SwapRequest]:
    """任一方让出的班次在该月的换班。"""
    get_team(session, team_id)
    ensure_can_manage_team(session, actor, team_id)
    return queries.list_team_month(session, team_id, Month.parse(month), status)


@swaps_router.get(
    "/{swap_id}",
    response_model=SwapPublic,
    summary="查看一份换班申请",
    responses=error_responses(404, 422),
)
def read_swap_request(session: SessionDep, user: CurrentUser, swap_id: SwapId) -> SwapRequest:
    """换班双方、本班组主管和总监可以查看。"""
    swap = service.get_swap(session, swap_id)
    service.ensure_can_view(session, user, swap)
    return swap


@swaps_router.post(
    "/{swap_id}/accept",
    response_model=SwapPublic,
    summary="对方接受换班并确认交接",
    responses=DECIDE,
)
def accept_swap_request(
    session: SessionDep,
    user: CurrentUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    data: SwapAccept,
) -> SwapRequest:
    """只有对方本人可以接受，须确认双方已交待清楚；再次检查双方额度。"""
    return service.accept_swap(Decider(session, user, policy, today), swap_id, data)


@swaps_router.post(
    "/{swap_id}/approve",
    response_model=SwapPublic,
    summary="主管批准换班（排班随即调整）",
    responses=DECIDE,
)
def approve_swap_request(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    data: SwapDecision,
) -> SwapRequest:
    """本班组主管（或总监）批准；不能审批自己参与的换班。额度在同一事务中加锁复查，排班随之互换。"""
    return service.approve_swap(Decider(session, actor, policy, today), swap_id, data.comment)


@swaps_router.post(
    "/{swap_id}/reject", response_model=SwapPublic, summary="主管驳回换班", responses=DECIDE
)
def reject_swap_request(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    data: SwapDecision,
) -> SwapRequest:
    """批准前可以驳回；驳回后不再占用额度。"""
    return service.reject_swap(Decider(session, actor, policy, today), swap_id, data.comment)


@swaps_router.post(
    "/{swap_id}/withdraw",
    response_model=SwapPublic,
    summary="撤回换班（双方均可，批准前）",
    responses=DECIDE,
)
def withdraw_swap_request(
    session: SessionDep, user: CurrentUser, policy: PolicyDep, today: TodayDep, swap_id: SwapId
) -> SwapRequest:
    """撤回后额度释放。"""
    return service.withdraw_swap(Decider(session, user, policy, today), swap_id)


@swaps_router.post(
    "/{swap_id}/missed",
    response_model=list[AttendancePublic],
    status_code=201,
    summary="记录换班后的误班、空班（双方按责任比例记旷工）",
    responses=DECIDE,
)
def record_missed_swapped_shift(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    data: SwapMissed,
) -> list[AttendancePublic]:
    """为换班双方各记一次旷工，并写明主管认定的责任比例（两者之和为 100%）。"""
    events = record_missed_shift(Decider(session, actor, policy, today), swap_id, data)
    return [attendance_public(event, policy) for event in events]
