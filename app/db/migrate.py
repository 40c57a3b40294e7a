"""Bring a database to the schema this version of Raccordo expects.

Runs at every start. Before touching an existing SQLite file it copies it to a
timestamped backup (SQLite's online backup API, safe with WAL). A database
written by a newer Raccordo (a revision these migrations do not know) is
refused rather than damaged.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

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
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir))
    return cfg


_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


def scripted_heads(migrations_dir: Path) -> frozenset[str]:
    """Heads of the migration graph read straight from the files.

    Importing Alembic costs ~0.3 s, a third of the start-up budget; at most
    starts the database is already current, so the common case only reads
    the small ``revision``/``down_revision`` lines of our hand-written scripts.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            raise MigrationError(f"migrazione illeggibile: {script.name}")
        revisions.add(revision.group(1))
        parents.update(re.findall(r'["\']([^"\']+)["\']', down.group(1)))
    return frozenset(revisions - parents)


def current_revisions(engine: Engine) -> frozenset[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return frozenset()
        return frozenset(row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version")))


def backup_sqlite(db_file: Path, backup_dir: Path) -> Path:
    from app.db.backup import copy_database

    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_file.stem}-{stamp}{db_file.suffix}"
    copy_database(db_file, target, timeout=5.0)  # sqlite3's default wait, as before
    log.info("Backup before migration: %s", target)
    return target


def migrate(engine: Engine, migrations_dir: Path, backup_dir: Path) -> MigrationResult:
    before = current_revisions(engine)
    if before and before == scripted_heads(migrations_dir):
        return MigrationResult(before, before, None)
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(migrations_dir)
    script = ScriptDirectory.from_config(cfg)
    heads = frozenset(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
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
