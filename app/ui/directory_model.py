"""Table model of the directory and the proxy that filters it as the user types.

The model keeps one :class:`RowItem` per entry with a precomputed search key
(normalized names, institution, service, territory, e-mail, phone digits), so
each keystroke costs one pass of substring tests over a list of strings.

The filter is not a ``QSortFilterProxyModel``: that class asks Python
(``filterAcceptsRow``) about every row whose answer may have changed, and
re-maps them one range at a time, so a keystroke that shows or hides thousands
of rows cost 15-20 ms. :class:`ReferentFilterProxy` keeps the list of visible
source rows itself and announces a change with one ``layoutChanged`` (moving
the persistent indexes, so the selection stays on its entry): no per-row
callback from Qt at all.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from app.directory.contacts import display_phone
from app.directory.kinds import kind_label
from app.territory import Territory, normalize

UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

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
    if entry["scope_level"] == "tribunale":
        return "Tribunale di " + ", ".join(entry.get("tribunali", ()))
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

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RowItem] = []
        self._display: list[tuple[str, ...]] = []
        self._sort_keys: list[tuple] = []
        self._row_by_uid: dict[str, int] = {}
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
        self._row_by_uid = {item.uid: row for row, item in enumerate(self.rows)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        uids = [self.rows[i.row()].uid for i in old_persistent]
        self._sort_column, self._sort_order = column, order
        self._reorder()
        position = self._row_by_uid
        self.changePersistentIndexList(old_persistent, [self.index(position[uid], i.column())
                                                        for uid, i in zip(uids, old_persistent, strict=True)])
        self.layoutChanged.emit()

    def _texts(self, item: RowItem) -> tuple[str, ...]:
        e = item.entry
        verified = e["last_verified"].strftime("%d/%m/%Y") if e["last_verified"] else "-"
        return (item.kind, e["institution"], e["name"] + (self._retired if e["retired"] else ""),
                " / ".join(item.phones), item.area, verified + (" " + self._to_verify if item.stale else ""))

    def row_of(self, uid: str) -> int:
        return self._row_by_uid.get(uid, -1)

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
        return self.value(row, index.column(), int(role))

    def value(self, row: int, column: int, role: int) -> Any:
        """What ``data`` answers for a valid row, without building an index (the filter calls this)."""
        if role == _DISPLAY:
            return self._display[row][column]
        item = self.rows[row]
        if role == _SORT:
            return self._sort_keys[row][column]
        if role == _UID:
            return item.uid
        if role == _TOOLTIP and column == COL_VERIFIED and item.stale:
            return self._stale_tip
        if role == _FOREGROUND and item.entry["retired"]:
            return self._grey
        return None




class ReferentFilterProxy(QAbstractTableModel):
    """The rows of a :class:`ReferentTableModel` that pass the typed words (all must match) and the combo filters.

    It keeps ``visible``, the accepted source rows in source order, computed in one Python pass per change, and
    tells the view with one ``layoutAboutToBeChanged``/``layoutChanged`` pair whose persistent indexes (the
    selection, the current row) follow their entry or, when it is filtered out, become invalid. Qt never calls
    back into Python per row; only the painted cells ask ``data``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._source: ReferentTableModel | None = None
        self._tokens: list[str] = []
        self.institution = ""
        self.ambito = ""
        self.municipality = ""
        self.municipality_ambito = ""
        self.kind = ""
        self.show_retired = False
        self._keys: list[str] = []
        self._base: list[int] = []       # source rows passing the combo filters
        self.visible: list[int] = []     # source rows shown, ascending
        self._moving: list[tuple[QModelIndex, str]] = []

    # ------------------------------------------------------------ source

    def sourceModel(self) -> ReferentTableModel | None:
        return self._source

    def setSourceModel(self, model: ReferentTableModel) -> None:
        self.beginResetModel()
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._recompute()
        self.endResetModel()

    def _source_reset(self) -> None:
        self._recompute()
        self.endResetModel()

    def _source_layout_about_to_change(self, *_args) -> None:
        """The source re-sorts: remember which entry each persistent index of ours points at."""
        self.layoutAboutToBeChanged.emit()
        rows = self._source.rows
        self._moving = [(p, rows[self.visible[p.row()]].uid) for p in self.persistentIndexList()]

    def _source_layout_changed(self, *_args) -> None:
        self._recompute()
        source, position = self._source, {s: r for r, s in enumerate(self.visible)}
        olds, news = [], []
        for p, uid in self._moving:
            row = position.get(source.row_of(uid), -1)
            olds.append(p)
            news.append(self.index(row, p.column()) if row >= 0 else QModelIndex())
        self._moving = []
        self.changePersistentIndexList(olds, news)
        self.layoutChanged.emit()

    def _recompute(self) -> None:
        rows = self._source.rows if self._source is not None else []
        self._keys = [item.key for item in rows]
        self._base = [i for i, item in enumerate(rows) if self._combo_accepts(item)]
        self.visible = self._matching(self._base)

    # ------------------------------------------------------------ filters

    def set_text(self, text: str) -> None:
        tokens = normalize(text).split()
        if tokens == self._tokens:
            return
        narrowing = len(tokens) >= len(self._tokens) and all(
            old in new for old, new in zip(self._tokens, tokens, strict=False))
        self._tokens = tokens
        # Narrowing (a letter added): only the rows shown now can still match.
        self._show(self._matching(self.visible if narrowing else self._base))

    def set_filters(self, *, institution: str | None = None, ambito: str | None = None,
                    municipality: str | None = None, municipality_ambito: str | None = None,
                    kind: str | None = None, show_retired: bool | None = None) -> None:
        for name, value in (("institution", institution), ("ambito", ambito), ("municipality", municipality),
                            ("municipality_ambito", municipality_ambito), ("kind", kind),
                            ("show_retired", show_retired)):
            if value is not None:
                setattr(self, name, value)
        rows = self._source.rows if self._source is not None else []
        self._base = [i for i, item in enumerate(rows) if self._combo_accepts(item)]
        self._show(self._matching(self._base))

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

    def _matching(self, candidates: list[int]) -> list[int]:
        """The candidate rows (ascending) whose key holds every token, in one pass per token."""
        keys = self._keys
        shown = candidates
        for token in self._tokens:
            shown = list(compress(shown, [token in keys[i] for i in shown]))
        return list(shown)

    def _show(self, visible: list[int]) -> None:
        """Replace the visible rows, announcing it with one layout change that keeps the persistent indexes."""
        if visible == self.visible:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old = self.visible
        sources = [old[p.row()] for p in persistent]
        self.visible = visible
        news = []
        for p, source_row in zip(persistent, sources, strict=True):
            row = bisect_left(visible, source_row)
            news.append(self.index(row, p.column()) if row < len(visible) and visible[row] == source_row
                        else QModelIndex())
        self.changePersistentIndexList(persistent, news)
        self.layoutChanged.emit()

    # ------------------------------------------------------------ mapping

    def mapToSource(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not index.isValid() or self._source is None or not 0 <= index.row() < len(self.visible):
            return QModelIndex()
        return self._source.index(self.visible[index.row()], index.column())

    def mapFromSource(self, index: QModelIndex | QPersistentModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        row = bisect_left(self.visible, index.row())
        if row < len(self.visible) and self.visible[row] == index.row():
            return self.index(row, index.column())
        return QModelIndex()

    # ------------------------------------------------------------ model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._source is None else len(self._source.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if self._source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._source.headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        row = index.row()
        visible = self.visible
        if not 0 <= row < len(visible):
            return None
        return self._source.value(visible[row], index.column(), int(role))
