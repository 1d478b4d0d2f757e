"""KPI endpoints under /api/v1/kpi: template, scorecards, history, overview, export, referrals."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.deps import CurrentUser, SessionDep, StaffUser, id_path
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.kpi import access, history, referral_routes, report_routes, service
from exam_api.kpi.models import CARD_STATUS_LABELS, CardStatus, KpiScorecard
from exam_api.kpi.records import month_records
from exam_api.kpi.schemas import (
    AttendancePublic,
    ItemScorePublic,
    MonthRecordsPublic,
    ScorecardCreate,
    ScorecardEdit,
    ScorecardPublic,
)
from exam_api.kpi.scoring import attendance_grade
from exam_api.kpi.template import scorecard_template
from exam_api.policy import Policy

router = APIRouter(prefix="/kpi", tags=["绩效考核"], responses=error_responses(401, 403))

CardId = Annotated[int, id_path("考核表编号")]
UserId = Annotated[int, id_path("人员编号")]
TeamId = Annotated[int, id_path("班组编号")]
ReferralId = Annotated[int, id_path("登记编号")]
YearQuery = Annotated[int, Query(ge=2000, le=2100, description="年份")]
MonthQuery = Annotated[int, Query(ge=1, le=12, description="月份")]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def card_public(session: Session, card: KpiScorecard, policy: Policy) -> ScorecardPublic:
    person = access.get_person(session, card.user_id)
    rule = policy.document.kpi.attendance.rule
    return ScorecardPublic(
        id=card.id or 0,
        user_id=card.user_id,
        display_name=person.display_name,
        team_id=card.team_id,
        year=card.year,
        month=card.month,
        status=card.status,
        status_label=CARD_STATUS_LABELS[CardStatus(card.status)],
        role=card.role,
        inputs=card.inputs,
        items=[ItemScorePublic.model_validate(entry) for entry in card.items],
        total=card.total,
        band=card.band,
        base=card.base,
        bonus=card.bonus,
        policy_version=card.policy_version,
        rostered_days=card.rostered_days,
        worked_days=card.worked_days,
        callback_target=card.callback_target,
        attendance=AttendancePublic(
            leave_days=card.leave_days,
            late=card.late,
            early_leave=card.early_leave,
            absences=card.absences,
            badge_missing=card.badge_missing,
            derived_grade=card.derived_grade,
            override_grade=card.override_grade,
            override_reason=card.override_reason,
            grade=card.attendance_grade,
            rule=rule,
            url=policy.rule_url(rule),
        ),
        flags=history.card_flags(session, card, policy),
        drafted_by=card.drafted_by,
        created_at=card.created_at,
        updated_at=card.updated_at,
        confirmed_by=card.confirmed_by,
        confirmed_at=card.confirmed_at,
    )


@router.get("/template", summary="查看考核表模板（项目、权重、评分方式、档次、奖金基数）")
def read_scorecard_template(user: CurrentUser, policy: PolicyDep) -> dict[str, Any]:
    """由制度参数生成的考核表模板；每一部分都带规则编号和手册链接。"""
    return scorecard_template(policy)


@router.get(
    "/users/{user_id}/records",
    response_model=MonthRecordsPublic,
    summary="查看某人某月的考勤、排班与回访目标",
    responses=error_responses(404, 422),
)
def read_month_records(
    session: SessionDep,
    actor: CurrentUser,
    policy: PolicyDep,
    user_id: UserId,
    year: YearQuery,
    month: MonthQuery,
) -> MonthRecordsPublic:
    """出勤天数 = 排班天数 − 请假天数；平常考核等级由请假与考勤记录推定。"""
    person = access.get_person(session, user_id)
    access.ensure_can_view_person(session, actor, person)
    rec = month_records(session, user_id, year, month, policy)
    att = rec.attendance
    return MonthRecordsPublic(
        user_id=user_id,
        year=year,
        month=month,
        rostered_days=rec.rostered_days,
        leave_days=att.leave_days,
        worked_days=rec.worked_days,
        callback_target=rec.callback_target,
        late=att.late,
        early_leave=att.early_leave,
        absences=att.absences,
        badge_missing=att.badge_missing,
        attendance_grade=attendance_grade(att, policy),
    )


@router.post(
    "/scorecards",
    response_model=ScorecardPublic,
    status_code=201,
    summary="录入月度考核表（草稿）",
    responses=error_responses(404, 409, 422),
)
def create_scorecard(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, data: ScorecardCreate
) -> ScorecardPublic:
    """客服主管为本班组客服录入各项成绩；客服总监可为任何参加考核的人员录入。"""
    card = service.create_card(Decider(session, actor, policy, today), data)
    return card_public(session, card, policy)


@router.get("/scorecards", response_model=list[ScorecardPublic], summary="列出考核表")
def list_scorecards(
    session: SessionDep,
    actor: CurrentUser,
    policy: PolicyDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
    user_id: OptionalId = None,
    team_id: OptionalId = None,
    status: Annotated[Literal["draft", "confirmed"] | None, Query()] = None,
) -> list[ScorecardPublic]:
    """客服只看到自己的考核表；客服主管看到本班组的；客服总监看到全部。"""
    cards = service.list_cards(
        session, actor, year=year, month=month, user_id=user_id, team_id=team_id, status=status
    )
    return [card_public(session, card, policy) for card in cards]


@router.get(
    "/scorecards/{card_id}",
    response_model=ScorecardPublic,
    summary="查看考核表",
    responses=error_responses(404, 422),
)
def read_scorecard(
    session: SessionDep, actor: CurrentUser, policy: PolicyDep, card_id: CardId
) -> ScorecardPublic:
    """各项得分、合计、档次、绩效奖金、考勤依据和本月的连续考核提示。"""
    card = service.get_card(session, card_id)
    access.ensure_can_view_card(session, actor, card)
    return card_public(session, card, policy)


@router.put(
    "/scorecards/{card_id}",
    response_model=ScorecardPublic,
    summary="修改考核表草稿（重新计分）",
    responses=error_responses(404, 409, 422),
)
def update_scorecard(
    session: SessionDep,
    actor: StaffUser,
    policy: PolicyDep,
    today: TodayDep,
    card_id: CardId,
    data: ScorecardEdit,
) -> ScorecardPublic:
    """修改草稿的录入并按最新记录重新计分；已确认的考核表不能修改（409）。"""
    card = service.update_card(Decider(session, actor, policy, today), card_id, data)
    return card_public(session, card, policy)


@router.post(
    "/scorecards/{card_id}/confirm",
    response_model=ScorecardPublic,
    summary="确认考核表（仅客服总监）",
    responses=error_responses(404, 409, 422),
)
def confirm_scorecard(
    session: SessionDep, actor: CurrentUser, policy: PolicyDep, today: TodayDep, card_id: CardId
) -> ScorecardPublic:
    """确认后存档、不可修改，并记下计分时的制度版本。"""
    card = service.confirm_card(Decider(session, actor, policy, today), card_id)
    return card_public(session, card, policy)


@router.delete(
    "/scorecards/{card_id}",
    status_code=204,
    summary="删除考核表草稿",
    responses=error_responses(404, 409, 422),
)
def delete_scorecard(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, today: TodayDep, card_id: CardId
) -> Response:
    """只能删除草稿；已确认的考核表永久保存（409）。"""
    service.delete_card(Decider(session, actor, policy, today), card_id)
    return Response(status_code=204)


router.include_router(report_routes.router)
router.include_router(referral_routes.router)
