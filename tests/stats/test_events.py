"""Recording and undoing events on a real, migrated SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.stats.events import (
    UNDO_WINDOW,
    StatsInputError,
    record_delivery,
    record_outcome,
    schedule_access,
    undo_delivery,
)
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.vocab import workstation_token

MILANO = "015146"


def test_record_delivery_stores_closed_values_and_languages(ctx):
    with ctx.sessions.begin() as session:
        event_id = record_delivery(session, stage="precetto", istat_code=MILANO, languages=["ar", "it", "ar"],
                                   mode="attached_to_act", cause="arrears", workstation="PC-UNEP-07",
                                   when=date(2026, 10, 3))
    with ctx.sessions() as session:
        row = session.get(Delivery, event_id)
        assert (row.stage, row.istat_code, row.mode, row.cause, row.day) == (
            "precetto", MILANO, "attached_to_act", "arrears", date(2026, 10, 3))
        assert row.workstation == workstation_token("PC-UNEP-07") and "PC" not in row.workstation
        langs = session.scalars(select(DeliveryLanguage.language).where(DeliveryLanguage.delivery_id == event_id))
        assert sorted(langs) == ["ar", "it"]


@pytest.mark.parametrize("field, value", [("stage", "sfratto"), ("mode", "by_pigeon"), ("cause", "Rossi"),
                                          ("languages", ["Rossi"]), ("istat_code", "999999"), ("languages", [])])
def test_bad_values_are_refused_with_italian_message_and_nothing_stored(ctx, field, value):
    kwargs = dict(stage="diffida", istat_code=MILANO, languages=["it"], workstation="w")
    kwargs[field] = value
    with pytest.raises(StatsInputError) as info, ctx.sessions.begin() as session:
        record_delivery(session, **kwargs)
    assert any(word in str(info.value) for word in ("non valid", "sconosciuto", "almeno"))
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_database_itself_refuses_values_outside_the_lists(ctx):
    with ctx.sessions.begin() as session:
        event_id = record_delivery(session, stage="diffida", istat_code=MILANO, languages=["it"], workstation="w")
    for statement in (
        "UPDATE stats_delivery SET stage = 'Mario Rossi, via Roma 1' WHERE id = :id",
        "UPDATE stats_delivery SET workstation = 'not-a-token!' WHERE id = :id",
        "UPDATE stats_delivery_language SET language = 'Mario Rossi' WHERE delivery_id = :id",
    ):
        with pytest.raises(IntegrityError), ctx.engine.begin() as conn:
            conn.exec_driver_sql(statement.replace(":id", "?"), (event_id,))


def test_undo_within_window_only(ctx):
    with ctx.sessions.begin() as session:
        first = record_delivery(session, stage="accesso", istat_code=MILANO, languages=["en", "it"], workstation="w")
        second = record_delivery(session, stage="accesso", istat_code=MILANO, languages=["it"], workstation="w")
    with ctx.sessions.begin() as session:
        assert undo_delivery(session, first) is True
        assert undo_delivery(session, first) is False
        late = datetime.now(UTC).replace(tzinfo=None) + UNDO_WINDOW + timedelta(seconds=5)
        assert undo_delivery(session, second, now=late) is False
    with ctx.sessions() as session:
        assert session.scalars(select(Delivery.id)).all() == [second]
        assert session.scalar(select(func.count()).select_from(DeliveryLanguage)) == 1


def test_outcome_and_schedule(ctx):
    with ctx.sessions.begin() as session:
        record_outcome(session, istat_code=MILANO, outcome="executed", social_services="yes", workstation="w")
        schedule_access(session, istat_code=MILANO, access_day=date(2026, 12, 1), workstation="w")
        with pytest.raises(StatsInputError):
            record_outcome(session, istat_code=MILANO, outcome="done", workstation="w")
    with ctx.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AccessOutcome)) == 1
        assert session.scalar(select(ScheduledAccess.access_day)) == date(2026, 12, 1)
