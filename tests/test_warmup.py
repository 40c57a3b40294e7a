"""The window paints without the leaflet machinery, then gets the first pack ready in the background (issue 18).

Run in a fresh interpreter: imports and registered fonts are process-wide, and other tests load them too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.paths import install_root

SCRIPT = """
import json, sys, time
from PySide6.QtCore import QEventLoop
from app.context import AppContext
from app.paths import resolve_paths
from app.ui import application
from app.ui import warmup
from app.ui.workers import wait_for_background

warmup.LATE_DELAY_MS = 1500
ctx = AppContext.create(resolve_paths(sys.argv[1]))
app, _translators = application.create_application([], ctx)
window = application.create_main_window(ctx, database_ready=False)
window.show()
app.processEvents()
painted = sorted(m for m in sys.modules if m.split(".")[0] in ("reportlab", "uharfbuzz"))
application._open_database(app, ctx, window)  # as run_gui does once the window has painted
while not window.ready:  # prepared in the pool, then opened on the GUI thread
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
finished = wait_for_background(120000)
from app.leaflets.content import effective_content
from app.leaflets.fonts import registered
from app.leaflets.textflow import _unit_width
early_fonts, measured = sorted(registered()), _unit_width.cache_info().currsize
deadline = time.monotonic() + 60
while "Rac-cjk" not in registered() and time.monotonic() < deadline:  # the CJK file comes later
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
wait_for_background(120000)
with ctx.sessions() as session:
    content = effective_content(session, ctx.paths.i18n / "leaflets")
print(json.dumps({"painted_with": painted, "finished": finished, "early_fonts": early_fonts, "measured": measured,
                  "fonts": sorted(registered()),
                  "render": "app.leaflets.render" in sys.modules, "catalogs": sorted(content._catalogs)}))
window.close()
wait_for_background(30000)
ctx.dispose()
"""


def test_window_paints_first_then_warms_the_leaflets_in_the_background(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_CONFIG=str(tmp_path / "none.toml"),
               PYTHONPATH=str(install_root()))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")], capture_output=True, text=True,
                         cwd=install_root(), env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["painted_with"] == []  # the window's start-up budget pays for no PDF machinery
    assert state["finished"] and state["render"]
    assert {"Rac-latin", "Rac-latin-Bold", "Rac-arabic", "Rac-arabic-Bold"} <= set(state["early_fonts"])
    assert "Rac-cjk" not in state["early_fonts"]  # 0.3 s of parsing, kept away from the first pack
    assert "Rac-cjk" in state["fonts"]  # ...and done a little later
    assert state["measured"] > 100  # a pack was rehearsed: its text is measured, ready for the first real one
    assert {"ar", "bn", "zh_Hans", "uk"} <= set(state["catalogs"])  # parsed, as the language list needs them


YIELDING = """
import json, sys, threading, time
from PySide6.QtCore import QCoreApplication, QThreadPool
from app.bootstrap import prepare_database
from app.context import AppContext
from app.paths import resolve_paths
from app.ui import warmup
from app.ui.workers import run_in_background, wait_for_background

app = QCoreApplication([])
ctx = AppContext.create(resolve_paths(sys.argv[1]))
prepare_database(ctx)
QThreadPool.globalInstance().setMaxThreadCount(2)
preview_done = threading.Event()
run_in_background(lambda: preview_done.wait(120), lambda _r: None, lambda _e, _d: None)  # the bailiff's preview
warmup.start(ctx, app)
time.sleep(1.0)
during = sorted(m for m in ("app.sync.service", "app.delivery", "reportlab") if m in sys.modules)
preview_done.set()
finished = wait_for_background(120000)
print(json.dumps({"during": during, "finished": finished, "after": "app.leaflets.render" in sys.modules}))
ctx.dispose()
"""


def test_warm_up_waits_while_another_background_job_runs(tmp_path):
    """On a busy machine the warm-up must not slow the bailiff's own preview: it starts no step meanwhile."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_CONFIG=str(tmp_path / "none.toml"),
               PYTHONPATH=str(install_root()))
    out = subprocess.run([sys.executable, "-c", YIELDING, str(tmp_path / "data")], capture_output=True, text=True,
                         cwd=install_root(), env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["during"] == []
    assert state["finished"] and state["after"]


TWO_AT_ONCE = """
import json, sys
from PySide6.QtCore import QCoreApplication, QThreadPool
from app.ui import warmup
from app.ui.workers import run_in_background, wait_for_background

app = QCoreApplication([])
QThreadPool.globalInstance().setMaxThreadCount(2)
done = []
for _ in range(2):  # two windows in one process, or a late font job meeting another warm-up
    run_in_background(warmup.warm_late_fonts, done.append, lambda _e, _d: done.append("error"))
finished = wait_for_background(60000)
app.processEvents()
print(json.dumps({"finished": finished, "done": done}))
"""


def test_two_warm_ups_in_the_pool_never_wait_for_each_other(tmp_path):
    """Each warm-up waits for the other background jobs; two of them waiting for each other waited for ever
    (the suite hung on it once)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RACCORDO_CONFIG=str(tmp_path / "none.toml"),
               PYTHONPATH=str(install_root()))
    out = subprocess.run([sys.executable, "-c", TWO_AT_ONCE], capture_output=True, text=True, cwd=install_root(),
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["finished"] and state["done"] == [[], []]
