"""The window's daily copy of the local database (:mod:`app.db.backup`), taken where nobody waits for it.

- At start, ``START_DELAY_MS`` after the database opened, so the copy does not compete with the first pack's
  warm-up; then every hour while the window stays open (a desk's window may stay open for weeks), each time only
  if no copy was taken today. The copy runs in the background pool, never on the GUI thread.
- At close, after the window has gone (:func:`at_close`, from ``app.ui.application``): if the window was closed
  before the first check, the day still gets its copy, and nobody is looking at a frozen window meanwhile.

A copy that fails (a full disk, a damaged file) is logged and shown in the window's banner; it never stops the
bailiff, and every earlier copy stays.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from app.context import AppContext
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)

START_DELAY_MS = 60_000
CHECK_EVERY_MS = 3_600_000


class DailyBackup(QObject):
    """Owned by the main window: its timer stops with it."""

    def __init__(self, ctx: AppContext, window, *, start_delay_ms: int = START_DELAY_MS):
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.running = False
        self.last = None  # the last BackupResult, for tests and the log
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(CHECK_EVERY_MS)
        QTimer.singleShot(start_delay_ms, self, self.check)

    def check(self) -> None:
        if self.running:
            return
        from app.db.backup import take_daily

        self.running = True
        ctx = self.ctx
        run_in_background(lambda: take_daily(ctx), self._done, self._failed)

    def _done(self, result) -> None:
        self.running = False
        if result is not None:
            self.last = result

    def _failed(self, exc: Exception, _details: str) -> None:
        self.running = False
        log.warning("Daily backup failed: %s", exc)
        add = getattr(self.window, "add_banner_message", None)
        if add is not None:
            add(self.tr("The daily backup of the database was not made: {reason}").replace("{reason}", str(exc)))


def at_close(ctx: AppContext) -> None:
    """The day's copy if none was taken yet, once the window is gone; never raises (the app is exiting)."""
    try:
        from app.db.backup import take_daily

        take_daily(ctx)
    except Exception:
        log.exception("Backup at close failed")


__all__ = ["DailyBackup", "at_close"]
