"""Uncaught exceptions: log them, then tell the user what happened and where the log is."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.errors import UNEXPECTED, explain

log = logging.getLogger("raccordo.crash")
_showing = False


def _qt_message(kind: QtMsgType, _context, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, message)


def route_qt_messages() -> None:
    qInstallMessageHandler(_qt_message)


def install_excepthook(log_file: Path) -> None:
    """Log every uncaught exception with its traceback; show the user a short Italian message (app/errors.py)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        global _showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        log.critical("Uncaught exception\n%s", details)
        if _showing or QApplication.instance() is None:
            print(f"Errore: {explain(value, log_file).message}", file=sys.stderr)
            return
        from app.ui import msgbox

        fault = explain(value, log_file)
        if fault.kind == UNEXPECTED:
            title = QCoreApplication.translate("crash", "Unexpected error")
            text = QCoreApplication.translate(
                "crash", "Raccordo ran into an unexpected error. Your data has been kept.\n"
                "The details are in the log file:\n{path}"
            ).replace("{path}", str(log_file))
        else:
            title, text = fault.title, fault.message
        _showing = True
        try:
            msgbox.critical(None, title, text)
        finally:
            _showing = False

    sys.excepthook = hook
