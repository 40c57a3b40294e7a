"""The bailiff's desk: stage, municipality, language, print; then the next household with one key.

Keyboard first, from an empty screen (focus on the stage keys):

    4            stage 4 (avviso di sloggio); the focus moves to the municipality
    r h o Enter  the municipality, accepted when the letters name one (or the one picked in the list)
    7            the language the household pointed at on the language card (same keys, same order)
    Ctrl+P       print: the system dialog opens; Enter prints, and one delivery is recorded
    Ctrl+N       (or Enter on the focused "Next household") clears everything for the next one

The preview follows the choices by itself (debounced, rendered off the GUI thread) and says what it shows; a
print reuses it when nothing changed. Printing, saving and the batch go through ``app.delivery``, which records
one delivery per pack once the printer or the file took it (undo for a few minutes).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import delivery
from app.context import AppContext
from app.leaflets.content import ContentError, effective_content
from app.leaflets.fonts import Fonts
from app.leaflets.languages import MASTER, language
from app.leaflets.pack import (
    FALLBACK_REFERENTS,
    TRANSLATION_INCOMPLETE,
    PackError,
    PackRequest,
    PackResult,
    PackService,
)
from app.stats.vocab import DELIVERY_MODES
from app.territory import Territory
from app.ui import msgbox
from app.ui.fonts import register_fonts
from app.ui.leaflets_batch import BatchPanel
from app.ui.leaflets_notes import DataBanners, MunicipalityNotes
from app.ui.leaflets_preview import CardPane, PreviewPane
from app.ui.leaflets_widgets import Banner, LanguageKeys, StageButtons, WrapLabel
from app.ui.municipality_field import MunicipalityField
from app.ui.printing import PrinterChooser, PrintError, load_pdf, print_pdf
from app.ui.reflow import ReflowGrid, reflowing
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)
# Pack warnings this screen says its own way: a note per municipality, one line for every incomplete language.
SAID_ELSEWHERE = {FALLBACK_REFERENTS, TRANSLATION_INCOMPLETE}


class LeafletsView(QWidget):
    pack_rendered = Signal()
    preview_shown = Signal()
    pack_printed = Signal(int)       # pages
    pack_saved = Signal(str)         # path
    deliveries_recorded = Signal(list)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        register_fonts(ctx.paths.resources / "fonts")  # done at start-up already; here for a view built alone
        with ctx.sessions() as session:
            self.territory = Territory.load(session)
            try:
                self.content = effective_content(session, ctx.paths.i18n / "leaflets")
            except ContentError as exc:
                self._unusable(str(exc))
                return
        self.fonts = Fonts(ctx.paths.resources / "fonts")
        self.result: PackResult | None = None       # the last pack rendered (preview or output)
        self.requests: list[PackRequest] = []        # what the output being prepared was asked for
        self.last_events: list[str] = []
        self.busy = False
        self.choose_path = self._ask_path  # tests replace it
        # PDF-file printers ignore duplex, so tests replace this to exercise the two-sided path.
        self.is_two_sided = lambda printer: printer.duplex() != QPrinter.DuplexMode.DuplexNone

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.banners = DataBanners(ctx, self.content, self)
        self.demo_banner, self.stale_banner, self.figures_banner = (self.banners.demo, self.banners.stale,
                                                                    self.banners.figures)
        layout.addWidget(self.banners)

        body = QHBoxLayout()
        body.setSpacing(8)
        layout.addLayout(body, 1)
        body.addWidget(self._build_choices(), 3)
        body.addWidget(self._build_tabs(), 2)
        layout.addWidget(self._build_status())

        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(lambda: self.undo_button.setEnabled(False))
        self._shortcuts()
        self._check_data()
        self._languages_changed()

    # --- building ---------------------------------------------------------------------------------------------

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

    def stage_labels(self) -> dict[str, tuple[str, str]]:
        """stage -> (the button's short label with its key, the full name)."""
        return {  # short labels fit five in a row; the full name is the tooltip and what a screen reader says
            "diffida": (self.tr("&1 Formal demand"), self.tr("Formal demand (diffida)")),
            "intimazione": (self.tr("&2 Summons"), self.tr("Eviction summons (intimazione)")),
            "precetto": (self.tr("&3 Enforcement notice"), self.tr("Enforcement notice (precetto)")),
            "avviso_sloggio": (self.tr("&4 Notice of access"), self.tr("Notice of access (avviso di sloggio)")),
            "accesso": (self.tr("&5 Access"), self.tr("Bailiff's access (accesso)")),
        }

    def mode_labels(self) -> dict[str, str]:
        """How the pack reached the household (``app.stats.vocab.DELIVERY_MODES``), as the bailiff says it."""
        return {
            "in_person": self.tr("Handed in person"),
            "attached_to_act": self.tr("Attached to the act"),
            "handed_to_other": self.tr("Handed to another person"),
            "deposited_at_town_hall": self.tr("Deposited at the town hall"),
        }

    def stage_name(self, stage: str) -> str:
        return self.stage_labels()[stage][0].replace("&", "")[2:]

    def _heading(self, text: str, buddy: QWidget, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setStyleSheet("font-weight: bold; color: #0b4f8a;")
        label.setBuddy(buddy)
        return label

    def _build_choices(self) -> QWidget:
        """The left column: the choices in a scroll area (it grows with the notes), the actions always in view."""
        column = QWidget(self)
        outer = QVBoxLayout(column)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.choices_area = QScrollArea(column)
        self.choices_area.setObjectName("choicesArea")
        self.choices_area.setWidgetResizable(True)
        self.choices_area.setFrameShape(QFrame.Shape.NoFrame)
        self.choices_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form = QWidget(self.choices_area)
        form.setObjectName("choices")
        rows = QVBoxLayout(form)
        rows.setContentsMargins(0, 0, 4, 0)
        rows.setSpacing(3)

        self.stages = StageButtons(self.stage_labels(), form)
        self.stages.chosen.connect(self._stage_chosen)
        self.stage_buttons = {stage: self.stages.button(stage) for stage in self.stages.stages}
        rows.addWidget(self._heading(self.tr("Stage (keys 1-5)"), self.stages, form))
        rows.addWidget(self.stages)

        self.municipality = MunicipalityField(self.territory, form)
        self.municipality.setPlaceholderText(self.tr("Type the first letters or the ISTAT code, then Enter"))
        self.municipality.setAccessibleName(self.tr("Municipality"))
        self.municipality.changed.connect(self._municipality_changed)
        self.municipality.returnPressed.connect(self.accept_municipality)
        rows.addWidget(self._heading(self.tr("&Municipality (type, then Enter)"), self.municipality, form))
        rows.addWidget(self.municipality)
        self.municipality_error = Banner("danger", "municipalityError", form)
        rows.addWidget(self.municipality_error)
        # What the bailiff must check about this municipality: each note takes its own line, nothing covers.
        self.notes = MunicipalityNotes(self.ctx, self.territory, form)
        self.ambito_note, self.court_note, self.fallback_note = self.notes.ambito, self.notes.court, self.notes.fallback
        rows.addWidget(self.notes)

        self.languages = LanguageKeys(self.content, self._printable, form)
        self.languages.changed.connect(self._languages_changed)
        self.languages.refused.connect(self._language_refused)
        rows.addWidget(self._heading(self.tr("&Language (the key on the language card; 0 = Italian only)"),
                                     self.languages, form))
        # What is chosen, or why a key was refused, right above the keys: in view whenever the keys are.
        self.language_summary = QLabel(form)
        self.language_summary.setObjectName("languageSummary")
        self.language_summary.setWordWrap(True)
        rows.addWidget(self.language_summary)
        self.language_message = Banner("danger", "languageMessage", form)
        rows.addWidget(self.language_message)
        rows.addWidget(self.languages)

        options = QHBoxLayout()
        self.copies = QSpinBox(form)
        self.copies.setRange(1, 20)
        self.copies.setAccessibleName(self.tr("Copies"))
        self.large_print = QCheckBox(self.tr("Lar&ge print"), form)
        self.large_print.setChecked(bool(self.ctx.config["leaflets.large_print"]))
        self.mode = QComboBox(form)
        labels = self.mode_labels()
        for code in DELIVERY_MODES:
            self.mode.addItem(labels[code], code)
        self.mode.setAccessibleName(self.tr("Delivery"))
        copies_label = QLabel(self.tr("C&opies:"), form)
        copies_label.setBuddy(self.copies)
        mode_label = QLabel(self.tr("&Delivery:"), form)
        mode_label.setBuddy(self.mode)
        for widget in (copies_label, self.copies, self.large_print, mode_label):
            options.addWidget(widget)
        options.addWidget(self.mode, 1)
        rows.addLayout(options)
        self.copies.valueChanged.connect(self._choices_changed)
        self.large_print.toggled.connect(self._choices_changed)
        rows.addStretch(1)
        self.choices_area.setWidget(form)
        # Scrolls only vertically: it must be as wide as the choices need, scroll bar included.
        self.choices_area.setMinimumWidth(form.minimumSizeHint().width()
                                          + self.choices_area.verticalScrollBar().sizeHint().width())
        outer.addWidget(self.choices_area, 1)

        actions_box = QWidget(column)
        actions = ReflowGrid(actions_box, max_columns=4, uniform=False)
        reflowing(actions_box)
        self.print_button = QPushButton(self.tr("&Print... (Ctrl+P)"), actions_box)
        self.print_button.setStyleSheet("QPushButton { font-weight: bold; padding: 4px 10px; }")
        self.save_button = QPushButton(self.tr("&Save as PDF... (Ctrl+S)"), actions_box)
        self.next_button = QPushButton(self.tr("&Next household (Ctrl+N)"), actions_box)
        self.undo_button = QPushButton(self.tr("&Undo delivery"), actions_box)
        self.undo_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_pack)
        self.save_button.clicked.connect(self.save_pack)
        self.next_button.clicked.connect(self.next_household)
        self.undo_button.clicked.connect(self.undo_last)
        for button in (self.print_button, self.save_button, self.next_button, self.undo_button):
            button.setAutoDefault(True)  # Enter presses the focused one, as Space does (after a print: next)
            actions.addWidget(button)
        outer.addWidget(actions_box)
        return column

    def _build_tabs(self) -> QTabWidget:
        """The right column: what will be printed, the batch, the language card."""
        self.tabs = QTabWidget(self)
        self.tabs.setMinimumWidth(280)
        self.preview_pane = PreviewPane(self.ctx, self.territory, lambda: self.request(ask=False), self._describe,
                                        self.tabs)
        self.preview_pane.button.clicked.connect(self.show_preview)
        self.preview_pane.shown.connect(self._previewed)
        self.preview_label, self.preview, self.preview_button = (self.preview_pane.label, self.preview_pane.view,
                                                                 self.preview_pane.button)
        self.tabs.addTab(self.preview_pane, self.tr("Preview"))

        self.batch = BatchPanel(self.territory, {s: self.stage_name(s) for s in self.stage_labels()}, self.tabs)
        self.batch.add_button.clicked.connect(self.add_to_batch)
        self.batch.print_button.clicked.connect(self.print_batch)
        self.batch.save_button.clicked.connect(self.save_batch)
        self.add_button = self.batch.add_button
        self.print_batch_button = self.batch.print_button
        self.save_batch_button = self.batch.save_button
        self.batch_table = self.batch.table
        self.tabs.addTab(self.batch, self._batch_title())

        self.card = CardPane(self._card_pdf, self.tabs)
        self.card.printed.connect(self._card_printed)
        self.card_print_button = self.card.print_button
        self.tabs.addTab(self.card, self.tr("Language card"))
        self.tabs.currentChanged.connect(self._tab_changed)
        return self.tabs

    def _build_status(self) -> QLabel:
        self.status = WrapLabel("", self)
        self.status.setObjectName("status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return self.status

    def _shortcuts(self) -> None:
        for keys, slot in (("F5", self.show_preview), ("Ctrl+P", self.print_pack), ("Ctrl+S", self.save_pack),
                           ("Ctrl+B", self.add_to_batch), ("Ctrl+N", self.next_household)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _batch_title(self) -> str:
        return self.tr("Batch ({n})").replace("{n}", str(len(self.batch.requests)))

    def _reveal(self, widget: QWidget) -> None:
        """The choices scroll when notes push them down: what gets the keyboard is scrolled into view (Tab does
        this by itself in a QScrollArea; a focus moved by the flow needs it said)."""
        self.choices_area.ensureWidgetVisible(widget, 4, 4)

    def focus_first(self) -> None:
        """Where a keyboard user starts: the stage keys (the chosen one, or the first)."""
        if self.content is not None:
            self._reveal(self.stages.focus_current())

    # --- what the bailiff must know -----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        """Data can expire while Raccordo stays open: check again whenever the bailiff comes back here."""
        if self.content is not None:
            self._reload_content()
            self._check_data()
            if self.preview_pane.latest is None and self.request(ask=False) is not None:
                self.preview_pane.changed(True)  # the choices were made while the screen was hidden
        super().showEvent(event)

    def _reload_content(self) -> None:
        """A sync may have installed other texts, or a new language: the buttons follow the content in force."""
        with self.ctx.sessions() as session:
            try:
                content = effective_content(session, self.ctx.paths.i18n / "leaflets")
            except ContentError:
                return  # the texts in use stay; the sync screen says what went wrong
        if content is not self.content:
            self.content = self.banners.content = content
            self.languages.fill(content)

    def hideEvent(self, event) -> None:
        """No preview is rendered for a screen nobody sees (and none outlives the view)."""
        if self.content is not None:
            self.preview_pane.stop()
        super().hideEvent(event)

    def _check_data(self, today: date | None = None) -> None:
        self.banners.check(today)

    def _municipality_changed(self) -> None:
        self.municipality_error.say("")
        self.banners.show_demo(self.notes.show_for(self.municipality.municipality()))
        self._choices_changed()

    # --- the flow ---------------------------------------------------------------------------------------------

    def stage(self) -> str | None:
        return self.stages.stage()

    def _stage_chosen(self, _stage: str) -> None:
        self._choices_changed()
        if not self.municipality.text():
            self._reveal(self.municipality)
            self.municipality.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_municipality(self) -> None:
        """Enter in the municipality field: take it if the letters name one municipality, or say why not."""
        text = self.municipality.text().strip()
        place = self.municipality.municipality()
        if place is None:
            matches = self.territory.search(text, limit=50) if text else []
            if not text:
                message = self.tr("Type the first letters of the municipality or its ISTAT code.")
            elif not matches:
                message = self.tr("No municipality «{text}» in the Città metropolitana di Milano: check the "
                                  "spelling or type the ISTAT code.").replace("{text}", text)
            else:
                message = self.tr("«{text}» matches {n} municipalities: type more letters, or pick one with the "
                                  "arrow keys and Enter.").replace("{text}", text).replace("{n}", str(len(matches)))
                # the list again, once Enter is done with (reopened inside the key event, Qt picks its first row)
                QTimer.singleShot(0, self.municipality, self.municipality.completer_.complete)
            self.municipality_error.say(message)
            return
        if self.municipality.text() != place.name:
            self.municipality.setText(place.name)
        self._reveal(self.languages.focus_current())

    def _languages_changed(self) -> None:
        self.language_message.say("")
        self.language_summary.show()
        codes = self.languages.codes()
        if codes:
            text = self.tr("Pack in: {languages} + Italian").replace(
                "{languages}", ", ".join(language(c).italian_name for c in codes))
        elif self.languages.italian_only:
            text = self.tr("Pack in Italian only (chosen).")
        else:
            text = self.tr("No language chosen yet: Raccordo will ask «Italian only?» before printing.")
        self.language_summary.setText(text)
        self._choices_changed()

    def _language_refused(self, message: str) -> None:
        self.language_summary.hide()
        self.language_message.say(message)

    def _printable(self, code: str) -> bool:
        script = language(code).script
        return script == "latin" or self.fonts.available(script)

    def request(self, *, ask: bool = True) -> PackRequest | None:
        """The pack asked for on screen, or None after telling the user what is missing.

        ``ask=False`` (the preview) never opens a dialog and treats "no language" as Italian only.
        """
        stage = self.stage()
        if stage is None:
            if ask:
                msgbox.warning(self, self.tr("Leaflet packs"), self.tr("Choose the stage first."))
                self._reveal(self.stages.focus_current())
            return None
        place = self.municipality.municipality()
        if place is None:
            if ask:
                msgbox.warning(self, self.tr("Leaflet packs"), self.tr("Choose the municipality from the list."))
                self._reveal(self.municipality)
                self.municipality.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        codes = tuple(self.languages.codes())
        if not codes and not self.languages.italian_only and ask:
            if not msgbox.ask_yes_no(self, self.tr("Leaflet packs"),
                                     self.tr("No household language chosen. Italian only?")):
                self._reveal(self.languages.focus_current())
                return None
            self.languages.set_codes([], italian_only=True)
        return PackRequest(stage, place.istat_code, codes or (MASTER,), self.large_print.isChecked(),
                           self.copies.value())

    def next_household(self) -> None:
        """Clear every choice for the next household; the undo of the last delivery stays available."""
        self.stages.choose(None)
        self.municipality.clear()
        self.languages.clear()
        self.copies.setValue(1)
        self.large_print.setChecked(bool(self.ctx.config["leaflets.large_print"]))
        self.mode.setCurrentIndex(0)
        self.tabs.setCurrentIndex(0)
        self.status.setText(self.tr("Ready for the next household."))
        self._reveal(self.stages.focus_current())

    # --- preview ----------------------------------------------------------------------------------------------

    def _choices_changed(self, *_args) -> None:
        self.preview_pane.changed(self.stage() is not None and self.municipality.municipality() is not None)

    @property
    def document(self):
        """The PDF the preview shows (None before any, and on a screen without texts)."""
        pane = getattr(self, "preview_pane", None)
        return pane.document if pane is not None else None

    @property
    def card_document(self):
        return self.card.document

    def _describe(self, request: PackRequest, result: PackResult, pages: int) -> str:
        spec = result.specs[0]
        languages = ", ".join(language(c).italian_name for c in (*spec.languages, MASTER))
        return (self.tr("Preview: {stage} · {municipality} · {languages} · {pages} pages")
                .replace("{stage}", self.stage_name(request.stage)).replace("{municipality}", spec.municipality)
                .replace("{languages}", languages).replace("{pages}", str(pages)))

    def _previewed(self, result: PackResult) -> None:
        self.result = result
        self._warn(result)
        self.preview_shown.emit()

    def show_preview(self) -> None:
        """F5: render now (and say what is missing if the choices are not complete)."""
        if self.request(ask=False) is None:
            self.request(ask=True)  # tells what is missing
            return
        self.tabs.setCurrentIndex(0)
        self.preview_pane.refresh()

    def _warn(self, result: PackResult) -> None:
        """The render's warnings in the status line, short: the municipality's have their own notes above, and the
        incomplete translations are said once for all the languages of the pack."""
        incomplete = list(dict.fromkeys(language(c).italian_name for spec in result.specs for c in spec.languages
                                        if not self.content.completeness(c).complete))
        lines = [w.text for w in result.warnings if w.kind not in SAID_ELSEWHERE]
        if incomplete:
            lines.insert(0, self.tr("Translation incomplete for {languages}: some paragraphs are printed in Italian.")
                         .replace("{languages}", ", ".join(incomplete)))
        if lines:
            self.status.setText("\n".join(lines))

    # --- output -----------------------------------------------------------------------------------------------

    def _output(self, requests: list[PackRequest], then) -> None:
        single = self.preview_pane.reusable(requests[0]) if len(requests) == 1 else None
        if single is not None:
            self.requests = requests
            then(single)
        else:
            self._render(requests, then)

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
            self.status.setText("")
            self._warn(result)
            self.pack_rendered.emit()
            then(result)

        run_in_background(work, done, self._failed)

    def _finish(self) -> None:
        self.busy = False
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button, self.print_batch_button,
                       self.save_batch_button, self.card_print_button):
            button.setEnabled(enabled)

    def _failed(self, exc: Exception, details: str) -> None:
        self._finish()
        self.status.setText("")
        if isinstance(exc, PackError | ValueError):
            msgbox.warning(self, self.tr("Leaflet packs"), str(exc))
        else:
            msgbox.critical(self, self.tr("Leaflet packs"), self.tr("The leaflet could not be prepared."), details)

    def print_pack(self) -> None:
        request = self.request()
        if request is not None:
            self._output([request], self._print)

    def save_pack(self) -> None:
        request = self.request()
        if request is None:
            return
        path = self.choose_path()
        if path is not None:
            self._output([request], lambda result: self._save(result, path))

    def _print(self, result: PackResult, printer: QPrinter | None = None) -> None:
        printer = printer or PrinterChooser.ask(self, self._page_count(result))
        if printer is None:
            self.status.setText(self.tr("Printing cancelled: no delivery recorded. The choices are kept."))
            return
        several = len(result.specs) > 1 or any(s.copies > 1 for s in result.specs)
        if several and not result.duplex and self.is_two_sided(printer):
            # Two-sided: start every pack on a front page, or one household gets the next one's first page.
            self._render(self.requests, lambda again: self._print(again, printer), duplex=True)
            return
        handed = self._hand_over(result, lambda pdf: print_pdf(pdf, printer), self.tr("Print"))
        if handed is not None:
            self.status.setText(self.status.text() + "\n" + self.tr("Printed: {pages} pages. Next household: "
                                                                   "Ctrl+N or Enter.")
                                .replace("{pages}", str(handed.output)))
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self.pack_printed.emit(handed.output)

    @staticmethod
    def _page_count(result: PackResult) -> int:
        document = load_pdf(result.pdf)
        try:
            return document.pageCount()
        finally:
            document.close()

    def _save(self, result: PackResult, path: Path) -> None:
        def write(pdf: bytes) -> str:
            from app.safe_output import write_output

            return str(write_output(path, pdf))

        handed = self._hand_over(result, write, self.tr("Save as PDF"))
        if handed is not None:
            self.pack_saved.emit(handed.output)

    def _hand_over(self, result: PackResult, deliver, title: str) -> delivery.Handover | None:
        """Print or save through the use case, which records one delivery per pack once the output succeeded."""
        try:
            handed = delivery.hand_over(self.ctx, result, deliver, mode=self.mode.currentData())
        except PrintError as exc:
            msgbox.warning(self, title, self.tr("Nothing was printed and no delivery was recorded: {error}")
                           .replace("{error}", str(exc)))
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

    # --- language card ----------------------------------------------------------------------------------------

    def _card_pdf(self) -> bytes:
        with self.ctx.sessions() as session:
            service = PackService(session, i18n_folder=self.ctx.paths.i18n / "leaflets", territory=self.territory,
                                  fonts=self.fonts, content=self.content)
            return service.language_card()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.card:
            self.card.load()

    def show_language_card(self) -> None:
        self.tabs.setCurrentWidget(self.card)

    def _card_printed(self, pages: int) -> None:
        self.status.setText(self.tr("Language card printed."))
        self.pack_printed.emit(pages)

    # --- batch ------------------------------------------------------------------------------------------------

    def add_to_batch(self) -> None:
        request = self.request()
        if request is None:
            return
        self.batch.add(request)
        self.tabs.setTabText(1, self._batch_title())
        self.status.setText(self.tr("{n} packs in the batch.").replace("{n}", str(len(self.batch.requests))))

    def remove_batch_row(self) -> None:
        self.batch.remove_row()
        self.tabs.setTabText(1, self._batch_title())

    def print_batch(self) -> None:
        if not self.batch.requests:
            msgbox.information(self, self.tr("Batch"), self.tr("The batch is empty: add packs first."))
            return
        self._render(list(self.batch.requests), self._print)

    def save_batch(self) -> None:
        if not self.batch.requests:
            msgbox.information(self, self.tr("Batch"), self.tr("The batch is empty: add packs first."))
            return
        path = self.choose_path()
        if path is not None:
            self._render(list(self.batch.requests), lambda result: self._save(result, path))

    # --- statistics -------------------------------------------------------------------------------------------

    def _recorded(self, events: tuple[str, ...]) -> None:
        self.last_events = list(events)
        self.undo_button.setEnabled(True)
        self._undo_timer.start(delivery.UNDO_SECONDS * 1000)
        self.status.setText(self.tr("{n} deliveries recorded in the statistics.").replace("{n}", str(len(events))))
        self.deliveries_recorded.emit(list(events))

    def undo_last(self) -> None:
        if delivery.undo(self.ctx, self.last_events):
            self.status.setText(self.tr("Delivery cancelled."))
        else:
            msgbox.warning(self, self.tr("Statistics"), self.tr("It is too late to cancel this delivery."))
        self.last_events = []
        self.undo_button.setEnabled(False)

    def shutdown(self) -> None:
        if self.content is not None:
            self.preview_pane.close_documents()
            self.card.close_documents()
