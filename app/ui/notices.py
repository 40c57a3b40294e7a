"""The window's ear for :mod:`app.notices`: a notice from any thread reaches the GUI thread through a signal, then
the banner (it stays) and one message box (the bailiff may need to call IT)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app import notices
from app.ui import msgbox


class NoticeRelay(QObject):
    arrived = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.arrived.connect(self._show)  # queued when told from a worker thread

        def hear(message: str) -> None:
            try:
                self.arrived.emit(message)
            except RuntimeError:  # the window is gone: the CLI-style queue keeps what comes next
                notices.unlisten(hear)
                notices.tell(message)

        self._hear = hear
        notices.listen(hear)
        window.destroyed.connect(lambda *_: notices.unlisten(hear))

    def _show(self, message: str) -> None:
        self.window.add_banner_message(message)
        msgbox.warning(self.window, self.tr("Notice"), message)


__all__ = ["NoticeRelay"]
