"""A copy of the local SQLite database every day, so "the last backup" is yesterday's, not the last upgrade's.

Before, the only copies were those ``app.db.migrate`` makes before a schema
upgrade: on a damaged database the app offered a copy that could be months old.
Now the window takes a copy once per calendar day (:func:`take_if_due`: at
start, then every hour while it stays open, and at its close), and IT can take
one at any time (``raccordo database backup``). The copies sit beside the
migration copies in the data folder's ``backups/`` and are named
``raccordo-<date>-<time>-<micro>-daily.sqlite3``, so :mod:`app.db.recovery`
lists both kinds in one order and offers the newest sound one.

How a copy never hurts what it protects:

- SQLite's online backup API in one step: it reads one consistent snapshot of
  the file (the database is in WAL mode, so writers go on meanwhile: a delivery
  recorded during the copy is never made to wait, and the copy never waits for
  an import's write lock); the caller runs it off the GUI thread;
- it is written under a ``.partial`` name, checked with ``PRAGMA quick_check``,
  flushed to disk, and only then renamed into place: a crash, a full disk or a
  damaged source never leaves a copy that looks good and is not;
- only after a sound new copy are the oldest daily copies removed, keeping
  ``database.backups_kept`` of them (a damaged source never rotates good copies
  away). Migration copies are left alone: there is one per upgrade.

The shared PostgreSQL database has no local copy: backing it up is IT's job
(``pg_dump``, ``installer/README.md``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext

log = logging.getLogger(__name__)

DAILY_SUFFIX = "-daily"
PARTIAL = ".partial"
_STAMP = re.compile(r"-(\d{8}-\d{6})-\d+(?:-daily)?$")


class BackupError(RuntimeError):
    """A copy that could not be made; the message is Italian, every earlier copy is still there."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    removed: tuple[Path, ...]  # older daily copies rotated away

    @property
    def message(self) -> str:
        return f"Copia di sicurezza salvata in {self.path}."


def taken_at(backup: Path) -> datetime:
    """When a copy was taken: from its name (a copied file keeps it), else from the file's time."""
    match = _STAMP.search(backup.stem)
    if match:
        with contextlib.suppress(ValueError):
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    return datetime.fromtimestamp(backup.stat().st_mtime)


def is_daily(backup: Path) -> bool:
    return backup.stem.endswith(DAILY_SUFFIX)


def daily_backups(backup_dir: Path, db_file: Path) -> list[Path]:
    """The regular copies of ``db_file``, newest first."""
    from app.db.recovery import backups

    return [p for p in backups(backup_dir, db_file) if is_daily(p)]


def is_due(backup_dir: Path, db_file: Path, now: datetime | None = None) -> bool:
    """True when no copy of either kind was taken today (a migration copy made this morning counts)."""
    from app.db.recovery import backups

    today = (now or datetime.now()).date()
    return not any(taken_at(p).date() >= today for p in backups(backup_dir, db_file))


def _quick_check(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return ", ".join(str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()[:3])
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(db_file: Path, target: Path, *, timeout: float = 10) -> None:
    """SQLite's online backup of ``db_file`` into ``target`` in one step (one snapshot, no restart); the daily copy
    and the copy before a migration both use it."""
    source = sqlite3.connect(db_file, timeout=timeout)  # only reads; read-write so it can open a WAL file's index
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def remove_partials(backup_dir: Path) -> None:
    """Copies a crash interrupted: never finished, never offered, removed at the next copy."""
    if backup_dir.is_dir():
        for stale in backup_dir.glob(f"*{PARTIAL}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def take(db_file: Path, backup_dir: Path, keep: int, now: datetime | None = None) -> BackupResult:
    """Copy ``db_file`` into ``backup_dir`` now, then keep only the ``keep`` newest daily copies.

    Raises BackupError (Italian message) when the copy cannot be made or is not sound; nothing is rotated then.
    """
    from app.db.recovery import HEADER

    try:
        with open(db_file, "rb") as fh:
            header = fh.read(len(HEADER))
    except OSError as exc:
        raise BackupError(f"Nessun database da copiare: {db_file} non si può leggere.") from exc
    if header != HEADER:  # SQLite would copy an emptied file as a sound, empty database: the worst "last backup"
        raise BackupError(f"Il database {db_file} risulta danneggiato (non è un database SQLite): la copia non è "
                          "stata salvata e le copie precedenti restano.")
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{db_file.stem}-{stamp}{DAILY_SUFFIX}{db_file.suffix}"
    partial = target.with_name(target.name + PARTIAL)
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        remove_partials(backup_dir)
        copy_database(db_file, partial)
        verdict = _quick_check(partial)
        if verdict != "ok":
            raise BackupError(f"Il database {db_file} risulta danneggiato ({verdict}): la copia non è stata "
                              "salvata e le copie precedenti restano.")
        _fsync(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        from app.errors import CORRUPT, classify, explain

        with contextlib.suppress(OSError):
            partial.unlink()
        if classify(exc)[0] == CORRUPT:
            raise BackupError(f"Il database {db_file} risulta danneggiato: la copia non è stata salvata e le "
                              "copie precedenti restano.") from exc
        raise BackupError(f"Copia di sicurezza non riuscita: {explain(exc).message}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    removed = rotate(backup_dir, db_file, keep)
    log.info("Backup taken: %s (%d older removed)", target, len(removed))
    return BackupResult(target, removed)


def rotate(backup_dir: Path, db_file: Path, keep: int) -> tuple[Path, ...]:
    """Remove all but the ``keep`` newest daily copies; return what went."""
    removed = []
    for old in daily_backups(backup_dir, db_file)[max(1, keep):]:
        try:
            old.unlink()
        except OSError as exc:  # a copy open elsewhere (Windows): removed next time
            log.warning("Old backup not removed: %s (%s)", old, exc)
            continue
        removed.append(old)
    return tuple(removed)


def take_if_due(db_file: Path, backup_dir: Path, keep: int, now: datetime | None = None) -> BackupResult | None:
    """:func:`take` when no copy was taken today; None otherwise."""
    if not is_due(backup_dir, db_file, now):
        return None
    return take(db_file, backup_dir, keep, now)


def take_daily(ctx: AppContext, now: datetime | None = None) -> BackupResult | None:
    """The window's daily copy of its local database: None with a shared database or when one was taken today."""
    from app.bootstrap import sqlite_file

    db_file = sqlite_file(ctx)
    if db_file is None:
        return None
    return take_if_due(db_file, ctx.paths.backup_dir, ctx.config["database.backups_kept"], now)


__all__ = ["BackupError", "BackupResult", "daily_backups", "is_daily", "is_due", "remove_partials", "rotate", "take",
           "take_daily", "take_if_due", "taken_at"]
