"""The supervisor's monitoring at a glance (issue 20): the key indicators of the chosen period as cards.

Each card shows an indicator's name, its value for the office or one Ambito, how it moved since the previous
period (a drawn sign and words) and a small chart of the periods compared, the same shapes as the PDF
report (``app.monitoring.charts``). Nothing is computed here: ``app.monitoring.views.cards`` says what each
card shows, from published figures only; the Monitoring itself is built off the GUI thread by the caller
(``StatsView``), and this panel only lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.monitoring.build import Monitoring
from app.monitoring.charts import natural_height
from app.monitoring.views import Card, cards, short_ambito, situation
from app.ui.monitor_charts import ChartWidget, SignWidget
from app.ui.reflow import ReflowGrid, reflowing

COLUMNS = 4
CHART_HEIGHT = 96


class CardWidget(QFrame):
    """One indicator: name, value, change since the previous period, small chart."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("monitorCard")
        self.setStyleSheet("#monitorCard { background: white; border: 1px solid #c8c8c8; border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.name.setStyleSheet("font-weight: bold; color: #333;")
        self.value = QLabel(self)
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.basis = QLabel(self)  # what a share is made of: "(95 su 186)"
        self.basis.setWordWrap(True)
        self.basis.setTextFormat(Qt.TextFormat.PlainText)
        self.basis.setStyleSheet("color: #555;")
        change_row = QHBoxLayout()
        change_row.setSpacing(5)
        self.sign = SignWidget(self, 12)
        self.change = QLabel(self)
        self.change.setWordWrap(True)
        self.change.setTextFormat(Qt.TextFormat.PlainText)
        self.change.setStyleSheet("color: #444;")
        change_row.addWidget(self.sign, 0, Qt.AlignmentFlag.AlignTop)
        change_row.addWidget(self.change, 1)
        self.chart = ChartWidget(self, text_size=9.0)
        for widget in (self.name, self.value, self.basis):
            layout.addWidget(widget)
        layout.addLayout(change_row)
        layout.addWidget(self.chart)
        layout.addStretch(1)
        # As high as the grid's cell (ReflowGrid: the tallest card at the column width), so a row's cards line up
        # and a title that wraps in a narrower column is never cut.
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(220)

    def show_card(self, card: Card) -> None:
        self.name.setText(card.name)
        # A figure is big, what it is made of small under it; a sentence saying why there is none is plain.
        big = card.value[:1].isdigit()
        value, _, basis = card.value.partition(" (") if big else (card.value, "", "")
        self.value.setText(value)
        self.basis.setText(f"({basis}" if basis else "")
        self.basis.setVisible(bool(basis))
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold;" if big else "color: #555; font-size: 10pt;")
        self.change.setText(card.change)
        self.sign.set_direction(card.direction)
        # No value now, nothing to compare: the line under it would only repeat why.
        for widget in (self.change, self.sign):
            widget.setVisible(big or card.direction != "na")
        self.chart.set_chart(card.chart)
        self.chart.setVisible(card.chart is not None)
        if card.chart is not None:  # as tall as its bars need, so two rows of cards fit a laptop's screen
            self.chart.setFixedHeight(int(max(56, min(CHART_HEIGHT, natural_height(card.chart, 9.0) + 6))))


class MonitorPanel(QWidget):
    """The cards of a Monitoring, for the office or an Ambito chosen in a list."""

    unit_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.monitoring: Monitoring | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.unit = QComboBox(self)
        self.unit.setAccessibleName(self.tr("Office or Ambito"))
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit.currentIndexChanged.connect(self._show_unit)
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.unit)
        layout.addLayout(top)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setStyleSheet("background: #fff6d5; border: 1px solid #d8c88a; padding: 4px;")
        self.notes.hide()
        layout.addWidget(self.notes)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self.scroll)
        # As many columns as fit (4 on a 1280 px screen, 3 on a 1366x768 laptop at 125%), never a sideways scroll
        self.grid = ReflowGrid(max_columns=COLUMNS, spacing=8)
        cards_box = QWidget(body)
        cards_box.setLayout(self.grid)
        reflowing(cards_box)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(cards_box)
        column.addStretch(1)  # rows of cards from the top, the room left below them
        self.scroll.setWidget(body)
        layout.addWidget(self.scroll, 1)
        self.cards: list[CardWidget] = []

    def set_busy(self, text: str) -> None:
        """While a period's indicators are computed: say so, keep the previous cards (greyed)."""
        self.heading.setText(text)
        self.scroll.setEnabled(False)

    def set_monitoring(self, monitoring: Monitoring) -> None:
        self.monitoring = monitoring
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem(self.tr("Whole office"), None)
        for ambito in monitoring.ambiti:
            self.unit.addItem(self.tr("Ambito {name}").replace("{name}", short_ambito(ambito)), ambito)
        index = self.unit.findData(chosen) if chosen is not None else 0
        self.unit.setCurrentIndex(max(index, 0))
        self.unit.blockSignals(False)
        lines = situation(monitoring)
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))
        self.scroll.setEnabled(True)
        self._show_unit()

    def _show_unit(self) -> None:
        m = self.monitoring
        if m is None:
            return
        unit = self.unit.currentData()
        where = m.office if unit is None else unit
        self.heading.setText(f"{m.period.title} · {where}")
        shown = cards(m, unit)
        while len(self.cards) < len(shown):
            card = CardWidget(self.grid.parentWidget())
            self.grid.addWidget(card)
            self.cards.append(card)
        while len(self.cards) > len(shown):  # an Ambito has fewer cards: none left as an empty cell of the grid
            surplus = self.cards.pop()
            self.grid.removeWidget(surplus)
            surplus.deleteLater()
        for widget, card in zip(self.cards, shown, strict=True):
            widget.show_card(card)
            widget.show()
        self.unit_changed.emit()
