"""Cold start of ``python -m app`` to the main window shown (offscreen), and the first pack asked for in that
window, imports included (``selftest`` and the other whole commands are timed in ``bench_commands``)."""

from __future__ import annotations

import json
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


_FIRST_PACK_IN_WINDOW = r"""
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from app.context import AppContext
from app.paths import resolve_paths
from app.ui import application
from app.ui.workers import wait_for_background


def run_loop(seconds, until=lambda: False):
    # The event loop as the application runs it (QEventLoop.exec), until ``until()`` or ``seconds`` have passed.
    # Not QTest.qWait nor a processEvents loop: those hold Python's lock while they wait (a worker thread got
    # 0.4% and 54% of its speed under them, all of it under exec), so the pool's warm-up and render crawled in
    # the measurement and never in the window a bailiff uses.
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(lambda: until() and loop.quit())
    poll.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    poll.stop()


pause, data = float(sys.argv[1]), sys.argv[2]
ctx = AppContext.create(resolve_paths(data))
app, _translators = application.create_application([], ctx)
window = application.create_main_window(ctx, database_ready=False)
window.show()
app.processEvents()
application._open_database(app, ctx, window)  # what run_gui does right after the first paint
run_loop(60, lambda: window.ready)  # prepared in the pool, then opened on the GUI thread
# The bailiff looks at the window and reaches for the leaflets: the event loop runs, its latency is watched.
ticks = [time.perf_counter()]
timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
timer.start()
run_loop(pause)
timer.stop()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
t0 = time.perf_counter()
window.nav.setCurrentRow(next(i for i, s in enumerate(window.sections) if s.id == "leaflets"))
view = window.view("leaflets")
view.stage_buttons["accesso"].click()
view.municipality.setText("Milano")
view.languages.set_codes(["ar"])
rendered = []
view.preview_shown.connect(lambda: rendered.append(time.perf_counter()))
view.show_preview()  # F5: at once, without the preview's typing delay
run_loop(60, lambda: bool(rendered))  # the pack's own signal ends the wait
print(json.dumps({"first_pack": rendered[0] - t0, "longest_stall": max(gaps, default=0.0)}))
window.close()
wait_for_background(30000)
ctx.dispose()
"""


def first_pack_in_window(pause: float, runs: int = 5) -> tuple[list[float], list[float]]:
    """A fresh window (offscreen), ``pause`` seconds of the bailiff looking at it, then the leaflet screen opened
    and an Italian + Arabic pack for Milano previewed (F5): seconds from the click on the section to the pack shown,
    imports included, and the event loop's longest stall (ms between 10 ms ticks) during the pause."""
    samples, stalls = [], []
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_CONFIG=str(Path(data) / "none.toml"),
                   PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measured with compiled modules, as installed
        subprocess.run([sys.executable, "-m", "app", "--data-dir", data, "directory", "for", "Milano"], env=env,
                       capture_output=True, check=True, cwd=ROOT)  # migrate and seed first
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _FIRST_PACK_IN_WINDOW, str(pause), data], env=env,
                                 capture_output=True, text=True, check=True, cwd=ROOT)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            samples.append(result["first_pack"])
            stalls.append(result["longest_stall"])
    return samples, stalls


def run() -> list[Row]:
    start, ready = startup_seconds([sys.executable, "-m", "app"])
    first, stalls = first_pack_in_window(pause=1.5)
    hurried, _stalls = first_pack_in_window(pause=0.0, runs=3)
    return [
        Row("avvio da sorgente -> finestra (mediana 5)", statistics.median(start) * 1000, "ms", 800,
            f"min {min(start) * 1000:.0f} max {max(start) * 1000:.0f}"),
        Row("avvio da sorgente -> prima sezione pronta (mediana 5)", statistics.median(ready) * 1000, "ms", None,
            "database migrato e rubrica caricata"),
        Row("primo foglio nella finestra, import compresi (mediana 5)", statistics.median(first) * 1000, "ms", 700,
            f"sezione aperta 1,5 s dopo la finestra; min {min(first) * 1000:.0f} max {max(first) * 1000:.0f}; "
            f"attesa più lunga dell'interfaccia in quei 1,5 s: {max(stalls) * 1000:.0f} ms"),
        Row("primo foglio nella finestra, sezione aperta subito (mediana 3)", statistics.median(hurried) * 1000, "ms",
            None, "preriscaldamento ancora in corso"),
    ]
