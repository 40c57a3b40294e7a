"""One writer at a time for a read-check-write use case (a directory import, an edit), on SQLite and PostgreSQL.

A use case that reads the current state, decides, then writes must not decide on
a state another process changes in between: two imports of the same file at once
both saw "new referent" and both added it (issue 12). :func:`serialise_writers`
makes the rest of the caller's transaction exclusive among writers that call it
with the same name, and the caller re-reads the state after it:

- SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock now (the driver
  would otherwise begin only at the first INSERT, after the reads). Another
  process waits up to the busy timeout (``app.db.engine``), then gets "database
  is locked", which the error handler explains.
- PostgreSQL: a transaction-scoped advisory lock, released at commit or
  rollback; readers are never blocked.

The lock is a courtesy between well-behaved writers; the schema's constraints
stay the guarantee.
"""

from __future__ import annotations

import sqlite3
import time
import zlib

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session


def _advisory_key(name: str) -> int:
    return zlib.crc32(f"raccordo:{name}".encode()) - 2**31  # a stable signed 32-bit number per name


def serialise_writers(session: Session, name: str, *, wait: float = 0) -> None:
    """Hold the write lock named ``name`` until ``session``'s transaction ends.

    On SQLite, ``wait`` seconds more than the busy timeout are spent waiting for another writer (a long import)
    before "database is locked" is raised: a bulk job would rather wait its turn than fail.
    """
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect == "sqlite":
        raw = conn.connection.driver_connection
        if raw.in_transaction:  # already writing: this transaction holds the write lock
            return
        deadline = time.monotonic() + wait
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")  # the driver's own: a failed attempt must not poison the session
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc
    elif dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key(name)})


__all__ = ["serialise_writers"]
