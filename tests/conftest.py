"""Shared fixtures: settings, a database on SQLite and on PostgreSQL, an API client, users.

The DB fixtures (``engine``, ``session``, ``client``) run every test twice: on a SQLite file
and on a throwaway PostgreSQL cluster that the test run starts (once) and removes at the end.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from exam_api.core.config import REPO_ROOT, Settings, load_settings
from exam_api.core.db import make_engine
from exam_api.main import create_app
from exam_api.models_registry import metadata
from exam_api.users.models import Role, Team, User
from exam_api.users.security import create_access_token, hash_password

TEST_PASSWORD = "correct-horse-battery"
TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _load_pg_cluster() -> Any:
    spec = importlib.util.spec_from_file_location("pg_cluster", REPO_ROOT / "scripts/pg_cluster.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pg_cluster = _load_pg_cluster()


# --------------------------------------------------------------------------- settings


@pytest.fixture(scope="session")
def app_settings() -> Settings:
    return load_settings(env="test", secret_key=TEST_SECRET, site_dir=REPO_ROOT / "site")


# --------------------------------------------------------------------------- PostgreSQL


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Base URL of a throwaway PostgreSQL cluster (started on first use, removed at the end)."""
    with pg_cluster.throwaway_cluster() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def new_postgres_database(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Factory: creates an empty database and returns its URL (all dropped with the cluster)."""
    admin = make_engine(f"{postgres_server}/postgres").execution_options(
        isolation_level="AUTOCOMMIT"
    )
    counter = iter(range(1, 10_000))

    def create() -> str:
        name = f"kefu_test_{next(counter)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return f"{postgres_server}/{name}"

    yield create
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine(new_postgres_database: Callable[[], str]) -> Iterator[Engine]:
    """One schema for the session; tables are emptied after every test."""
    engine = make_engine(new_postgres_database())
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def _truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '10s'"))  # fail, never hang, on a leak
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


# --------------------------------------------------------------------------- database


@pytest.fixture(params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """URL of an EMPTY database (no tables) on the current backend, e.g. for migrations."""
    if db_backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    factory: Callable[[], str] = request.getfixturevalue("new_postgres_database")
    return factory()


@pytest.fixture
def engine(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine whose database has every table (create_all), empty at the start of the test."""
    if db_backend == "sqlite":
        sqlite_engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        metadata.create_all(sqlite_engine)
        yield sqlite_engine
        sqlite_engine.dispose()
        return
    pg_engine: Engine = request.getfixturevalue("postgres_engine")
    yield pg_engine
    _truncate_all(pg_engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as db_session:
        yield db_session


@pytest.fixture
def app_factory(app_settings: Settings, engine: Engine) -> Callable[..., Any]:
    """Build an app on the test engine, optionally with changed settings."""

    def build(**overrides: Any) -> Any:
        merged = app_settings.model_copy(update=overrides) if overrides else app_settings
        return create_app(settings=merged, engine=engine)

    return build


@pytest.fixture
def client(app_factory: Callable[..., Any]) -> Iterator[TestClient]:
    with TestClient(app_factory()) as test_client:
        yield test_client


# --------------------------------------------------------------------------- users


@pytest.fixture(scope="session")
def test_password_hash() -> str:
    """Argon2 hash of TEST_PASSWORD, computed once (hashing is deliberately slow)."""
    return hash_password(TEST_PASSWORD)


@pytest.fixture
def make_team(session: Session) -> Callable[..., Team]:
    def create(name: str, supervisor: User | None = None) -> Team:
        team = Team(name=name, supervisor_id=supervisor.id if supervisor else None)
        session.add(team)
        session.commit()
        session.refresh(team)
        if supervisor is not None:
            supervisor.team_id = team.id
            session.add(supervisor)
            session.commit()
        return team

    return create


@pytest.fixture
def make_user(session: Session, test_password_hash: str) -> Callable[..., User]:
    """Factory: ``make_user("wang", Role.agent, team=team)``; password is TEST_PASSWORD."""

    def create(
        username: str, role: Role | str = Role.agent, team: Team | None = None, **fields: Any
    ) -> User:
        user = User(
            username=username,
            display_name=fields.pop("display_name", username),
            role=Role(role),
            team_id=team.id if team else None,
            hashed_password=test_password_hash,
            **fields,
        )
        session.add(user)
        session.commit()
        session.refresh(user)
        return user

    return create


@pytest.fixture
def auth_headers(app_settings: Settings) -> Callable[[User], dict[str, str]]:
    """Factory: bearer headers for a user (no password round trip)."""

    def headers(user: User) -> dict[str, str]:
        assert user.id is not None
        return {"Authorization": f"Bearer {create_access_token(user.id, app_settings)}"}

    return headers


# --------------------------------------------------------------------------- handbook


def build_handbook(project_dir: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` from the folder holding mkdocs.yml (jieba dict path)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    return subprocess.run(
        command, cwd=project_dir, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def built_site() -> Iterator[Path]:
    """The handbook built once per session (strict) into a temp dir."""
    out = Path(tempfile.mkdtemp(prefix="kefu-site-"))
    result = build_handbook(REPO_ROOT, out / "site")
    if result.returncode != 0:
        shutil.rmtree(out, ignore_errors=True)
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    yield out / "site"
    shutil.rmtree(out, ignore_errors=True)


# --------------------------------------------------------------------------- an organisation


@dataclass
class Org:
    """A director, two supervisors with a team each, two agents in team 1, one in team 2."""

    director: User
    sup1: User
    sup2: User
    team1: Team
    team2: Team
    agent1: User
    agent2: User
    agent3: User  # team 2


@pytest.fixture
def org(make_user: Callable[..., User], make_team: Callable[..., Team]) -> Org:
    director = make_user("director", Role.director, display_name="周总监")
    sup1 = make_user("sup1", Role.supervisor, display_name="王主管")
    sup2 = make_user("sup2", Role.supervisor, display_name="李主管")
    team1 = make_team("一组", supervisor=sup1)
    team2 = make_team("二组", supervisor=sup2)
    agent1 = make_user("agent1", Role.agent, team=team1, display_name="陈晓")
    agent2 = make_user("agent2", Role.agent, team=team1, display_name="刘洋")
    agent3 = make_user("agent3", Role.agent, team=team2, display_name="张敏")
    return Org(director, sup1, sup2, team1, team2, agent1, agent2, agent3)
