"""Imports every domain's table models so ``SQLModel.metadata`` is complete.

Alembic's env.py and the tests import this module. Each domain adds ONE import line.
"""

from __future__ import annotations

from sqlmodel import SQLModel

import exam_api.audit.models
import exam_api.core.models  # naming convention before any table
import exam_api.exams.models
import exam_api.kpi.models
import exam_api.leave.models
import exam_api.roster.models
import exam_api.swaps.models
import exam_api.users.models
import exam_api.web.models  # noqa: F401

metadata = SQLModel.metadata
