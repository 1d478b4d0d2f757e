"""KPI referral register: investors brought in by agents (拉到投资客户的奖励)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.kpi import referrals
from exam_api.kpi.schemas import ReferralCreate, ReferralPublic, ReferralSummary, ReferralUpdate

router = APIRouter(responses=error_responses(401, 403))

ReferralId = Annotated[int, id_path("登记编号")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.post(
    "/referrals",
    response_model=ReferralPublic,
    status_code=201,
    summary="登记拉到的投资客户",
    responses=error_responses(404, 409, 422),
)
def create_referral(
    session: SessionDep,
    actor: CurrentUser,
    policy: PolicyDep,
    today: TodayDep,
    data: ReferralCreate,
) -> ReferralPublic:
    """每位客户只能登记一次；重复登记返回 409（规则 kpi-referral）。"""
    return referrals.register_referral(Decider(session, actor, policy, today), data)


@router.get("/referrals", response_model=list[ReferralPublic], summary="列出客户登记")
def list_referrals(
    session: SessionDep, actor: CurrentUser, policy: PolicyDep, agent_id: OptionalId = None
) -> list[ReferralPublic]:
    """客服只看到自己的登记；客服主管看到本班组的；客服总监看到全部。"""
    return referrals.list_referrals(session, actor, policy, agent_id)


@router.get("/referral-summary", response_model=list[ReferralSummary], summary="查看拉新奖励汇总")
def read_referral_summary(
    session: SessionDep, actor: CurrentUser, policy: PolicyDep, agent_id: OptionalId = None
) -> list[ReferralSummary]:
    """按客服汇总：客户数、累计投资、会议表扬次数与现金奖励。"""
    return referrals.summarize(referrals.list_referrals(session, actor, policy, agent_id), policy)


@router.patch(
    "/referrals/{referral_id}",
    response_model=ReferralPublic,
    summary="核实客户认证与累计投资",
    responses=error_responses(404, 422),
)
def update_referral(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    referral_id: ReferralId,
    data: ReferralUpdate,
) -> ReferralPublic:
    """客服主管或客服总监录入客户是否完成认证及累计投资金额；不能核实自己登记的客户。"""
    return referrals.update_referral(Decider(session, actor, policy, today), referral_id, data)
