"""Reading the decision log: supervisors see their teams, the director sees everything."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from exam_api.audit.models import DecisionLogPublic
from exam_api.audit.service import list_decisions
from exam_api.core.deps import SessionDep, StaffUser
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.users.models import Role
from exam_api.users.service import ensure_can_manage_team, get_team, supervised_team_ids

decisions_router = APIRouter(
    prefix="/decisions", tags=["决策记录"], responses=error_responses(401, 403)
)


@decisions_router.get(
    "",
    response_model=list[DecisionLogPublic],
    summary="查看决策记录（谁、何时、做了什么、依据哪版制度）",
    responses=error_responses(404, 422),
)
def list_decision_log(
    session: SessionDep,
    actor: StaffUser,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="只看某班组")] = None,
    subject_type: Annotated[
        str | None, Query(max_length=32, pattern=r"^[a-z_]+$", description="对象类型")
    ] = None,
    subject_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="对象编号")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="条数上限")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="跳过条数")] = 0,
) -> list[DecisionLogPublic]:
    """客服主管看到与自己负责班组有关的记录及自己做出的决定；客服总监看到全部记录。最新的在前。"""
    actor_ids: list[int] | None = None
    team_ids: list[int] | None = None
    if team_id is not None:
        get_team(session, team_id)
        ensure_can_manage_team(session, actor, team_id)
        team_ids = [team_id]
    elif actor.role != Role.director:
        team_ids = sorted(supervised_team_ids(session, actor))
        actor_ids = [actor.id or 0]
    entries = list_decisions(
        session,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_ids=actor_ids,
        team_ids=team_ids,
        limit=limit,
        offset=offset,
    )
    return [DecisionLogPublic.model_validate(entry) for entry in entries]
