"""The bundle's PySide6 run-time hook sets Qt's paths without importing Qt (issue 18).

PyInstaller's own hook imported PySide6.QtCore at the start of every run of the bundle, ``version`` included.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

from app.paths import install_root

HOOKS = install_root() / "installer" / "pyinstaller"


def test_our_hook_replaces_pyinstallers_for_pyside6():
    table = ast.literal_eval((HOOKS / "rthooks.dat").read_text(encoding="utf-8"))
    assert list(table) == ["PySide6"]
    assert all((HOOKS / "rthooks" / name).is_file() for name in table["PySide6"])
    spec = (install_root() / "build.spec").read_text(encoding="utf-8")
    assert 'hookspath=[str(ROOT / "installer" / "pyinstaller")]' in spec


def test_hook_sets_the_qt_paths_and_imports_no_qt(tmp_path):
    hook = HOOKS / "rthooks" / "pyi_rth_pyside6_paths.py"
    code = (f"import json, os, sys\nsys._MEIPASS = {str(tmp_path)!r}\n"
            f"exec(compile(open({str(hook)!r}).read(), 'hook', 'exec'))\n"
            "print(json.dumps({'qt': sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))),"
            " 'plugins': os.environ['QT_PLUGIN_PATH'], 'qml': os.environ['QML2_IMPORT_PATH']}))")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")}
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True, env=env)
    state = json.loads(out.stdout)
    assert state["qt"] == []
    qt = tmp_path / "PySide6" if sys.platform.startswith("win") else tmp_path / "PySide6" / "Qt"
    assert state["plugins"] == str(qt / "plugins") and state["qml"] == str(qt / "qml")
