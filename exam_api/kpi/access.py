"""Who may see and who may score whose scorecards. No FastAPI here.

- An agent sees only their own cards.
- A supervisor sees their own cards and those of the members of the teams they lead, and
  drafts the cards of the agents in those teams.
- The director sees every card, drafts any scored person's card and alone confirms.
- Nobody drafts or confirms their own card.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from exam_api.core.errors import Forbidden, KefuError, NotFound
from exam_api.kpi.models import KpiScorecard
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import Role, User


def get_person(session: Session, user_id: int) -> User:
    person = session.get(User, user_id)
    if person is None:
        raise NotFound("人员不存在", code="user_not_found")
    return person


def visible_user_ids(session: Session, actor: User) -> set[int] | None:
    """The people whose cards the actor may see; ``None`` means everyone (the director)."""
    if actor.role == Role.director:
        return None
    own = {actor.id} if actor.id is not None else set()
    if actor.role != Role.supervisor:
        return own
    teams = users.supervised_team_ids(session, actor)
    if not teams:
        return own
    members = session.exec(select(User.id).where(col(User.team_id).in_(teams))).all()
    return own | {m for m in members if m is not None}


def visible_team_ids(session: Session, actor: User) -> set[int] | None:
    if actor.role == Role.director:
        return None
    if actor.role == Role.supervisor:
        return users.supervised_team_ids(session, actor)
    return set()


def can_view_card(session: Session, actor: User, card: KpiScorecard) -> bool:
    allowed = visible_user_ids(session, actor)
    if allowed is None or card.user_id in allowed:
        return True
    teams = visible_team_ids(session, actor) or set()
    return card.team_id is not None and card.team_id in teams


def ensure_can_view_card(session: Session, actor: User, card: KpiScorecard) -> None:
    if not can_view_card(session, actor, card):
        # Do not reveal that someone else's card exists.
        raise NotFound("考核表不存在", code="scorecard_not_found")


def ensure_can_view_person(session: Session, actor: User, person: User) -> None:
    allowed = visible_user_ids(session, actor)
    if allowed is not None and person.id not in allowed:
        raise Forbidden("只能查看本人或自己负责班组成员的考核")


def ensure_scored_role(person: User, policy: Policy) -> None:
    period = policy.document.kpi.period
    if person.role not in period.applies_to:
        raise KefuError(
            "kpi_role_not_scored",
            f"该岗位不参加月度考核（依据：{policy.rule_title(period.rule)}）",
            422,
            rule=period.rule,
        )


def ensure_can_draft(session: Session, actor: User, person: User, policy: Policy) -> None:
    """Supervisors score the agents of their teams; the director scores anyone scored."""
    if actor.id == person.id:
        raise Forbidden("不能为自己录入或修改考核表", code="kpi_self_scoring")
    if actor.role == Role.director:
        ensure_scored_role(person, policy)
        return
    led = users.supervised_team_ids(session, actor) if actor.role == Role.supervisor else set()
    if person.team_id is None or person.team_id not in led:
        raise Forbidden("只能为自己负责班组的成员录入考核表")
    if person.role != Role.agent:
        raise Forbidden("客服主管的考核表由客服总监录入")
    ensure_scored_role(person, policy)


def ensure_can_confirm(actor: User, card: KpiScorecard, policy: Policy) -> None:
    rule = policy.document.kpi.confirmation
    if actor.role != rule.confirmed_by:
        raise Forbidden("考核表只能由客服总监确认", code="kpi_confirm_forbidden")
    if actor.id == card.user_id:
        raise Forbidden("不能确认自己的考核表", code="kpi_self_confirm")
