"""Cold start of ``python -m app`` to the main window shown (offscreen), and selftest wall time."""

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


def startup_seconds(command: list[str], runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall times from spawning the process to the window on screen, and to its first section built
    on the migrated database, as the app itself reports them."""
    samples, ready = [], []
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_STARTUP_PROBE="1",
                   RACCORDO_CONFIG=str(Path(data) / "none.toml"))
        subprocess.run([*command, "--data-dir", data], env=env, capture_output=True, check=True, cwd=ROOT)  # migrate
        for _ in range(runs):
            t0 = time.time()
            out = subprocess.run([*command, "--data-dir", data], env=env, capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            marks = {line.split()[0]: float(line.split()[1]) for line in out.stdout.splitlines()
                     if line.startswith("RACCORDO_WINDOW_")}
            samples.append(marks["RACCORDO_WINDOW_SHOWN"] - t0)
            ready.append(marks["RACCORDO_WINDOW_READY"] - t0)
    return samples, ready


def run() -> list[Row]:
    start, ready = startup_seconds([sys.executable, "-m", "app"])
    selftests = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "selftest"], capture_output=True, check=True, cwd=ROOT,
                       env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        selftests.append(time.perf_counter() - t0)
    return [
        Row("avvio da sorgente -> finestra (mediana 5)", statistics.median(start) * 1000, "ms", 800,
            f"min {min(start) * 1000:.0f} max {max(start) * 1000:.0f}"),
        Row("avvio da sorgente -> prima sezione pronta (mediana 5)", statistics.median(ready) * 1000, "ms", None,
            "database migrato e rubrica caricata"),
        Row("selftest da sorgente (mediana 3)", statistics.median(selftests) * 1000, "ms", None),
    ]
