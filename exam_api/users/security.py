"""Password hashing (Argon2 via pwdlib) and short-lived JWT access tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from starlette.responses import Response

from exam_api.core.config import Settings

password_hash = PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    return password_hash.verify(password, hashed)


@lru_cache
def dummy_hash() -> str:
    """A real Argon2 hash to verify against when the user does not exist (equal timing)."""
    return password_hash.hash("kefu-dummy-password-for-timing")


def create_access_token(user_id: int, settings: Settings, now: datetime | None = None) -> str:
    """A signed bearer token for ``user_id`` that expires after the configured minutes."""
    issued = now or datetime.now(UTC)
    payload = {
        "sub": str(user_id),
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.access_token_minutes),
        "typ": "access",
    }
    return jwt.encode(payload, settings.secret_key, algorithm=settings.jwt_algorithm)


def decode_access_token(token: str, settings: Settings) -> int | None:
    """The user id in a valid, unexpired access token; ``None`` for anything else."""
    try:
        payload = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.jwt_algorithm],
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError:
        return None
    sub = payload.get("sub")
    if payload.get("typ") != "access" or not isinstance(sub, str) or not sub.isdigit():
        return None
    return int(sub)


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """Put the access token in an HttpOnly, SameSite=Lax cookie (for the web pages)."""
    response.set_cookie(
        settings.session_cookie_name,
        token,
        max_age=settings.access_token_minutes * 60,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(settings.session_cookie_name, path="/")
