"""Memoised values, in one place: owned by the application context, cleared with it, safe across threads.

Raccordo remembers a computed value only where a benchmark showed the time it saves (``bench/``), and only in
one of two ways:

* :class:`Caches`, one per :class:`~app.context.AppContext` (``ctx.caches``), for values that belong to one
  database or one data folder: the directory resolver's index, the statistics outbox. Core functions that take
  a session reach it with :func:`caches_of` (every session the context makes carries it in ``session.info``),
  so no signature changes for it; a session made some other way gets no memory at all and simply recomputes.
  ``AppContext.dispose()`` clears it and disposes what it holds (an outbox engine).
* :func:`memo`, for pure functions of their arguments whose answer depends on no database (the fonts that draw
  a character cluster, a measured text run). It is ``functools.lru_cache`` (thread-safe, bounded), registered so
  that :func:`clear_memos` empties them all; ``AppContext.dispose()`` calls it. They are process-wide because
  what they read is: ReportLab's font registry is one per process.

Everything else is computed each time. A value cached under a *version* (the directory's data version) is
recomputed when the version changes, so a cache never answers with data older than the database's.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
SESSION_KEY = "raccordo.caches"


class Caches:
    """Named values of one context, each valid for one version; ``get`` is safe from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, tuple[Hashable, Any, Callable[[Any], None] | None]] = {}

    def get(self, name: str, version: Hashable, compute: Callable[[], T],
            dispose: Callable[[T], None] | None = None) -> T:
        """The value kept under ``name`` for ``version``, else ``compute()``'s (kept for next time).

        ``compute`` runs outside the lock (two threads may both compute; one answer is kept); ``dispose`` is
        called on a value that is replaced or cleared.
        """
        with self._lock:
            found = self._values.get(name)
        if found is not None and found[0] == version:
            return found[1]
        value = compute()
        replaced = None
        with self._lock:
            found = self._values.get(name)
            if found is not None and found[0] == version:  # another thread got there first: keep its value
                kept = found[1]
            else:
                self._values[name] = (version, value, dispose)
                kept, replaced = value, found
        if kept is not value and dispose is not None:
            dispose(value)
        if replaced is not None and replaced[2] is not None:
            replaced[2](replaced[1])  # the value of an older version
        return kept

    def discard(self, name: str) -> None:
        """Forget the value kept under ``name`` (disposing of it); the next ``get`` computes it again."""
        with self._lock:
            found = self._values.pop(name, None)
        if found is not None and found[2] is not None:
            found[2](found[1])

    def clear(self) -> None:
        with self._lock:
            values, self._values = self._values, {}
        for _version, value, dispose in values.values():
            if dispose is not None:
                dispose(value)


def caches_of(session: Any) -> Caches | None:
    """The caches of the context that made ``session`` (None for a session made without one)."""
    info = getattr(session, "info", None)
    return info.get(SESSION_KEY) if info is not None else None


def cached(session: Any, name: str, version: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered in the session's context for ``version`` (recomputed without a context)."""
    caches = caches_of(session)
    return compute() if caches is None else caches.get(name, version, compute)


_memos: list[Any] = []
_memos_lock = threading.Lock()


def memo(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a pure function, registered for :func:`clear_memos`."""
    def decorate(fn: F) -> F:
        wrapped = functools.lru_cache(maxsize=maxsize)(fn)
        with _memos_lock:
            _memos.append(wrapped)
        return wrapped  # type: ignore[return-value]
    return decorate


def clear_memos() -> None:
    with _memos_lock:
        memos = list(_memos)
    for wrapped in memos:
        wrapped.cache_clear()
