from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.users.models import User
from exam_api.web.models import WebSession
from tests.web.conftest import Cast, csrf_of, login, page_csrf


def test_login_page_is_chinese_and_sets_a_pre_session_csrf_cookie(client: TestClient) -> None:
    response = client.get("/portal/login")
    assert response.status_code == 200
    assert "登录客服部门户" in response.text and 'lang="zh-CN"' in response.text
    assert "kefu_csrf" in response.cookies
    assert 'name="csrf_token"' in response.text


def test_login_sets_an_httponly_lax_session_cookie_and_opens_home(
    client: TestClient, cast: Cast
) -> None:
    token = page_csrf(client)
    response = client.post(
        "/portal/login",
        data={"username": "chenxiao", "password": "correct-horse-battery", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/portal/"
    cookie = response.headers["set-cookie"]
    assert "kefu_portal=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    home = client.get("/portal/")
    assert home.status_code == 200 and "陈晓，您好" in home.text


def test_wrong_password_rerenders_the_form(client: TestClient, cast: Cast) -> None:
    token = page_csrf(client)
    response = client.post(
        "/portal/login",
        data={"username": "chenxiao", "password": "nope-nope-nope", "csrf_token": token},
    )
    assert response.status_code == 200
    assert "用户名或密码错误" in response.text
    assert "kefu_portal" not in response.cookies


def test_login_without_csrf_token_is_refused(client: TestClient, cast: Cast) -> None:
    client.get("/portal/login")
    response = client.post(
        "/portal/login", data={"username": "chenxiao", "password": "correct-horse-battery"}
    )
    assert response.status_code == 403
    assert "页面已过期" in response.text
    assert client.get("/portal/", follow_redirects=False).status_code == 303


def test_login_with_a_forged_csrf_token_is_refused(client: TestClient, cast: Cast) -> None:
    client.get("/portal/login")
    response = client.post(
        "/portal/login",
        data={"username": "chenxiao", "password": "correct-horse-battery", "csrf_token": "0" * 64},
    )
    assert response.status_code == 403


def test_anonymous_page_visit_redirects_to_login_and_back(client: TestClient, cast: Cast) -> None:
    response = client.get("/portal/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/portal/login?next=%2Fportal%2F"
    token = page_csrf(client, response.headers["location"])
    posted = client.post(
        "/portal/login",
        data={
            "username": "chenxiao",
            "password": "correct-horse-battery",
            "csrf_token": token,
            "next": "/portal/",
        },
        follow_redirects=False,
    )
    assert posted.headers["location"] == "/portal/"


def test_login_never_redirects_off_the_portal(client: TestClient, cast: Cast) -> None:
    for target in ["https://evil.example/", "//evil.example/", "/api/v1/users", "/portal\\x"]:
        token = page_csrf(client)
        response = client.post(
            "/portal/login",
            data={
                "username": "chenxiao",
                "password": "correct-horse-battery",
                "csrf_token": token,
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/portal/"
        client.cookies.clear()


def test_logout_ends_the_session_even_for_a_copied_cookie(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, "chenxiao")
    stolen = client.cookies.get("kefu_portal")
    assert stolen
    token = csrf_of(client.get("/portal/").text)
    response = client.post("/portal/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and "out=1" in response.headers["location"]
    assert session.exec(select(WebSession)).all() == []
    client.cookies.clear()
    client.cookies.set("kefu_portal", stolen)
    assert client.get("/portal/", follow_redirects=False).status_code == 303


def test_logout_without_csrf_is_refused_and_keeps_the_session(
    client: TestClient, cast: Cast
) -> None:
    login(client, "chenxiao")
    assert client.post("/portal/logout", data={}).status_code == 403
    assert client.get("/portal/").status_code == 200


def test_the_session_cookie_is_not_an_api_token(client: TestClient, cast: Cast) -> None:
    login(client, "chenxiao")
    assert client.get("/api/v1/users/me").status_code == 401


def test_deactivated_user_loses_the_session(
    client: TestClient, cast: Cast, session: Session, logged_in: Callable[[User], TestClient]
) -> None:
    logged_in(cast.agent)
    cast.agent.is_active = False
    session.add(cast.agent)
    session.commit()
    assert client.get("/portal/", follow_redirects=False).status_code == 303


def test_error_pages_are_chinese_html_and_api_errors_stay_json(
    client: TestClient, cast: Cast
) -> None:
    login(client, "chenxiao")
    page = client.get("/portal/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.text
    assert page.headers["content-type"].startswith("text/html")
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["error"] == "not_found"


def test_logged_in_visit_to_login_goes_home(client: TestClient, cast: Cast) -> None:
    login(client, "chenxiao")
    response = client.get("/portal/login", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/portal/"
