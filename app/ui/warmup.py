"""Get the first pack of a session ready in the background once the window is on screen (issue 18).

Opening the leaflet screen and previewing the first pack used to pay, on top of rendering, for importing
ReportLab and the pack, delivery and statistics modules, for reading the leaflet texts and parsing every
language's catalog (the language list marks the incomplete ones), and for parsing the TrueType fonts: about a
second, with the household at the door. None of it needs the screen, so once the window has painted and the
database is open, a pool job does it while the bailiff is still looking for the section.

It is the pool's least urgent job: before each small step it waits while any other background job runs (the
directory's first load, a sync check, the bailiff's own preview), so on a busy machine it never slows what the
bailiff asked for. It never blocks the GUI thread: if the GUI needs one of these modules while a step imports
it, Python's import lock makes it wait for that module only, which it would otherwise have imported itself;
the texts and catalogs are caches filled once, whichever thread gets there first; font registration
has its own lock.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

from PySide6.QtCore import QObject, QThreadPool, QTimer
from shiboken6 import isValid

from app.context import AppContext
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)

# Qt-free imports: the sync service first (the main window builds the sync view 1.5 s after start, on the GUI
# thread, and the bailiff's first clicks come then), then the leaflet screen's, ReportLab with the renderer.
MODULES = ("app.sync.service", "app.delivery", "app.leaflets.pack", "app.leaflets.render", "app.sync.store")
# Latin prints on every pack; the household scripts after the rehearsal (which loads its own language's).
FIRST_FONT = "latin"
LATER_FONTS = ("arabic", "bengali", "tamil", "sinhala")
# The 4 MB CJK file takes ~0.3 s of pure Python to parse, holding the interpreter: started later, when the first
# pack has most likely been asked for, so the two never compete (a Chinese pack asked before then parses it itself).
LATE_FONTS = ("cjk",)
LATE_DELAY_MS = 8000
POLL_SECONDS = 0.02


_warming_lock = threading.Lock()
_warming_in_pool = 0  # warm-up jobs running in the pool: they wait for the others, never for each other


def _wait_for_other_jobs(pool: QThreadPool) -> None:
    """Let any other background job finish first: this one is only ever ahead of time. Warm-up jobs do not count
    (two of them waiting for each other would wait for ever: two windows in one process, a late font job)."""
    while pool.activeThreadCount() > _warming_in_pool:
        time.sleep(POLL_SECONDS)


def _texts(ctx: AppContext):
    from app.leaflets.content import effective_content

    with ctx.sessions() as session:
        return effective_content(session, ctx.paths.i18n / "leaflets")  # cached: the screen gets the same one


def _font(key: str) -> None:
    from app.leaflets.fonts import Fonts

    Fonts().ensure(key)


def _rehearse(ctx: AppContext) -> None:
    """Render, and throw away, the pack this office most likely asks for first (nothing is recorded)."""
    from app import delivery

    delivery.render(ctx, [delivery.likely_request(ctx)])


def _steps(pool: QThreadPool, steps, failed: list[str]) -> list:
    """Run (name, fn, *args) steps in order, each after the other background jobs; returns their results."""
    global _warming_in_pool
    in_pool = threading.current_thread() is not threading.main_thread()
    if in_pool:
        with _warming_lock:
            _warming_in_pool += 1
    try:
        results = []
        for name, fn, *args in steps:
            _wait_for_other_jobs(pool)
            try:
                results.append(fn(*args))
            except Exception as exc:  # a warm-up never fails the application: the pack will do and tell
                log.warning("Warm-up step %s failed: %s", name, exc)
                failed.append(name)
                results.append(None)
        return results
    finally:
        if in_pool:
            with _warming_lock:
                _warming_in_pool -= 1


def warm_leaflets(ctx: AppContext, pool: QThreadPool | None = None) -> list[str]:
    """Do now, in small steps, what the first pack would; returns the steps that failed.

    The steps: the imports, the leaflet texts, the Latin font, one catalog per language (as the language list
    parses them to mark the incomplete ones), a rehearsal of the likely first pack (measuring the Italian copy's
    text and one household language's, through every drawing path), then the other scripts' fonts. Each waits
    for the other background jobs. Safe in a worker thread: nothing here touches a widget. A failed step only
    means the first pack does that work itself (and reports a missing font or catalog in Italian, as always).
    """
    pool = pool or QThreadPool.globalInstance()
    failed: list[str] = []
    _steps(pool, [(name, importlib.import_module, name) for name in MODULES], failed)
    content, _latin = _steps(pool, [("leaflet texts", _texts, ctx), (f"font {FIRST_FONT}", _font, FIRST_FONT)], failed)
    codes = content.household_codes if content is not None else ()
    _steps(pool, [*((f"catalog {code}", content.completeness, code) for code in codes),
                  ("rehearsal", _rehearse, ctx),
                  *((f"font {key}", _font, key) for key in LATER_FONTS)], failed)
    return failed


def warm_late_fonts(pool: QThreadPool | None = None) -> list[str]:
    failed: list[str] = []
    _steps(pool or QThreadPool.globalInstance(), [(f"font {key}", _font, key) for key in LATE_FONTS], failed)
    return failed


def start(ctx: AppContext, owner: QObject) -> None:
    """Warm the leaflets in the thread pool, the CJK font some seconds later unless ``owner`` (the window) is gone
    by then; a failure only means the first pack does the work itself."""
    def late() -> None:
        run_in_background(warm_late_fonts, lambda failed: log.info("CJK font loaded%s", " (failed)" if failed else ""),
                          lambda exc, _details: log.warning("CJK font warm-up failed: %s", exc))

    def done(failed: list[str]) -> None:
        log.info("Leaflets warmed up%s", f" except {failed}" if failed else "")
        if isValid(owner):
            QTimer.singleShot(LATE_DELAY_MS, owner, late)

    run_in_background(lambda: warm_leaflets(ctx), done,
                      lambda exc, _details: log.warning("Leaflet warm-up failed: %s", exc))
