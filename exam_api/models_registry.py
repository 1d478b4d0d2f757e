"""Imports every domain's table models so ``SQLModel.metadata`` is complete.

Alembic's env.py and the tests import this module. Each domain adds ONE import line.
"""

from __future__ import annotations

from sqlmodel import SQLModel

import exam_api.core.models  # naming convention before any table
import exam_api.users.models  # noqa: F401
import exam_api.web.models  # noqa: F401

metadata = SQLModel.metadata
