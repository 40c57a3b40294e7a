"""The monitoring counts every period from the monthly totals (migration 0305), never from the events.

A first choice of any period reads a few hundred total rows (the supervisor's screen: 0.3 s); an event added
late to a compared period, taken back, or merged from another office's file is in the very next figures (the
totals change in the transaction that writes the event: nothing is remembered between choices); and every
figure is still the truth published by the disclosure API.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event, select

from app.monitoring.indicators import Ref
from app.monitoring.service import make_monitoring
from app.stats.disclosure import ZERO, Disclosure
from app.stats.events import record_delivery, record_outcome, undo_event
from app.territory.models import Municipality
from tests.monitoring.helpers import Office, ambito_of, merge_from_another_office, true_tallies

TODAY = date(2026, 12, 1)


@pytest.fixture
def office(ctx):
    with ctx.sessions() as session:
        codes = sorted(session.scalars(select(Municipality.istat_code)))
    events = Office(7)
    events.spread(codes, date(2025, 1, 1), 600, deliveries=1500, outcomes=500, scheduled=300)
    events.write(ctx)
    return ctx, events


@pytest.fixture
def statements(ctx):
    """The statements the database runs, as they run."""
    seen: list[str] = []

    def note(conn, cursor, statement, params, context, executemany):
        seen.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", note)
    yield seen
    event.remove(ctx.engine, "before_cursor_execute", note)


EVENT_TABLES = re.compile(r"\b(stats_delivery|stats_delivery_language|stats_outcome|stats_scheduled_access)\b")


def _shown(m, table: str, col: str | None = None) -> tuple[int, int, int]:
    return tuple(f.figure(Ref(table, col)) for f in (m.current, m.previous, m.year_earlier))


@pytest.mark.parametrize("period", ["2026-T2", "2026-Q1", "2025-11", "2025"])
def test_a_first_choice_reads_the_monthly_totals_not_the_events(office, statements, period):
    ctx, events = office
    m = make_monitoring(ctx, period, today=TODAY)
    assert statements and not [s for s in statements if EVENT_TABLES.search(s)]
    disclosure = Disclosure.for_threshold(ctx.config["stats.small_cell_threshold"])
    where = ambito_of(ctx)
    for figures in m.series + ([m.year_earlier] if m.year_earlier is not None else []):
        truth = true_tallies(events, where, figures.period.start, figures.period.end)
        for table in ("packs", "foreign", "outcomes", "social", "forecast")[0 if figures.deliveries else 2:]:
            assert figures.figure(Ref(table)) == disclosure.publish(truth[table].get((None, None), ZERO)), table


def test_an_event_added_late_or_taken_back_is_counted_at_once(office):
    ctx, events = office
    before = make_monitoring(ctx, "2026-T2", today=TODAY)
    with ctx.sessions.begin() as session:  # late: a workstation that was offline in February 2026
        late = record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ar"],
                               workstation="pc-late", when=date(2026, 2, 10))
        outcome = record_outcome(session, istat_code="015146", outcome="executed", social_services="yes",
                                 workstation="pc-late", when=date(2025, 6, 2))
    after = make_monitoring(ctx, "2026-T2", today=TODAY)
    # Every figure of the three periods is the truth (the seeded rows and the two new events) published.
    events.delivery("015146", date(2026, 2, 10), "accesso", langs=("it", "ar"))
    events.deliveries[-1]["id"] = late
    events.languages[-2]["delivery_id"] = events.languages[-1]["delivery_id"] = late
    events.outcome("015146", date(2025, 6, 2), "executed", "yes")
    events.outcomes[-1]["id"] = outcome
    disclosure = Disclosure.for_threshold(ctx.config["stats.small_cell_threshold"])
    where = ambito_of(ctx)
    for figures in (after.current, after.previous, after.year_earlier):
        truth = true_tallies(events, where, figures.period.start, figures.period.end)
        for table in ("packs", "foreign", "outcomes", "social"):
            assert figures.figure(Ref(table)) == disclosure.publish(truth[table].get((None, None), ZERO)), table
    # Taken back within the undo window: the period is counted again and shows what it showed before.
    with ctx.sessions.begin() as session:
        assert undo_event(session, late)
        assert undo_event(session, outcome)
    undone = make_monitoring(ctx, "2026-T2", today=TODAY)
    for table in ("packs", "foreign", "outcomes", "social", "forecast"):
        assert _shown(undone, table) == _shown(before, table)


def test_events_merged_from_another_office_are_counted_at_once(office, tmp_path):
    ctx, events = office
    before = make_monitoring(ctx, "2026-T2", today=TODAY)
    other = Office(11)
    with ctx.sessions() as session:
        codes = sorted(session.scalars(select(Municipality.istat_code)))
    other.spread(codes, date(2026, 5, 1), 120, deliveries=400, outcomes=150, scheduled=0)
    assert merge_from_another_office(ctx, tmp_path, other.write) == 550
    after = make_monitoring(ctx, "2026-T2", today=TODAY)
    disclosure = Disclosure.for_threshold(ctx.config["stats.small_cell_threshold"])
    truth = true_tallies(events, ambito_of(ctx), date(2026, 5, 1), date(2026, 8, 31))
    merged = true_tallies(other, ambito_of(ctx), date(2026, 5, 1), date(2026, 8, 31))
    for table in ("packs", "foreign", "outcomes", "social"):
        both = truth[table].get((None, None), ZERO) + merged[table].get((None, None), ZERO)
        assert after.current.figure(Ref(table)) == disclosure.publish(both), table
        assert after.current.figure(Ref(table)) != before.current.figure(Ref(table)), table
