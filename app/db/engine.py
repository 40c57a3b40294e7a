"""Engine and session factory for SQLite (default) or PostgreSQL (shared office database)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import Paths

if TYPE_CHECKING:  # SQLAlchemy is imported when the engine is made, after the window is on screen
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker


def database_url(configured: str, paths: Paths) -> str:
    if configured:
        return configured
    return f"sqlite:///{paths.sqlite_file}"


def redact(url: str) -> str:
    """Hide the password of a database URL before showing or logging it."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class DatabaseUrlError(ValueError):
    """``database.url`` cannot name a database Raccordo can use; the message is Italian."""


SUPPORTED = ("sqlite", "postgresql")


def check_database_url(url: str) -> str:
    """Return ``url`` if it names a SQLite file or a PostgreSQL server; raise DatabaseUrlError otherwise.

    Checked before any driver sees it, so a typo gives its own message instead of a driver's exception.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
        port = parsed.port
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUrlError(f"L'impostazione database.url non è valida («{redact(url)}»): usare ad esempio "
                               "postgresql://utente@server:5432/raccordo.") from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED:
        raise DatabaseUrlError(f"L'impostazione database.url indica un database non supportato («{backend}»): "
                               "usare postgresql://utente@server:5432/raccordo.")
    if backend == "postgresql" and (not parsed.host or not parsed.database or (port is not None and port <= 0)):
        raise DatabaseUrlError(f"L'impostazione database.url è incompleta («{redact(url)}»): servono server e "
                               "nome del database, ad esempio postgresql://utente@server:5432/raccordo.")
    return url


def connection_problem(exc: BaseException, timeout: float) -> str:
    """Why a connection to the server failed, in a few Italian words (for IT and for the bailiff alike)."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "refused" in text:
        return "connessione rifiutata (server spento o porta sbagliata)"
    if "translate host name" in text or "name or service not known" in text or "nodename nor servname" in text \
            or "no address associated" in text or "temporary failure in name resolution" in text:
        return "nome del server sconosciuto"
    if "password" in text or "authentication" in text or "role" in text and "does not exist" in text:
        return "accesso negato (utente o password)"
    if "database" in text and "does not exist" in text:
        return "il database indicato non esiste sul server"
    if "timeout" in text or "timed out" in text:
        return f"nessuna risposta entro {timeout:.0f} secondi"
    return "connessione non riuscita"


def probe_database(url: str, timeout: float = 5.0) -> str | None:
    """Whether ``url`` names a database Raccordo can reach now: None, or the Italian reason it cannot.

    For ``config --check``: a typo or an unreachable server is reported before IT rolls the file out, within
    ``timeout`` seconds whatever the network does (a name lookup that hangs included).
    """
    import threading

    try:
        check_database_url(url)
    except DatabaseUrlError as exc:
        return str(exc)
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        folder = Path(parsed.database or "").expanduser().parent
        if parsed.database and not folder.is_dir():
            return f"database.url indica una cartella che non esiste: {folder}"
        return None
    outcome: list[str | None] = []

    def attempt() -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        driver_url = url if "+" in parsed.drivername else "postgresql+psycopg" + url[len(parsed.drivername):]
        engine = create_engine(driver_url, poolclass=NullPool,
                               connect_args={"connect_timeout": max(2, int(timeout) - 1)})
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            outcome.append(None)
        except Exception as exc:  # every driver error means "not usable": say which, in Italian
            outcome.append(connection_problem(exc, timeout))
        finally:
            engine.dispose()

    worker = threading.Thread(target=attempt, daemon=True, name="probe-database")
    worker.start()
    worker.join(timeout)
    reason = outcome[0] if outcome else f"nessuna risposta entro {timeout:.0f} secondi"
    if reason is None:
        return None
    return f"database.url: il database {redact(url)} non è raggiungibile: {reason}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _json_text(value) -> str:
    """JSON columns' text: orjson (dates as ISO text, as entry data writes them), several times faster than the
    standard library on the thousands of entries and revisions a sync writes. A module-level function, not a
    closure: psycopg caches one adapter per function code and warns, per connection, about a closure."""
    import orjson

    return orjson.dumps(value).decode("utf-8")


def make_engine(url: str) -> Engine:
    import orjson
    from sqlalchemy import create_engine, event

    json_options = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    check_database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10}, **json_options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **json_options)


def make_sessions(engine: Engine, info: dict | None = None) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``info`` is in every session's ``info`` (the context's caches, app/caches.py)."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False, info=info)
