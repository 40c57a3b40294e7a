"""Table model of the directory and the proxy that filters it as the user types.

The model keeps one :class:`RowItem` per entry with a precomputed search key
(normalized names, institution, service, territory, e-mail, phone digits), so
each keystroke costs one pass of substring tests: the proxy computes the
accepted rows once per filter change and ``filterAcceptsRow`` only looks the
answer up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.directory.contacts import display_phone
from app.directory.kinds import kind_label
from app.territory import Territory, normalize
from app.ui.signals import emit

UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3  # only named in dataChanged so the proxy re-filters without re-sorting
_RANGE_GAP = 64  # changed rows closer than this are re-checked as one range (fewer signals, a few more checks)

_ROOT = QModelIndex()


COL_KIND, COL_INSTITUTION, COL_NAME, COL_PHONE, COL_AREA, COL_VERIFIED = range(6)


@dataclass
class RowItem:
    entry: dict[str, Any]
    kind: str
    phones: list[str]
    area: str
    key: str
    stale: bool
    ambiti: frozenset[str]       # Ambiti the entry concerns (directly or through its municipalities)
    codes: frozenset[str]        # municipalities it names directly

    @property
    def uid(self) -> str:
        return self.entry["uid"]


def area_text(entry: dict[str, Any], territory: Territory) -> str:
    if entry["scope_level"] == "metro":
        return "Città metropolitana"
    if entry["scope_level"] == "ambito":
        return "Ambito " + ", ".join(entry["ambiti"])
    names = [territory.by_code(c).name if territory.by_code(c) else c for c in entry["municipalities"]]
    return ", ".join(names)


def build_rows(entries: list[dict[str, Any]], territory: Territory, stale_after_days: int,
               today: date | None = None) -> list[RowItem]:
    limit = (today or date.today()) - timedelta(days=stale_after_days)
    rows = []
    for e in entries:
        phones = [display_phone(p) for p in e["phones"]]
        area = area_text(e, territory)
        ambiti = set(e["ambiti"])
        for code in e["municipalities"]:
            m = territory.by_code(code)
            if m:
                ambiti.add(m.ambito_name)
        key = " ".join([
            normalize(" ".join([e["name"], e["institution"], e["service"], kind_label(e["kind"]), e["role"], area,
                                " ".join(e["emails"] + e["pecs"])])),
            " ".join(p.replace(" ", "") for p in phones),
        ])
        rows.append(RowItem(e, kind_label(e["kind"]), phones, area, key,
                            e["last_verified"] is None or e["last_verified"] < limit,
                            frozenset(ambiti), frozenset(e["municipalities"])))
    return rows


# Plain ints: comparing with Qt's enum members on every data() call is measurably slow in PySide6.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_UID = int(UID_ROLE)
_SORT = int(SORT_ROLE)


class ReferentTableModel(QAbstractTableModel):
    """One row per entry. Sorting is done here, on precomputed keys, rather than by the proxy.

    A sorted QSortFilterProxyModel places every row that reappears with comparisons that call back into
    Python; typing then cost up to a second on 5,000 rows. Sorting the source once per header click and
    keeping the proxy unsorted makes filtering independent of the sort order.
    """

    rows_reordered = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RowItem] = []
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple] = []
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.headers = [self.tr("Service"), self.tr("Institution"), self.tr("Referent"), self.tr("Phone"),
                        self.tr("Area"), self.tr("Verified")]
        self._retired = self.tr(" (retired)")
        self._to_verify = self.tr("(to verify)")
        self._stale_tip = self.tr("Last verification too old or missing: check this contact")
        self._grey = QColor("#6b6b6b")

    def set_rows(self, rows: list[RowItem]) -> None:
        self.beginResetModel()
        self._display = [self._texts(item) for item in rows]
        self._sort_keys = [self._keys_of(item, texts) for item, texts in zip(rows, self._display, strict=True)]
        self.rows = rows
        self._reorder()
        self.endResetModel()

    @staticmethod
    def _keys_of(item: RowItem, texts: tuple[str, ...]) -> tuple:
        keys: list[Any] = [normalize(t) for t in texts]
        day = item.entry["last_verified"]
        keys[COL_VERIFIED] = day.toordinal() if day else 0
        return tuple(keys)

    def _reorder(self) -> None:
        column = self._sort_column
        order = sorted(range(len(self.rows)), key=lambda i: (self._sort_keys[i][column], self._sort_keys[i][COL_NAME]),
                       reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self.rows = [self.rows[i] for i in order]
        self._display = [self._display[i] for i in order]
        self._sort_keys = [self._sort_keys[i] for i in order]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        emit(self.layoutAboutToBeChanged)
        old_persistent = self.persistentIndexList()
        uids = [self.rows[i.row()].uid for i in old_persistent]
        self._sort_column, self._sort_order = column, order
        self._reorder()
        emit(self.rows_reordered)
        position = {item.uid: row for row, item in enumerate(self.rows)}
        self.changePersistentIndexList(old_persistent, [self.index(position[uid], i.column())
                                                        for uid, i in zip(uids, old_persistent, strict=True)])
        emit(self.layoutChanged)
    def _texts(self, item: RowItem) -> tuple[str, ...]:
        e = item.entry
        verified = e["last_verified"].strftime("%d/%m/%Y") if e["last_verified"] else "-"
        return (item.kind, e["institution"], e["name"] + (self._retired if e["retired"] else ""),
                " / ".join(item.phones), item.area, verified + (" " + self._to_verify if item.stale else ""))

    def row_of(self, uid: str) -> int:
        return next((i for i, item in enumerate(self.rows) if item.uid == uid), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self.rows):
            return None
        role = int(role)
        if role == _DISPLAY:
            return self._display[row][index.column()]
        item = self.rows[row]
        if role == _SORT:
            return self._sort_keys[row][index.column()]
        if role == _UID:
            return item.uid
        if role == _TOOLTIP and index.column() == COL_VERIFIED and item.stale:
            return self._stale_tip
        if role == _FOREGROUND and item.entry["retired"]:
            return self._grey
        return None


class ReferentFilterProxy(QSortFilterProxyModel):
    """Words typed (all must match) plus the combo filters; the answer per row is computed in one pass."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFilterRole(FILTER_ROLE)
        self._tokens: list[str] = []
        self.institution = ""
        self.ambito = ""
        self.municipality = ""
        self.municipality_ambito = ""
        self.kind = ""
        self.show_retired = False
        self._base: list[bool] = []      # rows passing the combo filters
        self._accepted: list[bool] = []

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._rebase)
        model.rows_reordered.connect(self._recompute)  # before the proxy re-maps on layoutChanged
        self._rebase()

    def _recompute(self) -> None:
        rows = self.sourceModel().rows
        self._base = [self._combo_accepts(item) for item in rows]
        self._keys = [item.key for item in rows]
        self._accepted = self._matching(self._base)

    def set_text(self, text: str) -> None:
        tokens = normalize(text).split()
        if tokens == self._tokens:
            return
        narrowing = len(tokens) >= len(self._tokens) and all(
            old in new for old, new in zip(self._tokens, tokens, strict=False))
        self._tokens = tokens
        self._match(narrowing)

    def set_filters(self, *, institution: str | None = None, ambito: str | None = None,
                    municipality: str | None = None, municipality_ambito: str | None = None,
                    kind: str | None = None, show_retired: bool | None = None) -> None:
        for name, value in (("institution", institution), ("ambito", ambito), ("municipality", municipality),
                            ("municipality_ambito", municipality_ambito), ("kind", kind),
                            ("show_retired", show_retired)):
            if value is not None:
                setattr(self, name, value)
        self._rebase()

    def _combo_accepts(self, item: RowItem) -> bool:
        e = item.entry
        if e["retired"] and not self.show_retired:
            return False
        if self.kind and e["kind"] != self.kind:
            return False
        if self.institution and e["institution"] != self.institution:
            return False
        if self.ambito and self.ambito not in item.ambiti:
            return False
        return not (self.municipality and self.municipality not in item.codes
                    and self.municipality_ambito not in e["ambiti"])

    def _rebase(self) -> None:
        source = self.sourceModel()
        rows = source.rows if source is not None else []
        self._base = [self._combo_accepts(item) for item in rows]
        self._keys = [item.key for item in rows]
        self._accepted = self._matching(self._base)
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _matching(self, start: list[bool]) -> list[bool]:
        accepted = start
        for token in self._tokens:
            accepted = [ok and token in key for ok, key in zip(accepted, self._keys, strict=True)]
        return list(accepted)

    def _match(self, narrowing: bool) -> None:
        """Re-check only the rows whose answer changed.

        A full filter change calls ``filterAcceptsRow`` (Python) for all 5,000 rows on every keystroke; a
        ``dataChanged`` on the changed ranges, naming only the filter role, makes Qt re-check just those rows
        and skip re-sorting.
        """
        old = self._accepted
        if len(old) != len(self._base):
            self._rebase()
            return
        new = self._matching(old if narrowing else self._base)
        self._accepted = new
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if not changed:
            return
        source = self.sourceModel()
        last_column = source.columnCount() - 1
        start = prev = changed[0]
        for row in changed[1:] + [None]:
            if row is not None and row - prev <= _RANGE_GAP:
                prev = row
                continue
            emit(source.dataChanged, source.index(start, 0), source.index(prev, last_column), [FILTER_ROLE])
            if row is not None:
                start = prev = row

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        accepted = self._accepted
        return accepted[source_row] if source_row < len(accepted) else True
