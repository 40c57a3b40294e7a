"""Prepare the database at start: migrate, then load what a fresh installation needs.

Seeders run in order, each in its own transaction, only where their table is still empty, so an existing
database is never overwritten at start. Every command asks at every start, so the question is one cheap query
per table, and a seeder's code (the shipped territory's reader; the demo directory with the snapshot loader and
phonenumbers' metadata) is imported only when its table really is empty: a ``pack`` on an existing data folder
pays for none of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.migrate import MigrationResult, migrate

log = logging.getLogger(__name__)

Seeder = Callable[[Session, AppContext], bool]


def _territory(session: Session, ctx: AppContext) -> bool:
    from app.territory.data import seed_if_empty

    return seed_if_empty(session, ctx.paths.resources)


def _directory(session: Session, ctx: AppContext) -> bool:
    from app.directory.demo import seed_if_empty

    return seed_if_empty(session, ctx)


# (name for the log and the self-test, table that must have a row, seeder), in order: the demo needs the Ambiti.
SEEDERS: tuple[tuple[str, str, Seeder], ...] = (
    ("territorio", "territory_municipality", _territory),
    ("rubrica dimostrativa", "directory_referent", _directory),
)


def _is_empty(session: Session, table: str) -> bool:
    return session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None


@dataclass
class PrepareResult:
    migration: MigrationResult
    seeded: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what a migration did that the user must hear about, once


NOTICE_PREFIX = "notice."


def _pop_notices(session: Session) -> list[str]:
    """Notices migrations left in ``app_meta`` (keys ``notice.*``), removed once read so they are shown once."""
    from sqlalchemy import delete, select

    from app.db.meta import AppMeta

    rows = session.execute(select(AppMeta.key, AppMeta.value).where(AppMeta.key.startswith(NOTICE_PREFIX))
                           .order_by(AppMeta.key)).all()
    if rows:
        session.execute(delete(AppMeta).where(AppMeta.key.in_([key for key, _ in rows])))
    return [value for _, value in rows]


def sqlite_file(ctx: AppContext) -> Path | None:
    """The application database's file when it is SQLite (the shared PostgreSQL has none)."""
    if not ctx.db_url.startswith("sqlite"):
        return None
    database = ctx.db_url.split("///", 1)[-1]
    return Path(database) if database and database != ":memory:" else None


def prepare_database(ctx: AppContext) -> PrepareResult:
    """Migrate and seed; raise ``DatabaseDamaged`` (app.db.recovery) for a damaged SQLite file, never re-create it."""
    db_file = sqlite_file(ctx)
    if db_file is not None:
        from app.db.recovery import check_file

        check_file(db_file, ctx.paths.backup_dir)  # an emptied file would otherwise be migrated and seeded afresh
    try:
        return _prepare(ctx)
    except Exception as exc:
        from app.errors import CORRUPT, classify

        if db_file is None or classify(exc)[0] != CORRUPT:
            raise
        from app.db.recovery import damaged

        raise damaged(db_file, ctx.paths.backup_dir, exc) from exc


def _prepare(ctx: AppContext) -> PrepareResult:
    result = PrepareResult(migrate(ctx.engine, ctx.paths.migrations, ctx.paths.backup_dir))
    for name, table, seeder in SEEDERS:
        with ctx.sessions.begin() as session:
            if _is_empty(session, table) and seeder(session, ctx):
                result.seeded.append(name)
                log.info("Loaded %s on first start", name)
    if result.migration.changed:
        with ctx.sessions.begin() as session:
            result.notices = _pop_notices(session)
    return result
