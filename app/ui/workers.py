"""Run slow work off the GUI thread and hand the result back through signals.

``run_in_background(fn, on_done, on_error)`` queues ``fn`` on the global
thread pool; the callbacks run on the GUI thread. Tests call
``set_synchronous(True)`` to run the work inline.

``on_error(exc, details)`` receives the parts' own exceptions as they are (their
text is an Italian message) and anything else as an ``app.errors.Fault`` that
explains it; ``details`` never holds a traceback (that goes to the log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
_synchronous = False
_alive: set[_Relay] = set()


def _for_user(exc: Exception) -> Exception:
    from app.errors import current_log_file, for_user

    return for_user(exc, current_log_file())  # type: ignore[return-value]


def set_synchronous(value: bool) -> None:
    global _synchronous
    _synchronous = value


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the GUI thread, never lost
            log.exception("Background job failed")
            self._report(self.relay.failed, _for_user(exc), "")
        else:
            self._report(self.relay.succeeded, result)

    @staticmethod
    def _report(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window closed while the job ran: nobody is left to tell
            log.info("Background job finished after its window closed")


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception, str], None]) -> None:
    if _synchronous:
        try:
            result = fn()
        except Exception as exc:
            log.exception("Background job failed")
            on_error(_for_user(exc), "")
        else:
            on_done(result)
        return
    relay = _Relay()
    _alive.add(relay)

    def finish_ok(result: Any) -> None:
        _alive.discard(relay)
        on_done(result)

    def finish_error(exc: Exception, details: str) -> None:
        _alive.discard(relay)
        on_error(exc, details)

    relay.succeeded.connect(finish_ok)
    relay.failed.connect(finish_error)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_background(msecs: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
