"""Shared model helpers: metadata naming convention and text-field types.

Import this module before defining table models so constraint names are deterministic
(Alembic migrations and PostgreSQL rely on them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

# Text that may be stored: no NUL (PostgreSQL text cannot hold it).
# Use as ``Field(schema_extra={"pattern": NO_NUL_PATTERN})``: SQLModel ignores ``regex=``.
NO_NUL_PATTERN = r"^[^\x00]*$"
MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; bound path ids with ``le=MAX_ID``


def utcnow() -> datetime:
    """Timezone-aware now in UTC."""
    return datetime.now(UTC)
