from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from exam_api.cli import app
from exam_api.core import config
from exam_api.core.errors import Conflict
from exam_api.demo import DEMO_PASSWORD, load_demo
from exam_api.users.models import Role, Team, User


def test_demo_has_a_director_two_led_teams_and_six_trainees(session: Session) -> None:
    demo = load_demo(session)
    users = session.exec(select(User)).all()
    assert sorted(u.role for u in users).count(Role.agent) == 6
    assert [u.role for u in users].count(Role.supervisor) == 2
    assert [u.role for u in users].count(Role.director) == 1
    teams = session.exec(select(Team)).all()
    assert len(teams) == 2
    for team, supervisor in zip(demo.teams, demo.supervisors, strict=True):
        assert team.supervisor_id == supervisor.id
        members = [u for u in users if u.team_id == team.id and u.role == Role.agent]
        assert len(members) == 3
    assert len(demo.logins) == 9
    assert all(password == DEMO_PASSWORD for _, password, _ in demo.logins)


def test_demo_is_refused_when_users_exist(session: Session, make_user: Callable[..., User]) -> None:
    make_user("real-person")
    with pytest.raises(Conflict):
        load_demo(session)
    assert len(session.exec(select(User)).all()) == 1


def test_demo_cli_loads_once_and_prints_logins(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    config.get_settings.cache_clear()
    runner = CliRunner()
    try:
        first = runner.invoke(app, ["demo", "load", "--if-empty"])
        assert first.exit_code == 0, first.output
        assert "zongjian" in first.output and DEMO_PASSWORD in first.output
        skipped = runner.invoke(app, ["demo", "load", "--if-empty"])
        assert skipped.exit_code == 0 and "未载入" in skipped.output
        refused = runner.invoke(app, ["demo", "load"])
        assert refused.exit_code == 1
    finally:
        config.get_settings.cache_clear()
