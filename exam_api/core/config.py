"""Settings from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET_KEY = "change-me-development-only"
DEV_ENVS = ("development", "test")


class ConfigError(RuntimeError):
    """The environment holds a setting the service refuses to start with."""


def _default_database_url() -> str:
    return f"sqlite:///{REPO_ROOT / 'data' / 'kefu.db'}"


class Settings(BaseSettings):
    """Every setting of the service; read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="KEFU_", extra="ignore", validate_by_name=True)

    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default_factory=_default_database_url,
        validation_alias=AliasChoices("DATABASE_URL", "KEFU_DATABASE_URL"),
    )
    secret_key: str = Field(
        default=DEFAULT_SECRET_KEY,
        validation_alias=AliasChoices("SECRET_KEY", "KEFU_SECRET_KEY"),
    )
    access_token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    session_cookie_name: str = "kefu_session"
    cookie_secure: bool = False
    site_dir: Path = REPO_ROOT / "site"
    policy_path: Path = REPO_ROOT / "handbook" / "policy.yaml"

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env not in DEV_ENVS and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError(
                f"运行环境为 {self.env} 时必须通过环境变量 SECRET_KEY 设置密钥，不能使用默认值"
            )
        if self.env not in DEV_ENVS and len(self.secret_key) < 32:
            raise ValueError("SECRET_KEY 过短：生产环境的密钥至少需要 32 个字符")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning a validation failure into one clear startup error."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages = "；".join(str(err["msg"]).removeprefix("Value error, ") for err in exc.errors())
        raise ConfigError(f"配置错误：{messages}") from None


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached)."""
    return load_settings()
