"""The office's PostgreSQL unreachable when the window starts: a plain Italian message that says why and what to
do, a way to try again once the network is back, and no traceback; before, the window just closed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import msgbox
from tests.conftest import make_context
from tests.faults import closed_port


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
