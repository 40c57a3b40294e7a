"""The packaged app: start-up to the main window (offscreen) against the same from source, and sizes.

Start-up is measured like ``bench_startup``: wall time from spawning the process to the line the app prints
when its window is on screen (``RACCORDO_STARTUP_PROBE=1``), median of 5 runs after one run that migrates
the data folder. Source and bundle are measured alternately, so that a busy machine slows both alike.
Builds ``dist/raccordo`` first when it is missing (``scripts/build_bundle.sh --no-test``); the .deb and MSI
rows appear when ``scripts/build_deb.sh`` / ``scripts/build_msi.sh`` have run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "raccordo"
RUNS = 5


CRASHES: list[str] = []  # exits != 0 after the window was shown: reported in the notes, never hidden


def _shown_after(command: list[str], data: str, env: dict[str, str]) -> float:
    t0 = time.time()
    out = subprocess.run([*command, "--data-dir", data], env=env, capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    shown = [float(line.split()[1]) for line in out.stdout.splitlines() if line.startswith("RACCORDO_WINDOW_SHOWN")]
    if not shown:
        raise RuntimeError(f"{command[0]}: no window (exit {out.returncode}): {out.stderr[-500:]}")
    if out.returncode != 0:
        CRASHES.append(f"{Path(command[-1]).name} exit {out.returncode}")
    return shown[0] - t0


def startup_pair(runs: int = RUNS) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as src_data, tempfile.TemporaryDirectory() as bin_data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_STARTUP_PROBE="1",
                   RACCORDO_CONFIG=str(Path(src_data) / "none.toml"))
        source, bundle = [sys.executable, "-m", "app"], [str(BUNDLE / "raccordo")]
        _shown_after(source, src_data, env)  # migrate and seed once, warm the page cache
        _shown_after(bundle, bin_data, env)
        from_source, frozen = [], []
        for _ in range(runs):
            from_source.append(_shown_after(source, src_data, env))
            frozen.append(_shown_after(bundle, bin_data, env))
    return from_source, frozen


def _size_mib(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink()) / 2**20


def run() -> list[Row]:
    if not (BUNDLE / "raccordo").is_file():
        subprocess.run([str(ROOT / "scripts" / "build_bundle.sh"), "--no-test"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    from_source, frozen = startup_pair()
    src_ms, bin_ms = statistics.median(from_source) * 1000, statistics.median(frozen) * 1000
    crashes = f"; uscite anomale dopo la finestra: {len(CRASHES)} ({', '.join(sorted(set(CRASHES)))})" if CRASHES else ""
    rows = [
        Row("bundle: avvio -> finestra (mediana 5)", bin_ms, "ms", 1000,
            f"min {min(frozen) * 1000:.0f} max {max(frozen) * 1000:.0f}{crashes}"),
        Row("bundle meno sorgente, avvio (mediane)", bin_ms - src_ms, "ms", 0,
            f"sorgente {src_ms:.0f} ms; il bundle non deve essere più lento"),
        Row("dimensione bundle onedir Linux", _size_mib(BUNDLE), "MiB", 150, "dist/raccordo"),
    ]
    for pattern, label in (("raccordo_*_amd64.deb", "pacchetto .deb"), ("Raccordo-*-x64*.msi", "MSI")):
        found = sorted((ROOT / "dist").glob(pattern))
        if found:
            note = found[-1].name + (" (file Linux al posto di quelli Windows)" if "segnaposto" in found[-1].name else "")
            rows.append(Row(label, _size_mib(found[-1]), "MiB", None, note))
        else:
            rows.append(Row(label, float("nan"), "MiB", None, "non costruito: scripts/build_deb.sh / build_msi.sh"))
    return rows
