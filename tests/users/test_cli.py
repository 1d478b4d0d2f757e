from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from exam_api.cli import app
from exam_api.core import config
from exam_api.users.models import Role, Team, User
from exam_api.users.security import verify_password

runner = CliRunner()


@pytest.fixture
def cli_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """Point the CLI at the test database."""
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    config.get_settings.cache_clear()
    yield engine
    config.get_settings.cache_clear()


def test_bootstrap_director_once(cli_database: Engine) -> None:
    first = runner.invoke(
        app, ["user", "bootstrap-director", "boss", "--password-stdin"], input="secret-pass-1\n"
    )
    assert first.exit_code == 0, first.output
    with Session(cli_database) as session:
        boss = session.exec(select(User).where(User.username == "boss")).one()
        assert boss.role == Role.director
        assert verify_password("secret-pass-1", boss.hashed_password)
    again = runner.invoke(
        app, ["user", "bootstrap-director", "boss2", "--password-stdin"], input="secret-pass-2\n"
    )
    assert again.exit_code == 1
    assert "已有客服总监" in again.output


def test_user_add_creates_team_and_makes_the_supervisor_its_lead(cli_database: Engine) -> None:
    sup = runner.invoke(
        app,
        ["user", "add", "lisa", "--role", "supervisor", "--team", "三组", "--password-stdin"],
        input="secret-pass-1\n",
    )
    assert sup.exit_code == 0, sup.output
    agent = runner.invoke(
        app,
        ["user", "add", "tom", "--role", "agent", "--team", "三组", "--password-stdin"],
        input="secret-pass-2\n",
    )
    assert agent.exit_code == 0, agent.output
    with Session(cli_database) as session:
        team = session.exec(select(Team).where(Team.name == "三组")).one()
        lisa = session.exec(select(User).where(User.username == "lisa")).one()
        tom = session.exec(select(User).where(User.username == "tom")).one()
        assert team.supervisor_id == lisa.id
        assert lisa.team_id == team.id == tom.team_id


def test_user_add_prompts_for_the_password_twice(cli_database: Engine) -> None:
    result = runner.invoke(
        app, ["user", "add", "amy", "--role", "agent"], input="secret-pass-1\nsecret-pass-1\n"
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "password"),
    [(["user", "add", "amy", "--role", "agent", "--password-stdin"], "short\n")],
)
def test_user_add_refuses_bad_input(cli_database: Engine, args: list[str], password: str) -> None:
    result = runner.invoke(app, args, input=password)
    assert result.exit_code == 1
    assert "失败" in result.output


def test_user_add_refuses_a_taken_username(cli_database: Engine) -> None:
    args = ["user", "add", "amy", "--role", "agent", "--password-stdin"]
    assert runner.invoke(app, args, input="secret-pass-1\n").exit_code == 0
    again = runner.invoke(app, args, input="secret-pass-1\n")
    assert again.exit_code == 1 and "已被使用" in again.output
