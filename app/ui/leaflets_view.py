"""Leaflet packs: stage, municipality, languages -> preview, print or save, and a batch for tomorrow's round.

Rendering runs off the GUI thread. Every pack printed or saved as handed over
records one delivery event through the statistics module (undo for a few
minutes); leaflets themselves never import statistics.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import delivery
from app.context import AppContext
from app.leaflets.content import ContentError, effective_content
from app.leaflets.languages import language
from app.leaflets.pack import PackError, PackRequest, PackResult, PackService
from app.sync.store import expiry_warning
from app.territory import Territory
from app.ui import msgbox
from app.ui.leaflets_widgets import LanguageList
from app.ui.municipality_field import MunicipalityField
from app.ui.printing import PrinterChooser, PrintError, load_pdf, print_pdf
from app.ui.signals import emit
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)
STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
MODES = ("in_person", "attached_to_act", "handed_to_other", "deposited_at_town_hall")


class LeafletsView(QWidget):
    pack_rendered = Signal()
    pack_printed = Signal(int)       # pages
    pack_saved = Signal(str)         # path
    deliveries_recorded = Signal(list)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        with ctx.sessions() as session:
            self.territory = Territory.load(session)
            expired = expiry_warning(session) is not None
            try:
                self.content = effective_content(session, ctx.paths.i18n / "leaflets")
            except ContentError as exc:
                self._unusable(str(exc))
                return
        self.result: PackResult | None = None
        self.document = None
        self.batch: list[PackRequest] = []
        self.requests: list[PackRequest] = []
        self.last_events: list[str] = []
        self.busy = False
        self.choose_path = self._ask_path  # tests replace it
        # PDF-file printers ignore duplex, so tests replace this to exercise the two-sided path.
        self.is_two_sided = lambda printer: printer.duplex() != QPrinter.DuplexMode.DuplexNone

        layout = QVBoxLayout(self)
        self.stale_banner = QLabel(self.tr("The directory and texts have not been updated for too long: check "
                                           "the contacts before handing over a leaflet."), self)
        self.stale_banner.setObjectName("staleBanner")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.setStyleSheet("QLabel#staleBanner { background: #b00020; color: white; padding: 8px;"
                                        " font-weight: bold; }")
        self.stale_banner.setVisible(expired)  # checked again each time the screen is shown
        layout.addWidget(self.stale_banner)
        title = QLabel(self.tr("Leaflet packs"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)

        body = QHBoxLayout()
        layout.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 2)
        left.addWidget(self._build_stage_box())
        left.addWidget(self._build_form())
        left.addLayout(self._build_actions())
        left.addWidget(self._build_batch_box(), 1)
        self.preview = QPdfView(self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview.setMinimumWidth(380)
        body.addWidget(self.preview, 3)

        status = QHBoxLayout()
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton(self.tr("&Undo delivery"), self)
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        status.addWidget(self.status, 1)
        status.addWidget(self.undo_button)
        layout.addLayout(status)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(lambda: self.undo_button.setEnabled(False))

    # --- building ---------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        """Data can expire while Raccordo stays open: check again whenever the bailiff comes back here."""
        banner = getattr(self, "stale_banner", None)  # absent when the texts could not be loaded
        if banner is not None:
            with self.ctx.sessions() as session:
                banner.setVisible(expiry_warning(session) is not None)
        super().showEvent(event)

    def _unusable(self, problem: str) -> None:
        """Without texts there is nothing safe to print: say so plainly instead of failing to open."""
        self.content = None
        layout = QVBoxLayout(self)
        self.error_label = QLabel(self.tr("The leaflet texts cannot be read, so no leaflet can be printed. "
                                          "Reinstall Raccordo or run a sync.") + f"\n\n{problem}", self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("background: #b00020; color: white; padding: 10px; font-weight: bold;")
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.document = None

    def stage_labels(self) -> dict[str, str]:
        return {
            "diffida": self.tr("&1 Formal demand (diffida)"),
            "intimazione": self.tr("&2 Eviction summons (intimazione)"),
            "precetto": self.tr("&3 Enforcement notice (precetto)"),
            "avviso_sloggio": self.tr("&4 Notice of access (avviso di sloggio)"),
            "accesso": self.tr("&5 Bailiff's access (accesso)"),
        }

    def _build_stage_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Stage"), self)
        grid = QGridLayout(box)
        self.stage_group = QButtonGroup(box)
        self.stage_buttons: dict[str, QPushButton] = {}
        for i, (stage, label) in enumerate(self.stage_labels().items()):
            button = QPushButton(label, box)
            button.setCheckable(True)
            button.setMinimumHeight(46)
            # The chosen stage stands out by colour and border, not by bold text that would outgrow the button.
            button.setStyleSheet("QPushButton { font-size: 11pt; padding: 4px 10px; } QPushButton:checked {"
                                 " background: #0b4f8a; color: white; border: 2px solid #062c4d; }")
            self.stage_group.addButton(button)
            self.stage_buttons[stage] = button
            grid.addWidget(button, i // 2, i % 2)
        return box

    def _build_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Household"), self)
        form = QFormLayout(box)
        self.municipality = MunicipalityField(self.territory, box)
        self.municipality.setPlaceholderText(self.tr("Type the first letters or the ISTAT code"))
        form.addRow(self._buddy(self.tr("&Municipality:"), self.municipality), self.municipality)
        # An inferred Ambito could put another Ambito's social services on the pack: say so before printing.
        self.ambito_note = QLabel("", box)
        self.ambito_note.setObjectName("ambitoNote")
        self.ambito_note.setWordWrap(True)
        self.ambito_note.setStyleSheet("QLabel#ambitoNote { background: #fff4ce; color: #3d2e00; padding: 4px; }")
        self.ambito_note.hide()
        form.addRow("", self.ambito_note)
        self.municipality.changed.connect(self._show_ambito_note)
        self.languages = LanguageList(self.content, box)
        self.languages.setMinimumHeight(150)
        form.addRow(self._buddy(self.tr("&Languages (max 2, Italian always included):"), self.languages),
                    self.languages)
        row = QHBoxLayout()
        self.copies = QSpinBox(box)
        self.copies.setRange(1, 20)
        self.copies.setAccessibleName(self.tr("Copies"))
        self.large_print = QCheckBox(self.tr("Lar&ge print"), box)
        self.large_print.setChecked(bool(self.ctx.config["leaflets.large_print"]))
        self.mode = QComboBox(box)
        for code, label in zip(MODES, (self.tr("Handed in person"), self.tr("Attached to the act"),
                                       self.tr("Handed to another person"), self.tr("Deposited at the town hall")),
                               strict=True):
            self.mode.addItem(label, code)
        self.mode.setAccessibleName(self.tr("Delivery"))
        row.addWidget(self._buddy(self.tr("C&opies:"), self.copies))
        row.addWidget(self.copies)
        row.addWidget(self.large_print)
        row.addWidget(self._buddy(self.tr("&Delivery:"), self.mode))
        row.addWidget(self.mode, 1)
        form.addRow(row)
        return box

    def _show_ambito_note(self) -> None:
        chosen = self.municipality.municipality()
        unverified = chosen is not None and not chosen.ambito_verified
        if unverified:
            self.ambito_note.setText(
                self.tr("Ambito of {municipality} to be verified ({ambito}): check the Ambito's contacts "
                        "before handing over the leaflet.")
                .replace("{municipality}", chosen.name).replace("{ambito}", chosen.ambito_name))
        self.ambito_note.setVisible(unverified)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _build_actions(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        row = QHBoxLayout()
        cards = QHBoxLayout()
        rows.addLayout(row)
        rows.addLayout(cards)
        self.preview_button = QPushButton(self.tr("Pre&view (F5)"), self)
        self.print_button = QPushButton(self.tr("&Print... (Ctrl+P)"), self)
        self.save_button = QPushButton(self.tr("&Save as PDF... (Ctrl+S)"), self)
        self.add_button = QPushButton(self.tr("Add to &batch (Ctrl+B)"), self)
        self.card_button = QPushButton(self.tr("Language &card"), self)
        self.card_print_button = QPushButton(self.tr("Print language card..."), self)
        self.card_print_button.clicked.connect(self.print_language_card)
        self.print_button.setDefault(True)
        for button, slot, keys in ((self.preview_button, self.show_preview, "F5"),
                                   (self.print_button, self.print_pack, "Ctrl+P"),
                                   (self.save_button, self.save_pack, "Ctrl+S"),
                                   (self.add_button, self.add_to_batch, "Ctrl+B"),
                                   (self.card_button, self.show_language_card, None)):
            button.clicked.connect(slot)
            (cards if button is self.card_button else row).addWidget(button)
            if keys:
                QShortcut(QKeySequence(keys), self, activated=slot,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cards.addWidget(self.card_print_button)
        cards.addStretch(1)
        return rows

    def _build_batch_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Batch for the next round"), self)
        layout = QVBoxLayout(box)
        self.batch_table = QTableWidget(0, 4, box)
        self.batch_table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Municipality"), self.tr("Languages"),
                                                    self.tr("Copies")])
        self.batch_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batch_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.batch_table.setAccessibleName(self.tr("Batch"))
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.batch_table, activated=self.remove_batch_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.batch_table)
        row = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("&Remove row (Del)"), box)
        self.print_batch_button = QPushButton(self.tr("Print ba&tch..."), box)
        self.save_batch_button = QPushButton(self.tr("Save batch as PDF..."), box)
        self.remove_button.clicked.connect(self.remove_batch_row)
        self.print_batch_button.clicked.connect(self.print_batch)
        self.save_batch_button.clicked.connect(self.save_batch)
        for button in (self.remove_button, self.print_batch_button, self.save_batch_button):
            row.addWidget(button)
        layout.addLayout(row)
        return box

    # --- input ------------------------------------------------------------------------------------------------

    def stage(self) -> str | None:
        return next((s for s, b in self.stage_buttons.items() if b.isChecked()), None)

    def request(self) -> PackRequest | None:
        """The pack asked for on screen, or None after telling the user what is missing."""
        stage = self.stage()
        if stage is None:
            msgbox.warning(self, self.tr("Leaflet packs"), self.tr("Choose the stage first."))
            self.stage_buttons["diffida"].setFocus()
            return None
        place = self.municipality.municipality()
        if place is None:
            msgbox.warning(self, self.tr("Leaflet packs"), self.tr("Choose the municipality from the list."))
            self.municipality.setFocus()
            return None
        codes = tuple(self.languages.codes()) or ("it",)
        return PackRequest(stage, place.istat_code, codes, self.large_print.isChecked(), self.copies.value())

    # --- rendering --------------------------------------------------------------------------------------------

    def _render(self, requests: list[PackRequest], then, *, duplex: bool = False) -> None:
        if self.busy:
            return
        self.requests = requests
        self.busy = True
        self._set_enabled(False)
        self.status.setText(self.tr("Preparing the leaflets..."))
        ctx, territory = self.ctx, self.territory

        def work() -> PackResult:  # a session of its own, inside the use case: this runs in a worker thread
            return delivery.render(ctx, requests, duplex=duplex, territory=territory)

        def done(result: PackResult) -> None:
            self._finish()
            self.result = result
            self._show(result.pdf)
            notes = list(result.warnings)
            if result.is_demo:
                notes.insert(0, self.tr("DEMO directory: fictitious contacts, do not hand over."))
            self.status.setText("\n".join(notes))
            emit(self.pack_rendered)
            then(result)

        run_in_background(work, done, self._failed)

    def _finish(self) -> None:
        self.busy = False
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button, self.print_batch_button,
                       self.save_batch_button, self.card_button):
            button.setEnabled(enabled)

    def _failed(self, exc: Exception, details: str) -> None:
        self._finish()
        self.status.setText("")
        if isinstance(exc, PackError | ValueError):
            msgbox.warning(self, self.tr("Leaflet packs"), str(exc))
        else:
            msgbox.critical(self, self.tr("Leaflet packs"), self.tr("The leaflet could not be prepared."), details)

    def _show(self, pdf: bytes) -> None:
        old = self.document
        self.document = load_pdf(pdf, self)
        self.preview.setDocument(self.document)
        if old is not None:
            old.deleteLater()

    def show_preview(self) -> None:
        request = self.request()
        if request is not None:
            self._render([request], lambda _result: None)

    def _card_pdf(self) -> bytes:
        with self.ctx.sessions() as session:
            service = PackService(session, i18n_folder=self.ctx.paths.i18n / "leaflets", territory=self.territory)
            return service.language_card()

    def show_language_card(self) -> None:
        self.result = None
        self._show(self._card_pdf())
        self.status.setText(self.tr("Language card: show it to the household to point at their language."))

    def print_language_card(self) -> None:
        """The card is not handed over: printing it records nothing."""
        pdf = self._card_pdf()
        printer = PrinterChooser.ask(self, 1)
        if printer is None:
            return
        try:
            pages = print_pdf(pdf, printer)
        except PrintError as exc:
            msgbox.warning(self, self.tr("Print"), str(exc))
            return
        self.status.setText(self.tr("Language card printed."))
        emit(self.pack_printed, pages)

    # --- output -----------------------------------------------------------------------------------------------

    def print_pack(self) -> None:
        request = self.request()
        if request is not None:
            self._render([request], self._print)

    def save_pack(self) -> None:
        request = self.request()
        if request is None:
            return
        path = self.choose_path()
        if path is not None:
            self._render([request], lambda result: self._save(result, path))

    def _print(self, result: PackResult, printer: QPrinter | None = None) -> None:
        printer = printer or PrinterChooser.ask(self, self.document.pageCount() if self.document else 1)
        if printer is None:
            self.status.setText(self.tr("Printing cancelled: no delivery recorded."))
            return
        several = len(result.specs) > 1 or any(s.copies > 1 for s in result.specs)
        if several and not result.duplex and self.is_two_sided(printer):
            # Two-sided: start every pack on a front page, or one household gets the next one's first page.
            self._render(self.requests, lambda again: self._print(again, printer), duplex=True)
            return
        handed = self._hand_over(result, lambda pdf: print_pdf(pdf, printer), self.tr("Print"))
        if handed is not None:
            emit(self.pack_printed, handed.output)

    def _save(self, result: PackResult, path: Path) -> None:
        def write(pdf: bytes) -> str:
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_bytes(pdf)
            tmp.replace(path)
            return str(path)

        handed = self._hand_over(result, write, self.tr("Save as PDF"))
        if handed is not None:
            emit(self.pack_saved, handed.output)

    def _hand_over(self, result: PackResult, deliver, title: str) -> delivery.Handover | None:
        """Print or save through the use case, which records one delivery per pack once the output succeeded."""
        try:
            handed = delivery.hand_over(self.ctx, result, deliver, mode=self.mode.currentData())
        except PrintError as exc:
            msgbox.warning(self, title, str(exc))
            return None
        except OSError as exc:
            msgbox.warning(self, title, self.tr("Could not write the file: {error}").replace("{error}", str(exc)))
            return None
        except delivery.DeliveryError as exc:
            msgbox.warning(self, self.tr("Statistics"), str(exc))
            return delivery.Handover(result, exc.output, ())
        self._recorded(handed.events)
        return handed

    def _ask_path(self) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), str(Path.home() / "foglio.pdf"),
                                              self.tr("PDF files (*.pdf)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    # --- batch ------------------------------------------------------------------------------------------------

    def add_to_batch(self) -> None:
        request = self.request()
        if request is None:
            return
        self.batch.append(request)
        row = self.batch_table.rowCount()
        self.batch_table.insertRow(row)
        place = self.territory.by_code(request.municipality)
        names = ", ".join(language(c).italian_name for c in request.languages)
        stage = self.stage_labels()[request.stage].replace("&", "")[2:]
        for col, text in enumerate((stage, place.name if place else request.municipality, names,
                                    str(request.copies))):
            self.batch_table.setItem(row, col, QTableWidgetItem(text))
        self.status.setText(self.tr("{n} packs in the batch.").replace("{n}", str(len(self.batch))))

    def remove_batch_row(self) -> None:
        row = self.batch_table.currentRow()
        if 0 <= row < len(self.batch):
            del self.batch[row]
            self.batch_table.removeRow(row)

    def print_batch(self) -> None:
        if not self.batch:
            msgbox.information(self, self.tr("Batch"), self.tr("The batch is empty: add packs first."))
            return
        self._render(list(self.batch), self._print)

    def save_batch(self) -> None:
        if not self.batch:
            msgbox.information(self, self.tr("Batch"), self.tr("The batch is empty: add packs first."))
            return
        path = self.choose_path()
        if path is not None:
            self._render(list(self.batch), lambda result: self._save(result, path))

    # --- statistics -------------------------------------------------------------------------------------------

    def _recorded(self, events: tuple[str, ...]) -> None:
        self.last_events = list(events)
        self.undo_button.setEnabled(True)
        self._undo_timer.start(delivery.UNDO_SECONDS * 1000)
        self.status.setText(self.tr("{n} deliveries recorded in the statistics.").replace("{n}", str(len(events))))
        emit(self.deliveries_recorded, list(events))

    def undo_last(self) -> None:
        if delivery.undo(self.ctx, self.last_events):
            self.status.setText(self.tr("Delivery cancelled."))
        else:
            msgbox.warning(self, self.tr("Statistics"), self.tr("It is too late to cancel this delivery."))
        self.last_events = []
        self.undo_button.setEnabled(False)

    def shutdown(self) -> None:
        if self.document is not None:
            self.document.close()
