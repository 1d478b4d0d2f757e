"""Web sessions and CSRF tokens (no FastAPI here).

The cookie holds a random token; the table holds its SHA-256. A CSRF token is an HMAC of the
session token (or, before login, of a random pre-session cookie) under the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, delete

from exam_api.core.models import utcnow
from exam_api.users.models import User
from exam_api.web.models import WebSession

SESSION_HOURS = 10  # one working shift plus slack; sliding renewal is not needed for a shift


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start_session(session: Session, user: User, now: datetime | None = None) -> str:
    """Create a session for ``user`` and return the cookie value."""
    assert user.id is not None
    moment = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = WebSession(
        id=_digest(token),
        user_id=user.id,
        created_at=moment,
        expires_at=moment + timedelta(hours=SESSION_HOURS),
    )
    session.exec(delete(WebSession).where(col(WebSession.expires_at) < moment))  # type: ignore[call-overload]
    session.add(row)
    session.commit()
    return token


def session_user(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user of a live session, or ``None``."""
    if not token or len(token) > 128:
        return None
    row = session.get(WebSession, _digest(token))
    if row is None or _aware(row.expires_at) <= (now or utcnow()):
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def end_session(session: Session, token: str) -> None:
    """Delete the session: its cookie no longer opens any page."""
    session.exec(delete(WebSession).where(col(WebSession.id) == _digest(token)))  # type: ignore[call-overload]
    session.commit()


def csrf_token(secret: str, key: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{key}".encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: str, key: str | None, token: str | None) -> bool:
    if not key or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, key), token)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)
