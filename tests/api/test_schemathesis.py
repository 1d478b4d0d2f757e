"""Schemathesis against the LIVE OpenAPI schema: every operation, with a real login.

The app runs in a real uvicorn process on a database migrated to Alembic ``heads`` (a SQLite
file, and a database of the throwaway PostgreSQL cluster). Schemathesis runs every phase
(examples, coverage, fuzzing, stateful) with every check but one, and the test fails on any
server error, undocumented status code, response that breaks its schema, wrong content type,
accepted invalid input, ignored auth or wrong answer to an undeclared method.

Auth: a director's bearer token for every operation, except the trainee's own operations
(``AGENT_OPERATIONS``), which run with an agent's token so they reach their real code paths.
When the exam API is present, a paper is set for the agent's team and an attempt started, so
``/exams/attempts/1`` and ``/exams/papers/1`` exist.

Excluded check: ``positive_data_acceptance``. Cross-field rules (a paper has either sections
or fixed questions, a window closes after it opens, a date range is bounded) answer 422 by
design; OpenAPI cannot express them, so that check would report every such rule.

Bounded and deterministic: ``SCHEMATHESIS_MAX_EXAMPLES`` per operation (default below) and a
fixed seed; one worker (the coverage phase is not thread-safe in schemathesis 4.32).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from exam_api.core.config import load_settings
from exam_api.main import create_app
from scripts.live_server import LiveServer, add_user, live_server
from tests.conftest import TEST_PASSWORD

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
SEED = 20240601
TEAM = "客服一组"
ACCOUNTS = {"director": "director", "supervisor": "supervisor", "agent": "agent"}
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"

# Operations a trainee performs on their own behalf ("METHOD /path" regexes).
AGENT_OPERATIONS = [
    r"GET /api/v1/exams/my/",
    r"POST /api/v1/exams/papers/\{paper_id\}/attempts$",
    r"\w+ /api/v1/exams/attempts/",
    r"POST /api/v1/leave/requests$",
    r"GET /api/v1/leave/requests/me$",
    r"POST /api/v1/leave/requests/\{leave_id\}/cancel$",
    r"POST /api/v1/swaps$",
    r"GET /api/v1/swaps/(me|inbox|quota/me)$",
    r"POST /api/v1/swaps/\{swap_id\}/(accept|withdraw)$",
]


@dataclass
class Target:
    server: LiveServer
    tokens: dict[str, str]
    operations: list[str]


@pytest.fixture
def target(database_url: str) -> Iterator[Target]:
    """A live server on a migrated database with one account per role (and an exam)."""
    with live_server(database_url) as server:
        for username, role in ACCOUNTS.items():
            team = None if role == "director" else TEAM
            add_user(database_url, username, role, TEST_PASSWORD, team=team)
        tokens = {username: login(server.base_url, username) for username in ACCOUNTS}
        schema = httpx.get(f"{server.base_url}/openapi.json", timeout=30).json()
        operations = [
            f"{method.upper()} {path}"
            for path, methods in schema["paths"].items()
            for method in methods
        ]
        if "POST /api/v1/exams/papers" in operations:
            seed_exam(server.base_url, tokens)
        yield Target(server, tokens, operations)


def login(base_url: str, username: str) -> str:
    form = {"username": username, "password": TEST_PASSWORD}
    response = httpx.post(f"{base_url}/api/v1/auth/token", data=form, timeout=30)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def seed_exam(base_url: str, tokens: dict[str, str]) -> None:
    """Paper 1 for the agent's team (set by the supervisor) and the agent's attempt 1."""
    with httpx.Client(base_url=f"{base_url}/api/v1/exams", timeout=30) as client:
        staff = {"Authorization": f"Bearer {tokens['supervisor']}"}
        teams = httpx.get(f"{base_url}/api/v1/teams", headers=staff, timeout=30).json()
        paper: dict[str, Any] = {
            "title": "接口测试试卷",
            "content": {
                "sections": [{"type": "single_choice", "count": 3}, {"type": "essay", "count": 1}]
            },
            "assign": {"team_ids": [team["id"] for team in teams]},
        }
        created = client.post("/papers", json=paper, headers=staff)
        assert created.status_code == 201, created.text
        agent = {"Authorization": f"Bearer {tokens['agent']}"}
        started = client.post(f"/papers/{created.json()['id']}/attempts", headers=agent)
        assert started.status_code == 201, started.text


def write_config(directory: Path, tokens: dict[str, str]) -> Path:
    """schemathesis.toml: director everywhere, the agent on the trainee's own operations."""
    agent_regex = "^(?:" + "|".join(AGENT_OPERATIONS) + ")"
    config = directory / "schemathesis.toml"
    config.write_text(
        f'headers = {{ Authorization = "Bearer {tokens["director"]}" }}\n\n'
        "[[operations]]\n"
        f"include-name-regex = '{agent_regex}'\n"
        f'headers = {{ Authorization = "Bearer {tokens["agent"]}" }}\n',
        encoding="utf-8",
    )
    return config


def schemathesis_command(base_url: str, config: Path) -> list[str]:
    return [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--suppress-health-check",
        "too_slow",
        "--request-timeout",
        "30",
        "--no-color",
    ]


def test_every_agent_pattern_names_an_operation_of_its_domain() -> None:
    app = create_app(load_settings(env="test", database_url="sqlite://"))
    operations = [
        f"{method.upper()} {path}"
        for path, methods in app.openapi()["paths"].items()
        for method in methods
    ]
    for pattern in AGENT_OPERATIONS:
        domain = re.search(r" /api/v1/\w+", " " + pattern.split(" ", 1)[1])
        assert domain, pattern
        if not any(domain.group() in op for op in operations):
            continue  # that domain's API is not mounted in this tree
        matched = [op for op in operations if re.match(pattern, op)]
        assert matched, f"AGENT_OPERATIONS entry {pattern!r} matches no operation: update it"


def test_live_schema_has_no_server_error_or_schema_violation(
    target: Target, tmp_path: Path
) -> None:
    config = write_config(tmp_path, target.tokens)
    result = subprocess.run(
        schemathesis_command(target.server.base_url, config),
        cwd=tmp_path,  # .hypothesis/ and reports stay out of the tree
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, (
        f"schemathesis failed (seed {SEED}, {MAX_EXAMPLES} examples per operation):\n"
        f"{output[-30000:]}\n--- server log ---\n{target.server.log()[-5000:]}"
    )
    assert f"Tested: {len(target.operations)}" in output, output[-3000:]
