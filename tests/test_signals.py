"""Regression test for PySide6 6.12's emit() reference bug (see app/ui/signals.py)."""

from __future__ import annotations

import subprocess
import sys

from app.paths import install_root


def test_many_emits_through_the_helper_do_not_crash_the_interpreter():
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "from app.ui.signals import emit\n"
        "app = QCoreApplication([])\n"
        "class A(QObject):\n    fired = Signal(object)\n"
        "a = A(); seen = []\n"
        "a.fired.connect(seen.append)\n"
        "before = sys.getrefcount(True)\n"
        "for i in range(20000):\n    emit(a.fired, i)\n"
        "import gc; gc.collect()\n"
        "print(len(seen), abs(sys.getrefcount(True) - before) < 50)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=install_root(), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["20000", "True"]
