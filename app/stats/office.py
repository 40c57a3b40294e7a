"""Gathering the whole office: a local store on every workstation, pushed to the shared database.

Every event is written locally first, so recording works with the network down:

- without ``database.url`` the local store *is* the application database (SQLite);
- with a shared PostgreSQL database, the local store is an outbox, a SQLite file
  ``stats-outbox.sqlite3`` in the data folder (migrated like any Raccordo database).
  ``push`` merges its events into the shared database (:mod:`app.stats.merge`:
  each event whole, an id already there with the same content ignored, one with
  other content refused), then notes them as pushed. A crash between the
  two steps only means the next push sends them again, and the shared database
  ignores them: every event arrives exactly once.

Events are pushed once the undo window has passed, so taking one back never has
to reach the server.

Without a shared database the same outbox is the fallback of :func:`record`: when
the application database is busy (SQLite has one writer at a time, and a large
statistics import holds it for seconds) or refuses to write, the event goes to
the outbox and is merged into the database at the next recording, push or
export. A pack that went out is then never "printed, record lost"; only when
the outbox cannot be written either (a full disk) does the caller hear of it.

A damaged outbox (found when it is opened, or when SQLite reports a malformed
page while recording, pushing or undoing) is set aside for IT and reported
through :mod:`app.notices` with the number of events still readable in it
(:mod:`app.stats.outbox_damage`); recording goes on in a new outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.context import AppContext
from app.db.engine import make_engine, make_sessions
from app.stats.events import UNDO_WINDOW, undo_event
from app.stats.merge import EventConflict, EventRows, merge_events
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, Pushed, ScheduledAccess

log = logging.getLogger(__name__)

T = TypeVar("T")
OUTBOX_FILE = "stats-outbox.sqlite3"
OUTBOX_CACHE = "stats.outbox"  # its engine, in the context's caches
BATCH = 2000


def uses_outbox(ctx: AppContext) -> bool:
    return not ctx.db_url.startswith("sqlite")


def local_sessions(ctx: AppContext) -> sessionmaker[Session]:
    """Where this workstation records events: the application database, or the outbox next to it."""
    if not uses_outbox(ctx):
        return ctx.sessions
    return outbox_sessions(ctx)


def outbox_sessions(ctx: AppContext) -> sessionmaker[Session]:
    """The outbox (``stats-outbox.sqlite3`` in the data folder), created and migrated on first use; a damaged one
    is set aside and reported, and a new one takes its place.

    Its engine belongs to the context (app/caches.py): opened once, disposed with the context.
    """
    path = str(ctx.paths.data_dir / OUTBOX_FILE)

    def open_checked() -> tuple[Engine, sessionmaker[Session]]:
        from app.stats.outbox_damage import damage_at_open, is_damaged

        # An empty file would otherwise be migrated as a new outbox (its events silently gone), and a destroyed
        # page found only by the first query that reads it (the statistics screen's list of municipalities):
        # SQLite's quick_check, once per context, costs about a millisecond on an outbox of a few thousand events.
        reason = damage_at_open(Path(path)) or ("contenuto illeggibile" if is_damaged(Path(path)) else None)
        if reason is not None:
            _set_aside(ctx, reason)
        try:
            return _open_outbox(ctx, path)
        except Exception as exc:
            if not _corrupt(exc):
                raise
            _set_aside(ctx, "contenuto illeggibile")
            return _open_outbox(ctx, path)

    return ctx.caches.get(OUTBOX_CACHE, path, open_checked, dispose=lambda opened: opened[0].dispose())[1]


def close_outbox(ctx: AppContext) -> None:
    """Dispose of this context's outbox engine (before its file is moved or examined); the next use opens it
    again, checked."""
    ctx.caches.discard(OUTBOX_CACHE)


def _open_outbox(ctx: AppContext, path: str) -> tuple[Engine, sessionmaker[Session]]:
    from app.db.migrate import migrate  # only when needed: recording a pack on SQLite needs neither
    from app.territory.data import seed_if_empty

    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine, ctx.paths.migrations, ctx.paths.backup_dir)
        sessions = make_sessions(engine)
        with sessions.begin() as session:
            seed_if_empty(session, ctx.paths.resources)  # offline checks of ISTAT codes need the territory
    except Exception:
        engine.dispose()
        raise
    return engine, sessions


def _corrupt(exc: BaseException) -> bool:
    from app.errors import CORRUPT, classify

    return classify(exc)[0] == CORRUPT


def _set_aside(ctx: AppContext, reason: str) -> None:
    """Close the outbox, move it to ``damaged/`` and tell the user how many unsent events it still holds."""
    from app import notices
    from app.stats.outbox_damage import set_aside

    path = ctx.paths.data_dir / OUTBOX_FILE
    close_outbox(ctx)
    notices.tell(set_aside(path, reason).message, notices.OUTBOX_SET_ASIDE)


def _outbox_damaged(ctx: AppContext, exc: BaseException) -> bool:
    """True when ``exc`` came from a damaged outbox, which is then set aside (a damaged *application* database
    is not this module's to handle: its error goes on to the caller)."""
    from app.stats.outbox_damage import is_damaged

    path = ctx.paths.data_dir / OUTBOX_FILE
    if not _corrupt(exc) or not is_damaged(path):
        return False
    _set_aside(ctx, "contenuto illeggibile")
    return True


def _has_outbox(ctx: AppContext) -> bool:
    return (ctx.paths.data_dir / OUTBOX_FILE).is_file()


def _held_up(exc: BaseException) -> bool:
    """The store is busy or will not write now (it may later): worth keeping the event in the outbox."""
    from app.errors import DISK_ERROR, DISK_FULL, LOCKED, READ_ONLY, classify

    return classify(exc)[0] in (LOCKED, DISK_FULL, DISK_ERROR, READ_ONLY)


def record(ctx: AppContext, write: Callable[[Session], T]) -> T:
    """Run ``write`` (which adds events to the session it gets) on this workstation's store, or keep it for later.

    Without a shared database, when the application database is busy or refuses to write, ``write`` runs again on
    the outbox, merged into the database later (:func:`flush`). Raises what made both fail (a full disk): the
    caller must then tell the user plainly that nothing was recorded.
    """
    try:
        with local_sessions(ctx).begin() as session:
            result = write(session)
    except (OperationalError, DBAPIError) as exc:
        if uses_outbox(ctx) and _outbox_damaged(ctx, exc):
            return _write_outbox(ctx, write)  # in the new outbox
        if uses_outbox(ctx) or not _held_up(exc):
            raise
        log.warning("Statistics database busy or not writable (%s): event kept in %s", exc.__class__.__name__,
                    OUTBOX_FILE)
        return _write_outbox(ctx, write)
    flush(ctx)
    return result


def _write_outbox(ctx: AppContext, write: Callable[[Session], T]) -> T:
    try:
        with outbox_sessions(ctx).begin() as session:
            return write(session)
    except (OperationalError, DBAPIError) as exc:
        if not _outbox_damaged(ctx, exc):
            raise
    with outbox_sessions(ctx).begin() as session:  # a new outbox: a second failure is the caller's to report
        return write(session)


def flush(ctx: AppContext) -> int:
    """Merge the events kept in the outbox while the database was busy (no shared database); return how many."""
    if uses_outbox(ctx) or not _has_outbox(ctx):
        return 0
    try:
        result = push_events(outbox_sessions(ctx), ctx.engine, min_age=timedelta(0))
    except Exception as exc:  # the outbox itself unreadable: kept for IT, never lose the recording that just worked
        if not _outbox_damaged(ctx, exc):
            log.exception("Cannot merge the statistics outbox")
        return 0
    if result.error:
        log.warning("Statistics outbox not merged yet: %s", result.error)
    return result.pushed


def insert_ignore(conn_or_session, table: Table, rows: list[dict]) -> None:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the connection's dialect (SQLite or PostgreSQL)."""
    if not rows:
        return
    dialect = conn_or_session.get_bind().dialect.name if isinstance(conn_or_session, Session) \
        else conn_or_session.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    conn_or_session.execute(dialect_insert(table).on_conflict_do_nothing(), rows)


def _row(obj, columns) -> dict:
    return {c.name: getattr(obj, c.key) for c in columns}


def outbox_events(session: Session, deliveries: list[str], outcomes: list[str], scheduled: list[str]) -> EventRows:
    """The outbox's events with these ids, each delivery with its languages (an event travels whole)."""
    languages: dict[str, list[str]] = {}
    for delivery_id, language in session.execute(select(DeliveryLanguage.delivery_id, DeliveryLanguage.language)
                                                 .where(DeliveryLanguage.delivery_id.in_(deliveries))):
        languages.setdefault(delivery_id, []).append(language)
    return EventRows(
        deliveries=[{**_row(o, Delivery.__table__.columns), "languages": languages.get(o.id, [])}
                    for o in session.scalars(select(Delivery).where(Delivery.id.in_(deliveries)))],
        outcomes=[_row(o, AccessOutcome.__table__.columns)
                  for o in session.scalars(select(AccessOutcome).where(AccessOutcome.id.in_(outcomes)))],
        scheduled=[_row(o, ScheduledAccess.__table__.columns)
                   for o in session.scalars(select(ScheduledAccess).where(ScheduledAccess.id.in_(scheduled)))],
    )


@dataclass
class PushResult:
    pushed: int
    pending: int
    error: str | None = None

    @property
    def message(self) -> str:
        if self.error and self.error.startswith("conflict: "):
            return (f"Invio interrotto: {self.error.removeprefix('conflict: ')} nel database condiviso. "
                    f"{self.pending} eventi restano sulla postazione; avvisare il referente informatico.")
        if self.error:
            return (f"Database condiviso non raggiungibile: {self.pending} eventi restano sulla postazione e "
                    "saranno inviati appena possibile.")
        return f"Inviati {self.pushed} eventi al database condiviso."


def _pending_ids(session: Session, model, limit_time: datetime, limit: int) -> list[str]:
    pushed = select(Pushed.id).where(Pushed.id == model.id).exists()
    return list(session.scalars(select(model.id).where(~pushed, model.recorded_at <= limit_time)
                                .order_by(model.recorded_at).limit(limit)))


def pending_count(local: sessionmaker[Session]) -> int:
    with local() as session:
        total = 0
        for model in (Delivery, AccessOutcome, ScheduledAccess):
            pushed = select(Pushed.id).where(Pushed.id == model.id).exists()
            total += session.scalar(select(func.count()).select_from(model).where(~pushed)) or 0
        return total


def push_events(local: sessionmaker[Session], remote: Engine, *, min_age: timedelta = UNDO_WINDOW,
                now: datetime | None = None) -> PushResult:
    """Copy every not-yet-pushed event older than ``min_age`` to ``remote``, each exactly once."""
    limit_time = (now or datetime.now(UTC).replace(tzinfo=None)) - min_age
    pushed = 0
    try:
        while True:
            with local() as session:
                deliveries = _pending_ids(session, Delivery, limit_time, BATCH)
                outcomes = _pending_ids(session, AccessOutcome, limit_time, BATCH)
                scheduled = _pending_ids(session, ScheduledAccess, limit_time, BATCH)
                if not (deliveries or outcomes or scheduled):
                    break
                events = outbox_events(session, deliveries, outcomes, scheduled)
            with remote.begin() as conn:
                merge_events(conn, events)
            ids = deliveries + outcomes + scheduled
            stamp = datetime.now(UTC).replace(tzinfo=None)
            with local.begin() as session:
                insert_ignore(session, Pushed.__table__, [{"id": i, "pushed_at": stamp} for i in ids])
            pushed += len(ids)
    except EventConflict as exc:  # never merged: the shared database keeps its copy, the outbox keeps ours
        log.error("Event conflict while pushing: %s", exc)
        return PushResult(pushed, pending_count(local), f"conflict: {exc}")
    except (OperationalError, DBAPIError) as exc:
        if _corrupt(exc):  # a damaged file is not an unreachable server: the caller sees which store it is
            raise
        log.info("Shared database unreachable, events stay in the outbox: %s", exc.__class__.__name__)
        return PushResult(pushed, pending_count(local), str(exc.orig if hasattr(exc, "orig") else exc))
    return PushResult(pushed, pending_count(local))


def push(ctx: AppContext, *, min_age: timedelta = UNDO_WINDOW) -> PushResult | None:
    """Push this workstation's outbox to the shared database; without one, merge what waits in the outbox into
    the application database. None when there is nothing to push to or from."""
    if not uses_outbox(ctx) and not _has_outbox(ctx):
        return None
    age = min_age if uses_outbox(ctx) else timedelta(0)
    try:
        return push_events(outbox_sessions(ctx), ctx.engine, min_age=age)
    except (OperationalError, DBAPIError) as exc:
        if not _outbox_damaged(ctx, exc):
            raise
    return PushResult(0, 0)  # set aside and reported: nothing left here to push


def undo(ctx: AppContext, event_id: str) -> bool:
    """Take back an event recorded on this workstation within the undo window (never yet pushed)."""
    stores = [local_sessions(ctx)]
    if not uses_outbox(ctx) and _has_outbox(ctx):
        stores.append(outbox_sessions(ctx))  # kept there while the database was busy
    for store in stores:
        try:
            with store.begin() as session:
                if session.get(Pushed, event_id) is not None:
                    continue
                if undo_event(session, event_id):
                    return True
        except (OperationalError, DBAPIError) as exc:
            if not _outbox_damaged(ctx, exc):
                raise
            return False  # the event went aside with its outbox: counted only if IT recovers it
    return False


__all__ = ["PushResult", "close_outbox", "flush", "insert_ignore", "local_sessions", "outbox_events",
           "outbox_sessions", "push",
           "push_events", "record", "undo", "uses_outbox"]
