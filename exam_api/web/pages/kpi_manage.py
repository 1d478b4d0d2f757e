"""The supervisor's KPI entry for a month (one form per team member) and the team overview
with CSV/xlsx export. Scores come from the KPI service; the attendance grade from the records."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import PolicyDep, TodayDep
from exam_api.core.db import SessionDep
from exam_api.core.errors import KefuError
from exam_api.core.models import MAX_ID
from exam_api.kpi import access, export, history, service
from exam_api.kpi.models import KpiScorecard
from exam_api.kpi.records import month_records
from exam_api.kpi.schemas import AttendanceOverride, ScorecardCreate, ScorecardEdit
from exam_api.kpi.scoring import attendance_grade
from exam_api.kpi.template import scorecard_template
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import User
from exam_api.web.deps import Csrf, StaffPageUser
from exam_api.web.nav import PORTAL
from exam_api.web.pages.kpi_pages import card_view, kpi_rules, people_names
from exam_api.web.pages.scope import (
    MONTH_PATTERN,
    chosen_team,
    managed_teams,
    month_text,
    pick_month,
    previous_month,
)
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
MonthQuery = Annotated[str | None, Query(pattern=MONTH_PATTERN)]
TeamQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Problem = tuple[str, str | None]


def member_entry(
    session: Session,
    actor: User,
    person: User,
    card: KpiScorecard | None,
    when: tuple[int, int],
    policy: Policy,
) -> dict[str, Any]:
    """What one member's form needs: the card, the month's records and whether actor may score."""
    records = month_records(session, person.id or 0, when[0], when[1], policy)
    try:
        access.ensure_can_draft(session, actor, person, policy)
        refusal = None
    except KefuError as exc:
        refusal = exc.detail
    return {
        "person": person,
        "card": card_view(session, card, policy) if card else None,
        "records": records,
        "derived": attendance_grade(records.attendance, policy),
        "refusal": refusal,
        "values": dict(card.inputs) if card else {},
        "override": (card.override_grade, card.override_reason) if card else (None, None),
    }


def _page(
    request: Request,
    session: Session,
    actor: User,
    policy: Policy,
    when: tuple[int, int],
    team_id: int | None,
    problems: dict[int, Problem] | None = None,
    entered: dict[int, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    teams = managed_teams(session, actor)
    team = chosen_team(session, actor, teams, team_id)
    overview = history.team_overview(session, actor, team.id or 0, *when, policy) if team else None
    members = []
    if overview is not None:
        cards = {
            c.user_id: c for c in service.list_cards(session, actor, year=when[0], month=when[1])
        }
        for row in overview.rows:
            person = access.get_person(session, row.user_id)
            entry = member_entry(session, actor, person, cards.get(row.user_id), when, policy)
            entry.update((entered or {}).get(row.user_id, {}))
            members.append(entry)
    cards_shown = [m["card"]["card"] for m in members if m["card"]]
    context = {
        "title": "绩效评分",
        "month": month_text(*when),
        "teams": teams,
        "team": team,
        "overview": overview,
        "members": members,
        "template": scorecard_template(policy)["items"]["entries"],
        "rules": kpi_rules(policy),
        "problems": problems or {},
        "names": people_names(
            session,
            {c.drafted_by for c in cards_shown} | {c.confirmed_by or 0 for c in cards_shown},
        ),
    }
    return render(request, "kpi/manage.html", context, status_code=status)


@router.get("/manage/kpi")
def show_kpi_entry(
    request: Request,
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    month: MonthQuery = None,
    team_id: TeamQuery = None,
) -> Response:
    when = pick_month(month, previous_month(today))
    return _page(request, session, actor, policy, when, team_id)


def read_inputs(form: Any, template: list[dict[str, Any]]) -> dict[str, int | str]:
    """The item fields of the form: counts as integers, levels and grades as text."""
    inputs: dict[str, int | str] = {}
    for item in template:
        raw = form.get(f"item_{item['id']}")
        if item["input"] == "derived" or not isinstance(raw, str) or not raw.strip():
            continue
        value = raw.strip()
        if item["input"] == "count":
            if not value.isdigit() or len(value) > 7:
                raise KefuError("kpi_invalid_input", f"{item['name']}：请填写 0 或正整数", 422)
            inputs[item["id"]] = int(value)
        else:
            inputs[item["id"]] = value
    return inputs


def read_override(form: Any) -> AttendanceOverride | None:
    grade, reason = form.get("override_grade") or "", form.get("override_reason") or ""
    if not grade:
        return None
    try:
        return AttendanceOverride.model_validate({"grade": grade, "reason": reason})
    except ValidationError as exc:
        message = str(exc.errors()[0].get("msg", "")).removeprefix("Value error, ")
        raise KefuError(
            "kpi_override_invalid", message or "改动平常考核等级须写明理由", 422
        ) from None


@router.post("/manage/kpi/score", dependencies=[Csrf])
async def save_kpi_scorecard(
    request: Request, session: SessionDep, actor: StaffPageUser, policy: PolicyDep, today: TodayDep
) -> Response:
    form = await request.form()
    month, user_id, team_id = form.get("month"), form.get("user_id"), form.get("team_id")
    if not isinstance(month, str) or not isinstance(user_id, str) or not user_id.isdigit():
        raise KefuError("validation_error", "表单不完整，请刷新页面后重试", 422)
    when = pick_month(month if len(month) == 7 and month[4] == "-" else None, previous_month(today))
    person_id = int(user_id)
    team = int(team_id) if isinstance(team_id, str) and team_id.isdigit() else None
    template = scorecard_template(policy)["items"]["entries"]
    raw = {k: v for k, v in form.items() if isinstance(v, str) and k.startswith("item_")}
    try:
        inputs = read_inputs(form, template)
        override = read_override(form)
        decider = Decider(session, actor, policy, today)
        existing = service.list_cards(
            session, actor, year=when[0], month=when[1], user_id=person_id
        )
        if existing:
            service.update_card(
                decider,
                existing[0].id or 0,
                ScorecardEdit(inputs=inputs, attendance_override=override),
            )
        else:
            data = ScorecardCreate(
                user_id=person_id,
                year=when[0],
                month=when[1],
                inputs=inputs,
                attendance_override=override,
            )
            service.create_card(decider, data)
    except KefuError as exc:
        if exc.status in (401, 403, 404):
            raise
        session.rollback()
        kept = {
            "values": {k.removeprefix("item_"): v for k, v in raw.items()},
            "override": (form.get("override_grade") or None, form.get("override_reason") or ""),
        }
        return _page(
            request,
            session,
            actor,
            policy,
            when,
            team,
            {person_id: (exc.detail, exc.rule)},
            {person_id: kept},
            status=exc.status,
        )
    target = f"{PORTAL}/manage/kpi?month={month_text(*when)}&saved={person_id}"
    if team is not None:
        target += f"&team_id={team}"
    return RedirectResponse(f"{target}#member-{person_id}", status_code=303)


@router.get("/manage/kpi/export")
def export_kpi_month(
    session: SessionDep,
    actor: StaffPageUser,
    policy: PolicyDep,
    today: TodayDep,
    month: MonthQuery = None,
    team_id: TeamQuery = None,
    fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "xlsx",
) -> Response:
    when = pick_month(month, previous_month(today))
    if team_id is not None:
        users.get_team(session, team_id)
        users.ensure_can_manage_team(session, actor, team_id)
    header, rows = export.month_table(session, actor, *when, policy, team_id)
    name = f"kpi-{month_text(*when)}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(
            export.to_csv(header, rows), media_type="text/csv; charset=utf-8", headers=disposition
        )
    body = export.to_xlsx(month_text(*when), header, rows)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers=disposition)
