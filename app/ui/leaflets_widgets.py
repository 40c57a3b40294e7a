"""Pieces of the leaflet screen: municipality type-ahead, language list, batch table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.leaflets.content import Content
from app.leaflets.languages import HOUSEHOLD_CODES, language
from app.ui.signals import emit


class LanguageList(QListWidget):
    """Household languages by native and Italian name; incomplete translations are marked; at most two."""

    selection_changed = Signal()
    MAX = 2

    def __init__(self, content: Content, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Household languages"))
        self.itemChanged.connect(self._checked)
        self.fill(content)

    def fill(self, content: Content) -> None:
        self.blockSignals(True)
        chosen = set(self.codes())
        self.clear()
        for code in HOUSEHOLD_CODES:
            lang = language(code)
            done = content.completeness(code)
            text = lang.label
            if not done.complete:
                text += "  " + self.tr("(incomplete: {n} paragraphs in Italian)").replace(
                    "{n}", str(done.total - done.translated))
            item = QListWidgetItem(text, self)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            if not done.complete:
                item.setForeground(Qt.GlobalColor.darkRed)
                item.setToolTip(self.tr("Some paragraphs are printed in Italian."))
        self.blockSignals(False)

    def codes(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_codes(self, codes: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in codes
                               else Qt.CheckState.Unchecked)

    def _checked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked and len(self.codes()) > self.MAX:
            self.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)  # a third language: refused, the first two stay
            self.blockSignals(False)
        emit(self.selection_changed)

    def keyPressEvent(self, event) -> None:
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)
