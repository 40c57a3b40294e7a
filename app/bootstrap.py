"""Prepare the database at start: migrate, then load what a fresh installation needs.

Seeders run in order, each in its own transaction, only where their data is
missing, so an existing database is never overwritten at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.context import AppContext
from app.db.migrate import MigrationResult, migrate
from app.territory.data import seed_if_empty as seed_territory

log = logging.getLogger(__name__)

Seeder = Callable[[Session, AppContext], bool]


def _territory(session: Session, ctx: AppContext) -> bool:
    return seed_territory(session, ctx.paths.resources)


def _seeders() -> list[tuple[str, Seeder]]:
    from app.directory.demo import seed_if_empty as seed_directory  # imported here: it pulls the ORM models

    return [("territorio", _territory), ("rubrica dimostrativa", seed_directory)]


@dataclass
class PrepareResult:
    migration: MigrationResult
    seeded: list[str] = field(default_factory=list)


def prepare_database(ctx: AppContext) -> PrepareResult:
    result = PrepareResult(migrate(ctx.engine, ctx.paths.migrations, ctx.paths.backup_dir))
    for name, seeder in _seeders():
        with ctx.sessions.begin() as session:
            if seeder(session, ctx):
                result.seeded.append(name)
                log.info("Loaded %s on first start", name)
    return result
