"""The monitoring charts painted with QPainter: the same shapes as the PDF (``app.monitoring.charts``).

The chart is laid out again at every size the widget takes, with the widget's own font metrics, so labels
fit; the shapes are those the report prints (grey levels, value labels, drawn signs for changes).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.monitoring.charts import Canvas, Poly, Rect, Seg, Text, arrow, layout, natural_height


def _grey(level: float) -> QColor:
    value = round(255 * level)
    return QColor(value, value, value)


def paint(painter: QPainter, canvas: Canvas, base: QFont) -> None:
    """Draw the shapes (points taken as pixels); text in ``base``'s family at each shape's size."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    fonts: dict[tuple[float, bool], QFont] = {}
    for item in canvas.items:
        if isinstance(item, Rect):
            painter.setPen(QPen(_grey(item.stroke), item.width) if item.stroke is not None else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_grey(item.fill)) if item.fill is not None else Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(item.x, item.y, item.w, item.h))
        elif isinstance(item, Seg):
            pen = QPen(_grey(item.grey), item.width)
            if item.dash:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(item.x1, item.y1), QPointF(item.x2, item.y2))
        elif isinstance(item, Poly):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_grey(item.fill)))
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in item.points]))
        elif isinstance(item, Text):
            key = (item.size, item.bold)
            font = fonts.get(key)
            if font is None:
                font = fonts[key] = QFont(base)
                font.setPixelSize(max(6, round(item.size)))
                font.setBold(item.bold)
            painter.setFont(font)
            painter.setPen(_grey(item.grey))
            width = QFontMetricsF(font).horizontalAdvance(item.text)
            x = item.x - (width / 2 if item.anchor == "middle" else width if item.anchor == "end" else 0)
            painter.drawText(QPointF(x, item.y), item.text)


def measure_with(base: QFont):
    """A measure function for ``layout`` from a font: widths as this widget will draw them."""
    cache: dict[tuple[float, bool], QFontMetricsF] = {}

    def measure(text: str, size: float, bold: bool = False) -> float:
        key = (size, bold)
        metrics = cache.get(key)
        if metrics is None:
            font = QFont(base)
            font.setPixelSize(max(6, round(size)))
            font.setBold(bold)
            metrics = cache[key] = QFontMetricsF(font)
        return metrics.horizontalAdvance(text)

    return measure


class ChartWidget(QWidget):
    """One chart; ``set_chart(None)`` leaves it blank (the card says why in words)."""

    def __init__(self, parent: QWidget | None = None, *, text_size: float = 11.0):
        super().__init__(parent)
        self.chart = None
        self.text_size = text_size
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(40)

    def set_chart(self, chart) -> None:
        self.chart = chart
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        height = natural_height(self.chart, self.text_size) if self.chart is not None else 60
        return QSize(200, int(min(height, 160)))

    def canvas(self) -> Canvas | None:
        if self.chart is None:
            return None
        return layout(self.chart, self.width(), self.height(), measure_with(self.font()), self.text_size)

    def paintEvent(self, event) -> None:
        canvas = self.canvas()
        if canvas is None:
            return
        painter = QPainter(self)
        try:
            if canvas.height > self.height() + 1:  # more rows than room: shrink to fit rather than cut
                painter.scale(1.0, self.height() / canvas.height)
            paint(painter, canvas, self.font())
        finally:
            painter.end()


class SignWidget(QWidget):
    """The drawn sign of a change (up, down, stable), the same as the report's."""

    def __init__(self, parent: QWidget | None = None, size: int = 12):
        super().__init__(parent)
        self.direction = "na"
        self.setFixedSize(size, size)

    def set_direction(self, direction: str) -> None:
        self.direction = direction
        self.update()

    def paintEvent(self, event) -> None:
        shapes = arrow(self.direction, self.width() / 2, self.height() / 2, self.height() * 0.9)
        if not shapes:
            return
        canvas = Canvas(self.width(), self.height(), shapes)
        painter = QPainter(self)
        try:
            paint(painter, canvas, self.font())
        finally:
            painter.end()
