"""The month's roster per team (days × members) and the CSV/xlsx import with row-numbered
errors (a bad file imports nothing)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.db import SessionDep
from exam_api.core.errors import Forbidden, KefuError
from exam_api.core.models import MAX_ID
from exam_api.roster import importer
from exam_api.roster.service import list_assignments, list_shift_types, month_bounds
from exam_api.users import service as users
from exam_api.users.models import User
from exam_api.web.deps import Csrf, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.pages.scope import (
    MONTH_PATTERN,
    chosen_team,
    managed_teams,
    month_text,
    pick_month,
)
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
WEEKDAYS = "一二三四五六日"


def import_problems(detail: str) -> list[str]:
    """The importer's one message as a list: one line per problem, each naming its row."""
    _, _, rest = detail.partition("：") if detail.startswith("导入失败") else ("", "", detail)
    return [part for part in (rest or detail).split("；") if part]


def _page(
    request: Request,
    session: Session,
    actor: User,
    when: tuple[int, int],
    team_id: int | None,
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    teams = managed_teams(session, actor)
    team = chosen_team(session, actor, teams, team_id)
    first, after = month_bounds(*when)
    days = [first + timedelta(days=n) for n in range((after - first).days)]
    members: list[User] = []
    grid: dict[tuple[int, date], Any] = {}
    if team is not None:
        members = [m for m in users.list_team_members(session, team.id or 0) if m.is_active]
        for row in list_assignments(session, first, days[-1], team_id=team.id):
            grid[(row.user_id, row.day)] = row
    context = {
        "title": "排班",
        "month": month_text(*when),
        "teams": teams,
        "team": team,
        "members": members,
        "days": days,
        "grid": grid,
        "weekdays": WEEKDAYS,
        "shift_types": list_shift_types(session),
        "problems": problems or [],
    }
    return render(request, "roster/month.html", context, status_code=status)


@router.get("/manage/roster")
def show_team_roster(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    today: TodayDep,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    when = pick_month(month, (today.year, today.month))
    return _page(request, session, actor, when, team_id)


@router.post("/manage/roster/import", dependencies=[Csrf])
def import_team_roster_page(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    team_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    file: Annotated[UploadFile, File()],
    month: Annotated[str, Form(pattern=MONTH_PATTERN)] = "",
) -> Response:
    when = pick_month(month, (today.year, today.month))
    team = users.get_team(session, team_id)
    if not users.can_manage_team(session, actor, team_id):
        raise Forbidden("只能导入自己负责班组的排班")
    content = file.file.read(importer.MAX_FILE_BYTES + 1)
    try:
        result = importer.import_roster(Decider(session, actor, policy, today), team, content)
    except KefuError as exc:
        if exc.status in (401, 403, 404):
            raise
        session.rollback()
        return _page(
            request, session, actor, when, team_id, import_problems(exc.detail), exc.status
        )
    counts = f"created={result.created}&updated={result.updated}&removed={result.removed}"
    target = f"{PORTAL}/manage/roster?month={month_text(*when)}&team_id={team_id}"
    return RedirectResponse(f"{target}&imported={result.rows}&{counts}", status_code=303)
