"""What a decision is made under: the policy the app enforces and the department's date."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends

from exam_api.core.state import SettingsDep
from exam_api.policy import Policy, load_policy

DEPARTMENT_TZ = ZoneInfo("Asia/Shanghai")


@lru_cache(maxsize=8)
def policy_at(path: Path) -> Policy:
    """The validated policy file at ``path`` (read once per path)."""
    return load_policy(path)


async def get_app_policy(settings: SettingsDep) -> Policy:
    """The policy of the running app: ``settings.policy_path`` (env ``KEFU_POLICY_PATH``),
    read when the app starts (async: no threadpool hop)."""
    return policy_at(settings.policy_path)


def department_today() -> date:
    """Today's calendar date where the department works (leave notice counts calendar days)."""
    return datetime.now(DEPARTMENT_TZ).date()


async def get_today() -> date:
    return department_today()


PolicyDep = Annotated[Policy, Depends(get_app_policy)]
TodayDep = Annotated[date, Depends(get_today)]
