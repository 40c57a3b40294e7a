"""The counts of a period are kept for the data they came from (``app.monitoring.build.counts_of``).

Choosing a period again, or writing the report after the screen showed it, reads no grouped query; an event
added late to a compared period, or taken back, is counted at once; and every figure is still the truth
published by the disclosure API.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from app.monitoring.indicators import Ref
from app.monitoring.service import make_monitoring
from app.stats.disclosure import ZERO, Disclosure
from app.stats.events import record_delivery, record_outcome, undo_event
from app.territory.models import Municipality
from tests.monitoring.helpers import Office, ambito_of, true_tallies

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
def grouped(ctx):
    """The grouped (counting) statements the database runs, as they run."""
    seen: list[str] = []

    def note(conn, cursor, statement, params, context, executemany):
        if "GROUP BY" in statement.upper():
            seen.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", note)
    yield seen
    event.remove(ctx.engine, "before_cursor_execute", note)


def _shown(m, table: str, col: str | None = None) -> tuple[int, int, int]:
    return tuple(f.figure(Ref(table, col)) for f in (m.current, m.previous, m.year_earlier))


def test_a_period_chosen_again_is_not_counted_again(office, grouped):
    ctx, _ = office
    first = make_monitoring(ctx, "2026-T2", today=TODAY)
    assert grouped  # the first choice counts
    grouped.clear()
    again = make_monitoring(ctx, "2026-T2", today=TODAY)
    assert grouped == []
    for table in ("packs", "foreign", "outcomes", "social", "forecast"):
        assert _shown(again, table) == _shown(first, table)


def test_an_event_added_late_or_taken_back_is_counted_at_once(office, grouped):
    ctx, events = office
    before = make_monitoring(ctx, "2026-T2", today=TODAY)
    with ctx.sessions.begin() as session:  # late: a workstation that was offline in February 2026
        late = record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ar"],
                               workstation="pc-late", when=date(2026, 2, 10))
        outcome = record_outcome(session, istat_code="015146", outcome="executed", social_services="yes",
                                 workstation="pc-late", when=date(2025, 6, 2))
    grouped.clear()
    after = make_monitoring(ctx, "2026-T2", today=TODAY)
    assert grouped  # the previous period and the year earlier changed: counted again
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
