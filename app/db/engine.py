"""Engine and session factory for SQLite (default) or PostgreSQL (shared office database)."""

from __future__ import annotations

import re
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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    import orjson
    from sqlalchemy import create_engine, event

    dumps = orjson.dumps

    def json_text(value) -> str:
        """JSON columns' text: orjson (dates as ISO text, as entry data writes them), several times faster than
        the standard library on the thousands of entries and revisions a sync writes."""
        return dumps(value).decode("utf-8")

    json_options = {"json_serializer": json_text, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 10}, **json_options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **json_options)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)
