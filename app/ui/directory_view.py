"""The directory section: search as you type, filters, detail pane, "for municipality X", editing, import/export.

Everything the user sees comes from the Qt-free core (``app.directory``); slow
work (loading, import preview and apply, exports) runs through
``run_in_background``. Editing is offered only to the editors named by IT
(``roles.editors``); everyone else gets a read-only view and a note saying so.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.directory.contacts import display_phone
from app.directory.hours import format_hours
from app.directory.kinds import KIND_LABELS, SCOPE_LABELS, kind_label
from app.territory import Territory
from app.ui import msgbox
from app.ui.directory_model import (
    COL_NAME,
    UID_ROLE,
    ReferentFilterProxy,
    ReferentTableModel,
    build_rows,
)
from app.ui.workers import run_in_background

BADGE_STYLE = "background: #8a4b00; color: white; padding: 2px 6px; border-radius: 3px; font-weight: bold;"
DEMO_STYLE = "background: #4a4a4a; color: white; padding: 2px 6px; border-radius: 3px;"


def _load(ctx: AppContext) -> tuple[list[dict[str, Any]], Territory]:
    from app.directory.store import all_entries

    with ctx.sessions() as session:
        return all_entries(session), Territory.load(session)


class DetailPane(QScrollArea):
    """What is known about the selected entry, with one-click copy of each phone and e-mail."""

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(320)
        self.copy_buttons: dict[str, QToolButton] = {}
        self.show_entry(None, None, False)

    def show_entry(self, entry: dict[str, Any] | None, territory: Territory | None, stale: bool) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.copy_buttons = {}
        self.badge = None
        if entry is None:
            layout.addWidget(QLabel(self.tr("Select a referent to see the details."), body))
            layout.addStretch(1)
            self.setWidget(body)
            return
        title = QLabel(entry["name"], body)
        title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        title.setWordWrap(True)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        badges = QHBoxLayout()
        if stale:
            self.badge = QLabel(self.tr("to verify"), body)
            self.badge.setObjectName("staleBadge")
            self.badge.setStyleSheet(BADGE_STYLE)
            self.badge.setToolTip(self.tr("Last verification too old or missing: check this contact"))
            badges.addWidget(self.badge)
        if entry["is_demo"]:
            demo = QLabel(self.tr("DEMO data"), body)
            demo.setStyleSheet(DEMO_STYLE)
            badges.addWidget(demo)
        if entry["retired"]:
            badges.addWidget(QLabel(self.tr("Retired"), body))
        badges.addStretch(1)
        layout.addLayout(badges)
        form = QFormLayout()
        layout.addLayout(form)

        def text(label: str, value: str) -> None:
            if value:
                shown = QLabel(value, body)
                shown.setWordWrap(True)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(label, shown)

        def copyable(label: str, value: str) -> None:
            row = QHBoxLayout()
            shown = QLabel(value, body)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QToolButton(body)
            button.setText(self.tr("Copy"))
            button.setToolTip(self.tr("Copy {value}").replace("{value}", value))
            button.setAccessibleName(self.tr("Copy {value}").replace("{value}", value))
            button.clicked.connect(lambda _checked=False, v=value: self._copy(v))
            row.addWidget(shown, 1)
            row.addWidget(button)
            form.addRow(label, row)
            self.copy_buttons[value] = button

        text(self.tr("Role:"), entry["role"])
        text(self.tr("Institution:"), entry["institution"])
        kind = kind_label(entry["kind"])
        text(self.tr("Service:"), entry["service"] if entry["service"] == kind else f"{entry['service']} ({kind})")
        for phone in entry["phones"]:
            copyable(self.tr("Phone:"), display_phone(phone))
        for email in entry["emails"]:
            copyable(self.tr("E-mail:"), email)
        for pec in entry["pecs"]:
            copyable(self.tr("PEC:"), pec)
        text(self.tr("Website:"), entry["website"])
        text(self.tr("Address:"), entry["address"])
        text(self.tr("Hours:"), format_hours(entry["hours"], entry["hours_note"]))
        text(self.tr("Languages:"), ", ".join(entry["languages"]))
        if territory is not None:
            if entry["scope_level"] == "metro":
                area = SCOPE_LABELS["metro"]
            elif entry["scope_level"] == "ambito":
                area = "Ambito " + ", ".join(entry["ambiti"])
            elif entry["scope_level"] == "tribunale":
                area = SCOPE_LABELS["tribunale"] + " " + ", ".join(entry.get("tribunali", ()))
            else:
                area = ", ".join(territory.by_code(c).name if territory.by_code(c) else c
                                 for c in entry["municipalities"])
            text(self.tr("Applies to:"), area)
        validity = " - ".join(d.strftime("%d/%m/%Y") if d else "..." for d in (entry["valid_from"], entry["valid_to"]))
        text(self.tr("Valid:"), validity)
        text(self.tr("Last verified:"), entry["last_verified"].strftime("%d/%m/%Y") if entry["last_verified"] else "-")
        text(self.tr("Source:"), entry["source"])
        layout.addStretch(1)
        self.setWidget(body)

    def _copy(self, value: str) -> None:
        QGuiApplication.clipboard().setText(value)
        self.copied.emit(value)


class MunicipalityTab(QWidget):
    """Exactly what a leaflet pack for the chosen municipality lists (``referents_for``)."""

    def __init__(self, view: DirectoryView):
        super().__init__(view)
        self.view = view
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Municipality:"), self))
        self.municipality = QComboBox(self)
        self.municipality.setEditable(True)
        self.municipality.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.municipality.setMinimumWidth(260)
        self.municipality.lineEdit().setPlaceholderText(self.tr("Type a municipality"))
        row.addWidget(self.municipality)
        row.addStretch(1)
        layout.addLayout(row)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels([self.tr("Service"), self.tr("Institution"), self.tr("Referent"),
                                              self.tr("Phone"), self.tr("E-mail"), self.tr("Hours"),
                                              self.tr("Level")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.municipality.currentIndexChanged.connect(self.refresh)
        self.referents: list = []

    def set_territory(self, territory: Territory) -> None:
        current = self.municipality.currentData()
        self.municipality.blockSignals(True)
        self.municipality.clear()
        for m in territory.municipalities:
            self.municipality.addItem(m.name, m.istat_code)
        index = self.municipality.findData(current or "015146")
        self.municipality.setCurrentIndex(max(0, index))
        self.municipality.blockSignals(False)
        self.refresh()

    def show_municipality(self, istat_code: str) -> None:
        self.municipality.setCurrentIndex(self.municipality.findData(istat_code))

    def refresh(self) -> None:
        from app.directory.resolve import referents_for

        code = self.municipality.currentData()
        territory = self.view.territory
        if not code or territory is None:
            return
        m = territory.by_code(code)
        with self.view.ctx.sessions() as session:
            self.referents = referents_for(session, territory, code)
        info = self.tr("{name} (ISTAT {code}), Ambito {ambito}: {count} referents, as a leaflet pack prints them.") \
            .replace("{name}", m.name).replace("{code}", code).replace("{ambito}", m.ambito_name) \
            .replace("{count}", str(len(self.referents)))
        if not m.ambito_verified:
            info += " " + self.tr("The Ambito assignment of this municipality is still to verify: check the Ambito "
                                  "contacts marked 'to verify'.")
        self.info.setText(info)
        limit = date.today() - timedelta(days=self.view.ctx.config["directory.stale_after_days"])
        self.table.setRowCount(len(self.referents))
        for i, r in enumerate(self.referents):
            stale = r.last_verified is None or r.last_verified < limit or not r.area_verified  # Ambito or court
            level = SCOPE_LABELS[r.scope_level] + (" - " + self.tr("to verify") if stale else "")
            values = (r.service_label, r.institution, r.name + (" (DEMO)" if r.is_demo else ""),
                      " / ".join(r.phones), "; ".join(r.emails), r.hours, level)
            for column, value in enumerate(values):
                self.table.setItem(i, column, QTableWidgetItem(value))


class DirectoryView(QWidget):
    entries_loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = ctx.has_role("editors")
        self.territory: Territory | None = None
        self.entries: list[dict[str, Any]] = []
        self._selected: str | None = None  # uid of the entry in the detail pane, kept while a filter hides its row
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Referent directory"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        if not self.can_edit:
            self.read_only_note = QLabel(self.tr("Read-only: only the directory editors named by IT can change "
                                                 "the directory."), self)
            self.read_only_note.setObjectName("readOnlyNote")
            self.read_only_note.setWordWrap(True)
            layout.addWidget(self.read_only_note)

        top = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search name, institution, service, municipality or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the directory"))
        top.addWidget(self.search, 1)
        self.new_button = QPushButton(self.tr("New"), self)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.retire_button = QPushButton(self.tr("Retire"), self)
        self.history_button = QPushButton(self.tr("History"), self)
        self.import_button = QPushButton(self.tr("Import..."), self)
        self.export_button = QPushButton(self.tr("Export"), self)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.tr("Spreadsheet (xlsx)..."), lambda: self.choose_export("xlsx"))
        export_menu.addAction(self.tr("Web page for the portal (HTML)..."), lambda: self.choose_export("html"))
        export_menu.addAction(self.tr("Open Referral HSDS (JSON)..."), lambda: self.choose_export("hsds"))
        self.export_button.setMenu(export_menu)
        for button in (self.new_button, self.edit_button, self.retire_button, self.import_button):
            button.setVisible(self.can_edit)
            top.addWidget(button)
        top.addWidget(self.history_button)
        top.addWidget(self.export_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.institution_filter = QComboBox(self)
        self.ambito_filter = QComboBox(self)
        self.municipality_filter = QComboBox(self)
        self.kind_filter = QComboBox(self)
        for combo, label in ((self.institution_filter, self.tr("Institution")), (self.ambito_filter, self.tr("Ambito")),
                             (self.municipality_filter, self.tr("Municipality")),
                             (self.kind_filter, self.tr("Service kind"))):
            combo.setAccessibleName(label)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            filters.addWidget(combo, 1)
        self.kind_filter.addItem(self.tr("All service kinds"), "")
        for kind, label in KIND_LABELS.items():
            self.kind_filter.addItem(label, kind)
        self.show_retired = QCheckBox(self.tr("Show retired"), self)
        filters.addWidget(self.show_retired)
        layout.addLayout(filters)

        self.tabs = QTabWidget(self)
        all_tab = QWidget(self.tabs)
        all_layout = QVBoxLayout(all_tab)
        all_layout.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel(all_tab)
        all_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, all_tab)
        self.model = ReferentTableModel(self)
        self.proxy = ReferentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(splitter)
        self.table.setModel(self.proxy)
        # The source model sorts (see ReferentTableModel); the filter keeps its order, so typing never sorts.
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        for column, width in enumerate((150, 230, 300, 130, 170)):
            self.table.setColumnWidth(column, width)
        self.detail = DetailPane(splitter)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        all_layout.addWidget(splitter, 1)
        self.tabs.addTab(all_tab, self.tr("All referents"))
        self.municipality_tab = MunicipalityTab(self)
        self.tabs.addTab(self.municipality_tab, self.tr("For a municipality"))
        layout.addWidget(self.tabs, 1)

        self.search.textChanged.connect(self._search_changed)
        for combo in (self.institution_filter, self.ambito_filter, self.municipality_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.show_retired.toggled.connect(self._filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected() if self.can_edit else None)
        self.new_button.clicked.connect(self.create_entry)
        self.edit_button.clicked.connect(self.edit_selected)
        self.retire_button.clicked.connect(self.retire_selected)
        self.history_button.clicked.connect(self.show_history)
        self.import_button.clicked.connect(self.choose_import)
        self.reload()

    # ------------------------------------------------------------ data

    def reload(self, select_uid: str | None = None) -> None:
        def done(result) -> None:
            self.entries, self.territory = result
            self._fill_filters()
            self.model.set_rows(build_rows(self.entries, self.territory, self.ctx.config["directory.stale_after_days"]))
            self._update_count()
            self.municipality_tab.set_territory(self.territory)
            self._selected = None
            if select_uid:
                self.select_uid(select_uid)
            self._show_selected()
            self.entries_loaded.emit(len(self.entries))

        run_in_background(lambda: _load(self.ctx), done, self._failed)

    def _failed(self, exc: Exception, details: str) -> None:
        msgbox.critical(self, self.tr("Directory"), self.tr("The directory could not be read: {error}")
                        .replace("{error}", str(exc)), details)

    def _fill_filters(self) -> None:
        def fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

        fill(self.institution_filter, self.tr("All institutions"),
             [(n, n) for n in sorted({e["institution"] for e in self.entries}, key=str.casefold)])
        fill(self.ambito_filter, self.tr("All Ambiti"), [(a.name, a.name) for a in self.territory.ambiti])
        fill(self.municipality_filter, self.tr("All municipalities"),
             [(m.name, m.istat_code) for m in self.territory.municipalities])

    def _filters_changed(self) -> None:
        code = self.municipality_filter.currentData() or ""
        m = self.territory.by_code(code) if (code and self.territory) else None
        self.proxy.set_filters(institution=self.institution_filter.currentData() or "",
                               ambito=self.ambito_filter.currentData() or "", municipality=code,
                               municipality_ambito=m.ambito_name if m else "",
                               kind=self.kind_filter.currentData() or "", show_retired=self.show_retired.isChecked())
        self._filtered()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._filtered()

    def _filtered(self) -> None:
        """After a filter change: the selected entry's row, hidden by an earlier filter, is selected again when it
        shows up; while hidden, the detail pane keeps showing it (typing never swaps the entry under the user)."""
        if self._selected is not None and not self.table.currentIndex().isValid():
            self.select_uid(self._selected)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{shown} of {total} referents").replace("{shown}", str(self.proxy.rowCount()))
                                 .replace("{total}", str(self.model.rowCount())))

    # ------------------------------------------------------------ selection

    def selected_uid(self) -> str | None:
        return self._selected

    def selected_entry(self) -> dict[str, Any] | None:
        uid = self.selected_uid()
        return next((e for e in self.entries if e["uid"] == uid), None)

    def select_uid(self, uid: str) -> None:
        row = self.model.row_of(uid)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _current_changed(self, current, _previous) -> None:
        # An invalid current row means a filter hid the entry: the pane keeps it (see _filtered).
        if current.isValid() and current.data(UID_ROLE) != self._selected:
            self._show_selected()

    def _show_selected(self) -> None:
        index = self.table.currentIndex()
        uid = self._selected = index.data(UID_ROLE) if index.isValid() else None
        row = self.model.row_of(uid) if uid else -1
        item = self.model.rows[row] if row >= 0 else None
        self.detail.show_entry(item.entry if item else None, self.territory, bool(item and item.stale))
        has = item is not None
        self.edit_button.setEnabled(has)
        self.retire_button.setEnabled(has)
        self.history_button.setEnabled(has)
        if item is not None:
            self.retire_button.setText(self.tr("Restore") if item.entry["retired"] else self.tr("Retire"))

    # ------------------------------------------------------------ editing

    def _known(self):
        from app.directory.store import Known

        with self.ctx.sessions() as session:
            return Known.from_session(session)

    def open_editor(self, data: dict[str, Any] | None):
        """Build the editor dialog (tests drive it directly; ``create_entry`` and ``edit_selected`` exec it)."""
        from app.ui.directory_editor import EntryEditor

        return EntryEditor(self.territory, self._known(), data, self)

    def save_from_editor(self, editor) -> bool:
        from app.directory import editing
        from app.directory.store import DirectoryDataError
        from app.roles import RoleRefused

        data = editor.result_data()
        if data is None or not self.can_edit:
            return False
        try:
            uid = editing.save(self.ctx, data)
        except (DirectoryDataError, RoleRefused) as exc:
            msgbox.warning(self, self.tr("Not saved"), str(exc))
            return False
        self.reload(select_uid=uid)
        return True

    def create_entry(self) -> None:
        if not self.can_edit:
            return
        editor = self.open_editor(None)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.save_from_editor(editor)

    def edit_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.can_edit:
            return
        editor = self.open_editor(entry)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.save_from_editor(editor)

    def retire_selected(self) -> None:
        from app.directory import editing
        from app.directory.store import DirectoryDataError
        from app.roles import RoleRefused

        entry = self.selected_entry()
        if entry is None or not self.can_edit:
            return
        retire = not entry["retired"]
        question = (self.tr("Retire {name}? It will no longer appear in leaflet packs; its history is kept.")
                    if retire else self.tr("Bring {name} back into the directory?")).replace("{name}", entry["name"])
        if not msgbox.ask_yes_no(self, self.tr("Directory"), question):
            return
        try:
            editing.set_retired(self.ctx, entry["uid"], retire)
        except (DirectoryDataError, RoleRefused) as exc:  # a second active copy, or the role was taken away
            msgbox.warning(self, self.tr("Directory"), str(exc))
            return
        if retire and not self.show_retired.isChecked():
            self.reload()
        else:
            self.reload(select_uid=entry["uid"])

    def history_dialog(self):
        from app.directory.store import history
        from app.ui.directory_editor import HistoryDialog

        uid = self.selected_uid()
        if uid is None:
            return None
        with self.ctx.sessions() as session:
            revisions = history(session, uid)
        return HistoryDialog(revisions, self.territory, self)

    def show_history(self) -> None:
        dialog = self.history_dialog()
        if dialog is not None:
            dialog.exec()

    # ------------------------------------------------------------ import and export

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import the directory"), str(Path.home()),
                                              self.tr("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        from app.directory.importer import preview_file

        if not self.can_edit:
            return

        def work():
            with self.ctx.sessions() as session:
                return preview_file(session, path)

        run_in_background(work, self._preview_ready, self._import_failed)

    def preview_dialog(self, preview):
        from app.ui.directory_import import ImportPreviewDialog

        return ImportPreviewDialog(preview, self)

    def _preview_ready(self, preview) -> None:
        dialog = self.preview_dialog(preview)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_import(preview, dialog.skip_rejected.isChecked())

    def apply_import(self, preview, skip_rejected: bool = False) -> None:
        from app.directory import editing

        def work() -> int:
            return editing.apply_import(self.ctx, preview, skip_rejected)

        def done(written: int) -> None:
            msgbox.information(self, self.tr("Import"), self.tr("{count} entries added or changed.")
                               .replace("{count}", str(written)))
            self.reload()

        run_in_background(work, done, self._import_failed)

    def _import_failed(self, exc: Exception, details: str) -> None:
        msgbox.warning(self, self.tr("Import"), str(exc), details)

    def choose_export(self, fmt: str) -> None:
        suffix = {"xlsx": "xlsx", "html": "html", "hsds": "json"}[fmt]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the directory"),
                                              str(Path.home() / f"rubrica-referenti.{suffix}"), f"*.{suffix}")
        if path:
            self.start_export(fmt, Path(path))

    def start_export(self, fmt: str, path: Path) -> None:
        from app.directory.export_hsds import export_hsds
        from app.directory.export_html import export_html
        from app.directory.export_xlsx import export_xlsx

        def work() -> int:
            with self.ctx.sessions() as session:
                if fmt == "xlsx":
                    return export_xlsx(session, path)
                if fmt == "html":
                    return export_html(session, path, office=self.ctx.config["office.name"])
                return export_hsds(session, path)

        def done(count: int) -> None:
            msgbox.information(self, self.tr("Export"), self.tr("{count} entries exported to {path}.")
                               .replace("{count}", str(count)).replace("{path}", str(path)))

        run_in_background(work, done, lambda exc, details: msgbox.warning(
            self, self.tr("Export"), self.tr("Export failed: {error}").replace("{error}", str(exc)), details))
