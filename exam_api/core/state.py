"""Access to what the running app was created with (settings, engine)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from exam_api.core.config import Settings


async def get_app_settings(request: Request) -> Settings:
    """The settings the running app was created with (async: no threadpool hop)."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
