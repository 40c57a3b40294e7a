"""The batch for tomorrow's round: packs chosen one by one, printed or saved as one job."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.leaflets.languages import MASTER, language
from app.leaflets.pack import PackRequest
from app.territory import Territory
from app.ui.reflow import ReflowGrid, reflowing


class BatchPanel(QWidget):
    """A table of pack requests; the view prints or saves them (one delivery per row, through app.delivery)."""

    def __init__(self, territory: Territory, stage_names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.territory = territory
        self.stage_names = stage_names
        self.requests: list[PackRequest] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Stage"), self.tr("Municipality"), self.tr("Languages"),
                                              self.tr("Copies")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(self.tr("Batch"))
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.remove_row,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.table, 1)
        self.add_button = QPushButton(self.tr("Add the pack chosen to the batch (Ctrl+B)"), self)
        layout.addWidget(self.add_button)
        buttons = QWidget(self)
        row = ReflowGrid(buttons, max_columns=3, uniform=False)
        reflowing(buttons)
        self.remove_button = QPushButton(self.tr("&Remove row (Del)"), buttons)
        self.print_button = QPushButton(self.tr("Print ba&tch..."), buttons)
        self.save_button = QPushButton(self.tr("Save batch as PDF..."), buttons)
        self.remove_button.clicked.connect(self.remove_row)
        for button in (self.remove_button, self.print_button, self.save_button):
            row.addWidget(button)
        layout.addWidget(buttons)

    def add(self, request: PackRequest) -> None:
        self.requests.append(request)
        row = self.table.rowCount()
        self.table.insertRow(row)
        place = self.territory.by_code(request.municipality)
        names = ", ".join(language(c).italian_name for c in request.languages if c != MASTER) \
            or self.tr("Italian only")
        for col, text in enumerate((self.stage_names[request.stage], place.name if place else request.municipality,
                                    names, str(request.copies))):
            self.table.setItem(row, col, QTableWidgetItem(text))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.requests):
            del self.requests[row]
            self.table.removeRow(row)
