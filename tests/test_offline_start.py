"""The office's PostgreSQL unreachable when the window starts: a plain Italian message that says why and what to
do, a way to try again once the network is back, and no traceback; before, the window just closed."""

from __future__ import annotations

import logging
import os

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import msgbox
from tests.conftest import make_context
from tests.faults import closed_port


@pytest.fixture(autouse=True)
def _start_failure_logged(caplog):
    """Every test here starts with the office's server unreachable: the window logs that failure for IT."""
    with caplog.at_level(logging.ERROR, logger="app.ui.application"):
        yield


def _start(qtbot, ctx, answer):
    from app.ui.application import _open_database, create_main_window

    msgbox.set_test_hook(answer)
    try:
        window = create_main_window(ctx, database_ready=False)
        qtbot.addWidget(window)
        window.show()
        _open_database(QApplication.instance(), ctx, window)
    finally:
        msgbox.set_test_hook(None)
    return window


@pytest.mark.postgres
def test_the_bailiff_tries_again_once_the_network_is_back_and_the_window_opens(qtbot, tmp_path, pg_url, pg_server):
    ctx = make_context(tmp_path / "pc", db_url=pg_url)
    shown = []

    def answer(box: QMessageBox):
        shown.append((box.icon(), box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        if len(shown) == 1:
            pg_server.resume()  # the cable plugged back in while the message was on screen
            return QMessageBox.StandardButton.Retry
        return box.standardButton(box.defaultButton())

    pg_server.pause()
    try:
        window = _start(qtbot, ctx, answer)
    finally:
        pg_server.resume() if not shown else None
        ctx.dispose()
    icon, title, text, buttons = shown[0]
    assert icon == QMessageBox.Icon.Warning and title == "Database non raggiungibile"
    assert "connessione rifiutata" in text  # why, in words
    assert "rete" in text and "Riprova" in text and "IT" in text  # what to do
    assert "rubrica" in text  # what cannot work without it
    assert "Traceback" not in text and "OperationalError" not in text and "Is the server running" not in text
    assert "Riprova" in buttons and "Chiudi" in buttons
    assert len(shown) == 1  # the second attempt opened the database: no other message
    assert window.isVisible() and window.nav.isEnabled() and window.current_view() is not None


def test_closing_from_the_message_leaves_without_a_traceback(qtbot, tmp_path, capfd):
    ctx = make_context(tmp_path / "pc", db_url=f"postgresql://raccordo@127.0.0.1:{closed_port()}/ufficio")
    shown = []

    def answer(box: QMessageBox):
        shown.append(box.text())
        return QMessageBox.StandardButton.Close

    try:
        window = _start(qtbot, ctx, answer)
    finally:
        ctx.dispose()
    assert len(shown) == 1 and "connessione rifiutata" in shown[0]
    assert not window.isVisible()
    assert "Traceback" not in capfd.readouterr().err


def test_the_window_keeps_answering_while_the_server_does_not_and_then_says_why(qtbot, tmp_path):
    """A server that accepts the connection and never answers (a dead VPN, a hung server): the connection attempt
    waits for its 5 s timeout in the pool while the window paints and answers, then the message says why.
    Before, the attempt ran on the GUI thread and the window froze for the whole timeout."""
    import socket
    import time

    from PySide6.QtCore import QTimer

    from app.ui import workers
    from app.ui.application import _open_database, create_main_window

    silent = socket.socket()  # listens (the kernel completes the handshake) and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    ctx = make_context(tmp_path / "pc", db_url=f"postgresql://raccordo@127.0.0.1:{silent.getsockname()[1]}/ufficio")
    shown = []

    def answer(box: QMessageBox):
        shown.append((time.monotonic(), box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Close

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    workers.set_synchronous(False)  # the real pool: the point is which thread waits
    msgbox.set_test_hook(answer)
    try:
        window = create_main_window(ctx, database_ready=False)
        qtbot.addWidget(window)
        window.show()
        timer.start()
        started = time.monotonic()
        _open_database(QApplication.instance(), ctx, window)
        returned = time.monotonic() - started
        assert window.banner.text() == "Apertura del database..." and not window.nav.isEnabled()
        qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    finally:
        timer.stop()
        msgbox.set_test_hook(None)
        workers.wait_for_background(30_000)
        workers.set_synchronous(True)
        silent.close()
        ctx.dispose()
    assert returned < 0.5  # the GUI thread did not wait for the server
    said_at, title, text = shown[0]
    assert said_at - started >= 4  # the attempt really hung until its timeout
    during = [t for t in ticks if started <= t <= said_at]
    gaps = [b - a for a, b in zip([started, *during], [*during, said_at], strict=True)]
    assert len(during) >= 40 and max(gaps) < 1.0, (len(during), max(gaps))  # the event loop kept running
    assert title == "Database non raggiungibile" and "nessuna risposta entro 5 secondi" in text
    assert "Traceback" not in text and not window.isVisible()


@pytest.mark.postgres
def test_the_server_dying_before_the_sync_section_is_built_gives_the_plain_message(qtbot, tmp_path, pg_url, pg_server,
                                                                                   caplog):
    """The window builds the sync section 1.5 s after start even if nobody opens it: with the office's server gone
    meanwhile, its constructor raised and the crash handler showed an error. Now it is built and says why."""
    from app.bootstrap import prepare_database
    from app.ui.main_window import MainWindow

    caplog.set_level(logging.ERROR, logger="app.ui.workers")  # the failed status read, logged for IT
    ctx = make_context(tmp_path / "pc", db_url=pg_url)
    prepare_database(ctx)
    window = MainWindow(ctx)  # the database answered at start
    qtbot.addWidget(window)
    window.show()
    pg_server.pause()
    try:
        view = window.view("sync")
        assert view.warning.isVisibleTo(view)
        text = view.warning.text()
        assert text.startswith("Stato della sincronizzazione non disponibile. Impossibile collegarsi")
        assert "database condiviso" in text and "connessione rifiutata" in text and "rete" in text
        assert "Traceback" not in text and "OperationalError" not in text
        assert view.sync_button.isEnabled() and not view.restore_button.isEnabled()
        from app.ui.about import AboutDialog

        caplog.set_level(logging.WARNING, logger="app.ui.about")  # F1 meanwhile: the box opens, the versions wait
        about = AboutDialog(ctx, window, database=window.ready)
        assert about.fields["directory.version"].text() == "non disponibile"
        assert "About: the database did not answer" in caplog.text
        if os.environ.get("RACCORDO_GRAB"):  # for a person to look at: RACCORDO_GRAB=folder
            window.resize(1280, 720)
            window.nav.setCurrentRow(next(i for i, s in enumerate(window.sections) if s.id == "sync"))
            qtbot.wait(100)
            window.grab().save(os.path.join(os.environ["RACCORDO_GRAB"], "sync-server-gone.png"))
    finally:
        pg_server.resume()
    view.refresh()  # the server is back: the next read (Sync now, the timer) shows the status again
    assert not view.warning.isVisibleTo(view) and view.fields["sequence"].text()
    ctx.dispose()


def test_about_answers_while_only_statistics_work(qtbot, tmp_path, caplog):
    """F1 in 'Statistics only' (the office's server did not answer at start): the box opens, the data versions say
    they are not available; before, it asked the absent server and the crash handler spoke instead."""
    from PySide6.QtCore import QTimer

    # The statistics screen's office indicators need the absent server too: when its timer fires during the box's
    # event loop, that count fails in the pool (logged for IT, said in the screen).
    caplog.set_level(logging.ERROR, logger="app.ui.workers")

    ctx = make_context(tmp_path / "pc", db_url=f"postgresql://raccordo@127.0.0.1:{closed_port()}/ufficio")
    try:
        window = _start(qtbot, ctx, lambda box: QMessageBox.StandardButton.Ignore)
        assert window.offline and not window.ready
        seen = []

        def look_and_close():
            dialog = QApplication.activeModalWidget()
            seen.append({key: label.text() for key, label in dialog.fields.items()})
            dialog.reject()

        QTimer.singleShot(0, look_and_close)
        window.show_about()  # F1
    finally:
        ctx.dispose()
    assert seen and seen[0]["directory.version"] == "non disponibile" and "ufficio" in seen[0]["database"]


@pytest.mark.postgres
def test_statistics_only_records_on_this_workstation_and_sends_when_the_network_is_back(qtbot, tmp_path, pg_url,
                                                                                         pg_server):
    """The bailiff chooses 'Statistics only': the other sections stay closed, outcomes go to the outbox, and the
    push after the network is back brings them to the office's database."""

    from PySide6.QtCore import Qt
    from sqlalchemy import func, select

    from app.bootstrap import prepare_database
    from app.stats import office
    from app.stats.models import AccessOutcome

    supervisor = make_context(tmp_path / "it", db_url=pg_url)
    prepare_database(supervisor)  # IT set the office's database up earlier
    ctx = make_context(tmp_path / "pc", db_url=pg_url)
    shown = []

    def answer(box: QMessageBox):
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        return QMessageBox.StandardButton.Ignore

    pg_server.pause()
    try:
        window = _start(qtbot, ctx, answer)
        text, buttons = shown[0]
        assert "Solo statistiche" in buttons and "esiti degli accessi" in text
        assert window.isVisible() and window.offline
        stats = next(row for row, s in enumerate(window.sections) if s.id == "stats")
        assert window.nav.currentRow() == stats and window.current_view() is window.views["stats"]
        assert not window.nav.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
        window._go_to(0)  # Ctrl+1: the directory needs the shared database, nothing happens
        window.show_section(0)
        assert window.current_view() is window.views["stats"] and "directory" not in window.views
        assert "solo Statistiche" in window.banner.text()
        view = window.views["stats"]
        view.outcome_place.completer().setCompletionMode(view.outcome_place.completer().CompletionMode.InlineCompletion)
        view.outcome_place.setText("Rho")
        with qtbot.waitSignal(view.event_recorded, timeout=60_000):
            qtbot.mouseClick(view.outcome_buttons["executed"], Qt.MouseButton.LeftButton)
        assert view.count_labels["outcomes_today"].text() == "1"
        if os.environ.get("RACCORDO_GRAB"):
            window.resize(1280, 800)
            qtbot.wait(100)
            window.grab().save(os.path.join(os.environ["RACCORDO_GRAB"], "offline-statistics-only.png"))
    finally:
        pg_server.resume()
    from datetime import timedelta

    assert office.push(ctx, min_age=timedelta(0)).pushed == 1  # what the push timer does once the network is back
    with supervisor.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AccessOutcome)) == 1
    ctx.dispose()  # its outbox engine with it (app/caches.py)
    supervisor.dispose()


@pytest.mark.postgres
def test_the_outcome_command_records_on_this_workstation_while_the_office_database_is_down(tmp_path, pg_url,
                                                                                            pg_server):
    """Scripted entry is the same: the event waits in the outbox (before, 'database non risponde' and nothing)."""
    import subprocess
    import sys

    from sqlalchemy import func, select

    from app.bootstrap import prepare_database
    from app.paths import install_root
    from app.stats.models import AccessOutcome

    supervisor = make_context(tmp_path / "it", db_url=pg_url)
    prepare_database(supervisor)
    machine = tmp_path / "machine.toml"
    machine.write_text(f'[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(install_root()), RACCORDO_CONFIG=str(machine))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path / "pc"), *args],
                              capture_output=True, text=True, cwd=install_root(), env=env, timeout=300)

    pg_server.pause()
    try:
        down = cli("outcome", "--municipality", "Rho", "--outcome", "executed")
        directory = cli("directory", "for", "Rho")  # the directory lives in the shared database: refused plainly
    finally:
        pg_server.resume()
    assert down.returncode == 0, down.stderr
    assert "Esito registrato: Eseguito." in down.stdout and "Traceback" not in down.stderr
    assert "Database condiviso non raggiungibile: 1 eventi restano sulla postazione" in down.stdout
    assert "connessione rifiutata" in down.stderr
    assert directory.returncode == 1 and "Traceback" not in directory.stderr
    back = cli("stats", "push")
    assert back.returncode == 0 and "Inviati 1 eventi" in back.stdout, back.stdout + back.stderr
    with supervisor.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AccessOutcome)) == 1
    supervisor.dispose()
