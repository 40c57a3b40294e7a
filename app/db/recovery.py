"""A damaged SQLite database is reported, kept aside and replaced by a backup only when the user says so.

Before, a database file truncated to zero bytes opened as an empty database: the
start-up migrated it from scratch and seeded the demo directory, and months of
statistics were silently gone. Now :func:`check_file` refuses, before anything
touches it, a file that exists but is empty or is not a SQLite database; SQLite's
own "malformed" errors met later are turned into the same :class:`DatabaseDamaged`
(``app.bootstrap``). Its message says which backup exists and how to restore it.

:func:`restore` is the one way back, called by ``raccordo database restore`` and
by the window's dialog: the damaged file (with its ``-wal`` journal, which may
hold recent data) moves to ``damaged/`` in the data folder for whoever will try
to recover it, and the newest backup that passes ``PRAGMA quick_check`` is
copied in its place, to be migrated as usual. Backups are the copies
``app.db.migrate`` makes before every migration.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
DAMAGED_FOLDER = "damaged"


class DatabaseDamaged(RuntimeError):
    """The database file cannot be used as it is; the message is Italian and says how to restore."""

    def __init__(self, db_file: Path, reason: str, backup: Path | None):
        self.db_file = db_file
        self.reason = reason
        self.backup = backup
        if backup is not None:
            advice = (f"L'ultima copia di sicurezza è del {backup_time(backup)}: per ripristinarla usare "
                      "«raccordo database restore» (il file danneggiato viene conservato a parte).")
        else:
            advice = ("Non ci sono copie di sicurezza: chiedere all'IT; «raccordo database restore --new» crea un "
                      "database vuoto e conserva a parte quello danneggiato.")
        super().__init__(f"Il database {db_file} è danneggiato ({reason}) e non è stato modificato. {advice}")


def backup_time(backup: Path) -> str:
    """When a backup was taken, as the messages say it: «24/11/2026 alle 09:12»."""
    return datetime.fromtimestamp(backup.stat().st_mtime).strftime("%d/%m/%Y alle %H:%M")


def check_file(db_file: Path, backup_dir: Path) -> None:
    """Raise DatabaseDamaged for a file that exists but cannot be a Raccordo database; a missing file is a first
    start and passes. Reads 16 bytes: cheap enough for every start."""
    try:
        with open(db_file, "rb") as fh:
            header = fh.read(len(HEADER))
    except FileNotFoundError:
        return
    if not header:
        raise DatabaseDamaged(db_file, "il file è vuoto", latest_backup(backup_dir, db_file))
    if header != HEADER:
        raise DatabaseDamaged(db_file, "il file non è un database SQLite", latest_backup(backup_dir, db_file))


def damaged(db_file: Path, backup_dir: Path, error: BaseException) -> DatabaseDamaged:
    """The DatabaseDamaged for an error SQLite raised while reading the file (a malformed page)."""
    log.warning("Damaged database %s: %s", db_file, error)  # the user is told in Italian; details for IT
    return DatabaseDamaged(db_file, "contenuto illeggibile", latest_backup(backup_dir, db_file))


def _is_sound(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            if fh.read(len(HEADER)) != HEADER:
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def backups(backup_dir: Path, db_file: Path) -> list[Path]:
    """The backups of ``db_file`` (named ``<stem>-<timestamp><suffix>``), newest first."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.glob(f"{db_file.stem}-*{db_file.suffix}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def latest_backup(backup_dir: Path, db_file: Path) -> Path | None:
    """The newest backup that SQLite finds sound."""
    return next((p for p in backups(backup_dir, db_file) if _is_sound(p)), None)


@dataclass(frozen=True)
class Restored:
    kept_aside: Path | None  # where the damaged file went
    restored_from: Path | None  # the backup copied in; None for a new, empty database

    @property
    def message(self) -> str:
        aside = f" Il file danneggiato è conservato in {self.kept_aside}." if self.kept_aside else ""
        if self.restored_from is None:
            return f"Creato un database nuovo.{aside}"
        return f"Ripristinata la copia di sicurezza del {backup_time(self.restored_from)}.{aside}"


def keep_aside(db_file: Path) -> Path | None:
    """Move the damaged file and its journal files to ``damaged/`` beside it; return the new path of the file."""
    if not db_file.exists():
        return None
    folder = db_file.parent / DAMAGED_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{db_file.stem}-{stamp}{db_file.suffix}"
    for suffix in ("-wal", "-shm", "-journal"):
        companion = db_file.with_name(db_file.name + suffix)
        if companion.exists():
            shutil.move(companion, target.with_name(target.name + suffix))
    shutil.move(db_file, target)
    log.warning("Damaged database kept aside: %s", target)
    return target


def restore(db_file: Path, backup_dir: Path, *, backup: Path | None = None, new: bool = False) -> Restored:
    """Put the damaged database aside and the newest sound backup (or ``backup``) in its place; with ``new``, leave
    no file, so the next start creates an empty database. The caller must have closed every connection to it.

    Raises DatabaseDamaged when there is no sound backup and ``new`` was not asked.
    """
    source = None
    if not new:
        source = backup if backup is not None else latest_backup(backup_dir, db_file)
        if source is None or not _is_sound(source):
            raise DatabaseDamaged(db_file, "nessuna copia di sicurezza utilizzabile", None)
    kept = keep_aside(db_file)
    if source is not None:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(db_file)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
        log.warning("Database restored from %s", source)
    return Restored(kept, source)


__all__ = ["DatabaseDamaged", "Restored", "backup_time", "backups", "check_file", "damaged", "keep_aside", "latest_backup",
           "restore"]
