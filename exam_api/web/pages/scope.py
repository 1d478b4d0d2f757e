"""What the staff pages share: the month picked in a form and the teams an actor manages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from exam_api.core.errors import KefuError
from exam_api.users import service as users
from exam_api.users.models import Role, Team, User

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def pick_month(value: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """``YYYY-MM`` (already pattern-checked) as (year, month); the default when empty."""
    if not value:
        return default
    year, month = int(value[:4]), int(value[5:7])
    if not 2000 <= year <= 2100:
        raise KefuError("month_invalid", "月份超出范围（2000–2100 年）", 422)
    return year, month


def month_text(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def managed_teams(session: Session, actor: User) -> list[Team]:
    """Every team for the director; the teams a supervisor leads."""
    teams = users.list_teams(session)
    if actor.role == Role.director:
        return list(teams)
    led = users.supervised_team_ids(session, actor)
    return [team for team in teams if team.id in led]


def chosen_team(
    session: Session, actor: User, teams: Sequence[Team], team_id: int | None
) -> Team | None:
    """The team asked for (if the actor manages it), else the first one the actor manages."""
    if team_id is None:
        return teams[0] if teams else None
    team = users.get_team(session, team_id)
    users.ensure_can_manage_team(session, actor, team_id)
    return team
