"""Exported workbooks read back with openpyxl and with LibreOffice: figures match the database, small cells
never appear, nothing is a formula, and the layout is what a supervisor prints."""

from __future__ import annotations

import zipfile
from collections import Counter
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from app.stats.service import export_report
from app.stats.workbook import SHEETS, put
from tests.stats.helpers import libreoffice_sheets, seed_events

K = 3
TODAY = date(2026, 11, 30)


@pytest.fixture
def october(ctx):
    with ctx.sessions.begin() as session:
        seed_events(session, deliveries=2500, start=date(2026, 1, 1), days=365, outcomes=400, scheduled=300)
    return ctx


def _truth(ctx, start: str, end: str) -> Counter:
    with ctx.engine.connect() as conn:
        rows = conn.execute(text("SELECT istat_code, stage, count(*) FROM stats_delivery "
                                 "WHERE day BETWEEN :a AND :b GROUP BY istat_code, stage"), {"a": start, "b": end})
        return Counter({(code, stage): n for code, stage, n in rows})


def _count_cells(ws, first_row: int, first_col: int):
    for row in ws.iter_rows(min_row=first_row, min_col=first_col):
        for cell in row:
            if cell.value is not None:
                yield cell


def test_municipality_workbook_is_near_the_database_and_never_shows_a_small_count(october, tmp_path):
    ctx = october
    out = tmp_path / "ottobre.xlsx"
    report = export_report(ctx, "2026-10", "municipality", out, today=TODAY)
    d = report.disclosure.table.max_noise
    truth = _truth(ctx, "2026-10-01", "2026-10-31")
    wb = load_workbook(out)
    assert wb.sheetnames == list(SHEETS)
    summary = wb["Riepilogo"]
    assert summary["A6"].value == "Volantini consegnati (consegne)"
    assert abs(summary["B6"].value - sum(truth.values())) <= d and sum(truth.values()) == report.totals["deliveries"]
    ws = wb["Comuni per Ambito"]
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Ambito", "Comune", "Codice ISTAT"] and header[-1] == "Totale"
    stages = ["diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"]
    small = moved = 0
    for row in ws.iter_rows(min_row=5, values_only=True):
        code = row[2]
        if not code:
            continue
        for stage, shown in zip(stages, row[3:8], strict=True):
            actual = truth[code, stage]
            assert isinstance(shown, int) and abs(shown - actual) <= d
            assert actual or shown == 0, "a figure with no events is 0"
            small += 1 <= actual < K
            moved += shown != actual
        assert abs(row[8] - sum(truth[code, s] for s in stages)) <= d
    assert small > 0 and moved > 0, "the test data should contain small cells, and the noise should show"
    # The same events are the same number everywhere: an Ambito's subtotal in the detail and in the summary.
    subtotals = {row[0]: row[3:9] for row in ws.iter_rows(min_row=5, values_only=True) if row[1] == "Totale Ambito"}
    for row in summary.iter_rows(min_row=14, values_only=True):
        if row[0] in subtotals:
            assert tuple(row[1:7]) == tuple(subtotals[row[0]])
    # No published count anywhere is a small number; nothing is a formula; numbers are typed.
    for sheet in wb.worksheets:
        if sheet.title == "Metadati":
            continue
        for cell in _count_cells(sheet, 5, 2):
            assert cell.data_type != "f"
            if isinstance(cell.value, int):
                assert not 1 <= cell.value < K or sheet.title == "Riepilogo" and cell.row < 12, (sheet.title, cell)
                assert cell.number_format == "#,##0"


def test_same_events_same_number_across_exports_and_levels(october, tmp_path):
    """Consistency: the Ambito export repeats the municipality export's Ambito figures; Italian = deliveries."""
    by_municipality = export_report(october, "2026-10", "municipality", tmp_path / "m.xlsx", today=TODAY)
    by_ambito = export_report(october, "2026-10", "ambito", tmp_path / "a.xlsx", today=TODAY)
    november = export_report(october, "2026-11", "ambito", tmp_path / "n.xlsx", today=date(2026, 12, 1))
    assert by_municipality.summary.cells == by_ambito.summary.cells
    assert by_municipality.languages.cells == by_ambito.languages.cells
    for ambito, _ in by_ambito.summary.rows:
        assert by_ambito.languages.cell(ambito, "it") == by_ambito.summary.row_total(ambito)
    # October in November's trend is October's own total, stage by stage.
    for stage in ["diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"]:
        assert november.trend.cell("2026-10", stage) == by_ambito.summary.col_total(stage)


def test_windows_and_unfinished_periods_are_refused(october, tmp_path):
    from app.stats.period import PeriodError

    for period in ("2026-10-01..2026-10-30", "2026-02..2026-05", "2026-11", "2026"):
        with pytest.raises(PeriodError):
            export_report(october, period, "ambito", tmp_path / "x.xlsx", today=TODAY)
    assert not (tmp_path / "x.xlsx").exists()
    export_report(october, "2026-05..2026-08", "ambito", tmp_path / "t.xlsx", today=TODAY)  # a four-month period


def test_layout_print_setup_chart_and_metadata(october, tmp_path):
    out = tmp_path / "q.xlsx"
    export_report(october, "2026-Q3", "ambito", out, today=TODAY)
    wb = load_workbook(out)
    assert "Comuni per Ambito" not in wb.sheetnames
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"  # A4
        assert ws.column_dimensions["A"].width >= 14
    assert wb["Lingue"].freeze_panes == "B5"
    assert wb["Lingue"]["B4"].value == "italiano"
    assert "arabo" in [c.value for c in wb["Lingue"][4]]
    meta = {row[0]: row[1] for row in wb["Metadati"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert meta["Periodo"] == "3° trimestre 2026" and meta["Soglia k"] == K
    assert "chiave di cella" in meta["Metodo di protezione"]
    assert "D = 7" in meta["Parametri"] and "Nessun valore da 1 a 2" in meta["Piccoli numeri"]
    assert "combinando fogli ed esportazioni" in meta["Cosa è protetto"]
    assert not any("«x»" in str(v) for v in meta.values()), "no suppression sign is described any more"
    assert meta["Versione di Raccordo"]
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1 and b"<barChart>" in archive.read(charts[0])
    forecast = wb["Previsione"]
    assert [c.value for c in forecast[4]][1:4] == ["ott 2026", "nov 2026", "dic 2026"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    wb = Workbook()
    put(wb.active, 1, 1, "=HYPERLINK(\"http://x\";\"y\")")
    put(wb.active, 2, 1, "=1+1")
    put(wb.active, 3, 1, 7)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    ws = load_workbook(path).active
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    sheets = libreoffice_sheets(path, tmp_path)
    values = next(iter(sheets.values()))
    assert values[1][0] == "=1+1" and values[2][0] == "7"


@pytest.mark.slow
def test_libreoffice_sees_the_same_figures(october, tmp_path):
    out = tmp_path / "report.xlsx"
    report = export_report(october, "2026-10", "municipality", out, today=TODAY)
    truth = _truth(october, "2026-10-01", "2026-10-31")
    sheets = libreoffice_sheets(out, tmp_path)
    assert set(sheets) == set(SHEETS)
    detail = sheets["Comuni per Ambito"]
    stages = ["diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"]
    checked = 0
    for row in detail[4:]:
        if len(row) < 9 or not row[2]:
            continue
        for stage, shown in zip(stages, row[3:8], strict=True):
            assert shown.isdigit() and abs(int(shown) - truth[row[2], stage]) <= report.disclosure.table.max_noise
            assert int(shown) == report.municipalities.cell(row[2], stage)
            checked += 1
    assert checked > 100
    summary = {row[0]: row[1] for row in sheets["Riepilogo"] if row and row[0]}
    assert int(summary["Volantini consegnati (consegne)"]) == report.summary.grand()
    assert abs(report.summary.grand() - sum(truth.values())) <= report.disclosure.table.max_noise
    # The grand total row of the detail sheet, as LibreOffice reads it: the same figure as the summary's.
    last = [row for row in detail if row and row[0] == "Totale"][-1]
    assert last[-1] == str(report.summary.grand())
    openpyxl_view = load_workbook(out)["Lingue"]
    for lo_row, xl_row in zip(sheets["Lingue"][4:], openpyxl_view.iter_rows(min_row=5, values_only=True), strict=False):
        assert lo_row[1:] == ["" if v is None else str(v) for v in xl_row[1:len(lo_row)]]


def test_causes_and_modes_are_published_per_ambito_even_by_municipality(october, tmp_path):
    """Issue 15's residual risk: a small municipality's causes and delivery modes, crossed with its stage totals,
    let an intruder who knows the noise probabilities pin single households; they are per Ambito only now."""
    out = tmp_path / "m.xlsx"
    report = export_report(october, "2026-10", "municipality", out, today=TODAY)
    wb = load_workbook(out)
    ambiti = [label for _, label in report.summary.rows]
    municipalities = {row[1] for row in wb["Comuni per Ambito"].iter_rows(min_row=5, values_only=True) if row[2]}
    for sheet in ("Cause", "Modalità"):
        ws = wb[sheet]
        assert ws["A4"].value == "Ambito"
        rows = [row[0] for row in ws.iter_rows(min_row=5, values_only=True) if row[0] and row[0] != "Totale"]
        assert rows and set(rows) <= set(ambiti) and not set(rows) & (municipalities - set(ambiti)), sheet
    meta = {row[0]: row[1] for row in wb["Metadati"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert "solo per Ambito" in meta["Dettaglio per Ambito"]
