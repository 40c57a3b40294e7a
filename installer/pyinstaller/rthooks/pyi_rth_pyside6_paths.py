"""Raccordo's run-time hook for PySide6 in the bundle: Qt's paths, without importing Qt.

It replaces PyInstaller's own ``pyi_rth_pyside6`` (``build.spec`` lists this folder in ``hookspath``, and a
project's run-time hooks take precedence). That hook imports ``PySide6.QtCore`` at the start of every run to
register a relocating ``qt.conf``, which PySide6's wheels already register themselves when QtCore is imported
(the hook returns as soon as it finds theirs). The import costs 0.15-0.2 s of CPU (QtCore, shiboken, ICU data)
on every command, ``version`` included, none of which touches Qt. What remains is the hook's real work: the
plugin and QML paths, and on Windows the bundle's folder on PATH. Linux and Windows only, like the installers.
"""

import os
import sys


def _qt_paths() -> None:
    windows = sys.platform.startswith("win")
    qt = os.path.join(sys._MEIPASS, "PySide6") if windows else os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt, "qml")
    if windows:  # as PyInstaller's hook does: DLLs collected next to the executable stay findable
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")


_qt_paths()
del _qt_paths
