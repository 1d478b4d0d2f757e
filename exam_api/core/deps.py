"""Dependencies shared by every router, re-exported in one place."""

from __future__ import annotations

from fastapi import Path

from exam_api.core.db import SessionDep
from exam_api.core.models import MAX_ID
from exam_api.core.state import SettingsDep, get_app_settings
from exam_api.users.deps import (
    CurrentUser,
    DirectorUser,
    StaffUser,
    require_roles,
)


def id_path(description: str) -> object:
    """A path id bounded to the 32-bit range: ``item_id: Annotated[int, id_path("…")]``."""
    return Path(ge=1, le=MAX_ID, description=description)


__all__ = [
    "CurrentUser",
    "DirectorUser",
    "SessionDep",
    "SettingsDep",
    "StaffUser",
    "get_app_settings",
    "id_path",
    "require_roles",
]
