"""Settings of the exam service (environment variables ``KEFU_EXAM_*``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ExamSettings(BaseSettings):
    """Exam settings; the app may override them with ``app.state.exam_settings``."""

    model_config = SettingsConfigDict(env_prefix="KEFU_EXAM_", extra="ignore")

    # How often the background sweep submits attempts whose deadline has passed (0 = off).
    sweep_interval_seconds: float = Field(default=30.0, ge=0, le=3600)
    sweep_batch_size: int = Field(default=200, ge=1, le=10_000)
    # A question whose discrimination index is below this is flagged (Moodle: < 0.2 is weak).
    poor_discrimination: float = Field(default=0.2, ge=-1, le=1)
    # Number of bins of the score distribution (equal widths of the percentage range).
    distribution_bins: int = Field(default=10, ge=2, le=100)


@lru_cache
def get_exam_settings() -> ExamSettings:
    return ExamSettings()
