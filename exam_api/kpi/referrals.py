"""The referral register: investors brought in by agents, one claim per customer. No FastAPI."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from exam_api.audit.decider import Decider, Subject
from exam_api.core.errors import Forbidden, KefuError, NotFound
from exam_api.core.models import utcnow
from exam_api.kpi import access
from exam_api.kpi.models import KpiReferral, from_hundredths, to_hundredths
from exam_api.kpi.rewards import cash_reward, customer_key, praise_due
from exam_api.kpi.schemas import ReferralCreate, ReferralPublic, ReferralSummary, ReferralUpdate
from exam_api.policy import Policy
from exam_api.rules.decision import Decision
from exam_api.users.models import Role, User

SUBJECT = "kpi_referral"


def referral_public(referral: KpiReferral, agent: User, policy: Policy) -> ReferralPublic:
    rule = policy.document.kpi.referral.rule
    return ReferralPublic(
        id=referral.id or 0,
        agent_id=referral.agent_id,
        agent_name=agent.display_name,
        customer_account=referral.customer_account,
        customer_name=referral.customer_name,
        verified=referral.verified,
        invested=referral.invested,
        praise=praise_due(referral.verified, referral.invested, policy),
        cash_reward=cash_reward(referral.verified, referral.invested, policy),
        note=referral.note,
        registered_by=referral.registered_by,
        created_at=referral.created_at,
        updated_at=referral.updated_at,
        rule=rule,
        url=policy.rule_url(rule),
    )


def _agent_for(session: Session, actor: User, data: ReferralCreate, policy: Policy) -> User:
    """Agents register their own customers; staff register for the people they manage."""
    agent_id = data.agent_id if data.agent_id is not None else actor.id
    assert agent_id is not None
    agent = access.get_person(session, agent_id)
    if agent.id != actor.id:
        if actor.role == Role.agent:
            raise Forbidden("客服只能登记自己拉到的客户")
        access.ensure_can_view_person(session, actor, agent)
    access.ensure_scored_role(agent, policy)
    return agent


def _refuse_duplicate(d: Decider, account: str, existing_id: int) -> NoReturn:
    referral = d.policy.document.kpi.referral
    message = f"客户 {account} 已登记过，每位客户只能登记 {referral.claims_per_customer} 次奖励"
    decision = Decision.refuse(d.policy, "kpi_referral_claimed", referral.rule, message)
    d.refuse(decision, "kpi_referral_claim", Subject(SUBJECT, existing_id))


def _existing_id(session: Session, key: str) -> int | None:
    return session.exec(select(KpiReferral.id).where(KpiReferral.customer_key == key)).first()


def register_referral(d: Decider, data: ReferralCreate) -> ReferralPublic:
    """Claim a customer for an agent; a second claim on the same customer is refused (409)."""
    session = d.session
    agent = _agent_for(session, d.actor, data, d.policy)
    key = customer_key(data.customer_account)
    if not key:
        raise KefuError("validation_error", "请求参数不合法：客户账号不能为空", 422)
    existing = _existing_id(session, key)
    if existing is not None:
        _refuse_duplicate(d, data.customer_account, existing)
    assert agent.id is not None
    referral = KpiReferral(
        agent_id=agent.id,
        customer_key=key,
        customer_account=data.customer_account.strip(),
        customer_name=data.customer_name.strip(),
        note=data.note,
        registered_by=d.actor_id,
    )
    session.add(referral)
    try:
        session.flush()
    except IntegrityError:  # a concurrent claim won the race
        session.rollback()
        _refuse_duplicate(d, data.customer_account, _existing_id(session, key) or 0)
    _log(d, referral, agent, f"{agent.display_name} 登记客户 {referral.customer_account}")
    session.commit()
    session.refresh(referral)
    return referral_public(referral, agent, d.policy)


def _log(d: Decider, referral: KpiReferral, agent: User, detail: str) -> None:
    rule = d.policy.document.kpi.referral.rule
    d.log("kpi_referral_recorded", Subject(SUBJECT, referral.id or 0, agent.team_id), detail, rule)


def _visible(session: Session, actor: User, referral: KpiReferral) -> None:
    allowed = access.visible_user_ids(session, actor)
    if allowed is not None and referral.agent_id not in allowed:
        raise NotFound("登记记录不存在", code="referral_not_found")


def update_referral(d: Decider, referral_id: int, data: ReferralUpdate) -> ReferralPublic:
    """Staff record verification and the cumulative investment; nobody for their own claim."""
    session, actor = d.session, d.actor
    referral = session.get(KpiReferral, referral_id)
    if referral is None:
        raise NotFound("登记记录不存在", code="referral_not_found")
    _visible(session, actor, referral)
    if actor.role == Role.agent:
        raise Forbidden("客户认证与投资金额由客服主管或客服总监核实录入")
    if referral.agent_id == actor.id:
        raise Forbidden("不能核实自己登记的客户", code="referral_self_review")
    if data.verified is not None:
        referral.verified = data.verified
    if data.invested is not None:
        referral.invested_fen = to_hundredths(data.invested)
    if data.note is not None:
        referral.note = data.note
    referral.updated_at = utcnow()
    agent = access.get_person(session, referral.agent_id)
    state = "已认证" if referral.verified else "未认证"
    _log(
        d,
        referral,
        agent,
        f"核实客户 {referral.customer_account}：{state}，累计投资 {referral.invested} 元",
    )
    session.commit()
    session.refresh(referral)
    return referral_public(referral, agent, d.policy)


def list_referrals(
    session: Session, actor: User, policy: Policy, agent_id: int | None = None
) -> list[ReferralPublic]:
    query = select(KpiReferral)
    allowed = access.visible_user_ids(session, actor)
    if allowed is not None:
        query = query.where(col(KpiReferral.agent_id).in_(allowed))
    if agent_id is not None:
        query = query.where(KpiReferral.agent_id == agent_id)
    rows = session.exec(query.order_by(col(KpiReferral.id))).all()
    agents = _people(session, {r.agent_id for r in rows})
    return [referral_public(r, agents[r.agent_id], policy) for r in rows]


def _people(session: Session, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    found = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {u.id: u for u in found if u.id is not None}


def summarize(items: Sequence[ReferralPublic], policy: Policy) -> list[ReferralSummary]:
    """Per agent: customers, invested total, praises and cash rewards earned."""
    grouped: dict[int, list[ReferralPublic]] = defaultdict(list)
    for item in items:
        grouped[item.agent_id].append(item)
    rule = policy.document.kpi.referral.rule
    zero = from_hundredths(0)
    return [
        ReferralSummary(
            agent_id=agent_id,
            agent_name=rows[0].agent_name,
            customers=len(rows),
            invested_total=sum((r.invested for r in rows), zero),
            praises=sum(1 for r in rows if r.praise),
            cash_rewards=sum(1 for r in rows if r.cash_reward > 0),
            cash_total=sum((r.cash_reward for r in rows), zero),
            rule=rule,
            url=policy.rule_url(rule),
        )
        for agent_id, rows in sorted(grouped.items())
    ]


__all__ = ["list_referrals", "register_referral", "summarize", "update_referral"]
