"""Shift swaps: my swaps and quota, a new request with the rule's verdict, accepting, the
supervisor's inbox and the month's quota dashboard."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.db import SessionDep
from exam_api.core.errors import RuleRefusal
from exam_api.core.models import MAX_ID, NO_NUL_PATTERN
from exam_api.policy import Policy
from exam_api.roster.service import get_assignment, list_assignments, list_shift_types
from exam_api.rules.decision import Decision
from exam_api.swaps import queries, service
from exam_api.swaps.models import SwapAccept, SwapCreate
from exam_api.swaps.quota import Month, quota_of
from exam_api.users import service as users
from exam_api.users.models import Role, User
from exam_api.web.deps import AnyUser, Csrf, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
SwapId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=2000, pattern=NO_NUL_PATTERN)]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
HORIZON_DAYS = 62
STATUS_LABELS = {
    "pending": "待对方接受",
    "accepted": "待主管审批",
    "approved": "已批准",
    "rejected": "已驳回",
    "withdrawn": "已撤回",
    "cancelled": "已取消",
}


class SwapDraft(BaseModel):
    requester_assignment_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    counterpart_assignment_id: int | None = Field(default=None, ge=1, le=MAX_ID)


def as_verdict(decision: Decision) -> dict[str, Any]:
    return {
        "allowed": decision.allowed,
        "message": decision.message,
        "rule": decision.rule,
        "url": decision.url,
    }


def draft_verdict(
    session: Session, user: User, draft: SwapDraft, today: date, policy: Policy
) -> dict[str, Any]:
    """What the rules say about swapping these two shifts now (nothing is filed or logged)."""
    if draft.requester_assignment_id is None or draft.counterpart_assignment_id is None:
        return {"allowed": None, "message": "请选择我让出的班次和对方让出的班次"}
    mine = get_assignment(session, draft.requester_assignment_id)
    theirs = get_assignment(session, draft.counterpart_assignment_id)
    partner = session.get(User, theirs.user_id)
    if mine.user_id != user.id or partner is None or partner.team_id != user.team_id:
        return {"allowed": False, "message": "只能用自己的班次与本班组同事的班次互换"}
    decider = Decider(session, user, policy, today)
    swap = service.new_swap(user, mine, theirs)
    return as_verdict(service.evaluate_swap(decider, swap, mine, theirs))


def hhmm(value: time | str) -> str:
    return value.strftime("%H:%M") if isinstance(value, time) else str(value)[:5]


def _shift_label(row: Any) -> str:
    return f"{row.day:%m-%d} {row.shift_name}（{hhmm(row.start)}–{hhmm(row.end)}）"


def _names(session: Session, swaps: list[Any]) -> dict[int, str]:
    ids = {i for s in swaps for i in (s.requester_id, s.counterpart_id)}
    found = (session.get(User, i) for i in ids)
    return {u.id or 0: u.display_name for u in found if u is not None}


def _shift_names(session: Session) -> dict[int, str]:
    return {s.id or 0: s.name for s in list_shift_types(session, include_inactive=True)}


def _my_page(
    request: Request, session: Session, user: User, today: date, policy: Policy, **extra: Any
) -> Response:
    after = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    months = [Month(today.year, today.month), Month(after.year, after.month)]
    mine = queries.list_own(session, user.id or 0, None)
    to_accept = [s for s in mine if s.counterpart_id == user.id and s.status == "pending"]
    end = today + timedelta(days=HORIZON_DAYS)
    own_shifts = list_assignments(session, today, end, user_id=user.id) if user.team_id else []
    team_shifts = (
        [
            row
            for row in list_assignments(session, today, end, team_id=user.team_id)
            if row.user_id != user.id
        ]
        if user.team_id
        else []
    )
    context = {
        "title": "我的换班",
        "quotas": [quota_of(session, user, month, policy) for month in months],
        "swaps": mine,
        "to_accept": to_accept,
        "names": _names(session, mine),
        "shift_names": _shift_names(session),
        "status_labels": STATUS_LABELS,
        "own_shifts": own_shifts,
        "team_shifts": team_shifts,
        "shift_label": _shift_label,
        "draft": extra.pop("draft", {}),
        **extra,
    }
    return render(request, "swaps/my_swaps.html", context)


@router.get("/swaps")
def show_my_swaps(
    request: Request, session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep
) -> Response:
    return _my_page(request, session, user, today, policy)


@router.post("/api/swaps/check", dependencies=[Csrf])
def check_swap_draft(
    session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep, draft: SwapDraft
) -> dict[str, Any]:
    return draft_verdict(session, user, draft, today, policy)


@router.post("/swaps", dependencies=[Csrf])
def file_swap_request(
    request: Request,
    session: SessionDep,
    user: AnyUser,
    policy: PolicyDep,
    today: TodayDep,
    requester_assignment_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    counterpart_assignment_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    reason: Annotated[str, Form(min_length=1, max_length=2000, pattern=NO_NUL_PATTERN)],
    handover_notes: Annotated[str, Form(min_length=1, max_length=2000, pattern=NO_NUL_PATTERN)],
) -> Response:
    data = SwapCreate(
        requester_assignment_id=requester_assignment_id,
        counterpart_assignment_id=counterpart_assignment_id,
        reason=reason,
        handover_notes=handover_notes,
    )
    try:
        swap = service.create_swap(Decider(session, user, policy, today), data)
    except RuleRefusal as refusal:
        verdict = {
            "allowed": False,
            "message": refusal.detail.split("。详见手册")[0],
            "url": policy.rule_url(refusal.rule),
        }
        draft = {
            "requester_assignment_id": requester_assignment_id,
            "counterpart_assignment_id": counterpart_assignment_id,
            "reason": reason,
            "handover_notes": handover_notes,
        }
        return _my_page(request, session, user, today, policy, verdict=verdict, draft=draft)
    return RedirectResponse(f"{PORTAL}/swaps?filed={swap.id}", status_code=303)


@router.post("/swaps/{swap_id}/accept", dependencies=[Csrf])
def accept_swap_request(
    session: SessionDep,
    user: AnyUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    handover_confirmed: Annotated[str | None, Form()] = None,
    note: Text = "",
) -> Response:
    data = SwapAccept(handover_confirmed=handover_confirmed == "on", note=note)
    service.accept_swap(Decider(session, user, policy, today), swap_id, data)
    return RedirectResponse(f"{PORTAL}/swaps?accepted={swap_id}", status_code=303)


@router.post("/swaps/{swap_id}/withdraw", dependencies=[Csrf])
def withdraw_swap_request(
    session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep, swap_id: SwapId
) -> Response:
    service.withdraw_swap(Decider(session, user, policy, today), swap_id)
    return RedirectResponse(f"{PORTAL}/swaps?withdrawn={swap_id}", status_code=303)


# --------------------------------------------------------------------------- supervisors


@router.get("/manage/swaps")
def show_swap_inbox(request: Request, session: SessionDep, actor: StaffPageUser) -> Response:
    waiting = [s for s in queries.inbox(session, actor) if s.status == "accepted"]
    context = {
        "title": "换班审批",
        "waiting": waiting,
        "names": _names(session, waiting),
        "shift_names": _shift_names(session),
        "status_labels": STATUS_LABELS,
    }
    return render(request, "swaps/inbox.html", context)


@router.post("/manage/swaps/{swap_id}/approve", dependencies=[Csrf])
def approve_swap_request(
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    comment: Text = "",
) -> Response:
    service.approve_swap(Decider(session, actor, policy, today), swap_id, comment)
    return RedirectResponse(f"{PORTAL}/manage/swaps?done={swap_id}", status_code=303)


@router.post("/manage/swaps/{swap_id}/reject", dependencies=[Csrf])
def reject_swap_request(
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    swap_id: SwapId,
    comment: Text = "",
) -> Response:
    service.reject_swap(Decider(session, actor, policy, today), swap_id, comment)
    return RedirectResponse(f"{PORTAL}/manage/swaps?done={swap_id}", status_code=303)


def _teams_of(session: Session, actor: User) -> list[Any]:
    teams = users.list_teams(session)
    if actor.role == Role.director:
        return list(teams)
    led = users.supervised_team_ids(session, actor)
    return [team for team in teams if team.id in led]


@router.get("/manage/quota")
def show_quota_dashboard(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    chosen = Month.parse(month) if month else Month(today.year, today.month)
    teams = _teams_of(session, actor)
    if team_id is not None:
        team = users.get_team(session, team_id)
        users.ensure_can_manage_team(session, actor, team_id)
    else:
        team = teams[0] if teams else None
    table = queries.team_quota(session, team, chosen, policy) if team else None
    context = {
        "title": "换班额度",
        "month": str(chosen),
        "teams": teams,
        "team": team,
        "table": table,
        "shift_names": _shift_names(session),
        "status_labels": STATUS_LABELS,
        "names": _names(session, [s for m in (table.members if table else []) for s in m.swaps]),
    }
    return render(request, "swaps/quota.html", context)
