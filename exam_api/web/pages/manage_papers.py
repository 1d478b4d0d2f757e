"""Supervisors and the director: the paper list and the paper editor with live section counts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from exam_api.core.db import SessionDep
from exam_api.core.errors import KefuError
from exam_api.core.models import MAX_ID, utcnow
from exam_api.exams import papers
from exam_api.exams.access import attempt_count, ensure_can_edit, get_paper_for_staff
from exam_api.exams.attempts import paper_state
from exam_api.exams.deps import BankDep, PolicyDep
from exam_api.exams.schemas import AssignmentIn, PaperContent, PaperUpdate, PreviewOut
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import Role, User
from exam_api.web import paper_form
from exam_api.web.deps import Csrf, StaffPageUser
from exam_api.web.exam_format import TYPE_LABELS
from exam_api.web.nav import PORTAL
from exam_api.web.pages.manage_bank import DIFFICULTY_LABELS, area_titles
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)

PaperId = Annotated[int, Path(ge=1, le=MAX_ID)]
STATE_LABELS = {"open": "开放中", "upcoming": "未开放", "closed": "已截止"}
METHOD_LABELS = {
    "highest": "取最高分",
    "last": "取最后一次",
    "first": "取第一次",
    "average": "取平均分",
}
MODE_LABELS = {"all_or_nothing": "全对才得分", "partial": "按比例得分"}


@router.get("/manage/papers")
def show_papers(request: Request, session: SessionDep, user: StaffPageUser) -> Response:
    now = utcnow()
    rows = [
        (papers.paper_public(session, p), paper_state(p, now))
        for p in papers.list_papers_for_staff(session, user)
    ]
    context = {"title": "试卷", "rows": rows, "state_labels": STATE_LABELS, "user_id": user.id}
    return render(request, "manage/exams/papers.html", context)


def assignable(session: Session, user: User) -> tuple[list[Any], list[User]]:
    """Teams and trainees this user may assign papers to."""
    if user.role == Role.director:
        teams = list(users.list_teams(session))
    else:
        teams = [
            users.get_team(session, t) for t in sorted(users.supervised_team_ids(session, user))
        ]
    trainees = [
        m
        for t in teams
        for m in users.list_team_members(session, t.id or 0)
        if m.role == Role.agent
    ]
    return teams, trainees


def editor(
    request: Request,
    session: SessionDep,
    user: User,
    policy: Policy,
    form: dict[str, Any],
    **extra: Any,
) -> Response:
    teams, trainees = assignable(session, user)
    context = {
        "title": extra.get("heading", "新建试卷"),
        "f": form,
        "teams": teams,
        "trainees": trainees,
        "areas": area_titles(policy),
        "types": TYPE_LABELS,
        "difficulty_labels": DIFFICULTY_LABELS,
        "method_labels": METHOD_LABELS,
        "mode_labels": MODE_LABELS,
        "mc_default": policy.value("onboarding.exams.multiple_choice_scoring"),
        "default_minutes": policy.value("onboarding.exams.default_time_limit_minutes"),
        "default_pass": policy.value("onboarding.exams.default_pass_percent"),
        "errors": extra.get("errors", []),
        "action": extra.get("action", f"{PORTAL}/manage/papers"),
        "locked": extra.get("locked", False),
    }
    return render(request, "manage/exams/paper_form.html", context, extra.get("status", 200))


@router.get("/manage/papers/new")
def show_new_paper(
    request: Request, session: SessionDep, user: StaffPageUser, policy: PolicyDep
) -> Response:
    return editor(request, session, user, policy, paper_form.empty_form())


@router.post("/manage/papers", dependencies=[Csrf])
async def create_paper(
    request: Request, session: SessionDep, user: StaffPageUser, bank: BankDep, policy: PolicyDep
) -> Response:
    form = paper_form.form_from_request(await request.form())
    try:
        paper = papers.create_paper(session, user, paper_form.create_request(form), bank, policy)
    except paper_form.FormProblem as exc:
        return editor(request, session, user, policy, form, errors=exc.messages, status=422)
    except KefuError as exc:
        session.rollback()
        return editor(request, session, user, policy, form, errors=[exc.detail], status=exc.status)
    return RedirectResponse(f"{PORTAL}/manage/papers/{paper.id}?saved=1", status_code=303)


@router.get("/manage/papers/{paper_id}/edit")
def show_edit_paper(
    request: Request, session: SessionDep, user: StaffPageUser, policy: PolicyDep, paper_id: PaperId
) -> Response:
    paper = get_paper_for_staff(session, user, paper_id)
    ensure_can_edit(user, paper)
    public = papers.paper_public(session, paper)
    return editor(
        request,
        session,
        user,
        policy,
        paper_form.form_from_paper(public),
        heading=f"修改试卷：{paper.title}",
        action=f"{PORTAL}/manage/papers/{paper_id}/edit",
        locked=public.attempt_count > 0,
    )


@router.post("/manage/papers/{paper_id}/edit", dependencies=[Csrf])
async def update_paper(
    request: Request,
    session: SessionDep,
    user: StaffPageUser,
    bank: BankDep,
    policy: PolicyDep,
    paper_id: PaperId,
) -> Response:
    paper = get_paper_for_staff(session, user, paper_id)
    locked = attempt_count(session, paper_id) > 0
    form = paper_form.form_from_request(await request.form())
    extra = {
        "heading": f"修改试卷：{paper.title}",
        "action": f"{PORTAL}/manage/papers/{paper_id}/edit",
        "locked": locked,
    }
    try:
        body = paper_form.paper_body(form, structural=not locked)
        try:
            data = PaperUpdate.model_validate(body)
            assign = AssignmentIn.model_validate(paper_form.assignment_body(form))
        except ValidationError as exc:
            raise paper_form.FormProblem(paper_form.validation_messages(exc)) from None
        papers.update_paper(session, user, paper, data, bank, policy)
        papers.set_assignments(session, user, paper, assign)
    except paper_form.FormProblem as exc:
        return editor(
            request, session, user, policy, form, errors=exc.messages, status=422, **extra
        )
    except KefuError as exc:
        session.rollback()
        return editor(
            request, session, user, policy, form, errors=[exc.detail], status=exc.status, **extra
        )
    return RedirectResponse(f"{PORTAL}/manage/papers/{paper_id}?saved=1", status_code=303)


@router.post("/api/manage/papers/preview", dependencies=[Csrf])
def preview_paper(user: StaffPageUser, bank: BankDep, data: PaperContent) -> PreviewOut:
    """Live counts of qualifying questions per section (JSON for the editor's script)."""
    return papers.preview(data, bank)
