"""Pieces of the statistics screen: a read-only model for the report tables (the type-ahead is municipality_field.py)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.stats.report import GroupedTable, Table


class ReportTableModel(QAbstractTableModel):
    """Rows of a report table plus its total row (published, already protected figures)."""

    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.table = table
        self._rows = [*table.rows, ("__total__", "Totale")]
        self._cols = [("__label__", table.row_header), *table.cols, ("__total__", "Totale")]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def value(self, row: int, col: int) -> int | str:
        row_key, row_label = self._rows[row]
        col_key = self._cols[col][0]
        if col_key == "__label__":
            return row_label
        if row_key == "__total__":
            return self.table.grand() if col_key == "__total__" else self.table.col_total(col_key)
        if col_key == "__total__":
            return self.table.row_total(row_key)
        return self.table.cell(row_key, col_key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:n}" if isinstance(value, int) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.SORT_ROLE:
            return value if isinstance(value, int) else -1
        if role == Qt.ItemDataRole.FontRole and (self._rows[index.row()][0] == "__total__"
                                                  or self._cols[index.column()][0] == "__total__"):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._cols[section][1]
        return None


def grouped_as_table(grouped: GroupedTable) -> Table:
    """The municipality detail as one flat table (Ambito subtotals as their own rows), for on-screen viewing."""
    rows, cells, row_totals = [], {}, {}
    for group, members in grouped.groups:
        for code, name in members:
            rows.append((code, name))
            cells.update({(code, col): grouped.cell(code, col) for col, _ in grouped.cols})
            row_totals[code] = grouped.row_total(code)
        key = f"ambito:{group}"
        rows.append((key, f"Totale {group}"))
        cells.update({(key, col): grouped.group_col(group, col) for col, _ in grouped.cols})
        row_totals[key] = grouped.group_total(group)
    return Table(grouped.title, "Comune", rows, list(grouped.cols), cells, row_totals,
                 {col: grouped.col_total(col) for col, _ in grouped.cols}, grouped.grand())
