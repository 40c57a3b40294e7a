"""Read exported workbooks back into the auditor's terms: every figure of every sheet with what it counts.

Only the workbook is read (as a recipient has it); labels are mapped back to the closed lists and the
territory, so a figure's definition comes from its row and column headings, the period and the level
written in the Metadati sheet.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from app.l10n import month_year
from app.stats.vocab import (
    CAUSE_LABELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    SOCIAL_LABELS,
    STAGE_LABELS,
    language_names,
)
from app.territory import Territory
from tests.stats.audit import LANGUAGE_ORDER as LANGUAGES
from tests.stats.audit import Cell, Publication, months_of

STAGE_OF = {label: key for key, label in STAGE_LABELS.items()}
SHEET_DIMENSION = {
    "Lingue": ("language", {name: code for code, name in language_names(LANGUAGES).items()}),
    "Esiti": ("outcome", {label: key for key, label in OUTCOME_LABELS.items()}),
    "Servizi sociali": ("social", {label: key for key, label in SOCIAL_LABELS.items()}),
    "Cause": ("cause", {label: key for key, label in CAUSE_LABELS.items()}),
    "Modalità": ("mode", {label: key for key, label in MODE_LABELS.items()}),
    "Consegne": ("stage", STAGE_OF),
}
PER_AMBITO = ("Lingue", "Cause", "Modalità")
FAMILY = {"Lingue": "delivery", "Esiti": "outcome", "Servizi sociali": "outcome", "Cause": "delivery",
          "Modalità": "delivery", "Consegne": "delivery"}


def _month_key(label: str, candidates: list[str]) -> str:
    for key in candidates:
        if month_year(date.fromisoformat(f"{key}-01"), short=True) == label:
            return key
    raise AssertionError(f"unknown month label {label!r}")


def _table(ws, header_row: int):
    """(row label, {column label: value}, row total) for each body row, then the "Totale" row's values."""
    header = [c.value for c in ws[header_row]]
    body, totals = [], None
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if row[0] is None:
            break
        values = dict(zip(header[1:-1], row[1:len(header) - 1], strict=True))
        if row[0] == "Totale":
            totals = (values, row[len(header) - 1])
            break
        body.append((row[0], values, row[len(header) - 1]))
    return body, totals


def read_workbook(path: Path, territory: Territory) -> Publication:
    wb = load_workbook(path, read_only=True)
    meta = {row[0]: row[1] for row in wb["Metadati"].iter_rows(min_row=3, values_only=True) if row[0]}
    k = int(meta["Soglia k"])
    found = re.search(r"perturbazione massima D = (\d+)", meta["Parametri"])
    pub = Publication("ckm", k, int(found[1]))
    start, end = date.fromisoformat(meta["Dal"]), date.fromisoformat(meta["Al"])
    months = months_of(start, end)
    municipality_level = meta["Livello di dettaglio"] == "Comune"
    everyone = frozenset(m.istat_code for m in territory.municipalities)
    members: dict[str, frozenset[str]] = {}
    for m in territory.municipalities:
        members[m.ambito_name] = members.get(m.ambito_name, frozenset()) | {m.istat_code}
    by_name = {m.name: m.istat_code for m in territory.municipalities}

    def unit(label: str) -> frozenset[str]:
        return frozenset({by_name[label]}) if municipality_level else members[label]

    def add_table(ws, family: str, dim: str, labels: dict[str, str], units, header_row: int = 4,
                  pairs_totals: bool = False) -> None:
        body, (col_totals, grand) = _table(ws, header_row)
        all_units = frozenset().union(*(units(r) for r, _, _ in body)) if body else frozenset()
        for row_label, values, row_total in body:
            munis = units(row_label)
            for col_label, shown in values.items():
                pub.add(Cell(family, months, munis, frozenset({(dim, labels[col_label])})), shown)
            pub.add(Cell(family, months, munis, pairs=pairs_totals), row_total)
        for col_label, shown in col_totals.items():
            pub.add(Cell(family, months, all_units, frozenset({(dim, labels[col_label])})), shown)
        pub.add(Cell(family, months, all_units, pairs=pairs_totals), grand)

    ws = wb["Riepilogo"]
    facts = {row[0]: row[1] for row in ws.iter_rows(min_row=3, max_row=8, values_only=True) if row[0]}
    add_table(ws, "delivery", "stage", STAGE_OF, lambda label: members[label], header_row=13)
    pub.add(Cell("delivery", months, everyone), facts["Volantini consegnati (consegne)"])
    pub.add(Cell("outcome", months, everyone), facts["Accessi con esito registrato"])
    if municipality_level:
        ws = wb["Comuni per Ambito"]
        header = [c.value for c in ws[4]]
        stages = [STAGE_OF[label] for label in header[3:-1]]
        for row in ws.iter_rows(min_row=5, values_only=True):
            if row[0] is None:
                break
            if row[0] == "Totale":
                munis, end_row = everyone, True
            elif row[1] == "Totale Ambito":
                munis, end_row = members[row[0]], False
            else:
                munis, end_row = frozenset({row[2]}), False
            for stage, shown in zip(stages, row[3:-1], strict=True):
                pub.add(Cell("delivery", months, munis, frozenset({("stage", stage)})), shown)
            pub.add(Cell("delivery", months, munis), row[-1])
            if end_row:
                break
    for sheet in ("Lingue", "Esiti", "Servizi sociali", "Cause", "Modalità"):
        dim, labels = SHEET_DIMENSION[sheet]
        # Languages, causes and delivery modes are laid out per Ambito at every level; outcomes follow the level.
        units = (lambda label: members[label]) if sheet in PER_AMBITO else unit
        add_table(wb[sheet], FAMILY[sheet], dim, labels, units, pairs_totals=sheet == "Lingue")
    # Forecast: scheduled accesses per Ambito and month of access, known at the end of the period.
    ws = wb["Previsione"]
    header = [c.value for c in ws[4]]
    end_month = f"{end:%Y-%m}"
    following = [f"{y:04d}-{m:02d}" for y, m in
                 ((end.year + (end.month + i - 1) // 12, (end.month + i - 1) % 12 + 1) for i in range(1, 4))]
    access_months = [_month_key(label, following) for label in header[1:-1]]
    body, (col_totals, grand) = _table(ws, 4)
    for row_label, values, row_total in body:
        for month, shown in zip(access_months, values.values(), strict=True):
            pub.add(Cell("scheduled", frozenset({month}), members[row_label], known_by=end_month), shown)
        pub.add(Cell("scheduled", frozenset(access_months), members[row_label], known_by=end_month), row_total)
    served = frozenset().union(*(members[r] for r, _, _ in body)) if body else frozenset()
    for month, shown in zip(access_months, col_totals.values(), strict=True):
        pub.add(Cell("scheduled", frozenset({month}), served, known_by=end_month), shown)
    pub.add(Cell("scheduled", frozenset(access_months), served, known_by=end_month), grand)
    pub.add(Cell("scheduled", frozenset(access_months), served, known_by=end_month),
            facts["Accessi programmati nei prossimi 3 mesi"])
    # Trend: every municipality of the store, month by month.
    ws = wb["Andamento"]
    body, (col_totals, grand) = _table(ws, 4)
    trend_months = sorted(months_of(date(end.year - 1, end.month, 1), end))[-max(12, len(months)):]
    trend_months = sorted(set(trend_months) | months)
    keys = []
    for row_label, values, row_total in body:
        month = _month_key(row_label, trend_months)
        keys.append(month)
        for label, shown in values.items():
            pub.add(Cell("delivery", frozenset({month}), everyone, frozenset({("stage", STAGE_OF[label])})), shown)
        pub.add(Cell("delivery", frozenset({month}), everyone), row_total)
    for label, shown in col_totals.items():
        pub.add(Cell("delivery", frozenset(keys), everyone, frozenset({("stage", STAGE_OF[label])})), shown)
    pub.add(Cell("delivery", frozenset(keys), everyone), grand)
    if "Monitoraggio" in wb.sheetnames:
        read_monitoring(wb["Monitoraggio"], pub, members, frozenset().union(*(members[a] for a in served_ambiti(
            wb["Riepilogo"]))))
    wb.close()
    return pub


def served_ambiti(ws) -> list[str]:
    body, _ = _table(ws, 13)
    return [label for label, _, _ in body]


MONITORING_TABLES = {  # the sheet's table name -> (family, dimension, label -> key)
    "Volantini consegnati": ("delivery", "stage", STAGE_OF),
    "Consegne con un'altra lingua": ("delivery", "foreign", {"Altra lingua": "yes"}),
    "Esiti degli accessi": ("outcome", "outcome", {label: key for key, label in OUTCOME_LABELS.items()}),
    "Contatto con i servizi sociali": ("outcome", "social", {label: key for key, label in SOCIAL_LABELS.items()}),
    "Accessi programmati": ("scheduled", "month", None),
}


def read_monitoring(ws, pub: Publication, members: dict[str, frozenset[str]], office: frozenset[str]) -> None:
    """The published figures the monitoring's indicators are made of (the sheet's second table), by definition:
    every period they belong to (the period itself, the previous one, a year earlier, the series)."""
    rows = ws.iter_rows(values_only=True)
    for row in rows:
        if row and row[0] == "Dati pubblicati usati dagli indicatori":
            next(rows)  # its header
            break
    else:
        raise AssertionError("no published figures in the Monitoraggio sheet")
    for row, unit, column, shown in _monitoring_figures(list(rows)):
        label, start, end, table = row[:4]
        family, dim, keys = MONITORING_TABLES[table]
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        munis = office if unit == "Totale ufficio" else members[unit]
        if family == "scheduled":
            end_month = f"{last:%Y-%m}"
            following = [f"{y:04d}-{m:02d}" for y, m in ((last.year + (last.month + i - 1) // 12,
                                                         (last.month + i - 1) % 12 + 1) for i in range(1, 4))]
            months = frozenset(following) if column == "Totale" else frozenset({column})
            assert months <= set(following), (label, column)
            pub.add(Cell("scheduled", months, munis, known_by=end_month), shown)
            continue
        if dim == "foreign":  # one column: its total is the same deliveries, those with another language
            filters = frozenset({("foreign", "yes")})
        else:
            filters = frozenset() if column == "Totale" else frozenset({(dim, keys[column])})
        pub.add(Cell(family, months_of(first, last), munis, filters), shown)


def _monitoring_figures(rows: list):
    """(block's first line, unit, column, value) of every figure of the sheet's blocks: a line naming the period,
    its days and the table, a header (Ambito, columns, Totale), one row per unit; blocks apart by empty rows."""
    i = 0
    while i < len(rows):
        row = rows[i]
        if not row or row[0] is None or row[1] is None:  # an empty row, or the note under the title
            i += 1
            continue
        header = rows[i + 1]
        assert header[0] == "Ambito", header
        columns = [c for c in header[1:] if c is not None]
        j = i + 2
        while j < len(rows) and rows[j] and rows[j][0] is not None:
            for column, shown in zip(columns, rows[j][1:1 + len(columns)], strict=True):
                assert isinstance(shown, int), (row[:4], rows[j][0], column, shown)
                yield row, rows[j][0], column, shown
            j += 1
        i = j
