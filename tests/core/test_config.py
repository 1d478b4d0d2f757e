from __future__ import annotations

import pytest

from exam_api.core.config import DEFAULT_SECRET_KEY, ConfigError, load_settings


@pytest.mark.parametrize("env", ["development", "test"])
def test_default_secret_is_accepted_in_development_and_test(env: str) -> None:
    assert load_settings(env=env).secret_key == DEFAULT_SECRET_KEY


def test_default_secret_is_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(env="production", secret_key=DEFAULT_SECRET_KEY)


def test_short_secret_is_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="至少需要 32 个字符"):
        load_settings(env="production", secret_key="short")


def test_production_with_a_real_secret_starts() -> None:
    settings = load_settings(env="production", secret_key="x" * 40)
    assert settings.env == "production"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("KEFU_ACCESS_TOKEN_MINUTES", "5")
    settings = load_settings()
    assert settings.database_url == "postgresql://u@h/db"
    assert settings.access_token_minutes == 5
    assert not settings.is_sqlite


def test_default_database_is_a_sqlite_file_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KEFU_DATABASE_URL", raising=False)
    url = load_settings().database_url
    assert url.startswith("sqlite:///") and url.endswith("/data/kefu.db")


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(ConfigError):
        load_settings(env="staging")
