from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from exam_api.users.models import Role, User
from tests.conftest import TEST_PASSWORD


def login(client: TestClient, username: str, password: str) -> Any:
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


def test_login_returns_a_bearer_token_that_opens_me(
    client: TestClient, make_user: Callable[..., User]
) -> None:
    make_user("wangfang", Role.agent, display_name="王芳")
    response = login(client, "wangfang", TEST_PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 30 * 60
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "wangfang" and me.json()["display_name"] == "王芳"
    assert "hashed_password" not in me.json()


@pytest.mark.parametrize(
    ("username", "password"),
    [("wangfang", "wrong-password"), ("nobody", TEST_PASSWORD), ("wang\x00fang", TEST_PASSWORD)],
)
def test_bad_credentials_are_401_in_the_shape(
    client: TestClient, make_user: Callable[..., User], username: str, password: str
) -> None:
    make_user("wangfang")
    response = login(client, username, password)
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_credentials",
        "detail": "用户名或密码错误",
        "rule": None,
    }


def test_inactive_user_cannot_log_in(client: TestClient, make_user: Callable[..., User]) -> None:
    make_user("left", is_active=False)
    assert login(client, "left", TEST_PASSWORD).status_code == 401


def test_token_of_a_deactivated_user_stops_working(
    client: TestClient,
    session: Any,
    make_user: Callable[..., User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    user = make_user("soon-gone")
    headers = auth_headers(user)
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    user.is_active = False
    session.add(user)
    session.commit()
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}]
)
def test_me_without_a_valid_token_is_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_session_cookie_carries_the_same_token(
    client: TestClient, make_user: Callable[..., User], app_settings: Any
) -> None:
    make_user("cookie-user")
    token = login(client, "cookie-user", TEST_PASSWORD).json()["access_token"]
    client.cookies.set(app_settings.session_cookie_name, token)
    assert client.get("/api/v1/users/me").json()["username"] == "cookie-user"


def test_login_form_requires_both_fields(client: TestClient) -> None:
    response = client.post("/api/v1/auth/token", data={"username": "x"})
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
