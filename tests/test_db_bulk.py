"""app.db.bulk.executemany against Core's own executemany, on SQLite and on PostgreSQL: the same rows stored."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, insert, select, text

from app.db.bulk import executemany
from tests.conftest import make_context

COLUMNS = ("code", "label", "data", "day", "at", "flag")


def _tables() -> tuple[MetaData, Table, Table, Table]:
    metadata = MetaData()

    def table(name: str) -> Table:
        return Table(name, metadata, Column("id", Integer, primary_key=True), Column("code", String(20), unique=True),
                     Column("label", String(200)), Column("data", JSON), Column("day", Date, nullable=True),
                     Column("at", DateTime), Column("flag", Boolean))

    defaulted = Table("bulk_defaulted", metadata, Column("id", Integer, primary_key=True), Column("code", String(20)),
                      Column("made", DateTime, default=datetime.now))
    return metadata, table("bulk_fast"), table("bulk_core"), defaulted


ROWS = [(f"c{i:04d}", f"Servizio «{i}» àèì 'quoted'", {"phones": [f"+3902{i}"], "hours": [{"days": [0, 2]}], "n": i},
         date(2026, 1, 1 + i % 28) if i % 3 else None, datetime(2026, 11, 30, 9, i % 60), bool(i % 2))
        for i in range(1200)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    if request.param == "sqlite":
        context = make_context(tmp_path)
    else:
        context = make_context(tmp_path, db_url=request.getfixturevalue("pg_url"))
    metadata, fast, core, defaulted = _tables()
    metadata.create_all(context.engine)
    yield context, fast, core, defaulted
    context.dispose()


def _stored(conn, table: Table) -> list[tuple]:
    # Raw values as the database holds them (JSON text or jsonb, date text or DATE), not re-read through the types
    return list(conn.execute(text(f"SELECT code, label, data, day, at, flag FROM {table.name} ORDER BY code")))


def test_rows_are_stored_as_cores_executemany_stores_them_and_updated_by_key(database):
    ctx, fast, core, _ = database
    with ctx.sessions.begin() as session:
        executemany(session, fast, COLUMNS, ROWS)
        session.execute(insert(core), [dict(zip(COLUMNS, row, strict=True)) for row in ROWS])
    with ctx.engine.connect() as conn:
        assert _stored(conn, fast) == _stored(conn, core) and len(_stored(conn, fast)) == 1200
        ids = dict(conn.execute(select(fast.c.code, fast.c.id)).all())
    changed = [(f"nuovo {i}", {"n": -i}, None, datetime(2027, 1, 1), False, ids[f"c{i:04d}"]) for i in range(0, 1200, 7)]
    with ctx.sessions.begin() as session:
        executemany(session, fast, ("label", "data", "day", "at", "flag", "id"), changed, update_by="id")
    with ctx.engine.connect() as conn:
        by_code = {row.code: row for row in conn.execute(select(fast))}
    for i in range(1200):
        row = by_code[f"c{i:04d}"]
        if i % 7 == 0:
            assert (row.label, row.data, row.day, row.at, row.flag) == (f"nuovo {i}", {"n": -i}, None,
                                                                       datetime(2027, 1, 1), False)
        else:
            assert (row.label, row.data, row.day, row.at, row.flag) == ROWS[i][1:]
            assert row.id == ids[row.code]


def test_a_column_the_rows_do_not_give_is_refused_not_left_empty(database):
    ctx, fast, _, defaulted = database
    with ctx.sessions() as session:
        with pytest.raises(ValueError, match="made"):  # Core would fill it row by row from its Python default
            executemany(session, defaulted, ("code",), [("a",), ("b",)])
        with pytest.raises(ValueError, match="last column"):
            executemany(session, fast, ("id", "label"), [(1, "x")], update_by="id")
        executemany(session, fast, COLUMNS, [])  # nothing to write: no statement at all
        assert session.scalar(select(fast.c.id)) is None
