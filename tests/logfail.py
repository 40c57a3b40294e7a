"""Fail a test that logs a warning or an error it did not expect, as qutebrowser's ``tests/helpers/logfail.py`` does.

A warning in the log is something a user or IT would read in the log file: a test that produces one without
saying so hides a fault (a swallowed exception, a fallback taken, a configuration problem). Records are
collected from every thread (a background job's error counts too) and checked when the test ends.

A test that expects a record says so, the way qutebrowser's tests do, with ``caplog.at_level(LEVEL)`` at the
record's exact level (optionally for its logger): then the record is the test's business, and it usually
asserts on ``caplog.records``. Records emitted while no test runs (session fixtures) are not checked.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

import pytest

MIN_LEVEL = logging.WARNING


class LogFailHandler(logging.Handler):
    """Keeps the unexpected records of the running test."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self._lock_records = threading.Lock()
        self.active = False
        self.unexpected: list[logging.LogRecord] = []
        self._levels: dict[str, int] = {}

    def start(self) -> None:
        """A test begins: remember every logger's level, so that only a level the test set counts as expecting."""
        self.take()
        manager = logging.Logger.manager
        self._levels = {name: logger.level for name, logger in manager.loggerDict.items()
                        if isinstance(logger, logging.Logger)}
        self._levels[""] = logging.getLogger().level
        self.active = True

    def _expected(self, record: logging.LogRecord) -> bool:
        """``caplog.at_level(record.levelno[, logger])`` is in force. A level a library sets on its own logger
        (psycopg's is WARNING) is not a test expecting its warnings: only a level changed during the test is."""
        for name in (record.name, ""):
            logger = logging.getLogger(name or None)
            # a logger made during the test started as every new logger does: NOTSET
            if logger.level == record.levelno and self._levels.get(name, logging.NOTSET) != logger.level:
                return True
        return False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.active or record.levelno < MIN_LEVEL or self._expected(record):
            return
        with self._lock_records:
            self.unexpected.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self._lock_records:
            taken, self.unexpected = self.unexpected, []
        return taken


HANDLER = LogFailHandler()


@contextlib.contextmanager
def expecting(caplog: pytest.LogCaptureFixture, levels: dict[str, int]) -> Iterator[None]:
    """The records a test expects, by logger and exact level: ``caplog.at_level`` for each."""
    with contextlib.ExitStack() as stack:
        for name, level in levels.items():
            stack.enter_context(caplog.at_level(level, logger=name))
        yield


def describe(records: list[logging.LogRecord]) -> str:
    return "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in records)


@pytest.fixture(scope="session", autouse=True)
def _fail_on_logging():
    root = logging.getLogger()
    level = root.level
    # INFO, as the application sets it (app/log.py): with the default WARNING, every warning would look like one
    # a test expects at that level.
    root.setLevel(logging.INFO)
    root.addHandler(HANDLER)
    yield
    root.removeHandler(HANDLER)
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _no_unexpected_log(request):
    HANDLER.start()
    yield
    HANDLER.active = False
    unexpected = HANDLER.take()
    if unexpected:
        pytest.fail(f"unexpected log records (use caplog.at_level at their level if the test expects them):\n"
                    f"{describe(unexpected)}", pytrace=False)
