"""Page dependencies: the logged-in user with a role check, and CSRF verification."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm.attributes import set_committed_value

from exam_api.core.db import SessionDep
from exam_api.core.errors import Forbidden, KefuError
from exam_api.users.models import ROLE_LABELS, Role, User
from exam_api.web import sessions
from exam_api.web.nav import AGENT, DIRECTOR, EVERYONE, STAFF, SUPERVISOR
from exam_api.web.templating import NONCE_COOKIE, SESSION_COOKIE

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, as the templates need it (survives a rolled-back session)."""

    id: int
    username: str
    display_name: str
    role: Role


class LoginRequired(Exception):
    """No live session: the page handler redirects to the login page."""


class CsrfRefused(KefuError):
    def __init__(self) -> None:
        super().__init__("csrf_failed", "页面已过期或请求来源不明，请刷新页面后重试", 403)


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The user of the session cookie (also kept on ``request.state`` for rendering)."""
    token = request.cookies.get(SESSION_COOKIE)
    user = sessions.session_user(session, token) if token else None
    if user is not None:
        # The column is a plain string; services compare ``user.role.value`` (not dirtying it).
        set_committed_value(user, "role", Role(user.role))
        request.state.user = Viewer(user.id or 0, user.username, user.display_name, user.role)
        request.state.session_token = token
    return user


def page_user(roles: frozenset[Role]) -> Callable[..., User]:
    """A dependency that lets the given roles in, redirects anonymous visitors to log in."""
    labels = "、".join(ROLE_LABELS[role] for role in Role if role in roles)

    def check(user: Annotated[User | None, Depends(optional_user)]) -> User:
        if user is None:
            raise LoginRequired()
        if user.role not in roles:
            raise Forbidden(f"此页面仅限{labels}使用")
        return user

    return check


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token does not match its session."""
    token = request.headers.get(CSRF_HEADER)
    if token is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    secret = request.app.state.settings.secret_key
    keys = (request.cookies.get(SESSION_COOKIE), request.cookies.get(NONCE_COOKIE))
    if not any(sessions.csrf_valid(secret, key, token) for key in keys):
        raise CsrfRefused()


Csrf = Depends(verify_csrf)
AnyUser = Annotated[User, Depends(page_user(EVERYONE))]
AgentUser = Annotated[User, Depends(page_user(AGENT))]
StaffPageUser = Annotated[User, Depends(page_user(STAFF))]
SupervisorPageUser = Annotated[User, Depends(page_user(SUPERVISOR))]
DirectorPageUser = Annotated[User, Depends(page_user(DIRECTOR))]
