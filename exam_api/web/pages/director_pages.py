"""The director's scorecard confirmation and the decision log (supervisors: their teams)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.audit.models import DecisionLog
from exam_api.audit.service import list_decisions
from exam_api.core.db import SessionDep
from exam_api.core.errors import KefuError
from exam_api.core.models import MAX_ID
from exam_api.kpi import service
from exam_api.kpi.models import CardStatus, KpiScorecard
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import Role, User
from exam_api.web.deps import Csrf, DirectorPageUser, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.pages.kpi_pages import card_view, kpi_rules, people_names
from exam_api.web.pages.scope import (
    MONTH_PATTERN,
    managed_teams,
    month_text,
    pick_month,
    previous_month,
)
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
MonthQuery = Annotated[str | None, Query(pattern=MONTH_PATTERN)]
CardId = Annotated[int, Path(ge=1, le=MAX_ID)]
SUBJECT_LABELS = {
    "kpi_scorecard": "考核表",
    "leave_request": "请假",
    "swap_request": "换班",
    "shift_assignment": "排班",
    "team": "班组",
    "attendance_event": "考勤",
    "shift_type": "班次类型",
    "kpi_referral": "推荐客户登记",
    "user": "人员",
}
OUTCOME_LABELS = {"done": "已办理", "refused": "拒绝"}


def _scorecards_page(
    request: Request,
    session: Session,
    actor: User,
    policy: Policy,
    when: tuple[int, int],
    problem: tuple[int, str, str | None] | None = None,
    status: int = 200,
) -> Response:
    cards = service.list_cards(session, actor, year=when[0], month=when[1])
    views = [card_view(session, card, policy) for card in cards]
    ids = {c.user_id for c in cards} | {c.drafted_by for c in cards}
    ids |= {c.confirmed_by or 0 for c in cards}
    context = {
        "title": "绩效确认",
        "month": month_text(*when),
        "drafts": [v for v in views if v["card"].status == CardStatus.draft],
        "confirmed": [v for v in views if v["card"].status == CardStatus.confirmed],
        "names": people_names(session, ids),
        "teams": {t.id: t.name for t in users.list_teams(session)},
        "rules": kpi_rules(policy),
        "problem": problem,
    }
    return render(request, "director/scorecards.html", context, status_code=status)


@router.get("/director/scorecards")
def show_scorecard_confirmation(
    request: Request,
    session: SessionDep,
    actor: DirectorPageUser,
    policy: PolicyDep,
    today: TodayDep,
    month: MonthQuery = None,
) -> Response:
    when = pick_month(month, previous_month(today))
    return _scorecards_page(request, session, actor, policy, when)


@router.post("/director/scorecards/{card_id}/confirm", dependencies=[Csrf])
def confirm_scorecard_page(
    request: Request,
    session: SessionDep,
    actor: DirectorPageUser,
    policy: PolicyDep,
    today: TodayDep,
    card_id: CardId,
) -> Response:
    card = service.get_card(session, card_id)
    when = (card.year, card.month)
    try:
        service.confirm_card(Decider(session, actor, policy, today), card_id)
    except KefuError as exc:
        if exc.status in (401, 403, 404):
            raise
        session.rollback()
        problem = (card_id, exc.detail, exc.rule)
        return _scorecards_page(request, session, actor, policy, when, problem, exc.status)
    target = f"{PORTAL}/director/scorecards?month={month_text(*when)}&confirmed={card_id}"
    return RedirectResponse(f"{target}#card-{card_id}", status_code=303)


def card_owners(session: Session, entries: list[DecisionLog]) -> dict[int, str]:
    """Whose scorecard each KPI entry is about (the log names the card by id only)."""
    ids = {e.subject_id for e in entries if e.subject_type == service.SUBJECT}
    cards = [c for c in (session.get(KpiScorecard, i) for i in ids) if c is not None]
    names = people_names(session, {c.user_id for c in cards})
    return {c.id or 0: names.get(c.user_id, "") for c in cards}


@router.get("/decisions")
def show_decision_log(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    subject_type: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]*$")] = None,
    outcome: Annotated[Literal["", "done", "refused"], Query()] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """The director reads every entry; a supervisor their teams' entries and their own."""
    actor_ids: list[int] | None = None
    team_ids: list[int] | None = None
    if team_id is not None:
        users.get_team(session, team_id)
        users.ensure_can_manage_team(session, actor, team_id)
        team_ids = [team_id]
    elif actor.role != Role.director:
        team_ids = sorted(users.supervised_team_ids(session, actor))
        actor_ids = [actor.id or 0]
    entries = list_decisions(
        session,
        subject_type=subject_type or None,
        actor_ids=actor_ids,
        team_ids=team_ids,
        limit=limit,
    )
    if outcome:
        entries = [e for e in entries if e.outcome == outcome]
    context = {
        "title": "决策记录",
        "subjects": card_owners(session, entries),
        "entries": entries,
        "names": people_names(session, {e.actor_id for e in entries}),
        "teams": managed_teams(session, actor),
        "team_names": {t.id: t.name for t in users.list_teams(session)},
        "filters": {"team_id": team_id, "subject_type": subject_type or "", "outcome": outcome},
        "subject_labels": SUBJECT_LABELS,
        "outcome_labels": OUTCOME_LABELS,
    }
    return render(request, "director/decisions.html", context)
