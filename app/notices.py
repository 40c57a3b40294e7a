"""Things the core must tell the user although no caller asked: a damaged file set aside, for instance.

The core is Qt-free and prints nothing, and a notice can arise deep inside a use
case (recording a delivery found the statistics outbox damaged, set it aside and
went on). :func:`tell` hands the Italian message to whoever listens: the window
(``app/ui/notices.py``, which moves it to the GUI thread through a signal) or, with
nobody listening, keeps it until :func:`take` (the CLI prints them after each
command). Thread-safe: a notice may come from a worker thread.

A notice may name its ``topic`` (one of the constants below): the window then puts
a short sentence of its own in its banner, which stays on screen, and keeps the full
message (paths, counts, the command for IT) for the message box and the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

OUTBOX_SET_ASIDE = "stats-outbox-set-aside"  # a damaged statistics outbox was moved to damaged/ (app.stats.office)

Listener = Callable[[str, str], None]  # (full message, topic or "")

_lock = threading.Lock()
_pending: list[tuple[str, str]] = []
_listeners: list[Listener] = []


def tell(message: str, topic: str = "") -> None:
    """Give ``message`` to the listeners, or keep it for :func:`take` when there are none."""
    log.warning("Notice: %s", message)
    with _lock:
        listeners = list(_listeners)
        if not listeners:
            _pending.append((message, topic))
    for listener in listeners:
        listener(message, topic)


def _take_pending() -> list[tuple[str, str]]:
    with _lock:
        taken = list(_pending)
        _pending.clear()
    return taken


def take() -> list[str]:
    """The notices nobody has heard yet, once (their full messages)."""
    return [message for message, _topic in _take_pending()]


def listen(listener: Listener) -> None:
    """Hear every notice from now on, and those kept until now."""
    with _lock:
        _listeners.append(listener)
    for message, topic in _take_pending():
        listener(message, topic)


def unlisten(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def reset() -> None:
    """Nobody listening, nothing kept: between tests, so one test's notice never reaches another's window."""
    with _lock:
        _listeners.clear()
        _pending.clear()


__all__ = ["OUTBOX_SET_ASIDE", "Listener", "listen", "reset", "take", "tell", "unlisten"]
