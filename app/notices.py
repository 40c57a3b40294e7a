"""Things the core must tell the user although no caller asked: a damaged file set aside, for instance.

The core is Qt-free and prints nothing, and a notice can arise deep inside a use
case (recording a delivery found the statistics outbox damaged, set it aside and
went on). :func:`tell` hands the Italian message to whoever listens: the window
(``app/ui/notices.py``, which moves it to the GUI thread through a signal) or, with
nobody listening, keeps it until :func:`take` (the CLI prints them after each
command). Thread-safe: a notice may come from a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: list[str] = []
_listeners: list[Callable[[str], None]] = []


def tell(message: str) -> None:
    """Give ``message`` to the listeners, or keep it for :func:`take` when there are none."""
    log.warning("Notice: %s", message)
    with _lock:
        listeners = list(_listeners)
        if not listeners:
            _pending.append(message)
    for listener in listeners:
        listener(message)


def take() -> list[str]:
    """The notices nobody has heard yet, once."""
    with _lock:
        taken = list(_pending)
        _pending.clear()
    return taken


def listen(listener: Callable[[str], None]) -> None:
    """Hear every notice from now on, and those kept until now."""
    with _lock:
        _listeners.append(listener)
    for message in take():
        listener(message)


def unlisten(listener: Callable[[str], None]) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def reset() -> None:
    """Nobody listening, nothing kept: between tests, so one test's notice never reaches another's window."""
    with _lock:
        _listeners.clear()
        _pending.clear()


__all__ = ["listen", "reset", "take", "tell", "unlisten"]
