"""Helpers for page tests: log in through the form, read CSRF tokens, a user per role."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from exam_api.users.models import Role, Team, User
from tests.conftest import TEST_PASSWORD

CSRF_RE = re.compile(r'name="csrf-token" content="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def page_csrf(client: TestClient, path: str = "/portal/login") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    return csrf_of(response.text)


def login(client: TestClient, username: str, password: str = TEST_PASSWORD) -> None:
    token = page_csrf(client)
    response = client.post(
        "/portal/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


@dataclass
class Cast:
    """One user per role in one team (plus a second agent and another team's supervisor)."""

    team: Team
    agent: User
    agent2: User
    supervisor: User
    other_supervisor: User
    director: User

    def by_role(self, role: str) -> User:
        return {"agent": self.agent, "supervisor": self.supervisor, "director": self.director}[role]


@pytest.fixture
def cast(make_user: Callable[..., User], make_team: Callable[..., Team]) -> Cast:
    supervisor = make_user("wangzg", Role.supervisor, display_name="王主管")
    team = make_team("客服一组", supervisor)
    other = make_user("lizg", Role.supervisor, display_name="李主管")
    make_team("客服二组", other)
    return Cast(
        team=team,
        agent=make_user("chenxiao", Role.agent, team=team, display_name="陈晓"),
        agent2=make_user("liuyang", Role.agent, team=team, display_name="刘洋"),
        supervisor=supervisor,
        other_supervisor=other,
        director=make_user("zhouzj", Role.director, display_name="周总监"),
    )


@pytest.fixture
def logged_in(client: TestClient) -> Callable[[User], TestClient]:
    """Log the shared client in as a user (through the login form)."""

    def as_user(user: User) -> TestClient:
        login(client, user.username)
        return client

    return as_user
