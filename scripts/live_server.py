"""The app in a real uvicorn process on a migrated database (Schemathesis test, benchmarks).

``with live_server(database_url) as server: ...`` migrates the database to Alembic ``heads``,
starts ``uvicorn exam_api.main:create_app --factory`` on a free port, waits for ``/healthz``
and stops the server (and its workers) at the end. ``add_user`` inserts accounts directly
(one Argon2 hash per call; pass ``hashed_password`` to reuse one for many accounts).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from alembic import command
from alembic.config import Config
from sqlmodel import Session, select

from exam_api.core.config import REPO_ROOT
from exam_api.core.db import make_engine
from exam_api.users.models import Role, Team, User
from exam_api.users.security import hash_password

STARTUP_SECONDS = 60.0


@dataclass
class LiveServer:
    base_url: str
    database_url: str
    secret_key: str
    log_path: Path
    pid: int  # the uvicorn process (the supervisor when there are several workers)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def migrate(database_url: str) -> None:
    """``alembic upgrade heads`` on ``database_url`` (what ``kefu db upgrade`` does)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")


def add_user(
    database_url: str,
    username: str,
    role: Role | str,
    password: str,
    team: str | None = None,
    hashed_password: str | None = None,
) -> int:
    """Insert one account (and its team if new); returns the user id."""
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            team_row = None
            if team is not None:
                found = session.exec(select(Team).where(Team.name == team)).first()
                team_row = found or Team(name=team)
                session.add(team_row)
                session.flush()
            user = User(
                username=username,
                display_name=username,
                role=Role(role),
                team_id=team_row.id if team_row else None,
                hashed_password=hashed_password or hash_password(password),
            )
            session.add(user)
            session.flush()
            if team_row is not None and user.role == Role.supervisor:
                team_row.supervisor_id = user.id
            session.commit()
            assert user.id is not None
            return user.id
    finally:
        engine.dispose()


def server_command(port: int, workers: int, keep_alive: int) -> list[str]:
    command_line = [sys.executable, "-m", "uvicorn", "exam_api.main:create_app", "--factory"]
    command_line += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    command_line += ["--log-level", "warning", "--workers", str(workers)]
    return [*command_line, "--timeout-keep-alive", str(keep_alive)]


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not healthy after {STARTUP_SECONDS:.0f} s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (graceful), then SIGKILL to the server's own process group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def start(command_line: list[str], environment: dict[str, str], log_path: Path) -> Any:
    with log_path.open("wb") as log_file:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command_line,
            cwd=REPO_ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextmanager
def live_server(
    database_url: str,
    *,
    workers: int = 1,
    env: str = "test",
    migrate_first: bool = True,
    keep_alive: int = 5,
) -> Iterator[LiveServer]:
    """A migrated database served by uvicorn on a free port of 127.0.0.1."""
    if migrate_first:
        migrate(database_url)
    secret_key = secrets.token_urlsafe(48)
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key}
    environment["KEFU_ENV"] = env
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="kefu-server-"))
    log_path = log_dir / "server.log"
    try:
        process = start(server_command(port, workers, keep_alive), environment, log_path)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_healthy(base_url, process, log_path)
            yield LiveServer(base_url, database_url, secret_key, log_path, process.pid)
        finally:
            stop(process)
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
