"""Write a Report to an .xlsx workbook with openpyxl.

Typed cells (counts are numbers, labels are text), number formats,
frozen headers, column widths, A4 landscape. No value can become a formula:
every text cell is forced to the string type and marked with a quote prefix
(openpyxl stores a string starting with "=" as a formula otherwise: see
docs/PLATFORM.md, "openpyxl").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.stats.report import LEVEL_LABELS, TOTALS_NOTE, GroupedTable, Report, Table

COUNT_FORMAT = "#,##0"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")

# Every sheet, in order: the one place their names are written (write_workbook follows it).
SHEETS = ("Riepilogo", "Comuni per Ambito", "Lingue", "Esiti", "Servizi sociali", "Cause", "Modalità", "Previsione",
          "Andamento", "Metadati")


def _look(wb: Workbook, count: bool, bold: bool, fill: PatternFill | None) -> str:
    """The named style of one look of a cell, added to the workbook the first time it is needed.

    A workbook has about a dozen looks. A cell that takes its look by name gets the style openpyxl worked out
    once; setting its font and fill instead makes openpyxl hash both for every cell, the slowest part of writing
    the workbook (``bench_stats``). Named styles are openpyxl's public way to share a look.
    """
    name = ("Raccordo conteggio" if count else "Raccordo testo") + (" grassetto" if bold else "")
    if fill is not None:
        name += f" sfondo {fill.fgColor.rgb}"
    if name not in wb.named_styles:
        wb.add_named_style(NamedStyle(name=name, number_format=COUNT_FORMAT if count else "General",
                                      font=BOLD if bold else Font(), fill=fill if fill is not None else PatternFill()))
    return name


def put(ws: Worksheet, row: int, col: int, value, *, bold: bool = False, fill: PatternFill | None = None) -> Cell:
    """Write one typed cell: int as a count, anything else as literal text that can never be a formula."""
    c = ws.cell(row=row, column=col)
    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    count = isinstance(value, int)
    c.value = value if count else str(value)
    c.style = _look(ws.parent, count, bold, fill)
    if not count:
        c.data_type = "s"
        c.quotePrefix = True
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


def _writers(report: Report) -> dict[str, Callable[[Worksheet], None]]:
    """What writes each sheet; :data:`SHEETS` gives the names and the order."""
    def table(grouped_or_table) -> Callable[[Worksheet], None]:
        return lambda ws: _write_table(ws, report, grouped_or_table)

    return {
        "Riepilogo": lambda ws: _write_summary(ws, report),
        "Comuni per Ambito": lambda ws: _write_grouped(ws, report, report.municipalities),
        "Lingue": table(report.languages), "Esiti": table(report.outcomes), "Servizi sociali": table(report.social),
        "Cause": table(report.causes), "Modalità": table(report.modes), "Previsione": table(report.forecast),
        "Andamento": lambda ws: _write_trend(ws, report),
        "Metadati": lambda ws: _write_metadata(ws, report),
    }


def write_workbook(report: Report, path: Path, extra: Sequence[tuple[str, Callable[[Worksheet], None]]] = ()) -> Path:
    """Write the workbook atomically (a temporary file renamed into place).

    ``extra``: sheets another use case adds, as (name, writer), placed before "Metadati" (the monitoring
    indicators of issue 20: ``app.monitoring.service``).
    """
    wb = Workbook()
    writers = _writers(report)
    for i, name in enumerate(SHEETS):
        if name == "Comuni per Ambito" and report.municipalities is None:
            continue  # an export by Ambito has no municipality detail
        if name == "Metadati":
            for extra_name, write_extra in extra:
                write_extra(wb.create_sheet(extra_name))
        ws = wb.active if i == 0 else wb.create_sheet(name)
        ws.title = name
        writers[name](ws)
    wb.properties.creator = "Raccordo"
    wb.properties.title = f"Statistiche {report.period.label}"
    from app.safe_output import write_output

    return write_output(Path(path), wb.save)  # fsynced temp file + rename: a failed export keeps the old file
