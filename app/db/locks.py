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

import zlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def _advisory_key(name: str) -> int:
    return zlib.crc32(f"raccordo:{name}".encode()) - 2**31  # a stable signed 32-bit number per name


def serialise_writers(session: Session, name: str) -> None:
    """Hold the write lock named ``name`` until ``session``'s transaction ends."""
    conn = session.connection()
    dialect = conn.dialect.name
    if dialect == "sqlite":
        raw = conn.connection.driver_connection
        if not raw.in_transaction:  # already writing: this transaction holds the write lock
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _advisory_key(name)})


__all__ = ["serialise_writers"]
