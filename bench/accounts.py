"""Databases and accounts for the exam-day benchmark (inserted directly, not via the API)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, col, select

from exam_api.core.config import load_settings
from exam_api.core.db import make_engine
from exam_api.users.models import Role, Team, User
from exam_api.users.security import create_access_token, hash_password
from scripts import pg_cluster
from scripts.live_server import LiveServer

SUPERVISOR = "bench-supervisor"
TEAM = "考场一组"


@dataclass
class Trainee:
    username: str
    headers: dict[str, str]  # the bearer token


@contextmanager
def temp_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="kefu-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database on a throwaway cluster with crash-safe settings (fsync, synchronous commit)."""
    with pg_cluster.throwaway_cluster(pg_cluster.DURABLE_OPTIONS) as base_url:
        admin = make_engine(f"{base_url}/postgres").execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "kefu_bench"'))
        admin.dispose()
        yield f"{base_url}/kefu_bench"


def minted(server: LiveServer, usernames: list[str]) -> list[Trainee]:
    """Bearer tokens signed with the server's key (no Argon2 login), for quick iterations."""
    settings = load_settings(env="test", secret_key=server.secret_key)
    engine = make_engine(server.database_url)
    try:
        with Session(engine) as session:
            rows = session.exec(
                select(User.username, User.id).where(col(User.username).in_(usernames))
            )
            ids = dict(rows.all())
    finally:
        engine.dispose()
    return [
        Trainee(name, {"Authorization": f"Bearer {create_access_token(ids[name], settings)}"})
        for name in usernames
    ]


def create(database_url: str, trainees: int, password: str) -> tuple[int, list[str]]:
    """A team with its supervisor and ``trainees`` agents; one Argon2 hash shared by all."""
    hashed = hash_password(password)
    usernames = [f"trainee{i:04d}" for i in range(1, trainees + 1)]
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            team = Team(name=TEAM)
            session.add(team)
            session.flush()
            assert team.id is not None
            supervisor = User(
                username=SUPERVISOR,
                display_name="压测主管",
                role=Role.supervisor,
                team_id=team.id,
                hashed_password=hashed,
            )
            session.add(supervisor)
            session.flush()
            team.supervisor_id = supervisor.id
            session.add_all(
                User(
                    username=name,
                    display_name=f"学员{name[-4:]}",
                    role=Role.agent,
                    team_id=team.id,
                    hashed_password=hashed,
                )
                for name in usernames
            )
            session.commit()
            return team.id, usernames
    finally:
        engine.dispose()
