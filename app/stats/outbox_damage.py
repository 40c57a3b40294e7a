"""A damaged statistics outbox is set aside, reported and recoverable: never a crash, never a silent loss.

The outbox (``stats-outbox.sqlite3``, :mod:`app.stats.office`) holds the events a
workstation recorded and has not yet sent to the shared database (or, without
one, kept while the database was busy). Before, a damaged outbox stopped every
recording: the statistics screen could not be built and ``pack`` ended with the
message for a damaged *application* database, whose advice ("database restore")
does not apply; an outbox truncated to zero bytes was silently re-created empty.

Now, whenever the outbox turns out to be damaged (when it is opened: empty, not
SQLite, unreadable schema; or later, when SQLite reports a malformed page), the
file with its journal moves to ``damaged/`` in the data folder, the events that
can still be read there are counted, and a notice (:mod:`app.notices`) tells the
user how many and where the file is; recording goes on in a new outbox. IT brings
the readable events back with ``raccordo stats recover-outbox FILE``
(:func:`recover`), which merges them like any push: each event whole, one
already there ignored, so running it twice or after a partial push is harmless.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.recovery import HEADER, keep_aside
from app.stats.merge import EventRows, MergeResult, merge_events
from app.stats.models import AccessOutcome, Delivery, Pushed, ScheduledAccess

log = logging.getLogger(__name__)

_CHUNK = 200


@dataclass(frozen=True)
class SetAside:
    """An outbox put aside: where it went, why, and how many unsent events could still be read there."""

    kept: Path
    reason: str
    readable: int

    @property
    def message(self) -> str:
        if self.readable:
            found = (f"vi si leggono ancora {self.readable} eventi non inviati: l'IT li recupera con "
                     f"«raccordo stats recover-outbox {self.kept}»")
        else:
            found = "non vi si legge alcun evento non inviato (quelli registrati dopo l'ultimo invio possono mancare)"
        return (f"Il file delle statistiche in attesa di invio era danneggiato ({self.reason}) ed è stato messo da "
                f"parte per l'IT in {self.kept}; {found}. Le nuove registrazioni continuano in un file nuovo.")


def damage_at_open(path: Path) -> str | None:
    """Why the outbox cannot even be opened (empty, not SQLite), or None; a missing file is a first use."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(HEADER))
    except FileNotFoundError:
        return None
    if not header:
        return "il file è vuoto"
    if header != HEADER:
        return "il file non è un database SQLite"
    return None


def is_damaged(path: Path) -> bool:
    """SQLite's own verdict on the file (``PRAGMA quick_check``), for an error met while using it."""
    if damage_at_open(path) is not None:
        return True
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(path, timeout=10)
        try:
            return conn.execute("PRAGMA quick_check").fetchone() != ("ok",)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return "malformed" in str(exc).lower() or "not a database" in str(exc).lower()


def _read_only(path: Path) -> Engine:
    """The set-aside file, read only: the evidence is never checkpointed or changed."""
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", connect_args={"uri": True})


def _ids(session: Session, model) -> list[tuple[type, str]]:
    pushed = select(Pushed.id).where(Pushed.id == model.id).exists()
    try:
        return [(model, i) for i in session.scalars(select(model.id).where(~pushed))]
    except SQLAlchemyError:
        session.rollback()
        try:  # the pushed list itself unreadable: every id, the shared database ignores what it already has
            return [(model, i) for i in session.scalars(select(model.id))]
        except SQLAlchemyError:
            session.rollback()
            return []


def _rows(session: Session, ids: list[tuple[type, str]]) -> EventRows:
    from app.stats.office import outbox_events

    def of(model) -> list[str]:
        return [i for m, i in ids if m is model]

    return outbox_events(session, of(Delivery), of(AccessOutcome), of(ScheduledAccess))


def read_pending(path: Path) -> EventRows:
    """Every unsent event that can still be read in a damaged outbox, each whole (a delivery with its languages);
    chunks that fail are read again one event at a time, and an unreadable event is left out."""
    engine = _read_only(path)
    found = EventRows(deliveries=[], outcomes=[], scheduled=[])
    try:
        with Session(engine) as session:
            ids: list[tuple[type, str]] = []
            for model in (Delivery, AccessOutcome, ScheduledAccess):
                ids += _ids(session, model)
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start:start + _CHUNK]
                try:
                    parts = [_rows(session, chunk)]
                except SQLAlchemyError:
                    session.rollback()
                    parts = []
                    for one in chunk:
                        try:
                            parts.append(_rows(session, [one]))
                        except SQLAlchemyError:
                            session.rollback()
                            log.warning("Unreadable event %s in %s", one, path)
                for part in parts:
                    found.deliveries += part.deliveries
                    found.outcomes += part.outcomes
                    found.scheduled += part.scheduled
    except SQLAlchemyError as exc:  # not even the table list: nothing readable
        log.warning("Nothing readable in %s: %s", path, exc)
    finally:
        engine.dispose()
    return found


def count(events: EventRows) -> int:
    return len(events.deliveries) + len(events.outcomes) + len(events.scheduled)


def set_aside(path: Path, reason: str) -> SetAside:
    """Move the damaged outbox (and its journal) to ``damaged/``, count what can still be read there."""
    kept = keep_aside(path)
    if kept is None:  # gone meanwhile (another process set it aside first)
        return SetAside(path, reason, 0)
    readable = count(read_pending(kept))
    log.warning("Damaged statistics outbox set aside: %s (%s, %d events readable)", kept, reason, readable)
    return SetAside(kept, reason, readable)


def recover(path: Path, target: Engine) -> tuple[int, MergeResult]:
    """Merge the readable unsent events of a set-aside outbox into ``target`` (the shared or local database).

    Returns (events read, merge result). Raises ``EventConflict`` when an id is already stored with other content.
    """
    events = read_pending(path)
    with target.begin() as conn:
        result = merge_events(conn, events)
    return count(events), result


__all__ = ["SetAside", "count", "damage_at_open", "is_damaged", "read_pending", "recover", "set_aside"]
