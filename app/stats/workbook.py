"""Write a Report to an .xlsx workbook with openpyxl.

Typed cells (counts are numbers, labels are text), number formats,
frozen headers, column widths, A4 landscape. No value can become a formula:
every text cell is forced to the string type and marked with a quote prefix
(openpyxl stores a string starting with "=" as a formula otherwise, see
docs PLATFORM.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.stats.report import LEVEL_LABELS, TOTALS_NOTE, GroupedTable, Report, Table

COUNT_FORMAT = "#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")

SHEETS = ("Riepilogo", "Comuni per Ambito", "Lingue", "Esiti", "Servizi sociali", "Cause", "Modalità", "Previsione",
          "Andamento", "Metadati")


def put(ws: Worksheet, row: int, col: int, value, *, bold: bool = False, fill: PatternFill | None = None) -> Cell:
    """Write one typed cell: int as a count, anything else as literal text that can never be a formula."""
    c = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, int):
        c.value = value
        look = (True, False, bold, id(fill))
    else:
        value = str(value)
        c.value = value
        c.data_type = "s"
        look = (False, False, bold, id(fill))
    # A workbook has a handful of looks: each is worked out once (openpyxl hashes every Font and Fill
    # assigned, the slowest part of writing a cell), then copied onto the next fresh cell that needs it.
    wb = ws.parent
    styles = getattr(wb, "_raccordo_looks", None)
    if styles is None:
        styles = wb._raccordo_looks = {}  # look -> (style array, fill); lives and dies with the workbook
    known = styles.get(look)
    fresh = not c.has_style
    if known is not None and fresh:
        c._style = StyleArray(known[0])  # a copy
        return c
    if look[0]:
        c.number_format = COUNT_FORMAT
    else:
        c.quotePrefix = True
        if look[1]:
            c.alignment = RIGHT
    if bold:
        c.font = BOLD
    if fill is not None:
        c.fill = fill
    if known is None and fresh:
        styles[look] = (StyleArray(c._style), fill)  # the fill is kept so its id stays its own
    return c


def _setup(ws: Worksheet, widths: list[float], freeze: str | None, header_row: int | None) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _note(ws: Worksheet, row: int, text: str, span: int, width: float) -> None:
    """A paragraph over the table's first ``span`` columns (``width`` characters wide), wrapped and sized.

    Left on one cell it would run to the right and make the fit-to-width print shrink the whole sheet.
    """
    put(ws, row, 1, text).alignment = LEFT_WRAP
    if span > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    ws.row_dimensions[row].height = 15 * max(1, math.ceil(len(text) / max(width, 20))) + 3


def _heading(ws: Worksheet, report: Report, title: str, note: str = "", *, span: int = 1,
             width: float = 100) -> int:
    put(ws, 1, 1, title).font = TITLE
    put(ws, 2, 1, f"{report.office} - {report.period.title}")
    if note:
        _note(ws, 3, note, span, width)
    return 4


def _table_body(ws: Worksheet, table: Table, row: int) -> tuple[int, int]:
    """Header row at ``row``, one row per key, a total row; returns (header row, total row)."""
    put(ws, row, 1, table.row_header, bold=True, fill=HEADER_FILL)
    for j, (_, label) in enumerate(table.cols, start=2):
        put(ws, row, j, label, bold=True, fill=HEADER_FILL).alignment = Alignment(wrap_text=True, horizontal="center")
    put(ws, row, len(table.cols) + 2, "Totale", bold=True, fill=HEADER_FILL)
    header = row
    for key, label in table.rows:
        row += 1
        put(ws, row, 1, label)
        for j, (col, _) in enumerate(table.cols, start=2):
            put(ws, row, j, table.cell(key, col))
        put(ws, row, len(table.cols) + 2, table.row_total(key), bold=True)
    row += 1
    put(ws, row, 1, "Totale", bold=True, fill=TOTAL_FILL)
    for j, (col, _) in enumerate(table.cols, start=2):
        put(ws, row, j, table.col_total(col), bold=True, fill=TOTAL_FILL)
    put(ws, row, len(table.cols) + 2, table.grand(), bold=True, fill=TOTAL_FILL)
    return header, row


def _write_table(ws: Worksheet, report: Report, table: Table, *, first_label_width: float = 34) -> int:
    widths = [first_label_width] + [14] * (len(table.cols) + 1)
    header, row = _table_body(ws, table, _heading(ws, report, table.title, table.note, span=len(widths),
                                                  width=sum(widths)))
    _setup(ws, widths, f"B{header + 1}", header)
    return row


def _write_grouped(ws: Worksheet, report: Report, table: GroupedTable) -> None:
    heads = ["Ambito", "Comune", "Codice ISTAT", *(label for _, label in table.cols), "Totale"]
    widths = [30, 26, 12] + [14] * (len(table.cols) + 1)
    row = _heading(ws, report, table.title, f"Per ogni Ambito: i comuni e il totale dell'Ambito. {TOTALS_NOTE}",
                   span=len(heads), width=sum(widths))
    for j, label in enumerate(heads, start=1):
        put(ws, row, j, label, bold=True, fill=HEADER_FILL).alignment = Alignment(wrap_text=True, horizontal="center")
    header = row
    n = len(table.cols)
    for group, members in table.groups:
        for code, name in members:
            row += 1
            put(ws, row, 1, group)
            put(ws, row, 2, name)
            put(ws, row, 3, code)
            for j, (col, _) in enumerate(table.cols, start=4):
                put(ws, row, j, table.cell(code, col))
            put(ws, row, n + 4, table.row_total(code), bold=True)
        row += 1
        put(ws, row, 1, group, bold=True, fill=TOTAL_FILL)
        put(ws, row, 2, "Totale Ambito", bold=True, fill=TOTAL_FILL)
        put(ws, row, 3, "", fill=TOTAL_FILL)
        for j, (col, _) in enumerate(table.cols, start=4):
            put(ws, row, j, table.group_col(group, col), bold=True, fill=TOTAL_FILL)
        put(ws, row, n + 4, table.group_total(group), bold=True, fill=TOTAL_FILL)
    row += 1
    put(ws, row, 1, "Totale", bold=True, fill=TOTAL_FILL)
    for j, (col, _) in enumerate(table.cols, start=4):
        put(ws, row, j, table.col_total(col), bold=True, fill=TOTAL_FILL)
    put(ws, row, n + 4, table.grand(), bold=True, fill=TOTAL_FILL)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(n + 4)}{row - 1}"
    _setup(ws, widths, f"D{header + 1}", header)


def _write_summary(ws: Worksheet, report: Report) -> None:
    put(ws, 1, 1, "Statistiche sugli sfratti - protocollo fragilità in fase di escomio").font = TITLE
    facts = [
        ("Ufficio", report.office),
        ("Periodo", report.period.title),
        ("Livello di dettaglio", LEVEL_LABELS[report.level]),
        ("Volantini consegnati (consegne)", report.summary.grand()),
        ("Accessi con esito registrato", report.outcomes.grand()),
        ("Accessi programmati nei prossimi 3 mesi", report.forecast.grand()),
    ]
    for i, (label, value) in enumerate(facts, start=3):
        put(ws, i, 1, label, bold=True)
        put(ws, i, 2, value)
    d = report.disclosure.table.max_noise
    small = "1 e 2" if report.k == 3 else f"da 1 a {report.k - 1}"
    usual = report.disclosure.table.usual_noise()
    _note(ws, 10, f"Dati protetti (vedere il foglio Metadati): ogni numero, totali compresi, può scostarsi dal vero "
                  f"di qualche unità (di solito non più di {usual}, mai più di {d}) e i valori {small} non compaiono "
                  f"mai (diventano 0, oppure "
                  f"{report.k} o più). Per questo un totale può non coincidere con la somma delle sue righe.",
          len(report.summary.cols) + 2, 40 + 14 * (len(report.summary.cols) + 1))
    table = report.summary
    row = 12
    put(ws, row, 1, table.title, bold=True)
    header, row = _table_body(ws, table, row + 1)
    _setup(ws, [40] + [14] * (len(table.cols) + 1), f"B{header + 1}", header)


def _write_trend(ws: Worksheet, report: Report) -> None:
    last = _write_table(ws, report, report.trend, first_label_width=14)
    header = 4
    n = len(report.trend.cols)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Consegne per mese e fase"
    chart.y_axis.title = "Consegne"
    chart.x_axis.title = "Mese"
    data = Reference(ws, min_col=2, max_col=n + 1, min_row=header, max_row=last - 1)
    cats = Reference(ws, min_col=1, min_row=header + 1, max_row=last - 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height, chart.width = 9, 22
    ws.add_chart(chart, f"A{last + 3}")


def _write_metadata(ws: Worksheet, report: Report) -> None:
    put(ws, 1, 1, "Metadati").font = TITLE
    rows = [
        ("Periodo", report.period.title),
        ("Dal", report.period.start.isoformat()),
        ("Al", report.period.end.isoformat()),
        ("Ufficio", report.office),
        ("Livello di dettaglio", LEVEL_LABELS[report.level]),
        ("Generato il", report.generated_at.strftime("%d/%m/%Y %H:%M")),
        ("Versione di Raccordo", report.versions.get("app", "")),
        *((f"Versione dati: {key.removesuffix('.version')}", value)
          for key, value in sorted(report.versions.items()) if key != "app"),
        ("Soglia k", report.k),
        *report.disclosure.rule_lines(),
        ("Contenuto", "Solo conteggi per fase, comune, lingua, modalità, causa, esito e mese: nessun dato personale."),
        ("Dettaglio per Ambito", "Lingue, cause del procedimento e modalità di consegna sono pubblicate solo per "
                                 "Ambito, anche nella cartella per comune: incrociate con le consegne di un piccolo "
                                 "comune permetterebbero di indovinare con buona probabilità i singoli nuclei."),
    ]
    for i, (label, value) in enumerate(rows, start=3):
        put(ws, i, 1, label, bold=True).alignment = WRAP
        put(ws, i, 2, value).alignment = LEFT_WRAP
        # Spreadsheets do not grow a row for wrapped text written by a program: size it from the text.
        lines = max(1, math.ceil(len(str(value)) / 110))
        if lines > 1:
            ws.row_dimensions[i].height = 15 * lines + 2
    _setup(ws, [28, 100], None, None)


def write_workbook(report: Report, path: Path, extra: Sequence[tuple[str, Callable[[Worksheet], None]]] = ()) -> Path:
    """Write the workbook atomically (a temporary file renamed into place).

    ``extra``: sheets another use case adds, as (name, writer), placed before "Metadati" (the monitoring
    indicators of issue 20: ``app.monitoring.service``).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Riepilogo"
    _write_summary(ws, report)
    if report.municipalities is not None:
        _write_grouped(wb.create_sheet("Comuni per Ambito"), report, report.municipalities)
    _write_table(wb.create_sheet("Lingue"), report, report.languages)
    _write_table(wb.create_sheet("Esiti"), report, report.outcomes)
    _write_table(wb.create_sheet("Servizi sociali"), report, report.social)
    _write_table(wb.create_sheet("Cause"), report, report.causes)
    _write_table(wb.create_sheet("Modalità"), report, report.modes)
    _write_table(wb.create_sheet("Previsione"), report, report.forecast)
    _write_trend(wb.create_sheet("Andamento"), report)
    for name, writer in extra:
        writer(wb.create_sheet(name))
    _write_metadata(wb.create_sheet("Metadati"), report)
    wb.properties.creator = "Raccordo"
    wb.properties.title = f"Statistiche {report.period.label}"
    from app.safe_output import write_output

    return write_output(Path(path), wb.save)  # fsynced temp file + rename: a failed export keeps the old file
