"""The Qt binding must not lose references to Python's singletons.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a C++ method that returns void
(``QLabel.setText``, ``QTimer.start``, ``processEvents``...) and one to ``True`` on every ``emit()``. ``None`` starts
with a few thousand references, so a window that updates a label a few thousand times aborts the interpreter with
"Fatal Python error: none_dealloc", losing the bailiff's work. 6.11.3 has neither fault, hence the pin in
pyproject.toml. These checks run in a child process, so a binding that has the fault fails the test instead of
crashing the test run, and an upgrade of PySide6 that brings the fault back cannot land.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
import sys
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label = QLabel()
timer = QTimer()


class Source(QObject):
    changed = Signal(bool)


source = Source()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(500):
    label.setText("x")
    timer.start(1000)
    timer.stop()
    app.processEvents()
    source.changed.emit(True)
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_void_calls_and_emits_keep_the_references_of_none_and_true():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    none_delta, true_delta = (int(n) for n in out.stdout.split())
    # A few references may come and go with the interpreter's own caches; the fault loses one per call (2,000+).
    assert abs(none_delta) < 50, f"None lost {-none_delta} references in 2,000 void calls"
    assert abs(true_delta) < 50, f"True lost {-true_delta} references in 500 emits"
