from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import inspect, text

from app.bootstrap import prepare_database
from app.db.migrate import MigrationError, alembic_config, migrate
from app.territory import Territory
from tests.conftest import make_context


def _heads(ctx) -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(ctx.paths.migrations)).get_heads())


def test_fresh_sqlite_database_is_migrated_and_seeded(tmp_path):
    ctx = make_context(tmp_path)
    result = prepare_database(ctx)
    assert result.migration.before == frozenset()
    assert set(result.migration.after) == _heads(ctx)
    assert result.migration.backup is None  # nothing to back up in an empty database
    assert "territorio" in result.seeded
    with ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    names = set(inspect(ctx.engine).get_table_names())
    assert {"app_meta", "territory_municipality", "territory_ambito", "alembic_version"} <= names
    again = prepare_database(ctx)
    assert not again.migration.changed and again.seeded == []
    ctx.dispose()


@pytest.mark.postgres
def test_fresh_postgresql_database_is_migrated_and_seeded(tmp_path, pg_url):
    ctx = make_context(tmp_path, db_url=pg_url)
    result = prepare_database(ctx)
    assert set(result.migration.after) == _heads(ctx)
    assert ctx.engine.dialect.name == "postgresql"
    with ctx.sessions() as session:
        assert len(Territory.load(session)) == 133
    assert prepare_database(ctx).migration.changed is False
    ctx.dispose()


def test_backup_is_taken_before_migrating_an_existing_sqlite_file(tmp_path):
    ctx = make_context(tmp_path)
    cfg = alembic_config(ctx.paths.migrations)
    with ctx.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_foundation")
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('marker', 'before')"))
    if _heads(ctx) == {"0001_foundation"}:
        pytest.fail("no migration after the foundation: this test needs at least one later revision")
    result = migrate(ctx.engine, ctx.paths.migrations, ctx.paths.backup_dir)
    assert result.backup is not None and result.backup.parent == ctx.paths.backup_dir
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_foundation",)]
        assert backup.execute("SELECT value FROM app_meta WHERE key='marker'").fetchone() == ("before",)
    assert set(result.after) == _heads(ctx)
    ctx.dispose()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    ctx = make_context(tmp_path)
    prepare_database(ctx)
    with ctx.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('9999_future')"))
    with pytest.raises(MigrationError, match="versione più recente"):
        migrate(ctx.engine, ctx.paths.migrations, ctx.paths.backup_dir)
    with ctx.engine.connect() as conn:
        assert "9999_future" in {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    ctx.dispose()


def test_fast_heads_reader_agrees_with_alembic(tmp_path):
    from app.db.migrate import scripted_heads

    ctx = make_context(tmp_path)
    assert scripted_heads(ctx.paths.migrations) == _heads(ctx)


def _schema_drift(ctx) -> list:
    """What Alembic's autogenerate finds between the migrated database and every part's models."""
    import importlib
    import pkgutil

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import app
    from app.db.base import Base

    for module in pkgutil.walk_packages(app.__path__, "app."):
        if module.name.endswith(".models"):
            importlib.import_module(module.name)
    prepare_database(ctx)
    with ctx.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)


def test_migrations_build_exactly_the_schema_the_models_declare(tmp_path):
    ctx = make_context(tmp_path)
    try:
        assert _schema_drift(ctx) == []
    finally:
        ctx.dispose()


@pytest.mark.postgres
def test_migrations_build_exactly_the_schema_the_models_declare_on_postgresql(tmp_path, pg_url):
    ctx = make_context(tmp_path, db_url=pg_url)
    try:
        assert _schema_drift(ctx) == []
    finally:
        ctx.dispose()
