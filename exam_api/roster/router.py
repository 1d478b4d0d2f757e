"""Roster endpoints: shift types, assignments by date, and sheet import."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import Forbidden, error_responses
from exam_api.core.models import MAX_ID
from exam_api.roster import importer, service
from exam_api.roster.models import (
    AssignmentPublic,
    AssignmentSet,
    ImportResult,
    ShiftType,
    ShiftTypeCreate,
    ShiftTypePublic,
    ShiftTypeUpdate,
)
from exam_api.users.service import can_manage_team, get_team

roster_router = APIRouter(prefix="/roster", tags=["排班"], responses=error_responses(401, 403))

ShiftTypeId = Annotated[int, id_path("班次类型编号")]
AssignmentId = Annotated[int, id_path("排班记录编号")]
TeamId = Annotated[int, id_path("班组编号")]


@roster_router.get("/shift-types", response_model=list[ShiftTypePublic], summary="列出班次类型")
def list_shift_types_for_user(
    session: SessionDep,
    user: CurrentUser,
    include_inactive: Annotated[bool, Query(description="包括已停用的班次类型")] = False,
) -> list[ShiftType]:
    """所有登录用户都可查看班次类型（名称、上下班时间）。"""
    return list(service.list_shift_types(session, include_inactive))


@roster_router.post(
    "/shift-types",
    response_model=ShiftTypePublic,
    status_code=201,
    summary="新建班次类型（主管、总监）",
    responses=error_responses(409, 422),
)
def create_shift_type_for_staff(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, data: ShiftTypeCreate
) -> ShiftType:
    """班次类型是数据：名称唯一；下班时间早于上班时间表示跨夜班。"""
    return service.create_shift_type(Decider(session, actor, policy, today), data)


@roster_router.patch(
    "/shift-types/{shift_type_id}",
    response_model=ShiftTypePublic,
    summary="修改或停用班次类型（主管、总监）",
    responses=error_responses(404, 409, 422),
)
def update_shift_type_for_staff(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    shift_type_id: ShiftTypeId,
    data: ShiftTypeUpdate,
) -> ShiftType:
    """修改名称、时间，或把 active 设为 false 停用（已排的班次不受影响）。"""
    return service.update_shift_type(Decider(session, actor, policy, today), shift_type_id, data)


@roster_router.get(
    "/assignments",
    response_model=list[AssignmentPublic],
    summary="按日期查看排班",
    responses=error_responses(404, 422),
)
def list_assignments_by_date(
    session: SessionDep,
    actor: CurrentUser,
    start: Annotated[date, Query(description="开始日期（含）")],
    end: Annotated[date, Query(description="结束日期（含），最多 92 天")],
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="班组")] = None,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="人员")] = None,
) -> list[AssignmentPublic]:
    """不指定班组和人员时返回自己的排班；可以查看本班组同事的排班以便商量换班。"""
    if team_id is None and user_id is None:
        user_id = actor.id
    service.ensure_can_view(session, actor, team_id, user_id)
    return service.list_assignments(session, start, end, team_id=team_id, user_id=user_id)


@roster_router.put(
    "/assignments",
    response_model=AssignmentPublic,
    summary="排班：安排某人某天的班次（主管、总监）",
    responses=error_responses(404, 409, 422),
)
def set_assignment_for_staff(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, data: AssignmentSet
) -> AssignmentPublic:
    """同一人同一天只有一个班次，再次安排即替换；有进行中换班的班次不能修改。"""
    return service.set_assignment(Decider(session, actor, policy, today), data)


@roster_router.delete(
    "/assignments/{assignment_id}",
    status_code=204,
    summary="取消某天的排班（主管、总监）",
    responses=error_responses(404, 409, 422),
)
def delete_assignment_for_staff(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    assignment_id: AssignmentId,
) -> Response:
    """有换班记录的班次不能删除。"""
    service.delete_assignment(Decider(session, actor, policy, today), assignment_id)
    return Response(status_code=204)


@roster_router.post(
    "/teams/{team_id}/import",
    response_model=ImportResult,
    summary="从 CSV 或 Excel 表格导入班组排班（主管、总监）",
    responses=error_responses(404, 413, 422),
)
def import_team_roster(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    team_id: TeamId,
    file: Annotated[UploadFile, File(description="CSV 或 .xlsx；表头：日期、用户名、班次")],
) -> ImportResult:
    """先检查全部行，有任何一行出错就整体不导入，并按行号列出错误；班次填“休”表示当天不排班。"""
    team = get_team(session, team_id)
    if not can_manage_team(session, actor, team_id):
        raise Forbidden("只能导入自己负责班组的排班")
    content = file.file.read(importer.MAX_FILE_BYTES + 1)
    return importer.import_roster(Decider(session, actor, policy, today), team, content)
