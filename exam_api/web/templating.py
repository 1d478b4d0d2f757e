"""Jinja2 environment and the one ``render`` helper every page uses."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from exam_api.policy import get_policy
from exam_api.users.models import ROLE_LABELS
from exam_api.web import sessions
from exam_api.web.nav import PORTAL, nav_for

HERE = Path(__file__).parent
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
NONCE_COOKIE = "kefu_csrf"
SESSION_COOKIE = "kefu_portal"

templates = Jinja2Templates(directory=HERE / "templates")


def rule_url(rule_id: str) -> str:
    return get_policy().rule_url(rule_id)


def rule_title(rule_id: str) -> str:
    return get_policy().rule_title(rule_id)


def local_time(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A UTC moment shown in the department's time zone (naive values are UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(LOCAL_TZ).strftime(fmt)


def short_date(day: date | None) -> str:
    return day.strftime("%Y-%m-%d") if day else ""


templates.env.globals.update(
    rule_url=rule_url, rule_title=rule_title, PORTAL=PORTAL, ROLE_LABELS=ROLE_LABELS
)
templates.env.filters.update(local_time=local_time, short_date=short_date)


def mounted_paths(request: Request) -> frozenset[str]:
    """GET page paths the app serves (the navigation only shows pages that exist)."""
    paths: frozenset[str] = getattr(request.app.state, "portal_paths", frozenset())
    return paths


def csrf_key(request: Request) -> tuple[str, bool]:
    """The value CSRF tokens are bound to, and whether a new pre-session nonce was made."""
    session_token = getattr(request.state, "session_token", None)
    if session_token:
        return session_token, False
    nonce = request.cookies.get(NONCE_COOKIE)
    if nonce and 16 <= len(nonce) <= 64:
        return nonce, False
    return sessions.new_nonce(), True


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page with the user, the role's navigation and a CSRF token."""
    user = getattr(request.state, "user", None)  # a deps.Viewer
    key, fresh = csrf_key(request)
    secret = request.app.state.settings.secret_key
    base = {
        "user": user,
        "nav": nav_for(user.role, mounted_paths(request)) if user else [],
        "csrf_token": sessions.csrf_token(secret, key),
        "current_path": request.url.path,
    }
    response = templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code
    )
    if fresh:
        set_nonce_cookie(response, key, request)
    response.headers["Cache-Control"] = "no-store"
    return response


def set_nonce_cookie(response: Any, nonce: str, request: Request) -> None:
    response.set_cookie(
        NONCE_COOKIE,
        nonce,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookie_secure,
        path=PORTAL,
    )
