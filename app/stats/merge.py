"""Merging events that come from elsewhere (an event file, a workstation's outbox) into a statistics store.

An event is one unit. A delivery and its languages arrive together or not at all:
language rows are only ever written with the delivery they belong to, never added
to a delivery already stored. The event id says which event it is, so:

- an id seen twice with the same content (a file imported twice, a push repeated
  after a crash) is a harmless duplicate and changes nothing;
- an id seen twice with *different* content (twice in one input, or in the input
  and in the store) is a conflict: the whole input is refused and the id named.
  Merging would make counts wrong in a way nobody could later see (the bug of
  issue 12: language totals multiplied, languages attached to another day and
  municipality).

Two merges can run at once (two supervisors, a push and an import): new events
are inserted with ``ON CONFLICT DO NOTHING ... RETURNING id``, languages only for
the ids this merge really inserted, and an id another writer stored in between is
compared like any other. The caller owns the transaction and rolls back on a
conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess

_CHUNK = 500  # ids per IN (...) list, well under every database's parameter limit

_FIELDS: dict[str, tuple[str, ...]] = {
    "deliveries": ("day", "recorded_at", "stage", "istat_code", "mode", "cause", "workstation"),
    "outcomes": ("day", "recorded_at", "istat_code", "outcome", "social_services", "workstation"),
    "scheduled": ("access_day", "recorded_at", "istat_code", "workstation"),
}
_TABLES: dict[str, Table] = {
    "deliveries": Delivery.__table__,
    "outcomes": AccessOutcome.__table__,
    "scheduled": ScheduledAccess.__table__,
}
KINDS = tuple(_FIELDS)


class EventConflict(ValueError):
    """Two different events under one id; ``where`` says whether the other copy is in the input or stored."""

    def __init__(self, event_id: str, where: str):
        self.event_id = event_id
        self.where = where
        if where == "input":
            text = f"l'evento {event_id} compare due volte con dati diversi"
        else:
            text = f"l'evento {event_id} è già registrato con dati diversi"
        super().__init__(text)


@dataclass
class EventRows:
    """Events ready to merge: one dict per event with every column; a delivery also has ``languages``."""

    deliveries: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    scheduled: list[dict[str, Any]] = field(default_factory=list)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return getattr(self, kind)


@dataclass
class MergeResult:
    new: int = 0
    already: int = 0       # identical to an event already stored
    repeated: int = 0      # identical copies inside the input itself


def _comparable(value: Any) -> Any:
    # Only the day of recording leaves a workstation (issue 15): a copy kept to the second on the workstation
    # and the same event stored by day elsewhere are one event.
    return value.date() if isinstance(value, datetime) else value


# What tells two events apart: not the workstation code (provenance, and re-keyed when IT changes the key).
_COMPARED = {kind: tuple(name for name in fields if name != "workstation") for kind, fields in _FIELDS.items()}


def _fingerprint(kind: str, row: dict[str, Any]) -> tuple:
    key = tuple(_comparable(row[name]) for name in _COMPARED[kind])
    if kind == "deliveries":
        key += (frozenset(row["languages"]),)
    return (kind, *key)


def _unique(events: EventRows) -> tuple[dict[str, tuple[str, dict[str, Any], tuple]], int]:
    """id -> (kind, row, fingerprint) once per id; refuse an id that comes back with other content."""
    seen: dict[str, tuple[str, dict[str, Any], tuple]] = {}
    repeated = 0
    for kind in KINDS:
        for row in events.of(kind):
            fingerprint = _fingerprint(kind, row)
            found = seen.get(row["id"])
            if found is None:
                seen[row["id"]] = (kind, row, fingerprint)
            elif found[2] == fingerprint:
                repeated += 1
            else:
                raise EventConflict(row["id"], "input")
    return seen, repeated


def _stored(conn: Connection | Session, ids: Iterable[str]) -> dict[str, tuple]:
    """The fingerprint of every stored event among ``ids``, whatever its kind."""
    ids = list(ids)
    found: dict[str, tuple] = {}
    lang = DeliveryLanguage.__table__
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        languages: dict[str, set[str]] = {}
        for delivery_id, language in conn.execute(select(lang.c.delivery_id, lang.c.language)
                                                  .where(lang.c.delivery_id.in_(chunk))):
            languages.setdefault(delivery_id, set()).add(language)
        for kind, table in _TABLES.items():
            columns = [table.c.id, *(table.c[name] for name in _FIELDS[kind])]
            for row in conn.execute(select(*columns).where(table.c.id.in_(chunk))):
                values = dict(row._mapping)
                if kind == "deliveries":
                    values["languages"] = languages.get(values["id"], set())
                found[values["id"]] = _fingerprint(kind, values)
    return found


def _insert_new(conn: Connection | Session, table: Table, rows: list[dict[str, Any]]) -> set[str]:
    """Insert rows whose id is free; return the ids really inserted (a concurrent writer may hold some)."""
    if not rows:
        return set()
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    inserted: set[str] = set()
    for start in range(0, len(rows), 1000):
        statement = dialect_insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)
        inserted.update(conn.execute(statement, rows[start:start + 1000]).scalars())
    return inserted


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


# The monthly total each new event adds to (migration 0305: a trigger adds it in the same transaction). Two
# merges at once on PostgreSQL lock the total rows they add to until they commit: inserting in the order of those
# rows, every merge takes its locks in one order, so two merges wait for each other, never deadlock.
_TOTAL_OF = {
    "deliveries": lambda r: (_month(r["day"]), r["istat_code"], r["stage"]),
    "outcomes": lambda r: (_month(r["day"]), r["istat_code"], r["outcome"], r["social_services"]),
    "scheduled": lambda r: (_month(r["access_day"]), _month(r["recorded_at"]), r["istat_code"]),
}


def _day_only(value: datetime) -> datetime:
    """What a merged store keeps of the recording time: the day (the counts need no more)."""
    return datetime.combine(value.date(), time())


def merge_events(conn: Connection | Session, events: EventRows) -> MergeResult:
    """Add the events of ``events`` not yet stored, each whole; raise EventConflict on a different copy.

    Nothing is committed here; after an EventConflict the caller must roll back (some rows may be written).
    """
    unique, repeated = _unique(events)
    stored = _stored(conn, unique)
    result = MergeResult(repeated=repeated)
    fresh: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for event_id, (kind, row, fingerprint) in unique.items():
        existing = stored.get(event_id)
        if existing is None:
            fresh[kind].append({"id": event_id, **{name: row[name] for name in _FIELDS[kind]},
                                "recorded_at": _day_only(row["recorded_at"])})
        elif existing == fingerprint:
            result.already += 1
        else:
            raise EventConflict(event_id, "stored")
    raced: list[str] = []
    for kind in KINDS:
        fresh[kind].sort(key=_TOTAL_OF[kind])
        inserted = _insert_new(conn, _TABLES[kind], fresh[kind])
        raced += [row["id"] for row in fresh[kind] if row["id"] not in inserted]
        result.new += len(inserted)
        if kind == "deliveries" and inserted:
            languages = [{"delivery_id": event_id, "language": language, "day": row["day"],
                          "istat_code": row["istat_code"]}
                         for event_id, (_, row, _) in unique.items() if event_id in inserted
                         for language in sorted(set(row["languages"]))]
            languages.sort(key=lambda r: (_month(r["day"]), r["istat_code"], r["delivery_id"], r["language"]))
            for start in range(0, len(languages), 1000):
                conn.execute(DeliveryLanguage.__table__.insert(), languages[start:start + 1000])
    if raced:  # stored by another writer since we looked: the same event, or a conflict
        now = _stored(conn, raced)
        for event_id in raced:
            if now.get(event_id) != unique[event_id][2]:
                raise EventConflict(event_id, "stored")
            result.already += 1
    return result


__all__ = ["KINDS", "EventConflict", "EventRows", "MergeResult", "merge_events"]
