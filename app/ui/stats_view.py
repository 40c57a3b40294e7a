"""Statistics: the bailiff's "Esito accesso" and scheduled accesses, own counts; the supervisor's report and export.

Recording and undoing write to this workstation's local store (``app.stats.office``)
in the background pool, like building a report, exporting and pushing: a write
usually takes a few milliseconds, but a database held by a long import makes it
wait up to SQLite's busy timeout (10 s) before the outbox takes it, and the
window must not freeze meanwhile. The entry buttons are disabled while one write
is under way, so a double click never counts an access twice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.l10n import month_names
from app.stats import office
from app.stats.aggregate import own_counts
from app.stats.events import UNDO_WINDOW, StatsInputError, record_outcome, schedule_access
from app.stats.period import Period, add_months, parse_period, previous_period
from app.stats.vocab import OUTCOMES, SOCIAL_SERVICES, workstation_token
from app.territory import Territory
from app.ui import msgbox
from app.ui.monitor_view import MonitorPanel
from app.ui.municipality_field import MunicipalityField
from app.ui.reflow import ReflowGrid, reflowing
from app.ui.stats_widgets import ReportTableModel, grouped_as_table
from app.ui.workers import run_in_background

PUSH_INTERVAL_MS = 60_000


class StatsView(QWidget):
    event_recorded = Signal(str)
    record_failed = Signal(str)
    undo_finished = Signal(bool)
    report_shown = Signal()
    export_finished = Signal(str)
    monitoring_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.local = office.local_sessions(ctx)
        with self.local() as session:
            self.territory = Territory.load(session)
        self.token = workstation_token(ctx.config.workstation())
        self.supervisor = ctx.has_role("supervisors")
        self.last_event: str | None = None
        self.report = None
        self.choose_path = self._ask_path  # tests replace them
        self.choose_report_path = self._ask_report_path

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Statistics"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        # A supervisor has two jobs here, each given the whole height: recording (as every bailiff) and the
        # office's figures. On one page, at 1280x720 the office's indicators got a strip of ~100 px under the
        # recording boxes, their cards a scroll area of 32 px inside a scrolling screen.
        record = QWidget(self)
        if self.supervisor:
            self.pages = QTabWidget(self)
            self.pages.addTab(record, self.tr("Record"))
            self.pages.addTab(self._build_supervisor_box(), self.tr("Office statistics"))
            layout.addWidget(self.pages, 1)
        else:
            layout.addWidget(record, 1)
        self._build_record_page(record)
        self.refresh_counts()
        if office.uses_outbox(ctx):
            self._push_timer = QTimer(self)
            self._push_timer.timeout.connect(self.push_now)
            self._push_timer.start(PUSH_INTERVAL_MS)

    def _build_record_page(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        if not self.supervisor:  # no tab around it: aligned with the title
            layout.setContentsMargins(0, 0, 0, 0)
        # The outcome first, across the screen; the scheduled access and the counts side by side below it:
        # three boxes abreast needed 1,074 px and pushed the screen off a 1366x768 laptop at 125%.
        layout.addWidget(self._build_outcome_box())
        below = QHBoxLayout()
        layout.addLayout(below)
        below.addWidget(self._build_schedule_box(), 3)
        below.addWidget(self._build_counts_box(), 2)

        status = QHBoxLayout()
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        status.addWidget(self.status, 1)
        status.addWidget(self.undo_button)
        layout.addLayout(status)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(lambda: self.undo_button.setEnabled(False))
        if not self.supervisor:
            note = QLabel(self.tr("The office's figures and the Excel export are for supervisors."), self)
            note.setStyleSheet("color: #555;")
            layout.addWidget(note)
        layout.addStretch(1)

    # --- bailiff --------------------------------------------------------------------------------------------

    def social_labels(self) -> dict[str, str]:
        return {"yes": self.tr("Yes"), "no": self.tr("No"), "unknown": self.tr("Not known")}

    def outcome_labels(self) -> dict[str, str]:
        return {
            "executed": self.tr("Executed"),
            "postponed": self.tr("Postponed"),
            "voluntary_release": self.tr("Released before access"),
            "suspended_by_court": self.tr("Suspended by the court"),
            "withdrawn": self.tr("Withdrawn by the landlord"),
        }

    def _build_outcome_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Access outcome"), self)
        form = QVBoxLayout(box)
        self.outcome_place = MunicipalityField(
            self.territory, box, placeholder=self.tr("Municipality: type the first letters"))
        self.outcome_place.setAccessibleName(self.tr("Municipality of the access"))
        self.outcome_place.setMinimumHeight(34)
        place_row = QHBoxLayout()
        place_row.addWidget(self.outcome_place, 1)
        place_row.addWidget(QLabel(self.tr("Date:"), box))
        self.outcome_date = QDateEdit(QDate.currentDate(), box)
        self.outcome_date.setCalendarPopup(True)
        self.outcome_date.setDisplayFormat("dd/MM/yyyy")
        place_row.addWidget(self.outcome_date)
        form.addLayout(place_row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Had the household contacted social services?"), box))
        self.social_group = QButtonGroup(box)
        self.social_buttons: dict[str, QPushButton] = {}
        social = self.social_labels()
        for value, label in ((v, social[v]) for v in SOCIAL_SERVICES):
            button = QPushButton(label, box)
            button.setCheckable(True)
            button.setMinimumHeight(30)
            self.social_group.addButton(button)
            self.social_buttons[value] = button
            row.addWidget(button)
        self.social_buttons["unknown"].setChecked(True)
        row.addStretch(1)
        form.addLayout(row)
        outcomes = QWidget(box)  # rows as wide as the screen allows: two rows of big buttons on a laptop
        grid = ReflowGrid(outcomes, max_columns=3, uniform=False, spacing=6)
        reflowing(outcomes)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for value, label in self.outcome_labels().items():
            button = QPushButton(label, outcomes)
            button.setMinimumHeight(56)
            button.setStyleSheet("font-size: 12pt; padding: 0 12px;")
            button.clicked.connect(lambda _checked=False, v=value: self.record_outcome(v))
            grid.addWidget(button)
            self.outcome_buttons[value] = button
        form.addWidget(outcomes)
        return box

    def _build_schedule_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Scheduled access (avviso di sloggio)"), self)
        form = QFormLayout(box)
        self.schedule_place = MunicipalityField(
            self.territory, box, placeholder=self.tr("Municipality: type the first letters"))
        form.addRow(self.tr("Municipality:"), self.schedule_place)
        self.schedule_date = QDateEdit(QDate.currentDate().addDays(20), box)
        self.schedule_date.setCalendarPopup(True)
        self.schedule_date.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("Access date:"), self.schedule_date)
        self.schedule_button = QPushButton(self.tr("Save scheduled access"), box)
        self.schedule_button.clicked.connect(self.record_schedule)
        form.addRow("", self.schedule_button)
        return box

    def _build_counts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This workstation"), self)
        grid = QGridLayout(box)
        for col, text in ((1, self.tr("Today")), (2, self.tr("This month"))):
            header = QLabel(text, box)
            header.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(header, 0, col)
        self.count_labels: dict[str, QLabel] = {}
        for row, (kind, label) in enumerate(((
                "deliveries", self.tr("Leaflets delivered")), ("outcomes", self.tr("Access outcomes"))), start=1):
            grid.addWidget(QLabel(label, box), row, 0)
            for col, period in ((1, "today"), (2, "month")):
                value = QLabel("0", box)
                value.setStyleSheet("font-size: 14pt; font-weight: bold;")
                value.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(value, row, col)
                self.count_labels[f"{kind}_{period}"] = value
        return box

    def refresh_counts(self) -> None:
        with self.local() as session:
            counts = own_counts(session, self.token, date.today())
        for key, label in self.count_labels.items():
            label.setText(str(counts[key]))

    def _qdate(self, edit: QDateEdit) -> date:
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def _entry_buttons(self) -> list[QPushButton]:
        return [*self.outcome_buttons.values(), self.schedule_button, self.undo_button]

    def _busy(self, busy: bool) -> None:
        """While a write is under way the entries wait: one click, one event."""
        for button in self._entry_buttons():
            button.setEnabled(not busy and (button is not self.undo_button or self._undo_timer.isActive()))

    def _record(self, fn, done: str) -> None:
        """Record off the GUI thread (:func:`office.record` may wait for a busy database, then use the outbox)."""
        self._busy(True)
        self.status.setText(self.tr("Recording..."))
        ctx = self.ctx
        run_in_background(lambda: office.record(ctx, fn), lambda event_id: self._recorded(event_id, done),
                          self._record_failed)

    def _recorded(self, event_id: str, done: str) -> None:
        self.last_event = event_id
        self.status.setText(done)
        self._undo_timer.start(int(UNDO_WINDOW.total_seconds() * 1000))
        self._busy(False)
        self.refresh_counts()
        self.event_recorded.emit(event_id)

    def _record_failed(self, exc: Exception, details: str) -> None:
        self.status.setText("")
        self._busy(False)
        if isinstance(exc, StatsInputError):
            msgbox.warning(self, self.tr("Statistics"), str(exc))
        else:  # a full disk, a broken outbox: the bailiff must know it was not counted
            msgbox.critical(self, self.tr("Statistics"),
                            self.tr("The entry was NOT recorded: {reason}").replace("{reason}", str(exc)),
                            details=details)
        self.record_failed.emit(str(exc))

    def record_outcome(self, outcome: str) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(outcome)
        place = self.outcome_place.municipality()
        if place is None:
            msgbox.warning(self, self.tr("Access outcome"), self.tr("Choose the municipality of the access first."))
            self.outcome_place.setFocus()
            return
        social = next(v for v, b in self.social_buttons.items() if b.isChecked())
        label = self.outcome_labels()[outcome]
        workstation, when = self.ctx.config.workstation(), self._qdate(self.outcome_date)  # read on the GUI thread
        self._record(
            lambda s: record_outcome(s, istat_code=place.istat_code, outcome=outcome, social_services=social,
                                     workstation=workstation, when=when),
            self.tr("Recorded: {outcome} in {municipality}.").replace("{outcome}", label)
            .replace("{municipality}", place.name))

    def record_schedule(self) -> None:
        place = self.schedule_place.municipality()
        if place is None:
            msgbox.warning(self, self.tr("Scheduled access"), self.tr("Choose the municipality of the access first."))
            return
        day = self._qdate(self.schedule_date)
        workstation = self.ctx.config.workstation()
        self._record(
            lambda s: schedule_access(s, istat_code=place.istat_code, access_day=day, workstation=workstation),
            self.tr("Recorded: access in {municipality} on {date}.").replace("{municipality}", place.name)
            .replace("{date}", day.strftime("%d/%m/%Y")))

    def undo_last(self) -> None:
        if self.last_event is None:
            return
        event_id, ctx = self.last_event, self.ctx
        self.last_event = None
        self._undo_timer.stop()
        self._busy(True)
        run_in_background(lambda: office.undo(ctx, event_id), self._undone, self._undo_failed)

    def _undone(self, cancelled: bool) -> None:
        self._busy(False)
        if cancelled:
            self.status.setText(self.tr("Cancelled."))
        else:
            msgbox.warning(self, self.tr("Statistics"), self.tr("It is too late to cancel this entry."))
        self.refresh_counts()
        self.undo_finished.emit(cancelled)

    def _undo_failed(self, exc: Exception, details: str) -> None:
        self._busy(False)
        msgbox.critical(self, self.tr("Statistics"),
                        self.tr("The entry was not cancelled: {reason}").replace("{reason}", str(exc)), details=details)
        self.undo_finished.emit(False)

    def push_now(self) -> None:
        run_in_background(lambda: office.push(self.ctx), lambda _result: None, lambda _exc, _details: None)

    # --- supervisor -----------------------------------------------------------------------------------------

    def _build_supervisor_box(self) -> QWidget:
        box = QWidget(self)  # the tab is titled "Office statistics"
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.period_kind = QComboBox(box)
        # Closed calendar periods only (app.stats.period.check_publishable): a free date range could be
        # subtracted from another to show one day's events.
        # Four months first: the technical table of the agreement (Art. 1) meets every four months.
        for value, label in (("four_months", self.tr("Four months")), ("month", self.tr("Month")),
                             ("quarter", self.tr("Quarter")), ("year", self.tr("Year"))):
            self.period_kind.addItem(label, value)
        self.year = QSpinBox(box)
        self.year.setRange(2023, 2100)
        previous = add_months(date.today(), -1)
        last_closed = previous_period(parse_period(f"{date.today().year}-T{(date.today().month + 3) // 4}"))
        self.year.setValue(last_closed.start.year)
        self.month = QComboBox(box)
        for number, name in enumerate(month_names(), start=1):
            self.month.addItem(name, number)
        self.month.setCurrentIndex(previous.month - 1)
        self.quarter = QComboBox(box)
        for q in range(1, 5):
            self.quarter.addItem(self.tr("Quarter {n}").replace("{n}", str(q)), q)
        self.third = QComboBox(box)
        names = month_names()  # "gennaio-aprile", from CLDR like every month name
        for t in (1, 2, 3):
            self.third.addItem(f"{names[4 * t - 4]}-{names[4 * t - 1]}", t)
        self.third.setCurrentIndex(int(last_closed.label[-1]) - 1)
        self.date_from = QDateEdit(QDate(previous.year, previous.month, 1), box)
        self.date_to = QDateEdit(QDate.currentDate(), box)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.level = QComboBox(box)
        self.level.addItem(self.tr("by municipality"), "municipality")
        self.level.addItem(self.tr("by Ambito"), "ambito")
        self.show_button = QPushButton(self.tr("Show"), box)
        self.show_button.clicked.connect(self.show_report)
        self.export_button = QPushButton(self.tr("Export to Excel..."), box)
        self.export_button.clicked.connect(self.export)
        self.show_button.setToolTip(self.tr("Show the tables of the Excel export"))
        self.report_button = QPushButton(self.tr("Report PDF..."), box)
        self.report_button.setToolTip(self.tr("The monitoring report for the technical table"))
        self.report_button.clicked.connect(self.write_report)
        for widget in (QLabel(self.tr("Period:"), box), self.period_kind, self.year, self.month, self.quarter,
                       self.third, self.date_from, QLabel("-", box), self.date_to, self.level, self.show_button,
                       self.export_button, self.report_button):
            row.addWidget(widget)
        row.addStretch(1)
        self._range_dash = row.itemAt(7).widget()
        layout.addLayout(row)
        self.tabs = QTabWidget(box)
        # The indicators first, and at once: computed as soon as a period is chosen (issue 20), the tables of
        # the export on request ("Show").
        self.monitor = MonitorPanel(self.tabs)
        self.tabs.addTab(self.monitor, self.tr("Indicators"))
        layout.addWidget(self.tabs, 1)
        self._monitor_job = 0
        self._monitor_timer = QTimer(self)  # a spin box's arrows change the year several times a second
        self._monitor_timer.setSingleShot(True)
        self._monitor_timer.setInterval(150)
        self._monitor_timer.timeout.connect(self.show_monitoring)
        self.period_kind.currentIndexChanged.connect(self._period_inputs)
        for combo in (self.month, self.quarter, self.third):
            combo.currentIndexChanged.connect(self._period_changed)
        self.year.valueChanged.connect(self._period_changed)
        self._period_inputs()
        self.report_note = QLabel("", box)
        self.report_note.setWordWrap(True)
        self.report_note.setTextFormat(Qt.TextFormat.PlainText)
        self.report_note.setStyleSheet("color: #555;")
        layout.addWidget(self.report_note)
        return box

    def _period_inputs(self) -> None:
        kind = self.period_kind.currentData()
        self.year.setVisible(kind != "range")
        self.month.setVisible(kind == "month")
        self.quarter.setVisible(kind == "quarter")
        self.third.setVisible(kind == "four_months")
        for widget in (self.date_from, self.date_to, self._range_dash):
            widget.setVisible(kind == "range")
        self._period_changed()

    def _period_changed(self) -> None:
        if self.isVisible():  # a screen built but not shown counts nothing (see showEvent)
            self._monitor_timer.start()

    def showEvent(self, event) -> None:  # Qt's name
        """The indicators come by themselves the first time the screen is shown."""
        super().showEvent(event)
        if self.supervisor and not self._monitor_job:
            self._monitor_timer.start()

    def hideEvent(self, event) -> None:  # Qt's name
        """A closed or hidden screen starts no new count (one already under way finishes in the pool)."""
        if self.supervisor:
            self._monitor_timer.stop()
        super().hideEvent(event)

    def show_monitoring(self) -> None:
        """The indicators of the chosen period, computed in the background pool; a later choice wins."""
        from app.monitoring.service import make_monitoring

        try:
            period = self.period()
        except ValueError as exc:
            self.monitor.set_busy(str(exc))
            return
        self._monitor_job += 1
        job, ctx = self._monitor_job, self.ctx
        self.monitor.set_busy(self.tr("{period}: computing the indicators...").replace("{period}", period.title))
        run_in_background(lambda: make_monitoring(ctx, period), lambda m: self._monitoring_ready(job, m),
                          lambda exc, details: self._monitoring_failed(job, exc, details))

    def _monitoring_ready(self, job: int, monitoring) -> None:
        if job != self._monitor_job:  # the supervisor has chosen another period meanwhile
            return
        self.monitor.set_monitoring(monitoring)
        self.monitoring_shown.emit()

    def _monitoring_failed(self, job: int, exc: Exception, details: str) -> None:
        if job != self._monitor_job:
            return
        text = str(exc) if isinstance(exc, ValueError) else self.tr("The indicators could not be computed.")
        self.monitor.set_busy(text)
        self.monitoring_shown.emit()

    def period(self) -> Period:
        kind, year = self.period_kind.currentData(), self.year.value()
        if kind == "month":
            return parse_period(f"{year}-{self.month.currentData():02d}")
        if kind == "quarter":
            return parse_period(f"{year}-Q{self.quarter.currentData()}")
        if kind == "four_months":
            return parse_period(f"{year}-T{self.third.currentData()}")
        if kind == "year":
            return parse_period(str(year))
        start, end = self._qdate(self.date_from), self._qdate(self.date_to)
        return parse_period(f"{start.isoformat()}..{end.isoformat()}")

    def _checked_period(self) -> Period | None:
        try:
            return self.period()
        except ValueError as exc:
            msgbox.warning(self, self.tr("Office statistics"), str(exc))
            return None

    def show_report(self) -> None:
        from app.stats.service import make_report

        period = self._checked_period()
        if period is None:
            return
        level = self.level.currentData()
        self.show_button.setEnabled(False)
        run_in_background(lambda: make_report(self.ctx, period, level), self._report_ready, self._failed)

    def _report_ready(self, report) -> None:
        self.show_button.setEnabled(True)
        self.report = report
        while self.tabs.count() > 1:  # the indicators stay first
            self.tabs.removeTab(1)
        tables = [report.summary]
        if report.municipalities is not None:
            tables.append(grouped_as_table(report.municipalities))
        tables += [report.languages, report.outcomes, report.social, report.causes, report.modes, report.forecast,
                   report.trend]
        names = [self.tr("Summary"), self.tr("Municipalities"), self.tr("Languages"), self.tr("Outcomes"),
                 self.tr("Social services"), self.tr("Causes"), self.tr("Delivery"), self.tr("Forecast"),
                 self.tr("Trend")]
        if report.municipalities is None:
            names.remove(self.tr("Municipalities"))
        for table, name in zip(tables, names, strict=True):
            view = QTableView(self.tabs)
            view.setModel(ReportTableModel(table, view))
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.setAlternatingRowColors(True)
            self.tabs.addTab(view, name)
        self.tabs.setCurrentIndex(1)
        self.report_note.setText(
            self.tr("{period}: protected figures (each within {d} of the true count, values 1 to {k1} never "
                    "shown, totals protected on their own).")
            .replace("{period}", report.period.title).replace("{k1}", str(report.k - 1))
            .replace("{d}", str(report.disclosure.table.max_noise)))
        self.report_shown.emit()

    def _ask_path(self) -> Path | None:
        suggested = str(Path.home() / f"statistiche-{self.period().label.replace('..', '_')}.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export statistics"), suggested,
                                              self.tr("Excel workbook (*.xlsx)"))
        return Path(name) if name else None

    def export(self) -> None:
        from app.monitoring.service import export_workbook

        period = self._checked_period()
        if period is None:
            return
        path = self.choose_path()
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        level = self.level.currentData()
        self.export_button.setEnabled(False)

        def done(_report) -> None:
            self.export_button.setEnabled(True)
            msgbox.information(self, self.tr("Export statistics"),
                               self.tr("Statistics saved in {path}.").replace("{path}", str(path)))
            self.export_finished.emit(str(path))

        run_in_background(lambda: export_workbook(self.ctx, period, level, path), done, self._failed)

    def _ask_report_path(self) -> Path | None:
        suggested = str(Path.home() / f"monitoraggio-{self.period().label.replace('..', '_')}.pdf")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Monitoring report"), suggested,
                                              self.tr("PDF document (*.pdf)"))
        return Path(name) if name else None

    def write_report(self) -> None:
        """The four-monthly report for the technical table (the same as ``python -m app report``)."""
        from app.monitoring.service import write_report

        period = self._checked_period()
        if period is None:
            return
        path = self.choose_report_path()
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self.report_button.setEnabled(False)

        def done(_monitoring) -> None:
            self.report_button.setEnabled(True)
            msgbox.information(self, self.tr("Monitoring report"),
                               self.tr("Report saved in {path}.").replace("{path}", str(path)))
            self.export_finished.emit(str(path))

        run_in_background(lambda: write_report(self.ctx, period, path), done, self._failed)

    def _failed(self, exc: Exception, details: str) -> None:
        self.show_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.report_button.setEnabled(True)
        text = str(exc) if isinstance(exc, OSError | ValueError) else self.tr("The operation failed.")
        msgbox.critical(self, self.tr("Office statistics"), text, details=details)
