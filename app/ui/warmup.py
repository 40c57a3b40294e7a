"""Get the first pack of a session ready in the background once the window is on screen (issue 18).

Opening the leaflet screen and previewing the first pack used to pay, on top of rendering, for importing
ReportLab and the pack, delivery and statistics modules, for reading every language's name from CLDR and
parsing every catalog (the language list marks the incomplete ones), and for parsing the TrueType fonts: about a
second, with the household at the door. None of it needs the screen, so once the window has painted and the
database is open, one worker thread does it while the bailiff is still looking for the section.

It never blocks the GUI thread: if the GUI needs one of these modules before the worker is done, Python's import
lock makes it wait for that module only, which it would otherwise have imported itself; the language names and
catalogs are caches filled once whichever thread gets there first; font registration has its own lock.
"""

from __future__ import annotations

import importlib
import logging

from app.context import AppContext
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)

# Qt-free imports: the sync service first (the main window builds the sync view 1.5 s after start, on the GUI
# thread, and the bailiff's first clicks come then), then the leaflet screen's, ReportLab with the renderer.
MODULES = ("app.sync.service", "app.delivery", "app.leaflets.pack", "app.leaflets.render", "app.sync.store")
# Latin prints on every pack; then the household scripts, the 4 MB CJK file last.
FONT_ORDER = ("latin", "arabic", "bengali", "tamil", "sinhala", "cjk")


def warm_leaflets(ctx: AppContext) -> list[str]:
    """Do now what the first pack would: imports, language names, catalogs, fonts. Returns the fonts registered.

    Safe in a worker thread: nothing here touches a widget.
    """
    for name in MODULES:
        importlib.import_module(name)
    from app.leaflets.content import effective_content
    from app.leaflets.fonts import FontError, Fonts

    with ctx.sessions() as session:
        content = effective_content(session, ctx.paths.i18n / "leaflets")  # and the languages it lists
    for code in content.household_codes:
        content.completeness(code)  # parses the catalog, as the language list does to mark incomplete ones
    fonts, ready = Fonts(), []
    for key in FONT_ORDER:
        try:
            fonts.ensure(key)
        except FontError as exc:  # the pack itself reports a missing font in Italian; nothing to add here
            log.warning("Warm-up: %s", exc)
            continue
        ready.append(key)
    return ready


def start(ctx: AppContext) -> None:
    """Warm the leaflets in the thread pool; a failure only means the first pack does the work itself."""
    run_in_background(lambda: warm_leaflets(ctx), lambda ready: log.info("Leaflets warmed up: fonts %s", ready),
                      lambda exc, _details: log.warning("Leaflet warm-up failed: %s", exc))
