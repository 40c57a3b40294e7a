"""Logging: a rotating file in the per-user log folder, plus stderr for commands."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


FILE_ONLY = {"file_only": True}
"""``extra=`` for a record meant for the log file, not the terminal (the user was already told in Italian)."""


class _ConsoleFormatter(logging.Formatter):
    """One line per record on the terminal: tracebacks go to the log file only (see app/errors.py)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname}: {record.getMessage()}"


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file; a full disk or a vanished folder must not print logging's own traceback on the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # nowhere left to report it: the user is told about the fault itself (app/errors.py)


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "file_only", False)


def setup_logging(log_file: Path, *, console_level: int | None = None) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    close_logging()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = _LogFile(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:  # a read-only profile must not stop the application
        file_handler = logging.NullHandler()
    file_handler.setFormatter(logging.Formatter(FORMAT))
    file_handler._raccordo = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console_level is not None:
        console = logging.StreamHandler()
        console.setLevel(console_level)
        console.setFormatter(_ConsoleFormatter())
        console.addFilter(_not_file_only)
        console._raccordo = True  # type: ignore[attr-defined]
        root.addHandler(console)


def close_logging() -> None:
    """Close our handlers (Windows cannot delete a folder holding an open log file)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_raccordo", False):
            root.removeHandler(handler)
            handler.close()
