"""Bring a database to the schema this version of Raccordo expects.

Runs at every start. Before touching an existing SQLite file it copies it to a
timestamped backup (SQLite's online backup API, safe with WAL). A database
written by a newer Raccordo (a revision these migrations do not know) is
refused rather than damaged.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

log = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """A database that cannot be brought up to date; the message is for the user."""


@dataclass(frozen=True)
class MigrationResult:
    before: frozenset[str]
    after: frozenset[str]
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(migrations_dir: Path) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir))
    return cfg


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as conn:
        return frozenset(MigrationContext.configure(conn).get_current_heads())


def backup_sqlite(db_file: Path, backup_dir: Path) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_file.stem}-{stamp}{db_file.suffix}"
    source = sqlite3.connect(db_file)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    log.info("Backup before migration: %s", target)
    return target


def migrate(engine: Engine, migrations_dir: Path, backup_dir: Path) -> MigrationResult:
    cfg = alembic_config(migrations_dir)
    script = ScriptDirectory.from_config(cfg)
    heads = frozenset(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    before = current_revisions(engine)
    unknown = before - known
    if unknown:
        raise MigrationError(
            "Il database è stato aggiornato da una versione più recente di Raccordo "
            f"(revisione {', '.join(sorted(unknown))}). Installare la versione più recente."
        )
    if before == heads:
        return MigrationResult(before, before, None)
    backup = None
    db_file = engine.url.database
    if engine.dialect.name == "sqlite" and before and db_file and Path(db_file).is_file():
        try:
            backup = backup_sqlite(Path(db_file), backup_dir)
        except (OSError, sqlite3.Error) as exc:
            raise MigrationError(f"Impossibile salvare una copia del database prima dell'aggiornamento: {exc}") from exc
    log.info("Migrating database from %s to %s", sorted(before) or "empty", sorted(heads))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return MigrationResult(before, current_revisions(engine), backup)
