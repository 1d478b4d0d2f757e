from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from exam_api.core.config import REPO_ROOT
from exam_api.core.db import make_engine
from exam_api.models_registry import metadata


def alembic_config(database_url: str) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    return config


def test_upgrade_to_heads_matches_the_models(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "heads")
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            tables = set(inspect(conn).get_table_names())
        assert {table.name for table in metadata.sorted_tables} <= tables
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_every_table(database_url: str) -> None:
    config = alembic_config(database_url)
    command.upgrade(config, "heads")
    command.downgrade(config, "base")
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_revision_ids_are_short_and_core_is_the_root() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(scripts.walk_revisions())
    assert [rev.revision for rev in revisions if rev.down_revision is None] == ["0001_core"]
    for rev in revisions:
        assert len(rev.revision) <= 32
        assert Path(rev.path).name == f"{rev.revision}.py"
