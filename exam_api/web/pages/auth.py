"""Log in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from exam_api.core.db import SessionDep
from exam_api.users import service as users
from exam_api.users.models import User
from exam_api.web import sessions
from exam_api.web.deps import Csrf, optional_user
from exam_api.web.nav import PORTAL
from exam_api.web.templating import NONCE_COOKIE, SESSION_COOKIE, render

router = APIRouter(include_in_schema=False)
HOME = f"{PORTAL}/"


def safe_next(target: str | None) -> str:
    """Only portal paths on this site: no open redirect."""
    if not target or "\\" in target or "//" in target or "\x00" in target:
        return HOME
    if target == PORTAL or target.startswith(PORTAL + "/"):
        return target
    return HOME


@router.get("/login")
def show_login_page(
    request: Request,
    user: Annotated[User | None, Depends(optional_user)],
    next: str | None = None,
    out: int = 0,
) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    notice = "您已安全退出登录" if out else None
    return render(request, "login.html", {"next": safe_next(next), "notice": notice})


@router.post("/login", dependencies=[Csrf])
def log_in(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=500)] = HOME,
) -> Response:
    user = users.authenticate(session, username.strip(), password)
    if user is None:
        context = {"next": safe_next(next), "error": "用户名或密码错误", "username": username}
        return render(request, "login.html", context)  # a form re-shown, not an error page
    token = sessions.start_session(session, user)
    response = RedirectResponse(safe_next(next), status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=sessions.SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    response.delete_cookie(NONCE_COOKIE, path=PORTAL)
    return response


@router.post("/logout", dependencies=[Csrf])
def log_out(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sessions.end_session(session, token)
    response = RedirectResponse(f"{PORTAL}/login?out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
