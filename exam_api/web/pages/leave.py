"""Leave: my requests with the rule's verdict before filing; the approvers' inboxes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.db import SessionDep
from exam_api.core.errors import RuleRefusal
from exam_api.core.models import MAX_ID, NO_NUL_PATTERN
from exam_api.leave import emergency, queries, service
from exam_api.leave.models import LeaveApprove, LeaveCreate
from exam_api.policy import Policy
from exam_api.rules.decision import first_refusal
from exam_api.rules.leave import (
    KIND_LABELS,
    LeaveKind,
    Span,
    check_emergency,
    check_form,
    check_request,
)
from exam_api.users import service as users
from exam_api.users.models import Role, User
from exam_api.web.deps import AnyUser, Csrf, DirectorPageUser, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
LeaveId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str, Form(max_length=2000, pattern=NO_NUL_PATTERN)]
STATUS_LABELS = {
    "pending": "待审批",
    "reviewed": "待总监批准",
    "approved": "已批准",
    "rejected": "已驳回",
    "cancelled": "已撤销",
}


class LeaveDraft(BaseModel):
    """What the form holds so far; checked without filing anything."""

    kind: LeaveKind = LeaveKind.personal
    start: date | None = None
    end: date | None = None
    form: dict[str, Annotated[str, Field(max_length=1000)]] = Field(default={}, max_length=20)
    cover_plan: str = Field(default="", max_length=2000)
    emergency_kind: str | None = Field(default=None, max_length=32)
    phoned_supervisor: bool = False


def verdict_of(
    session: Session, user: User, draft: LeaveDraft, today: date, policy: Policy
) -> dict[str, Any]:
    """The rule's verdict on a draft, as the page shows it (same checks as filing)."""
    if draft.start is None or draft.end is None:
        return {"allowed": None, "message": "请填写开始和结束日期"}
    span = Span(draft.start, draft.end)
    open_spans = service.open_spans(session, user.id or 0)
    kind, decision = check_request(draft.kind, span, today, open_spans, policy)
    decision = (
        first_refusal(
            decision,
            check_form(kind, draft.form, draft.cover_plan, policy),
            check_emergency(kind, draft.emergency_kind, draft.phoned_supervisor, policy),
        )
        or decision
    )
    return {
        "allowed": decision.allowed,
        "message": decision.message,
        "rule": decision.rule,
        "url": decision.url,
        "effective_kind": kind.value,
        "kind_label": KIND_LABELS[kind],
        "days": max(span.days, 0),
    }


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    found = (session.get(User, i) for i in ids if i)
    return {u.id or 0: u.display_name for u in found if u is not None}


def _page(
    request: Request, session: Session, user: User, today: date, policy: Policy, **extra: Any
) -> Response:
    own = queries.list_own(session, user.id or 0)
    mine = [queries.to_public(x, today, policy) for x in own]
    context = {
        "title": "我的请假",
        "leaves": mine,
        "status_labels": STATUS_LABELS,
        "kind_labels": {k.value: v for k, v in KIND_LABELS.items()},
        "leave_policy": policy.document.leave,
        "today": today,
        "draft": extra.pop("draft", {}),
        **extra,
    }
    return render(request, "leave/my_leave.html", context)


@router.get("/leave")
def show_my_leave(
    request: Request, session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep
) -> Response:
    return _page(request, session, user, today, policy)


@router.post("/api/leave/check", dependencies=[Csrf])
def check_leave_draft(
    session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep, draft: LeaveDraft
) -> dict[str, Any]:
    """The verdict the rules would give this draft now (nothing is filed or logged)."""
    return verdict_of(session, user, draft, today, policy)


@router.post("/leave", dependencies=[Csrf])
async def file_leave_request(
    request: Request, session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep
) -> Response:
    form = await request.form()
    raw = {key: str(value) for key, value in form.items() if isinstance(value, str)}
    fields = {
        name: raw.get(f"form_{name}", "").strip() for name in policy.document.leave.long.form_fields
    }
    try:
        data = LeaveCreate(
            kind=LeaveKind(raw.get("kind", "personal")),
            start=date.fromisoformat(raw.get("start", "")),
            end=date.fromisoformat(raw.get("end", "")),
            reason=raw.get("reason", "").strip(),
            form={k: v for k, v in fields.items() if v},
            cover_plan=raw.get("cover_plan", "").strip(),
            emergency_kind=raw.get("emergency_kind") or None,
            phoned_supervisor=raw.get("phoned_supervisor") == "on",
        )
    except ValueError:
        error = {"allowed": False, "message": "请完整填写请假类型、起止日期和请假事由"}
        return _page(request, session, user, today, policy, verdict=error, draft=raw)
    try:
        leave = service.create_leave(Decider(session, user, policy, today), data)
    except RuleRefusal as refusal:
        verdict = {
            "allowed": False,
            "message": refusal.detail.split("。详见手册")[0],
            "url": policy.rule_url(refusal.rule) if refusal.rule else None,
        }
        return _page(request, session, user, today, policy, verdict=verdict, draft=raw)
    return RedirectResponse(f"{PORTAL}/leave?filed={leave.id}", status_code=303)


@router.post("/leave/{leave_id}/cancel", dependencies=[Csrf])
def cancel_leave_request(
    session: SessionDep, user: AnyUser, policy: PolicyDep, today: TodayDep, leave_id: LeaveId
) -> Response:
    service.cancel_leave(Decider(session, user, policy, today), leave_id)
    return RedirectResponse(f"{PORTAL}/leave?cancelled={leave_id}", status_code=303)


# --------------------------------------------------------------------------- approvers


def _inbox(
    request: Request, session: Session, actor: User, today: date, policy: Policy, title: str
) -> Response:
    waiting = [queries.to_public(x, today, policy) for x in queries.inbox(session, actor)]
    slips = [queries.to_public(x, today, policy) for x in queries.list_slips(session, actor)]
    slips = [s for s in slips if s.slip_received_at is None]
    ids = {x.requester_id for x in waiting + slips} | {x.cover_user_id for x in waiting}
    context = {
        "title": title,
        "waiting": waiting,
        "slips": slips,
        "names": _names(session, ids),
        "status_labels": STATUS_LABELS,
        "kind_labels": {k.value: v for k, v in KIND_LABELS.items()},
        "colleagues": _colleagues(session, actor),
    }
    return render(request, "leave/inbox.html", context)


def _colleagues(session: Session, actor: User) -> list[User]:
    if actor.role == Role.director:
        return [u for u in users.list_users(session) if u.is_active]
    team_ids = sorted(users.supervised_team_ids(session, actor))
    return [u for t in team_ids for u in users.list_team_members(session, t) if u.is_active]


@router.get("/manage/leave")
def show_leave_inbox(
    request: Request, session: SessionDep, actor: StaffPageUser, policy: PolicyDep, today: TodayDep
) -> Response:
    return _inbox(request, session, actor, today, policy, "请假审批")


@router.get("/director/leave")
def show_long_leave_inbox(
    request: Request,
    session: SessionDep,
    actor: DirectorPageUser,
    policy: PolicyDep,
    today: TodayDep,
) -> Response:
    return _inbox(request, session, actor, today, policy, "长假审批")


def _back(request: Request) -> str:
    referer = request.headers.get("referer", "")
    return f"{PORTAL}/director/leave" if "/director/" in referer else f"{PORTAL}/manage/leave"


@router.post("/manage/leave/{leave_id}/approve", dependencies=[Csrf])
def approve_leave_request(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    leave_id: LeaveId,
    comment: Text = "",
    cover_user_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    cover_note: Text = "",
) -> Response:
    data = LeaveApprove(comment=comment, cover_user_id=cover_user_id, cover_note=cover_note)
    service.approve_leave(Decider(session, actor, policy, today), leave_id, data)
    return RedirectResponse(f"{_back(request)}?done={leave_id}", status_code=303)


@router.post("/manage/leave/{leave_id}/reject", dependencies=[Csrf])
def reject_leave_request(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    leave_id: LeaveId,
    comment: Annotated[str, Form(min_length=1, max_length=2000, pattern=NO_NUL_PATTERN)],
) -> Response:
    service.reject_leave(Decider(session, actor, policy, today), leave_id, comment)
    return RedirectResponse(f"{_back(request)}?done={leave_id}", status_code=303)


@router.post("/manage/leave/{leave_id}/slip", dependencies=[Csrf])
def record_leave_slip(
    session: SessionDep, actor: StaffPageUser, policy: PolicyDep, today: TodayDep, leave_id: LeaveId
) -> Response:
    emergency.record_slip(Decider(session, actor, policy, today), leave_id)
    return RedirectResponse(f"{PORTAL}/manage/leave?slip={leave_id}", status_code=303)
