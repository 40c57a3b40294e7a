"""One running Raccordo per user and database: a second start is refused with a clear message."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile


def lock_path(data_dir: Path, db_url: str) -> Path:
    digest = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:12]
    return data_dir / f"raccordo-{digest}.lock"


def acquire(data_dir: Path, db_url: str) -> QLockFile | None:
    """Return the held lock, or None when another instance already runs."""
    lock = QLockFile(str(lock_path(data_dir, db_url)))
    lock.setStaleLockTime(0)  # only a dead process's lock is stale, however old it is
    if lock.tryLock(200):
        return lock
    return None
