"""The "Monitoraggio" sheet of the statistics workbook: the report's numbers, for whoever reuses them.

Two tables, one under the other:

- **Indicatori**: one row per indicator and unit (the office, each Ambito, each signatory for the directory),
  with the value in the period, in the previous period and a year earlier, and the change in words: what the
  PDF shows;
- **Dati pubblicati**: every published figure the indicators are made of, one small table per period and
  published table (a row per Ambito and the office's total, a column per item and the total), so that a share
  can be recomputed from the published counts and a disclosure audit can read them
  (``tests/stats/read_publication.py``). It was one figure per row (period, days, table, unit, column, value):
  about 1,000 rows and two thirds of the workbook's cells, most of the monthly export's time (``bench_stats``).

Counts are numbers, shares are numbers with a percent format, words are text (never formulas: through
``app.stats.workbook.put``).
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.monitoring import views
from app.monitoring.build import Monitoring
from app.monitoring.figures import STATUS_TEXT, Value
from app.monitoring.indicators import INDICATORS
from app.monitoring.text import fmt_change
from app.stats.workbook import BOLD, HEADER_FILL, put

SHEET = "Monitoraggio"
INDICATOR_HEADER = "Indicatore"
FIGURES_TITLE = "Dati pubblicati usati dagli indicatori"
FIGURES_HEADER = ("Periodo", "Dal", "Al", "Tabella")
FIGURES_NOTE = ("Una tabella per periodo e dato: una riga per Ambito e il totale dell'ufficio, una colonna per voce e "
                "il totale; ogni numero è pubblicato da solo, quindi righe e colonne possono non sommarsi al totale.")
UNIT_HEADER = "Ambito"
OFFICE = "Totale ufficio"
ALL_COLUMNS = "Totale"
TABLE_NAMES = {"packs": "Volantini consegnati", "foreign": "Consegne con un'altra lingua",
               "outcomes": "Esiti degli accessi", "social": "Contatto con i servizi sociali",
               "forecast": "Accessi programmati"}


def _share_or_count(ws: Worksheet, row: int, col: int, v: Value, share: bool) -> None:
    if not v.shown:
        put(ws, row, col, STATUS_TEXT[v.status] or "dato non disponibile")
        return
    if share:
        cell = ws.cell(row=row, column=col, value=round(float(v.number), 4))
        cell.number_format = "0%"
    else:
        put(ws, row, col, int(v.number))


def _indicator_rows(m: Monitoring):
    """(level, unit label, unit key, indicator) for the office, each Ambito and each signatory."""
    for ind in INDICATORS:
        if ind.source == "directory":
            yield "Ufficio", "Tutti gli enti", None, ind
            fresh = m.freshness
            for row in (fresh.rows if fresh is not None else []):
                yield "Ente firmatario", row.signatory, row.signatory, ind
        else:
            yield "Ufficio", OFFICE, None, ind
            for ambito in m.ambiti:
                yield "Ambito", ambito, ambito, ind


def write_sheet(ws: Worksheet, m: Monitoring) -> None:
    put(ws, 1, 1, "Monitoraggio del protocollo: indicatori").font = Font(bold=True, size=13)
    put(ws, 2, 1, f"{m.office} - {m.period.title}")
    notes = [*views.situation(m),
             "Gli stessi numeri del rapporto PDF (comando «report»). Le percentuali sono calcolate dai numeri "
             "pubblicati della seconda tabella, mai dai conteggi veri; ogni numero è protetto come negli altri fogli "
             "(foglio Metadati)."]
    row = 3
    for note in notes:
        put(ws, row, 1, note).alignment = Alignment(wrap_text=False)
        row += 1
    row += 1
    prev, year = views.comparison_titles(m)
    heads = ["Livello", "Unità", INDICATOR_HEADER, "Codice", "Articolo", "Unità di misura", m.period.title,
             "Numeratore", "Denominatore", prev or "Periodo precedente", "Variazione",
             year or "Un anno prima", "Variazione"]
    for j, head in enumerate(heads, start=1):
        put(ws, row, j, head, bold=True, fill=HEADER_FILL).alignment = Alignment(wrap_text=True, vertical="top")
    header_row = row
    for level, label, unit, ind in _indicator_rows(m):
        row += 1
        now = m.value(ind.id, unit)
        put(ws, row, 1, level)
        put(ws, row, 2, label)
        put(ws, row, 3, ind.name)
        put(ws, row, 4, ind.id)
        put(ws, row, 5, ind.article)
        put(ws, row, 6, ind.unit)
        _share_or_count(ws, row, 7, now, ind.is_share)
        if ind.is_share and now.base is not None:
            put(ws, row, 8, now.numerator)
            put(ws, row, 9, now.base)
        for col, against, figures in ((10, "previous", m.previous), (12, "year_earlier", m.year_earlier)):
            if figures is None:
                continue
            before = m.value(ind.id, unit, figures)
            _share_or_count(ws, row, col, before, ind.is_share)
            put(ws, row, col + 1, fmt_change(m.change(ind.id, against, unit), before, ind.is_share))
    row += 3
    put(ws, row, 1, FIGURES_TITLE).font = BOLD
    row += 1
    put(ws, row, 1, FIGURES_NOTE)
    for figures in _all_periods(m):
        for name, table in figures.tables.items():
            if not figures.deliveries and name in ("packs", "foreign"):
                continue
            row = _figures_block(ws, row + 2, m, figures, name, table)
    widths = [30, 34, 40, 22, 30, 14, 14, 12, 12, 14, 34, 14, 34]  # A: the Ambiti of the tables below too
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"D{header_row + 1}"


def _figures_block(ws: Worksheet, row: int, m: Monitoring, figures, name: str, table) -> int:
    """One published table of one period at ``row``: a line naming it (period, its days, the table), its header,
    a row per Ambito and the office's; returns its last row. The same figures the long list had, in a fifth of
    the cells (the list repeated period, days, table and unit on every figure: two thirds of the workbook)."""
    for j, text in enumerate((figures.period.label, figures.period.start.isoformat(), figures.period.end.isoformat(),
                              TABLE_NAMES[name]), start=1):
        put(ws, row, j, text, bold=True)
    cols = [(c, c if name == "forecast" else label) for c, label in table.cols] + [(None, ALL_COLUMNS)]
    row += 1
    put(ws, row, 1, UNIT_HEADER, bold=True, fill=HEADER_FILL)
    for j, (_, label) in enumerate(cols, start=2):
        put(ws, row, j, label, bold=True, fill=HEADER_FILL)
    for unit, unit_label in [(a, a) for a in m.ambiti] + [(None, OFFICE)]:
        row += 1
        put(ws, row, 1, unit_label, bold=unit is None)
        for j, (col, _) in enumerate(cols, start=2):
            put(ws, row, j, _figure(table, unit, col), bold=unit is None or col is None)
    return row


def _figure(table, unit: str | None, col: str | None) -> int:
    if unit is None:
        return table.grand() if col is None else table.col_total(col)
    return table.row_total(unit) if col is None else table.cell(unit, col)


def _all_periods(m: Monitoring):
    """The periods the sheet's indicators compare: the period, the previous one, a year earlier. The older
    periods the PDF's trend lines follow publish the same figures as those periods' own exports (the same
    events give the same number), so repeating them here would only lengthen the sheet (and the export)."""
    out = {f.period: f for f in (m.current, m.previous, m.year_earlier) if f is not None}
    return sorted(out.values(), key=lambda f: f.period.start)
