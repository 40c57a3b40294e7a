"""The leaflet screen's right-hand panes: the preview that follows the choices, and the language card.

The preview renders what the screen shows a moment after the choices settle (debounced), off the GUI thread;
an answer for choices that have changed since is dropped. It says in words what it shows, and keeps the PDF so
that printing the same choices does not render them again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from app import delivery
from app.context import AppContext
from app.leaflets.pack import PackError, PackRequest, PackResult
from app.territory import Territory
from app.ui import msgbox
from app.ui.leaflets_widgets import WrapLabel
from app.ui.printing import PrinterChooser, PrintError, load_pdf, print_pdf
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)
PREVIEW_DELAY_MS = 350       # the preview waits for the choices to settle before rendering
PREVIEW_REUSE_SECONDS = 600  # a print reuses the preview of the same choices if it is this fresh


class PreviewPane(QWidget):
    """What will be printed, for the request the screen gives (``request``), described by ``describe``."""

    shown = Signal(object)  # the PackResult now on screen

    def __init__(self, ctx: AppContext, territory: Territory, request: Callable[[], PackRequest | None],
                 describe: Callable[[PackRequest, PackResult, int], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.territory = ctx, territory
        self.request, self.describe = request, describe
        self.document: QPdfDocument | None = None
        self.latest: tuple[PackRequest, PackResult, float] | None = None
        self.generation = 0
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 4, 2, 2)
        self.label = WrapLabel("", self)
        self.label.setObjectName("previewLabel")
        box.addWidget(self.label)
        self.view = QPdfView(self)
        self.view.setObjectName("preview")
        self.view.setAccessibleName(self.tr("Preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._blank = QPdfDocument(self)  # QPdfView warns when its document is taken away: show an empty one
        self.view.setDocument(self._blank)
        box.addWidget(self.view, 1)
        box.addStretch(0)  # keeps the button at the bottom while there is no preview to show
        self.button = QPushButton(self.tr("Update pre&view (F5)"), self)
        box.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.hint()

    def changed(self, ready: bool) -> None:
        """The choices changed: render again shortly if they make a pack (``ready``), else say what it needs."""
        self.generation += 1  # a render still running for the older choices will be ignored
        if ready:
            self.label.setText(self.tr("Updating the preview..."))
            self.timer.start()
        else:
            self.timer.stop()
            self.hint()

    def stop(self) -> None:
        """Nothing is rendered for a screen nobody sees (and nothing outlives the view)."""
        self.timer.stop()
        self.generation += 1

    def hint(self) -> None:
        self.set_pdf(None)
        self.latest = None
        self.label.setText(self.tr("The preview appears by itself once the stage and the municipality are chosen "
                                   "(F5 updates it)."))

    def refresh(self) -> None:
        """Render what the screen shows now, off the GUI thread; an answer for older choices is dropped."""
        request = self.request()
        if request is None:
            self.hint()
            return
        self.timer.stop()
        self.generation += 1
        generation = self.generation
        ctx, territory = self.ctx, self.territory

        def work() -> PackResult:
            return delivery.render(ctx, [request], territory=territory)

        def done(result: PackResult) -> None:
            if not isValid(self) or generation != self.generation:
                return  # the view is gone, or the choices changed while it rendered (a newer preview is coming)
            self.latest = (request, result, time.monotonic())
            self.set_pdf(result.pdf)
            self.label.setText(self.describe(request, result, self.document.pageCount()))
            self.shown.emit(result)

        def failed(exc: Exception, details: str) -> None:
            if not isValid(self) or generation != self.generation:
                return
            self.set_pdf(None)
            self.label.setText(str(exc) if isinstance(exc, PackError | ValueError)
                               else self.tr("The preview could not be prepared."))
            log.warning("Preview failed: %s", details.strip().splitlines()[-1] if details else exc)

        run_in_background(work, done, failed)

    def reusable(self, request: PackRequest) -> PackResult | None:
        """The PDF on screen, when it shows exactly this request and is fresh (and dated today)."""
        if self.latest is None:
            return None
        asked, result, when = self.latest
        fresh = time.monotonic() - when < PREVIEW_REUSE_SECONDS and result.specs[0].printed_on == date.today()
        return result if asked == request and fresh else None

    def set_pdf(self, pdf: bytes | None) -> None:
        old = self.document
        self.document = load_pdf(pdf, self) if pdf is not None else None
        self.view.setDocument(self.document or self._blank)
        self.view.setVisible(self.document is not None)  # no empty page that could pass for a stale preview
        if old is not None:
            old.close()
            old.deleteLater()

    def close_documents(self) -> None:
        self.stop()
        if self.document is not None:
            self.document.close()


class CardPane(QWidget):
    """The language card on screen (rendered the first time the tab is opened) and printed on demand.

    The card is not handed over: printing it records nothing.
    """

    printed = Signal(int)  # pages

    def __init__(self, make_pdf: Callable[[], bytes], parent: QWidget | None = None):
        super().__init__(parent)
        self.make_pdf = make_pdf
        self.document: QPdfDocument | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 4, 2, 2)
        note = QLabel(self.tr("Show the card to the household: they point at their language, you type its key."),
                      self)
        note.setWordWrap(True)
        box.addWidget(note)
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Language card"))
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        box.addWidget(self.view, 1)
        self.print_button = QPushButton(self.tr("Print language card..."), self)
        self.print_button.clicked.connect(self.print_card)
        box.addWidget(self.print_button)

    def load(self) -> None:
        if self.document is None:
            self.document = load_pdf(self.make_pdf(), self)
            self.view.setDocument(self.document)

    def print_card(self) -> None:
        pdf = self.make_pdf()
        printer = PrinterChooser.ask(self, 1)
        if printer is None:
            return
        try:
            pages = print_pdf(pdf, printer)
        except PrintError as exc:
            msgbox.warning(self, self.tr("Print"), str(exc))
            return
        self.printed.emit(pages)

    def close_documents(self) -> None:
        if self.document is not None:
            self.document.close()
