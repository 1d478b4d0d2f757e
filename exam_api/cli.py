"""The ``kefu`` command line. Each domain adds its own sub-app with ``app.add_typer``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from sqlmodel import Session

from exam_api.bank.cli import bank_app
from exam_api.core.config import REPO_ROOT, get_settings
from exam_api.core.db import make_engine
from exam_api.core.errors import KefuError
from exam_api.users import service
from exam_api.users.models import Role, TeamCreate, UserCreate

app = typer.Typer(help="客服部制度与培训考试平台", no_args_is_help=True)
user_app = typer.Typer(help="账号管理", no_args_is_help=True)
db_app = typer.Typer(help="数据库", no_args_is_help=True)
demo_app = typer.Typer(help="演示数据", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(bank_app, name="bank")


@contextmanager
def open_session() -> Iterator[Session]:
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("密码", hide_input=True, confirmation_prompt=True))


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


@user_app.command("add")
def add_user(
    username: str,
    role: Role = typer.Option(..., "--role", help="agent / supervisor / director"),
    team: str | None = typer.Option(None, "--team", help="班组名称（不存在则新建）"),
    display_name: str | None = typer.Option(None, "--name", help="显示名称，默认同用户名"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码"),
) -> None:
    """新建账号。"""
    password = read_password(password_stdin)
    with open_session() as session:
        try:
            team_row = service.get_team_by_name(session, team) if team else None
            if team and team_row is None:
                team_row = service.create_team(session, TeamCreate(name=team))
                typer.echo(f"已新建班组 {team}")
            data = UserCreate(
                username=username,
                display_name=display_name or username,
                role=role,
                password=password,
                team_id=team_row.id if team_row else None,
            )
            user = service.create_user(session, data)
            if role == Role.supervisor and team_row and team_row.supervisor_id is None:
                service.assign_supervisor(session, team_row, user.id or 0)
                session.commit()
        except (KefuError, ValueError) as exc:
            raise fail(f"失败：{exc}") from None
    typer.echo(f"已新建账号 {username}（{role.value}）")


@user_app.command("bootstrap-director")
def bootstrap_director(
    username: str = typer.Argument("director"),
    display_name: str = typer.Option("客服总监", "--name"),
    password_stdin: bool = typer.Option(False, "--password-stdin"),
) -> None:
    """新建第一个客服总监账号（仅在还没有总监时可用）。"""
    with open_session() as session:
        if any(user.role == Role.director for user in service.list_users(session)):
            raise fail("已有客服总监账号，请用 kefu user add 新建账号")
        password = read_password(password_stdin)
        try:
            data = UserCreate(
                username=username, display_name=display_name, role=Role.director, password=password
            )
            service.create_user(session, data)
        except (KefuError, ValueError) as exc:
            raise fail(f"失败：{exc}") from None
    typer.echo(f"已新建客服总监 {username}")


@db_app.command("upgrade")
def upgrade_database() -> None:
    """把数据库迁移到最新结构（alembic upgrade heads）。"""
    from alembic import command
    from alembic.config import Config

    settings = get_settings()
    if settings.is_sqlite and ":memory:" not in settings.database_url:
        Path(settings.database_url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(Config(str(REPO_ROOT / "alembic.ini")), "heads")
    typer.echo("数据库已是最新结构")


@demo_app.command("load")
def load_demo_data(
    if_empty: bool = typer.Option(False, "--if-empty", help="已有账号时静默跳过"),
) -> None:
    """向空数据库载入演示数据并打印演示账号。"""
    from exam_api.demo import load_demo

    with open_session() as session:
        if service.count_users(session) > 0:
            if if_empty:
                typer.echo("数据库中已有账号，未载入演示数据")
                return
            raise fail("数据库中已有账号，拒绝载入演示数据")
        demo = load_demo(session)
    typer.echo("演示账号（用户名 / 密码 / 姓名）：")
    for username, password, name in demo.logins:
        typer.echo(f"  {username:<10} {password}  {name}")
