"""KPI reports: each person's history, a team's month overview, a month's CSV/Excel export."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from exam_api.audit.deps import PolicyDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.kpi import export, history
from exam_api.kpi.schemas import HistoryPublic, TeamOverview

router = APIRouter(responses=error_responses(401, 403))

UserId = Annotated[int, id_path("人员编号")]
TeamId = Annotated[int, id_path("班组编号")]
YearQuery = Annotated[int, Query(ge=2000, le=2100, description="年份")]
MonthQuery = Annotated[int, Query(ge=1, le=12, description="月份")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get(
    "/users/{user_id}/history",
    response_model=HistoryPublic,
    summary="查看个人考核历史与连续考核提示",
    responses=error_responses(404, 422),
)
def read_person_history(
    session: SessionDep, actor: CurrentUser, policy: PolicyDep, user_id: UserId
) -> HistoryPublic:
    """每月的分数、档次与奖金，以及按已确认考核表计算的连续优秀/需鼓励提示。"""
    return history.person_history(session, actor, user_id, policy)


@router.get(
    "/teams/{team_id}/overview",
    response_model=TeamOverview,
    summary="查看班组月度考核总览",
    responses=error_responses(404, 422),
)
def read_team_overview(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    team_id: TeamId,
    year: YearQuery,
    month: MonthQuery,
) -> TeamOverview:
    """班组每位成员当月的考核状态、分数、档次、奖金和提示。"""
    return history.team_overview(session, actor, team_id, year, month, policy)


@router.get(
    "/export",
    summary="导出月度考核表（CSV 或 Excel）",
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            },
            "description": "考核表文件",
        },
        **error_responses(404, 422),
    },
)
def export_month(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    year: YearQuery,
    month: MonthQuery,
    fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "xlsx",
    team_id: OptionalId = None,
) -> Response:
    """导出一个月的考核表：每人一行，各项得分、合计、档次、奖金、提示。"""
    header, rows = export.month_table(session, actor, year, month, policy, team_id)
    name = f"kpi-{year}-{month:02d}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        body = export.to_csv(header, rows)
        return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)
    body = export.to_xlsx(f"{year}-{month:02d}", header, rows)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers=disposition)
