"""Emit Qt signals from Python without tripping PySide6 6.12's reference bug.

PySide6 6.12.0 on Python 3.11: ``SignalInstance.emit()`` returns ``True``
without a new reference, so every emit from Python takes one reference away
from the ``True`` singleton; after a few thousand (a day of typing in a
type-ahead) the interpreter aborts with "bool_dealloc: deallocating True or
False". Only ``emit`` is affected (checked against other bool-returning calls).
Every emit in Raccordo goes through :func:`emit`, which gives the reference
back when, and only when, the running PySide6 has the bug: it is measured once
at import, so a fixed PySide6 (or Python 3.12+, where True is immortal) runs
untouched. ``tests/test_architecture.py`` forbids a bare ``.emit(`` in ``app/``.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal


def _emit_leaks_true() -> bool:
    class _Probe(QObject):
        fired = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(64):
        probe.fired.emit()  # the one bare emit: it measures the bug
    lost = before - sys.getrefcount(True)
    for _ in range(max(0, lost)):  # give back what the probe itself took
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= 60


EMIT_LEAKS_TRUE = _emit_leaks_true()


def emit(signal, *args) -> None:
    """``signal.emit(*args)``, returning to True the reference a buggy PySide6 takes away."""
    result = signal.emit(*args)
    if EMIT_LEAKS_TRUE and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
