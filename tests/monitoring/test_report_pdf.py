"""The report for the technical table: pages, text and charts read back from the PDF, the bad inputs of the
issue, the same numbers in the workbook's sheet, and no protected count anywhere."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.cli import main
from app.monitoring.service import export_workbook, write_report
from app.territory.models import Municipality
from tests.monitoring.helpers import Office, directory_history

TODAY = date(2026, 12, 1)


def _codes(ctx) -> list[str]:
    with ctx.sessions() as session:
        return sorted(session.scalars(select(Municipality.istat_code)))


@pytest.fixture
def seeded(ctx):
    events = Office(41)
    events.spread(_codes(ctx), date(2025, 1, 1), 600, deliveries=5000, outcomes=1400, scheduled=600)
    events.write(ctx)
    directory_history(ctx, [(date(2025, 9, 1), 25), (date(2026, 6, 15), 30)])
    return ctx


def _text(pdf) -> str:
    """The PDF's text, words joined by single spaces (table cells wrap their lines)."""
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def _pages(pdf, artifacts, name: str) -> int:
    """Render every page for a look (``pdftoppm``); the number of pages."""
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artifacts / name)], check=True)
    return len(PdfReader(pdf).pages)


def test_the_report_of_a_four_month_period(seeded, tmp_path, artifacts, capsys):
    out = tmp_path / "report.pdf"
    assert main(["--data-dir", str(seeded.paths.data_dir), "report", "--period", "2026-T2", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2° quadrimestre 2026 (maggio-agosto)" in said and "Volantini consegnati:" in said
    pages = _pages(out, artifacts, "monitor_report")
    assert 4 <= pages <= 9
    text = _text(out)
    for words in ("Monitoraggio del protocollo d'intesa", "Rispetto al periodo precedente", "Rispetto a un anno prima",
                  "Gli indicatori uno per uno", "Gli Ambiti a confronto", "Come sono protetti e calcolati i dati",
                  "Dati e versioni", "gen-apr 2026", "mag-ago 2025", "Referenti verificati"):
        assert words in text, words
    assert f"Pagina {pages} di {pages}" in text
    # Charts are vector drawings: the bar labels of the periods compared are text in the page, not an image.
    reader = PdfReader(out)
    assert not any(page.images for page in reader.pages)
    assert text.count("mag-ago 2026") >= 10


def test_the_workbook_sheet_has_the_report_s_numbers(seeded, tmp_path):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    m = write_report(seeded, "2026-T2", pdf, today=TODAY)
    export_workbook(seeded, "2026-T2", "municipality", xlsx, today=TODAY)
    ws = load_workbook(xlsx)["Monitoraggio"]
    rows = {(r[1], r[3]): r for r in ws.iter_rows(values_only=True) if r and r[3]}
    office = rows["Totale ufficio", "consegne"]
    assert office[6] == m.value("consegne").number
    share = rows["Totale ufficio", "contatto_servizi"]
    assert share[6] == pytest.approx(round(m.value("contatto_servizi").number, 4))
    assert (share[7], share[8]) == (m.value("contatto_servizi").numerator, m.value("contatto_servizi").base)
    # The published figures come as one table per period and published table: the office's row of this period's
    # deliveries ends with the same total, and each Ambito's row with its published total.
    lines = list(ws.iter_rows(values_only=True))
    at = lines.index(next(r for r in lines if r[:4] == (m.period.label, m.period.start.isoformat(),
                                                        m.period.end.isoformat(), "Volantini consegnati")))
    header = [c for c in lines[at + 1] if c is not None]
    assert header[0] == "Ambito" and header[-1] == "Totale" and len(header) == 7  # five stages
    body = {r[0]: r[1:len(header)] for r in lines[at + 2:at + 3 + len(m.ambiti)]}
    assert list(body) == [*m.ambiti, "Totale ufficio"]
    assert body["Totale ufficio"][-1] == m.value("consegne").number
    for ambito in m.ambiti:
        assert body[ambito][-1] == m.current.tables["packs"].row_total(ambito)
    # The PDF prints the same office figure.
    printed = f"{int(m.value('consegne').number):,}".replace(",", ".")
    assert re.search(rf"Volantini consegnati\D+{re.escape(printed)}\b", _text(pdf))


def test_no_published_count_is_one_or_two(seeded):
    """Every figure the report and the sheet are made of is a published one: never 1 .. k-1."""
    from app.monitoring.service import make_monitoring

    m = make_monitoring(seeded, "2026-T2", today=TODAY)
    figures = [f for f in (*m.series, m.previous, m.year_earlier) if f is not None]
    seen = 0
    for f in figures:
        for table in f.tables.values():
            for unit in [None, *m.ambiti]:
                for col in [None, *(c for c, _ in table.cols)]:
                    value = table.grand() if unit is None and col is None else (
                        table.col_total(col) if unit is None else table.row_total(unit) if col is None
                        else table.cell(unit, col))
                    assert value == 0 or value >= m.k
                    seen += 1
    assert seen > 500


@pytest.mark.parametrize("case", ["empty", "future", "no_dates"])
def test_bad_input_still_renders_and_says_what_is_missing(ctx, tmp_path, artifacts, case):
    if case == "no_dates":  # a directory nobody has ever verified, and an office without events
        directory_history(ctx, [(date(2025, 1, 10), 0)])
    period = "2027-T1" if case == "future" else "2025-T2"
    out = tmp_path / f"{case}.pdf"
    m = write_report(ctx, period, out, today=TODAY)
    assert _pages(out, artifacts, f"monitor_{case}") >= 2
    text = _text(out)
    if case == "future":
        assert m.current is None and "non è ancora concluso" in text and "1 maggio 2027" in text
    else:
        assert "non ci sono dati pubblicabili" in text
    if case == "no_dates":
        assert "Nessun referente della rubrica ha una data di verifica" in text
    assert "Come sono protetti e calcolati i dati" in text


def test_an_ambito_with_a_handful_of_events_gets_no_share(ctx, tmp_path):
    events = Office(5)
    events.spread(["015146"], date(2026, 1, 1), 240, deliveries=400, outcomes=200, scheduled=30)
    small = [c for c in _codes(ctx) if c != "015146"][-1]
    for day in (3, 9):
        events.outcome(small, date(2026, 6, day), "executed", "yes")
    events.write(ctx)
    m = write_report(ctx, "2026-T2", tmp_path / "r.pdf", today=TODAY)
    protected = [a for a in m.ambiti if a != "Milano"]
    for ambito in protected:
        v = m.value("contatto_servizi", ambito)
        assert not v.shown and v.status in ("none", "few")
    text = _text(tmp_path / "r.pdf")
    assert "Contatto con i servizi sociali: nessun caso pubblicato" in text


def test_a_window_of_days_is_refused_in_italian(ctx, tmp_path, capsys):
    code = main(["--data-dir", str(ctx.paths.data_dir), "report", "--period", "2026-05-03..2026-06-20",
                 "--out", str(tmp_path / "r.pdf")])
    assert code == 2 and "Errore: Periodo" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
