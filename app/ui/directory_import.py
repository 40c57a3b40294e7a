"""Preview of a spreadsheet import: every row with its outcome, then apply all or nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.directory.importer import STATUS_LABELS, ImportPreview

_ORDER = ("rejected", "added", "changed", "unchanged")


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Import preview"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        counts = preview.counts
        self.summary = QLabel(self.tr("File {file}: {added} to add, {changed} to change, {unchanged} unchanged, "
                                      "{rejected} rejected.")
                              .replace("{file}", preview.file).replace("{added}", str(counts["added"]))
                              .replace("{changed}", str(counts["changed"]))
                              .replace("{unchanged}", str(counts["unchanged"]))
                              .replace("{rejected}", str(counts["rejected"])), self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        rows = sorted(preview.rows, key=lambda r: (_ORDER.index(r.status), r.line))
        self.table = QTableWidget(len(rows), 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Outcome"), self.tr("Entry"),
                                              self.tr("Reason or changed fields")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for i, row in enumerate(rows):
            for column, text in enumerate((str(row.line), STATUS_LABELS[row.status], row.label,
                                           "; ".join(row.reasons))):
                self.table.setItem(i, column, QTableWidgetItem(text))
        layout.addWidget(self.table, 1)
        if preview.warnings:
            layout.addWidget(QLabel(self.tr("Warnings:"), self))
            self.warnings = QListWidget(self)
            self.warnings.addItems(preview.warnings)
            self.warnings.setMaximumHeight(110)
            layout.addWidget(self.warnings)
        self.skip_rejected = QCheckBox(self.tr("Apply the valid rows anyway (the rejected rows are left out)"), self)
        self.skip_rejected.setVisible(counts["rejected"] > 0)
        self.skip_rejected.toggled.connect(self._update)
        layout.addWidget(self.skip_rejected)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        rejected = bool(self.preview.by_status("rejected"))
        if not self.preview.has_changes:
            self.note.setText(self.tr("Nothing to change: the directory already matches the file."))
            self.apply_button.setEnabled(False)
        elif rejected and not self.skip_rejected.isChecked():
            self.note.setText(self.tr("Some rows were rejected: correct the file and import it again, or apply "
                                      "only the valid rows."))
            self.apply_button.setEnabled(False)
        else:
            self.note.setText(self.tr("All the changes listed will be applied together, or none of them."))
            self.apply_button.setEnabled(True)
