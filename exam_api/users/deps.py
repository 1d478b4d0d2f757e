"""Authentication dependencies: the current user and role checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from exam_api.core.db import SessionDep
from exam_api.core.errors import Forbidden, Unauthorized
from exam_api.core.state import SettingsDep
from exam_api.users.models import ROLE_LABELS, Role, User
from exam_api.users.security import decode_access_token

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_current_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> User:
    """The user of the bearer token, or of the session cookie; 401 otherwise."""
    raw = token or request.cookies.get(settings.session_cookie_name)
    user_id = decode_access_token(raw, settings) if raw else None
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise Unauthorized()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: str) -> Callable[[User], User]:
    """A dependency that lets only the given roles through (403 for the others)."""
    allowed = {Role(role) for role in roles}
    labels = "、".join(ROLE_LABELS[role] for role in Role if role in allowed)

    def check_role(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"此操作仅限{labels}")
        return user

    return check_role


StaffUser = Annotated[User, Depends(require_roles("supervisor", "director"))]
DirectorUser = Annotated[User, Depends(require_roles("director"))]
