"""The municipality type-ahead shared by the leaflet and statistics screens."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.territory import Territory
from app.territory.lookup import MunicipalityInfo
from app.ui.signals import emit


class MunicipalityField(QLineEdit):
    """Type a few letters, accents and case ignored ("cernusco" -> "Cernusco sul Naviglio"), or an ISTAT code."""

    changed = Signal()

    def __init__(self, territory: Territory, parent: QWidget | None = None, *, placeholder: str = ""):
        super().__init__(parent)
        self.territory = territory
        self._names = QStringListModel(self)
        self.completer_ = QCompleter(self._names, self)
        # The territory does the accent-insensitive matching; the popup shows its answer unfiltered.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self.completer_)
        if placeholder:
            self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(lambda _text: emit(self.changed))
        self.completer_.activated.connect(lambda _text: emit(self.changed))

    def _suggest(self, text: str) -> None:
        self._names.setStringList([m.name for m in self.territory.search(text, limit=12)])

    def municipality(self) -> MunicipalityInfo | None:
        text = self.text().strip()
        return self.territory.find(text) if text else None
