"""The window's ear for :mod:`app.notices`: a notice from any thread reaches the GUI thread through a signal, then
the banner (it stays) and one message box (the bailiff may need to call IT).

The banner gets one short sentence for a notice whose topic it knows: a full message with a file path and a
command for IT took three lines of it, and gave the statistics screen scroll bars on an office's 1280x800 screen.
The message box (and the log, app.notices) keeps every detail."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app import notices
from app.ui import msgbox


class NoticeRelay(QObject):
    arrived = Signal(str, str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.arrived.connect(self._show)  # queued when told from a worker thread

        def hear(message: str, topic: str) -> None:
            try:
                self.arrived.emit(message, topic)
            except RuntimeError:  # the window is gone: the CLI-style queue keeps what comes next
                notices.unlisten(hear)
                notices.tell(message, topic)

        self._hear = hear
        notices.listen(hear)
        window.destroyed.connect(lambda *_: notices.unlisten(hear))

    def short(self, message: str, topic: str) -> str:
        """The banner's sentence for a notice: short for the topics known here, the message itself otherwise."""
        if topic == notices.OUTBOX_SET_ASIDE:
            return self.tr("The file of statistics waiting to be sent was damaged: it was set aside for IT and "
                           "recording goes on.")
        return message

    def _show(self, message: str, topic: str) -> None:
        self.window.add_banner_message(self.short(message, topic))
        msgbox.warning(self.window, self.tr("Notice"), message)


__all__ = ["NoticeRelay"]
