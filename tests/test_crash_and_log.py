from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from app.log import close_logging, setup_logging
from app.ui import crash


def test_log_file_is_written_and_rotates(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="raccordo.test")  # expected: logfail lets it through
    log_file = tmp_path / "logs" / "raccordo.log"
    setup_logging(log_file)
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_raccordo", False))
        assert handler.maxBytes == 1_000_000 and handler.backupCount == 5
        logging.getLogger("raccordo.test").warning("hello %s", "log")
        handler.flush()
        assert "hello log" in log_file.read_text(encoding="utf-8")
    finally:
        close_logging()


def test_uncaught_exception_is_logged_and_shown_with_log_path(qapp, tmp_path, message_boxes, caplog):
    caplog.set_level(logging.CRITICAL, logger="raccordo.crash")  # expected: logfail lets it through
    log_file = tmp_path / "raccordo.log"
    setup_logging(log_file)
    saved = sys.excepthook
    crash.install_excepthook(log_file)
    try:
        try:
            raise RuntimeError("disk on fire")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = saved
        close_logging()
    (icon, title, text) = message_boxes[-1]
    assert icon == QMessageBox.Icon.Critical
    assert title == "Errore imprevisto"
    assert str(log_file) in text and "I dati sono stati conservati" in text
    logged = log_file.read_text(encoding="utf-8")
    assert "RuntimeError: disk on fire" in logged and "Uncaught exception" in logged
