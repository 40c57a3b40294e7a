"""What the user is told when something fails that no part of Raccordo explained: never a Python traceback.

Every part raises its own exceptions with short Italian messages (``PackError``,
``DirectoryDataError``, ``SyncError``...). Anything else (the database locked by
another process, a full disk, a read-only folder, a wrong or unreachable
``database.url``, a damaged database file, a plain bug) reaches one of two
thin hooks: ``app.cli.main`` for the commands and the excepthook in
``app/ui/crash.py`` (plus ``app/ui/workers.py`` for background jobs) for the
window. Both call :func:`explain`, which maps the exception to a :class:`Fault`:
a short Italian title and message, the same for the CLI and the window. The
traceback goes to the log file only, and the message names that file when the
cause is unknown.

The mapping looks through the exception chain (SQLAlchemy wraps the driver's
error in ``.orig``; our code often raises ``from`` the cause), so a fault is
recognised however deep it was raised.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger("raccordo.errors")

LOCKED = "locked"
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
BAD_URL = "bad_url"
UNREACHABLE = "unreachable"
CORRUPT = "corrupt"
DISK_ERROR = "disk_error"
UNEXPECTED = "unexpected"
EXPLAINED = "explained"  # a part's own exception: its text is already the message

_TITLES = {
    LOCKED: "Database occupato",
    DISK_FULL: "Disco pieno",
    READ_ONLY: "Scrittura non permessa",
    BAD_URL: "Impostazione del database non valida",
    UNREACHABLE: "Database non raggiungibile",
    CORRUPT: "Database danneggiato",
    DISK_ERROR: "Errore del disco",
    UNEXPECTED: "Errore imprevisto",
    EXPLAINED: "Operazione non riuscita",
}


class Fault(ValueError):
    """An error explained for the user; ``str()`` is the Italian message, ``original`` what really happened.

    A ValueError so that every view which already shows a ValueError's text to the user shows this one too.
    """

    def __init__(self, kind: str, message: str, original: BaseException | None = None):
        super().__init__(message)
        self.kind = kind
        self.title = _TITLES[kind]
        self.message = message
        self.original = original


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]


def _text(exc: BaseException) -> str:
    return str(exc).lower()


def _is_postgres_error(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "psycopg"


def classify(exc: BaseException) -> tuple[str, str | None]:
    """(kind of fault, file or folder involved if known) for any exception."""
    for item in _chain(exc):
        text = _text(item)
        if isinstance(item, OSError) and item.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return DISK_FULL, item.filename
        if isinstance(item, OSError) and item.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY, item.filename
        if isinstance(item, sqlite3.Error):
            if "database is locked" in text or "database table is locked" in text:
                return LOCKED, None
            if "disk is full" in text:
                return DISK_FULL, None
            if "readonly database" in text or "unable to open database file" in text:
                return READ_ONLY, None
            if "not a database" in text or "malformed" in text:
                return CORRUPT, None
            if "disk i/o error" in text:  # SQLite's I/O error: often a full disk (its -shm file), or a lost share
                return DISK_ERROR, None
        if _is_postgres_error(item):
            name = type(item).__name__
            if name == "DiskFull":
                return DISK_FULL, None
            if name in ("ReadOnlySqlTransaction", "InsufficientPrivilege"):
                return READ_ONLY, None
            if name in ("LockNotAvailable", "DeadlockDetected"):
                return LOCKED, None
            if name in ("OperationalError", "InvalidCatalogName", "InvalidPassword", "InvalidAuthorizationSpecification",
                        "ConnectionTimeout", "ConnectionFailure"):
                return UNREACHABLE, None
        module = type(item).__module__
        if module.startswith("sqlalchemy") and type(item).__name__ in ("ArgumentError", "NoSuchModuleError"):
            return BAD_URL, None
    return UNEXPECTED, None


def _where(path: str | None) -> str:
    return f" ({path})" if path else ""


def _connection_problem(exc: BaseException) -> str:
    """Why the server refused, in a few words: refused, unknown server, denied, no such database, no answer."""
    from app.db.engine import connection_problem

    return connection_problem(exc, 5)


def explain(exc: BaseException, log_file: Path | None = None) -> Fault:
    """The Fault to show for ``exc`` (a Fault is returned as it is)."""
    if isinstance(exc, Fault):
        return exc
    if is_explained(exc):
        return Fault(EXPLAINED, str(exc), exc)
    kind, path = classify(exc)
    log_hint = f" I dettagli sono nel file di log: {log_file}" if log_file else ""
    message = {
        LOCKED: "Il database è occupato da un'altra operazione (ad esempio un'importazione in corso). "
                "Riprovare tra qualche istante.",
        DISK_FULL: f"Disco pieno{_where(path)}: l'operazione non è stata completata. Liberare spazio e riprovare.",
        READ_ONLY: f"Impossibile scrivere{_where(path)}: la cartella è di sola lettura o mancano i permessi.",
        BAD_URL: "L'impostazione database.url non è valida. Chiedere all'IT di verificarla "
                 "(raccordo config --check FILE).",
        UNREACHABLE: f"Impossibile collegarsi al database condiviso: {_connection_problem(exc)}. Controllare la rete "
                     "o chiedere all'IT (impostazione database.url).",
        DISK_ERROR: "Errore di lettura o scrittura sul disco (spazio esaurito o disco non raggiungibile): "
                    "l'operazione non è stata completata. Liberare spazio o chiedere all'IT.",
        CORRUPT: "Il file del database è danneggiato. Non è stato modificato; per recuperare i dati usare "
                 "«raccordo database restore» o chiedere all'IT." + log_hint,
        UNEXPECTED: "Errore imprevisto: l'operazione non è stata completata." + log_hint,
    }[kind]
    return Fault(kind, message, exc)


def is_explained(exc: BaseException) -> bool:
    """True for the parts' own exceptions, whose text is already an Italian message for the user."""
    return isinstance(exc, Fault) or type(exc).__module__.startswith("app.")


def for_user(exc: BaseException, log_file: Path | None = None) -> BaseException:
    """``exc`` itself when its text is already for the user, otherwise the Fault that explains it."""
    return exc if is_explained(exc) else explain(exc, log_file)


def current_log_file() -> Path | None:
    """The file Raccordo's logging writes to in this process, if any (see app.log)."""
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", None)
        if name and getattr(handler, "_raccordo", False):
            return Path(name)
    return None


def report_to_console(exc: BaseException, data_dir: str | None = None) -> int:
    """The CLI's last resort: log the traceback to the file, print one Italian line, return exit status 1.

    ``data_dir`` (the command's ``--data-dir``) locates the log when the command failed before opening it.
    """
    log_file = current_log_file()
    if log_file is None:
        try:
            from app.log import setup_logging
            from app.paths import resolve_paths

            setup_logging(resolve_paths(data_dir).log_file, console_level=logging.ERROR)
        except Exception:  # no log at all (a read-only profile): the one-line message is still printed
            pass
        log_file = current_log_file()
    fault = explain(exc, log_file)
    from app.log import FILE_ONLY

    log.error("Command failed (%s)", fault.kind, exc_info=exc, extra=FILE_ONLY)
    print(f"Errore: {fault.message}", file=sys.stderr)
    return 1


__all__ = ["BAD_URL", "CORRUPT", "DISK_ERROR", "DISK_FULL", "EXPLAINED", "LOCKED", "READ_ONLY", "UNEXPECTED", "UNREACHABLE", "Fault",
           "classify", "current_log_file", "explain", "for_user", "is_explained", "report_to_console"]
