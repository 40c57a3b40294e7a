"""One running Raccordo per user and database: a second start is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from app.paths import instance_lock


def lock_path(data_dir: Path, db_url: str) -> Path:
    return instance_lock(data_dir, db_url)


def acquire(data_dir: Path, db_url: str) -> QLockFile | None:
    """Return the held lock, or None when another instance already runs."""
    lock = QLockFile(str(lock_path(data_dir, db_url)))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale, however old it is
    if lock.tryLock(200):
        return lock
    return None
