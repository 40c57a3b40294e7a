"""Seeded events for the monitoring tests, with the truth worked out here from the rows themselves.

``Office`` writes events straight to the tables (as the audit tests do) and keeps every row, so a test can
count what an indicator should count without going through ``app.stats`` or ``app.monitoring``, and compute
the published value with the disclosure API from the record keys (``record_key`` of each id).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import update

from app.directory.demo import build_demo_snapshot
from app.directory.models import Revision
from app.directory.snapshot import replace_from_snapshot
from app.stats.disclosure import Tally, record_key
from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES
from app.territory import Territory
from tests.stats.test_disclosure_audit import Events

LANGS = ("en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ro", "uk", "bn", "sq", "ur")


class Office(Events):
    """Events over several years, Milan heavy, with every kind of language set (none, one, two others)."""

    def spread(self, codes: list[str], first: date, days: int, deliveries: int, outcomes: int, scheduled: int):
        rng = self.rng
        weights = [30.0 if c == "015146" else 1 / (1 + i % 30) for i, c in enumerate(codes)]
        for code in rng.choices(codes, weights, k=deliveries):
            r = rng.random()
            langs = ("it",) if r < 0.55 else ("it", rng.choice(LANGS)) if r < 0.9 else ("it", *rng.sample(LANGS, 2))
            self.delivery(code, first + timedelta(days=rng.randrange(days)), rng.choice(STAGES), langs=langs,
                          cause=rng.choice(CAUSES), mode=rng.choice(DELIVERY_MODES))
        for code in rng.choices(codes, weights, k=outcomes):
            self.outcome(code, first + timedelta(days=rng.randrange(days)), rng.choice(OUTCOMES),
                         rng.choices(SOCIAL_SERVICES, (4, 4, 2))[0])
        for code in rng.choices(codes, weights, k=scheduled):
            recorded = first + timedelta(days=rng.randrange(days))
            self.schedule(code, recorded + timedelta(days=10 + rng.randrange(100)), recorded)


def ambito_of(ctx) -> dict[str, str]:
    with ctx.sessions() as session:
        territory = Territory.load(session)
    return {m.istat_code: m.ambito_name for m in territory.municipalities}


def in_period(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def true_tallies(office: Office, where: dict[str, str], start: date, end: date) -> dict[str, dict]:
    """The monitoring's figures before perturbation, counted here from the rows: {table: {(ambito, col): Tally}}.

    ``None`` as Ambito is the office; ``None`` as column is the unit's total.
    """
    out: dict[str, dict] = defaultdict(lambda: defaultdict(Tally))

    def add(table: str, ambito: str, column: str, key: int) -> None:
        for unit in (ambito, None):
            for col in (column, None):
                out[table][unit, col] += Tally(1, key)

    other: dict[str, set[str]] = defaultdict(set)
    for row in office.languages:
        if row["language"] != "it":
            other[row["delivery_id"]].add(row["language"])
    for row in office.deliveries:
        if in_period(row["day"], start, end):
            key = record_key(row["id"])
            add("packs", where[row["istat_code"]], row["stage"], key)
            if other[row["id"]]:
                add("foreign", where[row["istat_code"]], "other", key)
    for row in office.outcomes:
        if in_period(row["day"], start, end):
            key = record_key(row["id"])
            add("outcomes", where[row["istat_code"]], row["outcome"], key)
            add("social", where[row["istat_code"]], row["social_services"], key)
    known_by = datetime.combine(end + timedelta(days=1), datetime.min.time())
    following = {(end.replace(day=1) + timedelta(days=32 * i)).strftime("%Y-%m") for i in (1, 2, 3)}
    for row in office.scheduled:
        month = row["access_day"].strftime("%Y-%m")
        if row["access_day"] > end and month in following and row["recorded_at"] < known_by:
            add("forecast", where[row["istat_code"]], month, record_key(row["id"]))
    return out


def directory_history(ctx, steps: list[tuple[date, int]]) -> None:
    """The demo directory as it stood at each date: on each step ``n`` more referents were verified that day.

    Written through the directory's own snapshot code (so revisions are what a sync writes), then each step's
    revisions are dated to its day, as if the sync had run then.
    """
    ambiti = sorted(set(ambito_of(ctx).values()))
    verified_on: dict[str, date] = {}
    for day, n in steps:
        snapshot = build_demo_snapshot(ambiti, day)
        for entry in snapshot["referents"]:
            entry["is_demo"] = False
            entry["last_verified"] = None  # never verified, unless below
            if entry["uid"] in verified_on:
                entry["last_verified"] = verified_on[entry["uid"]].isoformat()
        todo = [e for e in snapshot["referents"] if e["uid"] not in verified_on][:n]
        for entry in todo:
            verified_on[entry["uid"]] = day
            entry["last_verified"] = day.isoformat()
        with ctx.sessions.begin() as session:
            before = {r for (r,) in session.execute(Revision.__table__.select().with_only_columns(Revision.id))}
            replace_from_snapshot(session, snapshot, user="prova")
            session.flush()
            session.execute(update(Revision).where(Revision.id.notin_(before) if before else True)
                            .values(at=datetime.combine(day, datetime.min.time()) + timedelta(hours=12)))



def merge_from_another_office(ctx, folder, record) -> int:
    """Events another office recorded (``record(its_context)``), exported to its file and merged into ``ctx``, as
    a supervisor merges the offices' files; returns how many were new."""
    from app.bootstrap import prepare_database
    from app.stats.exchange import export_events, import_file
    from tests.conftest import make_context

    other = make_context(folder / "other")
    prepare_database(other)
    try:
        record(other)
        with other.sessions() as session:
            export_events(session, folder / "other.json", workstation_token="abcdefabcdef")
    finally:
        other.dispose()
    with ctx.sessions.begin() as session:
        return import_file(session, folder / "other.json").new
