"""The shape the project promises: a Qt-free core, and parts that do not reach into each other."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import install_root

APP = install_root() / "app"
CORE_PARTS = ["config", "paths", "context", "bootstrap", "db", "territory", "directory", "leaflets", "stats", "sync",
              "delivery", "monitoring"]


def _modules(part: str) -> list[str]:
    target = APP / part
    files = [target.with_suffix(".py")] if target.with_suffix(".py").exists() else sorted(target.rglob("*.py"))
    names = []
    for file in files:
        if "migrations" in file.parts:
            continue
        relative = file.relative_to(install_root()).with_suffix("")
        names.append(".".join(p for p in relative.parts if p != "__init__"))
    return names


def _imports(module_file: Path) -> set[str]:
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("part", CORE_PARTS)
def test_core_never_imports_qt_widgets_or_the_ui(part):
    for file in ([APP / f"{part}.py"] if (APP / f"{part}.py").exists() else (APP / part).rglob("*.py")):
        bad = {m for m in _imports(file) if m.startswith(("PySide6.QtWidgets", "PySide6.QtGui", "app.ui"))}
        assert not bad, f"{file.relative_to(install_root())} imports {sorted(bad)}"


def test_importing_the_whole_core_loads_no_qt():
    modules = [m for part in CORE_PARTS for m in _modules(part)]
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=install_root(), check=True)
    assert out.stdout.strip() == "[]"


def test_leaflets_and_stats_never_import_each_other():
    """Their one meeting point is the hand-over use case, app/delivery.py, which the UI and the CLI both call."""
    for part, other in (("leaflets", "app.stats"), ("stats", "app.leaflets")):
        for file in (APP / part).rglob("*.py"):
            assert not {m for m in _imports(file) if m.startswith(other)}, file


def test_recording_a_delivery_has_one_home():
    """Only the use case records a delivery: a second copy of "print, then record" would drift from its policy."""
    callers = [file.relative_to(install_root()) for file in APP.rglob("*.py")
               if "record_delivery(" in file.read_text(encoding="utf-8") and file.parent.name != "stats"]
    assert [str(c) for c in callers] == ["app/delivery.py"]


def test_storage_knows_no_feature():
    for file in (APP / "db").rglob("*.py"):
        if "migrations" in file.parts:
            continue
        assert not {m for m in _imports(file) if m.startswith(("app.directory", "app.leaflets", "app.stats",
                                                                "app.sync", "app.territory"))}, file
