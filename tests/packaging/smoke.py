#!/usr/bin/env python3
"""Smoke test of a frozen Raccordo: the PyInstaller folder or the installed package.

    python tests/packaging/smoke.py dist/raccordo/raccordo            # the bundle CI just built
    python tests/packaging/smoke.py /usr/bin/raccordo --root /opt/raccordo

Run by ``scripts/build_bundle.sh`` and ``.ci/run`` (not collected by pytest: it needs a built bundle).
Every run of the executable gets a throw-away HOME, data folder and machine file, so nothing depends on
the build machine, and any line on stderr that is not listed in ``EXPECTED_STDERR`` fails the test:
a warning printed by a frozen app is a missing file or library that users would meet first.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Lines a healthy frozen app may print on stderr. Empty on purpose: add a pattern only with the reason.
EXPECTED_STDERR: list[re.Pattern[str]] = []

REQUIRED_FILES = (
    "i18n/ui/raccordo_it.qm",
    "i18n/ui/qtbase_it.qm",
    "app/db/migrations/env.py",
    "app/db/migrations/script.py.mako",
    "resources/territory/comuni_mi.csv",
    "resources/icons/raccordo.png",
    "babel/locale-data/root.dat",
    "babel/locale-data/it.dat",
    "babel/locale-data/zh_Hans.dat",
    "babel/global.dat",
)
REQUIRED_GLOBS = (
    "app/db/migrations/versions/*.py",
    "i18n/leaflets/*.po",
    "resources/fonts/*.ttf",
    "resources/fonts/LICENSE*",
    "PySide6/Qt/plugins/platforms/*offscreen*",
    "PySide6/Qt/lib/*Qt6Pdf*",
)
FORBIDDEN_GLOBS = (
    "PySide6/Qt/translations/*",
    "PySide6/Qt/plugins/platformthemes/*gtk3*",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "tkinter",
    "**/libQt6Quick*",
    "**/libQt6Qml*",
    "**/libQt6Svg*",
    "PySide6/Qt/plugins/imageformats",
    "lxml",
    "charset_normalizer",
    "babel/locale-data/zh_Hans_SG.dat",
)


class SmokeFailure(AssertionError):
    pass


class Runner:
    def __init__(self, executable: Path, scratch: Path):
        self.executable = executable
        self.scratch = scratch
        self.failures: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        home = self.scratch / "home"
        home.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("RACCORDO_", "QT_", "XDG_", "PYTHON"))}
        env.update(HOME=str(home), XDG_RUNTIME_DIR=str(self.scratch), QT_QPA_PLATFORM="offscreen",
                   RACCORDO_CONFIG=str(self.scratch / "no-machine-file.toml"), LANG="C.UTF-8")
        env.update(extra)
        return env

    def run(self, label: str, args: list[str], *, expect_rc: int = 0, timeout: float = 120,
            allow: tuple[re.Pattern[str], ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
        """Run the executable; ``allow``: the command's own messages to the user on stderr (progress, warnings
        about the demo directory), which this command may print besides ``EXPECTED_STDERR``."""
        t0 = time.perf_counter()
        proc = subprocess.run([str(self.executable), *args], env=self.env(**env), capture_output=True, text=True,
                              timeout=timeout, cwd=self.scratch)
        took = time.perf_counter() - t0
        unexpected = [line for line in proc.stderr.splitlines()
                      if line.strip() and not any(p.search(line) for p in (*EXPECTED_STDERR, *allow))]
        problems = []
        if proc.returncode != expect_rc:
            problems.append(f"exit {proc.returncode}, expected {expect_rc}")
        if unexpected and expect_rc == 0:
            problems.append(f"{len(unexpected)} unexpected stderr lines")
        print(f"{'ok  ' if not problems else 'FAIL'} {label} ({took:.1f} s){': ' + '; '.join(problems) if problems else ''}")
        if problems:
            self.failures.append(label)
            print("  --- stdout (tail)\n  " + "\n  ".join(proc.stdout.splitlines()[-25:]))
            print("  --- stderr (tail)\n  " + "\n  ".join(proc.stderr.splitlines()[-25:]))
        return proc

    def check(self, label: str, condition: bool, detail: str = "") -> None:
        print(f"{'ok  ' if condition else 'FAIL'} {label}{' - ' + detail if detail and not condition else ''}")
        if not condition:
            self.failures.append(label)


def check_contents(runner: Runner, executable: Path, internal: Path) -> None:
    from tests.packaging.contents import bundled_modules, foreign_modules

    foreign = foreign_modules(bundled_modules(executable, internal))
    runner.check("bundle holds no module outside the allow-list (tests/packaging/contents.py)", not foreign,
                 f"found: {foreign}")
    missing = [f for f in REQUIRED_FILES if not (internal / f).is_file()]
    missing += [g for g in REQUIRED_GLOBS if not list(internal.glob(g))]
    runner.check("bundle carries every runtime file", not missing, f"missing: {missing}")
    present = [g for g in FORBIDDEN_GLOBS if list(internal.glob(g)) or (internal / g).exists()]
    runner.check("bundle leaves out unused Qt pieces and other bindings", not present, f"found: {present}")
    revisions = {p.stem for p in (ROOT / "app/db/migrations/versions").glob("*.py")}
    bundled = {p.stem for p in (internal / "app/db/migrations/versions").glob("*.py")}
    runner.check("every migration of the tree is in the bundle", revisions <= bundled, f"{revisions - bundled}")


def check_window(runner: Runner, label: str, **env: str) -> float | None:
    data = runner.scratch / f"data-{label.split()[0]}"
    t0 = time.time()
    proc = runner.run(label, ["--data-dir", str(data)], RACCORDO_STARTUP_PROBE="1", **env)
    shown = [float(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("RACCORDO_WINDOW_SHOWN")]
    runner.check(f"{label}: main window shown", bool(shown))
    return shown[0] - t0 if shown else None


def check_features(runner: Runner) -> None:
    """Each path that build.spec's exclusions could break, run in the bundle and its output read back here: the
    directory's workbook (openpyxl on the standard library's XML, lxml left out) and its import preview (our xlsx
    reader), a Chinese and Arabic pack (Babel's zh_Hans data: CLDR writes the month as "2026年11月", the Italian
    fallback would not), the web site (fontTools subsets as WOFF2 with brotli) and the statistics workbook."""
    from openpyxl import load_workbook

    demo = re.compile(r"^Attenzione: contatti della rubrica dimostrativa: DEMO - NON DISTRIBUIRE\.$")
    progress = re.compile(r"^Preparo le pagine della lingua [a-z]{2,3}(_[A-Z][a-z]{3})?\.\.\.$")
    data = str(runner.scratch / "data-features")
    out = runner.scratch / "features"
    out.mkdir()
    workbook = out / "rubrica.xlsx"
    runner.run("directory export xlsx", ["--data-dir", data, "directory", "export", "--format", "xlsx",
                                         "--out", str(workbook)])
    rows = list(load_workbook(workbook, read_only=True).worksheets[0].iter_rows(values_only=True)) \
        if workbook.is_file() else []
    runner.check("directory workbook read back", len(rows) > 10 and "Ente" in rows[0], f"{len(rows)} rows")
    preview = runner.run("directory import preview of that workbook", ["--data-dir", data, "directory", "import",
                                                                        str(workbook)])
    runner.check("import preview finds every exported entry unchanged", f"Invariata: {len(rows) - 1}" in preview.stdout)
    pack = out / "zh-ar.pdf"
    runner.run("pack in Chinese and Arabic", ["--data-dir", data, "pack", "--stage", "accesso", "--municipality",
                                              "Milano", "--lang", "zh_Hans,ar", "--no-record", "--out", str(pack)],
               allow=(demo,))
    text = subprocess.run(["pdftotext", str(pack), "-"], capture_output=True, text=True).stdout if pack.is_file() else ""
    runner.check("Chinese pack dates its figures with CLDR's zh_Hans month", bool(re.search(r"\d{4}年\d{1,2}月", text)))
    site = out / "site"
    runner.run("web site export", ["--data-dir", data, "leaflets", "export", "--out", str(site)], timeout=300,
               allow=(progress,))
    fonts = list(site.glob("fonts/*.woff2"))
    runner.check("web site has its font subsets as WOFF2", len(fonts) >= 2 and all(f.read_bytes()[:4] == b"wOF2"
                                                                                   for f in fonts), f"{fonts[:3]}")
    stats = out / "statistiche.xlsx"
    runner.run("statistics export", ["--data-dir", data, "export", "--period", "2025-10", "--out", str(stats)])
    sheets = load_workbook(stats, read_only=True).sheetnames if stats.is_file() else []
    runner.check("statistics workbook read back", "Riepilogo" in sheets, f"{sheets}")


def check_postgres(runner: Runner) -> None:
    """The shared-database setup IT deploys: psycopg, libpq and the PostgreSQL dialect inside the bundle."""
    from tests.pgserver import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        print("SKIP PostgreSQL: no server binaries on this machine (CI installs them)")
        return
    server = PostgresServer(bindir)
    server.start()
    try:
        url = server.create_database("raccordo_bundle")
        machine = runner.scratch / "raccordo-postgres.toml"
        machine.write_text(f'[office]\nname = "Prova pacchetto"\n\n[database]\nurl = "{url}"\n', encoding="utf-8")
        runner.run("config --check on a PostgreSQL machine file", ["config", "--check", str(machine)])
        check_window(runner, "postgres window on a fresh shared database", RACCORDO_CONFIG=str(machine))
        import sqlalchemy

        engine = sqlalchemy.create_engine(url)
        with engine.connect() as conn:
            heads = {row[0] for row in conn.execute(sqlalchemy.text("SELECT version_num FROM alembic_version"))}
        engine.dispose()
        runner.check("PostgreSQL database migrated by the bundle", bool(heads), "no alembic_version rows")
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--root", type=Path, help="bundle folder (default: the executable's folder)")
    parser.add_argument("--no-postgres", action="store_true", help="skip the shared-database check")
    args = parser.parse_args(argv)
    from app import __version__

    executable = args.executable.absolute()
    root = (args.root or executable.resolve().parent).resolve()
    with tempfile.TemporaryDirectory(prefix="raccordo-smoke-") as tmp:
        runner = Runner(executable, Path(tmp))
        check_contents(runner, executable.resolve(), root / "_internal")
        version = runner.run("version", ["version"])
        runner.check("version matches the source tree", version.stdout.strip() == f"Raccordo {__version__}",
                     version.stdout.strip())
        selftest = runner.run("selftest", ["selftest"], timeout=300)
        runner.check("selftest reports every check passed", "Tutto in ordine" in selftest.stdout)
        for line in selftest.stdout.splitlines():
            print(f"     | {line}")
        bad = Path(tmp) / "bad.toml"
        bad.write_text('[office\nname = "x"\n', encoding="utf-8")
        runner.run("config --check rejects a malformed file", ["config", "--check", str(bad)], expect_rc=1)
        seconds = check_window(runner, "sqlite window on a fresh data folder")
        if seconds is not None:
            print(f"     | window shown {seconds:.2f} s after start (first start, migrations included)")
        check_features(runner)
        if not args.no_postgres:
            check_postgres(runner)
    if runner.failures:
        print(f"SMOKE TEST FAILED: {', '.join(runner.failures)}")
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
