"""The statistics store accepts no free text: every string column is held to a closed list by the database.

Inspects the migrated schema (not the models) on SQLite and on a real PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Date, DateTime, Integer, String, create_engine, inspect

from app.bootstrap import prepare_database
from app.stats.vocab import STAGES
from tests.conftest import make_context

STATS_TABLES = {"stats_delivery", "stats_delivery_language", "stats_outcome", "stats_scheduled_access",
                "stats_pushed"}
FORBIDDEN_NAMES = re.compile(r"name|address|indirizzo|nome|case|pratica|note|text|comment|birth|fiscal", re.I)


def free_text_columns(engine) -> list[str]:
    """Every stats_ column that could hold free text: a string with neither a CHECK nor a foreign key."""
    inspector = inspect(engine)
    problems = []
    tables = [t for t in inspector.get_table_names() if t.startswith("stats_")]
    for table in tables:
        checks = [c["sqltext"] for c in inspector.get_check_constraints(table)]
        fks = {col for fk in inspector.get_foreign_keys(table) for col in fk["constrained_columns"]
               if fk["referred_table"] in ("territory_municipality", "stats_delivery")}
        for column in inspector.get_columns(table):
            name, kind = column["name"], column["type"]
            if FORBIDDEN_NAMES.search(name):
                problems.append(f"{table}.{name}: a name that suggests personal data")
            if isinstance(kind, Date | DateTime | Integer):
                continue
            if not isinstance(kind, String):
                problems.append(f"{table}.{name}: type {kind} not allowed")
                continue
            if name in fks:
                continue
            if not any(re.search(rf"\b{re.escape(name)}\b", text) for text in checks):
                problems.append(f"{table}.{name}: free text (no CHECK constraint)")
    return problems


def _check_schema(engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert names >= STATS_TABLES
    assert free_text_columns(engine) == []
    checks = " ".join(c["sqltext"] for c in inspect(engine).get_check_constraints("stats_delivery"))
    assert all(stage in checks for stage in STAGES)
    lang_checks = " ".join(c["sqltext"] for c in inspect(engine).get_check_constraints("stats_delivery_language"))
    assert "length(language" in lang_checks and "ltrim(" in lang_checks  # the shape of a code (0302)
    fks = inspect(engine).get_foreign_keys("stats_outcome")
    assert [(fk["constrained_columns"], fk["referred_table"]) for fk in fks] == [
        (["istat_code"], "territory_municipality")]


def test_sqlite_schema_has_no_free_text_column(ctx):
    _check_schema(ctx.engine)


@pytest.mark.postgres
def test_postgresql_schema_has_no_free_text_column(tmp_path, pg_url):
    context = make_context(tmp_path, db_url=pg_url)
    try:
        prepare_database(context)
        _check_schema(context.engine)
    finally:
        context.dispose()


def test_the_inspection_catches_a_free_text_column(ctx, tmp_path):
    """Guard against a test that cannot fail: a column added without a CHECK is reported."""
    engine = create_engine(f"sqlite:///{tmp_path / 'scratch.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stats_bad (id VARCHAR(36) PRIMARY KEY CHECK (length(id) = 36), "
                             "remark VARCHAR(200), stage VARCHAR(20) CHECK (stage IN ('diffida')))")
    assert free_text_columns(engine) == ["stats_bad.remark: free text (no CHECK constraint)"]
    engine.dispose()
