"""The municipality type-ahead shared by the leaflet and statistics screens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.territory import Territory
from app.territory.lookup import MunicipalityInfo


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
        self._moved = False  # has the user moved to a row of the list since the last letter typed?
        self.completer_.popup().installEventFilter(self)  # after the completer's own filter, so it runs first
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(lambda _text: self.changed.emit())
        self.completer_.activated.connect(lambda _text: self.changed.emit())

    def _suggest(self, text: str) -> None:
        self._moved = False
        self._names.setStringList([m.name for m in self.territory.search(text, limit=12)])
        QTimer.singleShot(0, self, self._unhighlight)  # after the completer has made its first match current

    def _unhighlight(self) -> None:
        popup = self.completer_.popup()  # None once a test switches to inline completion
        if popup is not None and not self._moved:
            popup.setCurrentIndex(QModelIndex())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the list takes a row only if the user moved to it; otherwise it is Enter in the field.

        Qt makes the first name matching the letters current, so Enter would take "Cernusco sul Naviglio" for
        "cer" although "Cerro Maggiore" was meant: a choice nobody made. The field decides instead (the leaflet
        screen accepts letters that name one municipality, and says so when they name several).
        """
        if watched is self.completer_.popup() and event.type() == QEvent.Type.Show:
            self._unhighlight()  # nothing highlighted, so nothing looks chosen
        if watched is self.completer_.popup() and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._moved = True
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._moved:
                watched.hide()
                self.returnPressed.emit()
                return True
        return super().eventFilter(watched, event)


    def municipality(self) -> MunicipalityInfo | None:
        text = self.text().strip()
        return self.territory.find(text) if text else None
