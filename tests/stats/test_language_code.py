"""A delivery in a language that arrived by sync is counted; the language column still holds only a code.

Languages are data (``content.toml``), so the statistics check the shape of a code (``vocab.LANGUAGE_CODE``)
in Python and in the database, instead of a list of 14. Migration 0302 changes an existing database without
losing its rows, on SQLite (table rebuilt) and PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DataError, IntegrityError

from app.bootstrap import prepare_database
from app.db.migrate import alembic_config, migrate
from app.leaflets.languages import CODE_PATTERN, codes
from app.stats.events import StatsInputError, record_delivery
from app.stats.models import DeliveryLanguage
from app.stats.period import parse_period
from app.stats.report import build_report
from app.stats.vocab import LANGUAGE_CODE, is_language_code
from app.territory import Territory
from tests.conftest import make_context

MILANO = "015146"
NOT_CODES = ("Mario Rossi", "xx1", "RU", "zh_hans", "zh_HANS", "", "r", "russo", "ru_", "ru-RU", "abcd", "a_Latn",
             "ru Cyrl", "via Roma 1")


def test_the_statistics_accept_the_same_codes_as_the_leaflets():
    assert LANGUAGE_CODE.pattern == CODE_PATTERN  # the two parts may not import each other: kept equal here
    assert all(is_language_code(code) for code in (*codes(), "pl", "fil", "sr_Latn"))
    assert not any(is_language_code(value) for value in (*NOT_CODES, None, 7))


def test_a_delivery_in_a_new_language_is_recorded_and_free_text_is_refused(ctx):
    with ctx.sessions.begin() as session:
        event = record_delivery(session, stage="accesso", istat_code=MILANO, languages=["it", "ru", "pl"],
                                workstation="w")
    with ctx.sessions() as session:
        stored = session.scalars(select(DeliveryLanguage.language).where(DeliveryLanguage.delivery_id == event))
        assert sorted(stored) == ["it", "pl", "ru"]
    for value in ("Mario Rossi", "russo", "RU"):
        with pytest.raises(StatsInputError, match="Lingua non valida"), ctx.sessions.begin() as session:
            record_delivery(session, stage="accesso", istat_code=MILANO, languages=["it", value], workstation="w")


def _database_refuses_what_is_not_a_code(engine, event_id: str, language: str) -> None:
    """Rewrite one language row of ``event_id`` straight in SQL: free text fails, any code passes."""
    update = text("UPDATE stats_delivery_language SET language = :v WHERE delivery_id = :id AND language = :old")
    for value in NOT_CODES:  # PostgreSQL refuses the longest already for the column's length (10)
        with pytest.raises((IntegrityError, DataError)), engine.begin() as conn:
            conn.execute(update, {"v": value, "id": event_id, "old": language})
    for value in ("ru", "fil", "sr_Latn"):
        with engine.begin() as conn:
            assert conn.execute(update, {"v": value, "id": event_id, "old": language}).rowcount == 1
        language = value


def test_the_database_checks_the_shape_of_the_code(ctx):
    with ctx.sessions.begin() as session:
        event = record_delivery(session, stage="diffida", istat_code=MILANO, languages=["ar"], workstation="w")
    _database_refuses_what_is_not_a_code(ctx.engine, event, "ar")


def _upgrade_keeps_rows_and_changes_the_check(context) -> None:
    """A database at 0301 (the 14-language list) with deliveries, migrated: rows kept, new codes accepted."""
    cfg = alembic_config(context.paths.migrations)
    with context.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0301_stats_trend_index")
        conn.execute(text("INSERT INTO territory_ambito (id, name, capofila_verified) VALUES (1, 'Milano', true)"))
        conn.execute(text("INSERT INTO territory_municipality (istat_code, name, search_key, ambito_id, "
                          "ambito_verified, tribunale_verified) VALUES (:c, 'Milano', 'milano', 1, true, true)"),
                     {"c": MILANO})
        conn.execute(text("INSERT INTO stats_delivery (id, day, recorded_at, stage, istat_code, mode, cause, "
                          "workstation) VALUES (:id, :d, :d, 'accesso', :c, 'in_person', 'unknown', "
                          "'0123456789ab')"), {"id": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                                               "d": date(2026, 11, 2), "c": MILANO})
        for lang in ("it", "uk"):
            conn.execute(text("INSERT INTO stats_delivery_language (delivery_id, language, day, istat_code) "
                              "VALUES (:id, :l, :d, :c)"), {"id": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                                                             "l": lang, "d": date(2026, 11, 2), "c": MILANO})
        with pytest.raises(IntegrityError), conn.begin_nested():  # before: Russian is not among the 14
            conn.execute(text("UPDATE stats_delivery_language SET language = 'ru' WHERE language = 'uk'"))
    migrate(context.engine, context.paths.migrations, context.paths.backup_dir)
    with context.engine.connect() as conn:
        rows = conn.execute(text("SELECT language, day, istat_code FROM stats_delivery_language ORDER BY language"))
        assert [(r[0], str(r[1]), r[2]) for r in rows] == [("it", "2026-11-02", MILANO), ("uk", "2026-11-02", MILANO)]
    table = inspect(context.engine)
    checks = " ".join(c["sqltext"] for c in table.get_check_constraints("stats_delivery_language"))
    assert "ltrim(" in checks and "'uk'" not in checks
    indexes = {i["name"] for i in table.get_indexes("stats_delivery_language")}
    assert {"ix_stats_delivery_language_day", "ix_stats_delivery_language_groups"} <= indexes
    fks = {fk["referred_table"] for fk in table.get_foreign_keys("stats_delivery_language")}
    assert fks == {"stats_delivery", "territory_municipality"}
    _database_refuses_what_is_not_a_code(context.engine, "0" * 8 + "-0000-0000-0000-" + "0" * 12, "uk")


def test_sqlite_upgrade_keeps_the_deliveries(tmp_path):
    context = make_context(tmp_path)
    try:
        _upgrade_keeps_rows_and_changes_the_check(context)
    finally:
        context.dispose()


@pytest.mark.postgres
def test_postgresql_upgrade_keeps_the_deliveries(tmp_path, pg_url):
    context = make_context(tmp_path, db_url=pg_url)
    try:
        _upgrade_keeps_rows_and_changes_the_check(context)
    finally:
        context.dispose()


def test_the_report_has_a_column_for_each_language_delivered(tmp_path):
    context = make_context(tmp_path)
    prepare_database(context)
    try:
        with context.sessions.begin() as session:
            for langs in (["it", "ru"], ["it", "ar"], ["it", "ru"]):
                record_delivery(session, stage="precetto", istat_code=MILANO, languages=langs, workstation="w",
                                when=date(2026, 11, 3))
        with context.sessions() as session:
            report = build_report(session, Territory.load(session), parse_period("2026-11"), level="ambito", k=2,
                                  office="UNEP di prova")
        labels = [label for _, label in report.languages.cols]
        assert labels[0] == "italiano" and {"russo", "arabo"} <= set(labels)
    finally:
        context.dispose()
