"""A grid of equal cells that takes as many columns as fit: 5 stage keys in a row on a wide screen, 3+2 on a
small one; the 14 language keys in 4 columns, or 3, or 2, instead of forcing the window wider than the screen.

Cells keep their order row by row, so the keys read in the card's order whatever the width.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class ReflowGrid(QLayout):
    """``uniform``: every cell as wide as the widest (a grid, for keys read in columns); otherwise each cell as
    wide as it needs, rows filled left to right and stretched to the full width (a flow, for labelled buttons)."""

    def __init__(self, parent: QWidget | None = None, *, max_columns: int, spacing: int = 4, uniform: bool = True):
        super().__init__(parent)
        self.max_columns = max_columns
        self.uniform = uniform
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout's item protocol
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def _cell(self) -> QSize:
        width = max((i.minimumSize().width() for i in self._items), default=0)
        height = max((max(i.minimumSize().height(), i.sizeHint().height()) for i in self._items), default=0)
        return QSize(width, height)

    def columns(self, width: int) -> int:
        """How many cells fit side by side in ``width`` (at least one, at most ``max_columns``)."""
        cell = self._cell().width()
        fit = (width + self.spacing()) // (cell + self.spacing()) if cell else self.max_columns
        return max(1, min(self.max_columns, len(self._items) or 1, fit))

    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The items of each row at ``width`` (without margins)."""
        if self.uniform:
            columns = self.columns(width)
            return [self._items[i:i + columns] for i in range(0, len(self._items), columns)]
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            need = max(item.minimumSize().width(), item.sizeHint().width())
            if rows[-1] and (used + self.spacing() + need > width or len(rows[-1]) >= self.max_columns):
                rows.append([])
                used = 0
            used += need + (self.spacing() if rows[-1] else 0)
            rows[-1].append(item)
        return rows

    def _height(self, rows: int, cell_height: int | None = None) -> int:
        margins = self.contentsMargins()
        height = self._cell().height() if cell_height is None else cell_height
        return rows * height + max(0, rows - 1) * self.spacing() + margins.top() + margins.bottom()

    def _cell_height(self, width: int) -> int:
        """The cells' height when the grid is ``width`` wide (without margins): a cell whose text wraps (an
        indicator's title on two lines in a narrower column) is as high as it needs at the cell's width."""
        if not self.uniform:
            return self._cell().height()
        columns = self.columns(width)
        cell_width = (width - (columns - 1) * self.spacing()) // columns
        return max((max(i.minimumSize().height(), i.heightForWidth(cell_width) if i.hasHeightForWidth()
                        else i.sizeHint().height()) for i in self._items), default=0)

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._height(len(self.rows(inner)), self._cell_height(inner))

    def minimumSize(self) -> QSize:
        margins = self.contentsMargins()
        columns = min(self.max_columns, len(self._items) or 1)
        return QSize(self._cell().width() + margins.left() + margins.right(), self._height(-(-len(self._items)
                                                                                           // columns)))

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins()
        columns = min(self.max_columns, len(self._items) or 1)
        if self.uniform:
            width = columns * self._cell().width()
        else:
            width = sum(max(i.minimumSize().width(), i.sizeHint().width()) for i in self._items[:columns])
        return QSize(width + (columns - 1) * self.spacing() + margins.left() + margins.right(),
                     self._height(-(-len(self._items) // columns)))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        area = rect.marginsRemoved(self.contentsMargins())
        height = self._cell_height(area.width())
        columns = self.columns(area.width())
        for r, row in enumerate(self.rows(area.width())):
            y = area.y() + r * (height + self.spacing())
            free = area.width() - (len(row) - 1) * self.spacing()
            if self.uniform:
                widths = [(area.width() - (columns - 1) * self.spacing()) // columns] * len(row)
            else:  # share the row's width in proportion to what each needs
                needs = [max(i.minimumSize().width(), i.sizeHint().width()) for i in row]
                widths = [free * n // sum(needs) for n in needs]
            x = area.x()
            for item, width in zip(row, widths, strict=True):
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self.spacing()


def reflowing(widget: QWidget) -> None:
    """Size policy for a widget holding a ReflowGrid: as wide as offered, as high as its rows need."""
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
