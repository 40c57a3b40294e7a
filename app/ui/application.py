"""GUI start-up, in one order: excepthook, paths, logging, config, QApplication,
translators, single instance, database, main window."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_NAME, __version__
from app.context import AppContext
from app.log import setup_logging
from app.paths import resolve_paths
from app.ui import crash, msgbox, single_instance, warmup
from app.ui.fonts import register_fonts
from app.ui.i18n import install_translators
from app.ui.workers import wait_for_background

log = logging.getLogger(__name__)
STARTUP_PROBE_ENV = "RACCORDO_STARTUP_PROBE"


GIL_SWITCH_SECONDS = 0.001


def create_application(argv: list[str], ctx: AppContext) -> tuple[QApplication, list[QTranslator]]:
    # The pool's Python work (the warm-up, a preview) and the GUI thread share Python's lock; at the default 5 ms
    # switch interval the GUI waits up to 5 ms at each of its many calls into Python. Measured in the window during
    # the warm-up (6 alternating runs, a 10 ms timer's longest gap): median 160 ms at 5 ms, 109 ms at 1 ms.
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    icon = ctx.paths.resources / "icons" / "raccordo.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    translators = install_translators(app, ctx.config["ui.language"], ctx.paths.i18n)
    app._raccordo_translators = translators  # keep them alive as long as the application
    register_fonts(ctx.paths.resources / "fonts")  # every script on screen, even on a desk with only DejaVu
    return app, translators


def create_main_window(ctx: AppContext, *, database_ready: bool = True):
    from app.ui.main_window import MainWindow

    return MainWindow(ctx, database_ready=database_ready)


def _open_database(app: QApplication, ctx: AppContext, window) -> None:
    """Prepare the database (connect, migrate, seed) off the GUI thread, then go on in :func:`_database_prepared`.

    On a dead network a connection attempt waits up to its 5 s timeout: on the GUI thread the window froze that
    long, blank, before saying why. Now the window keeps painting and answering ("Opening the database...")."""
    from app.ui.notices import NoticeRelay
    from app.ui.workers import run_in_background

    if getattr(window, "notices", None) is None:  # what the core reports on the way (a damaged outbox set aside)
        window.notices = NoticeRelay(window)
    window.opening_database()

    def prepare():  # in the pool: the outcome, failure included, goes back whole to the GUI thread
        from app.bootstrap import prepare_database

        try:
            return prepare_database(ctx), None
        except Exception as exc:
            return None, exc

    run_in_background(prepare, lambda outcome: _database_prepared(app, ctx, window, *outcome),
                      lambda exc, _details: _database_prepared(app, ctx, window, None, exc))


def _database_prepared(app: QApplication, ctx: AppContext, window, prepared, exc: BaseException | None) -> None:
    """On the GUI thread once the database is prepared or has failed: open the sections, or say why plainly."""
    from shiboken6 import isValid

    from app.db.migrate import MigrationError
    from app.db.recovery import DatabaseDamaged

    if not isValid(window) or getattr(window, "closed", False):  # closed while the database was being prepared
        return
    if isinstance(exc, DatabaseDamaged):
        log.error("Damaged database at start: %s", exc)
        if _offer_recovery(app, ctx, window, exc):
            _open_database(app, ctx, window)
        else:
            window.close()
        return
    if isinstance(exc, MigrationError):
        msgbox.critical(window, app.translate("startup", "Database not usable"), str(exc))
        window.close()
        return
    if exc is not None:  # a dead shared database, a full disk...: say which, plainly (app/errors.py)
        from app.errors import UNEXPECTED, UNREACHABLE, explain

        log.error("Database preparation failed", exc_info=exc)
        fault = explain(exc, ctx.paths.log_file)
        if fault.kind == UNREACHABLE:  # the network or the server: it may be back in a minute
            choice = _offer_retry(app, ctx, window, exc)
            if choice == "retry":
                _open_database(app, ctx, window)
            elif choice == "offline":
                window.work_offline()
            else:
                window.close()
            return
        if fault.kind == UNEXPECTED:
            text = (app.translate("startup", "The database could not be opened. Check the network or ask IT.")
                    + f"\n\n{ctx.db_label}")
        else:
            text = fault.message
        msgbox.critical(window, fault.title, text)
        window.close()
        return
    window.database_ready()
    for notice in prepared.notices:  # what a migration did to the user's data (e.g. duplicates retired)
        msgbox.information(window, app.translate("startup", "Database updated"), notice)
    if os.environ.get(STARTUP_PROBE_ENV):
        print(f"RACCORDO_WINDOW_READY {time.time():.6f}", flush=True)
        window.close()
        return
    warmup.start(ctx, window)  # the first pack's imports, catalogs and fonts, off the GUI thread, once the window is up
    from app.ui.backups import DailyBackup

    window.daily_backup = DailyBackup(ctx, window)  # the day's copy of a local database, off the GUI thread


def _offer_retry(app: QApplication, ctx: AppContext, window, exc: BaseException) -> str:
    """The office's shared database did not answer: say why in a few words, what cannot work without it and what
    to do. The bailiff tries again once the network is back ("retry"), records statistics meanwhile ("offline":
    they wait in this workstation's outbox), or closes ("close")."""
    from PySide6.QtWidgets import QMessageBox

    from app.db.engine import connection_problem
    from app.stats.office import uses_outbox

    offline = uses_outbox(ctx)  # a shared database: the statistics entry works on the outbox alone
    text = (app.translate("startup", "Raccordo cannot connect to the office's shared database: {reason}.\n\n"
                          "Without it the directory and the leaflet packs cannot be opened. Check the network cable "
                          "or the VPN, then press Retry; if it still fails, call IT.")
            .replace("{reason}", connection_problem(exc, 5)))
    retry, close, ignore = (QMessageBox.StandardButton.Retry, QMessageBox.StandardButton.Close,
                            QMessageBox.StandardButton.Ignore)
    buttons, labels = retry | close, None
    if offline:
        text += "\n\n" + app.translate("startup", "Meanwhile you can record access outcomes and scheduled accesses "
                                                   "(Statistics only): they are sent when the network is back.")
        buttons, labels = retry | ignore | close, {ignore: app.translate("startup", "Statistics only")}
    answer = msgbox.show(window, QMessageBox.Icon.Warning, app.translate("startup", "Database not reachable"),
                         text + f"\n\n{ctx.db_label}", buttons=buttons, default=retry, labels=labels)
    if answer == retry:
        app.processEvents()  # the message gone from the screen before the next attempt (it runs in the pool)
        return "retry"
    return "offline" if offline and answer == ignore else "close"


def _offer_recovery(app: QApplication, ctx: AppContext, window, damaged) -> bool:
    """Ask before anything replaces a damaged database: the last backup, or (without one) a new database. The
    damaged file is kept aside either way. True when the database was replaced and can be opened again."""
    from app.db.recovery import DatabaseDamaged, backup_time, restore

    title = app.translate("startup", "Database damaged")
    if damaged.backup is not None:
        when = backup_time(damaged.backup)
        question = (app.translate("startup", "The database is damaged ({reason}) and has not been changed.\n\n"
                                  "Restore the backup of {date}? Changes made after it are lost; the damaged file "
                                  "is kept aside for IT.")
                    .replace("{reason}", damaged.reason).replace("{date}", when))
    else:
        question = (app.translate("startup", "The database is damaged ({reason}) and has not been changed, and there "
                                  "is no backup.\n\nCreate a new database with the demo directory? The damaged "
                                  "file is kept aside for IT.").replace("{reason}", damaged.reason))
    if not msgbox.ask_yes_no(window, title, question):
        return False
    ctx.dispose()  # no connection may stay open on the file being put aside
    try:
        restored = restore(damaged.db_file, ctx.paths.backup_dir, backup=damaged.backup,
                           new=damaged.backup is None)
    except (DatabaseDamaged, OSError) as exc:
        log.exception("Restoring the database failed")
        msgbox.critical(window, title, str(exc))
        return False
    msgbox.information(window, title, restored.message)
    return True


def run_gui(data_dir: str | None = None) -> int:
    paths = resolve_paths(data_dir)
    paths.ensure()
    setup_logging(paths.log_file)
    crash.install_excepthook(paths.log_file)
    crash.route_qt_messages()
    ctx = AppContext.create(paths)
    app, _translators = create_application(sys.argv[:1], ctx)
    lock = single_instance.acquire(paths.data_dir, ctx.db_url)
    if lock is None:
        msgbox.warning(None, app.translate("startup", "Raccordo is already open"),
                       app.translate("startup", "Raccordo is already open for this user and this database. "
                                     "Use the window that is already open."))
        return 1
    # The window appears first; the database (SQLAlchemy, migrations, seeding) is prepared right after, in the
    # pool, so the bailiff sees Raccordo at once and it keeps answering even when a shared database does not.
    window = create_main_window(ctx, database_ready=False)
    window.show()
    app.processEvents()  # paint it now, before the database work below
    if os.environ.get(STARTUP_PROBE_ENV):
        print(f"RACCORDO_WINDOW_SHOWN {time.time():.6f}", flush=True)
    QTimer.singleShot(0, lambda: _open_database(app, ctx, window))
    try:
        return app.exec()
    finally:
        # Jobs still running (a sync check, a render) must not signal objects Qt is tearing down.
        wait_for_background(10000)
        if getattr(window, "daily_backup", None) is not None:  # the database was opened: it may need its copy
            from app.ui.backups import at_close

            at_close(ctx)
        ctx.dispose()
        lock.unlock()
