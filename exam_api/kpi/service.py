"""Monthly scorecards: draft, rescore, confirm. No FastAPI here.

The attendance item and the callback target come from the leave, attendance and roster
records through the read interface re-exported here from :mod:`exam_api.kpi.records`
(``month_attendance``, ``worked_days``, ``month_records``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Conflict, KefuError, NotFound
from exam_api.core.models import utcnow
from exam_api.kpi import access
from exam_api.kpi.models import CardStatus, KpiScorecard
from exam_api.kpi.records import month_attendance, month_records, worked_days
from exam_api.kpi.schemas import AttendanceOverride, ScorecardCreate, ScorecardEdit
from exam_api.kpi.scorer import apply_result, fingerprint, score_inputs
from exam_api.rules.decision import Decision
from exam_api.users.models import User

__all__ = [
    "confirm_card",
    "create_card",
    "delete_card",
    "get_card",
    "list_cards",
    "month_attendance",
    "month_records",
    "update_card",
    "worked_days",
]

SUBJECT = "kpi_scorecard"


def get_card(session: Session, card_id: int) -> KpiScorecard:
    card = session.get(KpiScorecard, card_id)
    if card is None:
        raise NotFound("考核表不存在", code="scorecard_not_found")
    return card


def subject(card: KpiScorecard) -> Subject:
    return Subject(SUBJECT, card.id or 0, card.team_id)


def _check_month(d: Decider, year: int, month: int) -> None:
    if (year, month) > (d.today.year, d.today.month):
        rule = d.policy.document.kpi.period.rule
        raise KefuError(
            "kpi_month_not_started",
            f"{year} 年 {month} 月尚未开始，不能建立考核表（依据：{d.policy.rule_title(rule)}）",
            422,
            rule=rule,
        )


def _log_override(d: Decider, card: KpiScorecard, before: tuple[str | None, str | None]) -> None:
    """A new, changed or withdrawn override goes into the decision log with its reason."""
    if (card.override_grade, card.override_reason) == before:
        return
    if card.override_grade is None:
        detail = f"撤销平常考核等级改动，恢复按记录推定的 {card.derived_grade}"
    else:
        detail = (
            f"平常考核等级由记录推定的 {card.derived_grade} 改为 {card.override_grade}；"
            f"理由：{card.override_reason}"
        )
    rule = d.policy.document.kpi.attendance.rule
    d.log("kpi_attendance_override", subject(card), detail, rule=rule)


def _summary(card: KpiScorecard) -> str:
    return (
        f"{card.year}-{card.month:02d} 考核表：{card.total} 分，{card.band}，奖金 {card.bonus} 元"
    )


def create_card(d: Decider, data: ScorecardCreate) -> KpiScorecard:
    """The supervisor's draft for one person and month, scored from inputs and records."""
    session, policy = d.session, d.policy
    person = access.get_person(session, data.user_id)
    access.ensure_can_draft(session, d.actor, person, policy)
    _check_month(d, data.year, data.month)
    records = month_records(session, data.user_id, data.year, data.month, policy)
    result = score_inputs(data.inputs, data.attendance_override, person.role, records, policy)
    card = KpiScorecard(
        user_id=data.user_id,
        year=data.year,
        month=data.month,
        status=CardStatus.draft,
        role=person.role,
        team_id=person.team_id,
        drafted_by=d.actor_id,
        derived_grade="",
        total_x100=0,
        band="",
        base_fen=0,
        bonus_fen=0,
        policy_version=policy.policy_version,
    )
    apply_result(card, result, records, data.inputs, data.attendance_override, policy)
    session.add(card)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(
            f"{person.display_name} {data.year} 年 {data.month} 月的考核表已存在，请修改原表",
            code="scorecard_exists",
        ) from None
    d.log("kpi_scorecard_drafted", subject(card), "录入" + _summary(card), rule="kpi-items")
    _log_override(d, card, (None, None))
    session.commit()
    session.refresh(card)
    return card


def _refuse_confirmed(d: Decider, card: KpiScorecard, action: str) -> None:
    """A confirmed card is immutable: log the refusal and raise 409 naming kpi-confirmation."""
    rule = d.policy.document.kpi.confirmation.rule
    decision = Decision.refuse(d.policy, "kpi_card_confirmed", rule, "考核表已确认存档，不能再修改")
    d.refuse(decision, action, subject(card))


def _commit_versioned(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("考核表刚被他人修改或确认，请刷新后重试", code="scorecard_changed") from None


def update_card(d: Decider, card_id: int, data: ScorecardEdit) -> KpiScorecard:
    """Edit a draft's inputs; the draft is rescored from the current records and policy."""
    session, policy = d.session, d.policy
    card = get_card(session, card_id)
    access.ensure_can_view_card(session, d.actor, card)
    person = access.get_person(session, card.user_id)
    access.ensure_can_draft(session, d.actor, person, policy)
    if card.status == CardStatus.confirmed:
        _refuse_confirmed(d, card, "kpi_scorecard_edit")
    records = month_records(session, card.user_id, card.year, card.month, policy)
    result = score_inputs(data.inputs, data.attendance_override, person.role, records, policy)
    before = (card.override_grade, card.override_reason)
    card.role, card.team_id = person.role, person.team_id
    apply_result(card, result, records, data.inputs, data.attendance_override, policy)
    d.log("kpi_scorecard_rescored", subject(card), "修改并重新计分" + _summary(card), "kpi-items")
    _log_override(d, card, before)
    _commit_versioned(session)
    session.refresh(card)
    return card


def _rescore_stored(d: Decider, card: KpiScorecard) -> None:
    """Score a draft again from its stored inputs, today's records and today's policy."""
    records = month_records(d.session, card.user_id, card.year, card.month, d.policy)
    override = (
        AttendanceOverride.model_construct(
            grade=card.override_grade, reason=card.override_reason or ""
        )
        if card.override_grade
        else None
    )
    result = score_inputs(card.inputs, override, card.role, records, d.policy)
    apply_result(card, result, records, card.inputs, override, d.policy)


def confirm_card(d: Decider, card_id: int) -> KpiScorecard:
    """The director confirms a draft. It is rescored first; if the figures moved (new records
    or a new policy version) the rescored draft is saved and the confirmation is refused."""
    session, policy = d.session, d.policy
    card = get_card(session, card_id)
    access.ensure_can_view_card(session, d.actor, card)
    access.ensure_can_confirm(d.actor, card, policy)
    rule = policy.document.kpi.confirmation.rule
    if card.status == CardStatus.confirmed:
        _refuse_confirmed(d, card, "kpi_scorecard_confirm")
    before = fingerprint(card)
    _rescore_stored(d, card)
    if fingerprint(card) != before:
        d.log("kpi_scorecard_rescored", subject(card), "确认前按最新记录重新计分" + _summary(card))
        _commit_versioned(session)
        message = "考核表已按最新的考勤、排班记录和制度参数重新计算，请核对后再确认"
        d.refuse(
            Decision.refuse(policy, "kpi_card_rescored", rule, message),
            "kpi_scorecard_confirm",
            subject(card),
        )
    card.status = CardStatus.confirmed
    card.confirmed_by = d.actor_id
    card.confirmed_at = utcnow()
    detail = f"确认{_summary(card)}（制度版本 {card.policy_version}）"
    d.log("kpi_scorecard_confirmed", subject(card), detail, rule=rule)
    _commit_versioned(session)
    session.refresh(card)
    return card


def delete_card(d: Decider, card_id: int) -> None:
    """Withdraw a draft; a confirmed card is kept for good."""
    session = d.session
    card = get_card(session, card_id)
    access.ensure_can_view_card(session, d.actor, card)
    access.ensure_can_draft(session, d.actor, access.get_person(session, card.user_id), d.policy)
    if card.status == CardStatus.confirmed:
        _refuse_confirmed(d, card, "kpi_scorecard_delete")
    d.log("kpi_scorecard_deleted", subject(card), "删除草稿" + _summary(card), rule="kpi-items")
    session.delete(card)
    _commit_versioned(session)


def list_cards(
    session: Session,
    actor: User,
    *,
    year: int | None = None,
    month: int | None = None,
    user_id: int | None = None,
    team_id: int | None = None,
    status: str | None = None,
) -> Sequence[KpiScorecard]:
    """The cards the actor may see, filtered."""
    query = select(KpiScorecard)
    allowed = access.visible_user_ids(session, actor)
    if allowed is not None:
        teams = access.visible_team_ids(session, actor) or set()
        query = query.where(
            or_(col(KpiScorecard.user_id).in_(allowed), col(KpiScorecard.team_id).in_(teams))
        )
    for column, value in (
        (KpiScorecard.year, year),
        (KpiScorecard.month, month),
        (KpiScorecard.user_id, user_id),
        (KpiScorecard.team_id, team_id),
        (KpiScorecard.status, status),
    ):
        if value is not None:
            query = query.where(column == value)
    order = (col(KpiScorecard.year), col(KpiScorecard.month), col(KpiScorecard.user_id))
    return session.exec(query.order_by(*order)).all()
