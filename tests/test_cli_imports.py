"""Each command imports only what its handler uses (issue 18).

Scripts, IT's checks and tomorrow's batch start one process per command, so a module imported for nothing is
paid on every call: SQLAlchemy for ``version``, openpyxl and the statistics aggregation for a ``pack``,
ReportLab for ``directory for``. Each command runs here as the user runs it, in a fresh interpreter on an
existing data folder, under ``python -X importtime``, and the modules it imported are read back from that report
(every first import made by an import statement, at module level or inside a function) and from ``sys.modules``
at exit, which also holds those loaded through ``importlib.import_module``, which the report does not list. The
test's own runner writes that list (``runpy`` runs ``app`` as ``-m`` does); the application has no hook for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.paths import install_root

DATABASE = ("sqlalchemy", "alembic", "sqlite3")
PDF = ("reportlab", "uharfbuzz", "app.leaflets.fonts", "app.leaflets.render")
WORKBOOK = ("openpyxl", "app.stats.workbook")
AGGREGATION = ("app.stats.aggregate", "app.stats.report", "app.stats.suppress", "app.stats.service")
DIRECTORY_WRITING = ("app.directory.demo", "app.directory.snapshot", "app.directory.store",
                     "app.directory.importer")
SEEDING = ("app.territory.data", "app.directory.demo")
QT = ("PySide6", "shiboken6")
# What building the parser imports for every command: the registry (each part's commands module, in the part's
# package, whose __init__ is a docstring) and the closed lists its choices come from (with the shared ones).
PARTS = ("app.directory", "app.leaflets", "app.stats", "app.monitoring", "app.sync")
REGISTRY = {"app", "app.__main__", "app.cli", "app.core_commands", *PARTS, *(f"{p}.commands" for p in PARTS),
            "app.stats.vocab", "app.db", "app.db.commands", "app.vocab"}
# Closed lists any command may read without paying for its part: the service kinds the leaflet content's contact
# rule is checked against (no imports of its own).
VOCABULARIES = {"app.directory.kinds"}
LOCALE = ("babel", "phonenumbers")

# command line, modules it must not import, modules it must import (so the report is known to be read right)
COMMANDS = {
    "version": (["version"], (*DATABASE, *PDF, *WORKBOOK, *QT, *LOCALE, "app.context", "app.config", "app.paths",
                              "app.log", "platformdirs"), ()),
    "config": (["config"], (*DATABASE, *PDF, *WORKBOOK, *QT, *LOCALE), ("app.config",)),
    "directory for": (["directory", "for", "Milano"],
                      (*PDF, *WORKBOOK, *QT, *AGGREGATION, *DIRECTORY_WRITING, *SEEDING, "alembic", "app.leaflets",
                       "app.stats", "app.sync"),
                      ("sqlalchemy.orm", "app.directory.resolve")),
    "directory export html": (["directory", "export", "--format", "html", "--out", "{tmp}/rubrica.html"],
                              (*PDF, *WORKBOOK, *QT, *AGGREGATION, *SEEDING, "alembic", "app.leaflets", "app.stats"),
                              ("app.directory.export_html",)),
    "pack": (["pack", "--stage", "accesso", "--municipality", "Milano", "--lang", "ar", "--out", "{tmp}/foglio.pdf"],
             (*WORKBOOK, *QT, *AGGREGATION, *DIRECTORY_WRITING, *SEEDING, "alembic", "app.stats.exchange",
              "app.stats.period", "app.sync", "app.directory.export_html", "app.directory.export_xlsx",
              "urllib.request", "http.client"),  # markup escaped with html.escape, not xml.sax.saxutils
             ("reportlab.platypus", "app.leaflets.pack", "app.stats.events")),
    "languages": (["languages"], (*PDF, *WORKBOOK, *QT, *AGGREGATION, *SEEDING, "alembic", "app.stats",
                                  "app.directory", "app.sync"), ("app.leaflets.content",)),
    # The workbook's "Monitoraggio" sheet reads the directory's freshness per signatory (issue 20): the directory's
    # reading side, never its writing side.
    "export": (["export", "--period", "2026-10", "--out", "{tmp}/mese.xlsx"],
               (*PDF, *QT, *DIRECTORY_WRITING, *SEEDING, "alembic", "app.leaflets", "app.directory.resolve",
                "app.sync", "phonenumbers"),
               ("openpyxl", "app.stats.aggregate", "app.monitoring.sheet")),
    "report": (["report", "--period", "2026-T2", "--out", "{tmp}/rapporto.pdf"],
               (*WORKBOOK, *QT, *DIRECTORY_WRITING, *SEEDING, "alembic", "app.leaflets", "app.directory.resolve",
                "app.sync", "phonenumbers"),
               ("reportlab.platypus", "app.monitoring.pdf", "app.directory.freshness")),
    "outcome": (["outcome", "--municipality", "Milano", "--outcome", "postponed"],
                (*PDF, *WORKBOOK, *QT, *AGGREGATION, *DIRECTORY_WRITING, *SEEDING, "alembic", "app.leaflets",
                 "app.directory", "app.sync"),
                ("app.stats.events",)),
    "stats export-events": (["stats", "export-events", "--out", "{tmp}/eventi.json"],
                            (*PDF, *WORKBOOK, *QT, *AGGREGATION, *SEEDING, "alembic", "app.leaflets",
                             "app.directory", "app.sync"),
                            ("app.stats.exchange",)),
    "sync --status": (["sync", "--status"], (*PDF, *WORKBOOK, *QT, *AGGREGATION, *SEEDING, "alembic"),
                      ("app.sync.service",)),
    "database backups": (["database", "backups"], (*PDF, *WORKBOOK, *QT, *AGGREGATION, *DIRECTORY_WRITING, *SEEDING,
                                                   "alembic", "app.leaflets", "app.stats", "app.sync"),
                         ("app.db.recovery",)),
    "keygen": (["keygen", "--out", "{tmp}/editore.key"], (*DATABASE, *PDF, *WORKBOOK, *QT, *LOCALE, "app.context"),
               ("app.sync.keys",)),
}


_RUNNER = """
import atexit, runpy, sys
listing = sys.argv.pop(1)
def dump():
    with open(listing, "w", encoding="utf-8") as fh:
        fh.write("\\n".join(sorted(sys.modules)))
atexit.register(dump)
runpy.run_module("app", run_name="__main__", alter_sys=True)
"""


def importtime_costs(report: str) -> dict[str, float]:
    """Module -> cumulative milliseconds, from ``-X importtime`` lines (``import time: self | cumulative | name``)."""
    costs = {}
    for line in report.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            _self, cumulative, name = line.removeprefix("import time:").split("|")
            if cumulative.strip().isdigit():
                costs[name.strip()] = int(cumulative) / 1000
    return costs


class Run:
    """One command in a fresh interpreter: its outcome and every module it imported."""

    def __init__(self, args: list[str], data: Path, root: Path):
        listing = data.parent / f"modules-{os.getpid()}-{id(self)}.txt"
        env = dict(os.environ, RACCORDO_DATA_DIR=str(data), RACCORDO_CONFIG=str(data / "no-such-file.toml"),
                   QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
        self.out = subprocess.run([sys.executable, "-X", "importtime", "-c", _RUNNER, str(listing), *args],
                                  capture_output=True, text=True, cwd=root, env=env, timeout=300)
        self.costs = importtime_costs(self.out.stderr)
        self.modules = set(self.costs) | set(listing.read_text(encoding="utf-8").split())
        listing.unlink()
        self.errors = "\n".join(line for line in self.out.stderr.splitlines() if not line.startswith("import time:"))

    def unwanted(self, forbidden: tuple[str, ...]) -> list[str]:
        """The imported modules that are, or are inside, a forbidden package or module (the parser's aside)."""
        return sorted(m for m in self.modules - REGISTRY - VOCABULARIES if any(m == f or m.startswith(f + ".") for f in forbidden))

    def explain(self, modules: list[str]) -> str:
        return ", ".join(f"{m} ({self.costs[m]:.0f} ms)" if m in self.costs else m for m in modules)


@pytest.fixture(scope="module")
def data_folder(tmp_path_factory) -> Path:
    """An existing data folder: migrated and seeded once, as every command after the first finds it."""
    data = tmp_path_factory.mktemp("commands") / "data"
    run = Run(["directory", "for", "Milano"], data, install_root())
    assert run.out.returncode == 0, run.errors
    return data


@pytest.mark.parametrize("name", list(COMMANDS))
def test_command_imports_only_what_it_uses(name, data_folder, tmp_path):
    args, forbidden, required = COMMANDS[name]
    run = Run([a.replace("{tmp}", str(tmp_path)) for a in args], data_folder, install_root())
    assert run.out.returncode == 0, run.errors
    assert not run.unwanted(forbidden), f"{name} imports {run.explain(run.unwanted(forbidden))}"
    missing = [m for m in required if m not in run.modules]
    assert not missing, f"{name} did not import {missing}: is the list read right?"


def test_the_parser_loads_no_part_of_the_application(data_folder):
    """``version`` builds the whole parser: only the commands modules and the closed lists they offer load."""
    run = Run(["version"], data_folder, install_root())
    assert run.out.returncode == 0 and run.out.stdout.startswith("Raccordo ")
    assert {m for m in run.modules if m == "app" or m.startswith("app.")} == REGISTRY - {"app.__main__"}


def test_a_planted_eager_import_is_caught(data_folder, tmp_path):
    """The same check on a copy of the application whose foundation commands import SQLAlchemy eagerly."""
    root = tmp_path / "planted"
    shutil.copytree(install_root() / "app", root / "app", ignore=shutil.ignore_patterns("__pycache__"))
    commands = root / "app" / "core_commands.py"
    source = commands.read_text(encoding="utf-8")
    commands.write_text(source.replace("import argparse\n", "import argparse\n\nimport sqlalchemy.orm  # planted\n", 1),
                        encoding="utf-8")
    args, forbidden, _required = COMMANDS["version"]
    planted = Run(args, data_folder, root)
    assert planted.out.returncode == 0, planted.errors
    assert "sqlalchemy.orm" in planted.unwanted(forbidden)
    commands.write_text(source, encoding="utf-8")  # the same copy without the plant passes: the plant is what fails
    clean = Run(args, data_folder, root)
    assert clean.out.returncode == 0 and not clean.unwanted(forbidden)
