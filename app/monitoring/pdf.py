"""The four-monthly report for the technical table: an Italian PDF of a few pages (issue 20).

1. a one-page summary: the key indicators, their value, and how each moved since the previous period and
   since the same period a year earlier (a drawn sign and words, never colour alone);
2. one chart per indicator (``charts.py``, drawn with ReportLab's graphics);
3. the Ambiti side by side (small multiples);
4. the rule page: how the figures are protected, which periods may be published, how shares are computed,
   every indicator's definition and article, and the data versions.

Every number printed is a published one (``Monitoring``): a protected count is never shown, a share with too
few cases says so in words.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas as PdfCanvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.monitoring import views
from app.monitoring.build import Monitoring
from app.monitoring.charts import Canvas, arrow
from app.monitoring.indicators import INDICATORS
from app.monitoring.pdf_draw import BOLD, REGULAR, chart_drawing, drawing, grey, register_fonts

MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=grey(0.25)),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8,
                             spaceAfter=3),
        "h3": ParagraphStyle("h3", parent=base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=6,
                             spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.8, leading=11, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=BOLD, fontSize=8.8, leading=11, spaceAfter=0),
        "box": ParagraphStyle("box", parent=base, fontName=BOLD, fontSize=10.5, leading=14, borderPadding=6,
                              borderColor=grey(0), borderWidth=1, spaceBefore=6, spaceAfter=10),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _sign(direction: str) -> object:
    canvas = Canvas(9, 10)
    canvas.add(*arrow(direction, 4.5, 5, 10))
    return drawing(canvas)


def _change_cell(text: str, direction: str, styles) -> Table:
    """A drawn sign next to the words: readable without colour and when printed in grey."""
    cell = Table([[_sign(direction), _p(text, styles["cell"])]], colWidths=[11, None])
    cell.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return cell


def _summary(m: Monitoring, styles) -> list:
    story = [_p("Monitoraggio del protocollo d'intesa", styles["title"]),
             _p("Tutela delle fragilità in fase di escomio – dati per il tavolo tecnico (art. 1)", styles["h3"]),
             _p(f"{m.period.title} · {m.office}", styles["subtitle"])]
    for line in views.situation(m):
        story.append(_p(line, styles["box"]))
    if m.current is None:
        return story
    prev, year = views.comparison_titles(m)
    rows = [[_p("Indicatore", styles["cellb"]), _p(m.period.short_title, styles["cellb"]),
             [_p("Rispetto al periodo precedente", styles["cellb"]), _p(prev, styles["small"])],
             [_p("Rispetto a un anno prima", styles["cellb"]), _p(year, styles["small"])] if year else ""]]
    for line in views.summary_lines(m):
        rows.append([
            [_p(line.name, styles["cellb"]), _p(line.article, styles["small"])],
            _p(line.value, styles["cellb"] if line.shown else styles["cell"]),
            _change_cell(line.previous, line.previous_direction, styles),
            _change_cell(line.year, line.year_direction, styles) if year else "",
        ])
    table = Table(rows, colWidths=[WIDTH * 0.33, WIDTH * 0.15, WIDTH * 0.26, WIDTH * 0.26], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, grey(0)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, grey(0.6)),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    story += [table, Spacer(1, 6)]
    story.append(_p("Come leggere", styles["h3"]))
    for line in views.reading_notes(m):
        story.append(_p(line, styles["small"]))
    return story


def _chart(title: str, note: str, chart, height: float, styles, width: float = WIDTH) -> KeepTogether:
    parts = [_p(title, styles["h3"])]
    if note:
        parts.append(_p(note, styles["small"]))
    parts += [chart_drawing(chart, width, height), Spacer(1, 8)]
    return KeepTogether(parts)


def _indicator_pages(m: Monitoring, styles) -> list:
    story: list = [PageBreak(), _p("Gli indicatori uno per uno", styles["h2"])]
    for block in views.chart_blocks(m):
        story.append(_chart(block.title, block.note, block.chart, block.height, styles))
    return story


def _ambiti_pages(m: Monitoring, styles) -> list:
    story: list = [PageBreak(), _p("Gli Ambiti a confronto", styles["h2"]),
                   _p(views.AMBITI_NOTE, styles["small"]), Spacer(1, 4)]
    columns = 2
    col_w = (WIDTH - 8) / columns
    cells = []
    for panel in views.ambito_panels(m):
        cells.append([
            _p(panel.title, styles["h3"]),
            chart_drawing(panel.chart, col_w - 6, panel.height, size=7.0),
            *(_p(line, styles["small"]) for line in panel.lines),
        ])
    rows = [cells[i:i + columns] + [""] * (columns - len(cells[i:i + columns])) for i in range(0, len(cells), columns)]
    if rows:
        grid = Table(rows, colWidths=[col_w] * columns)
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("LINEBELOW", (0, 0), (-1, -1), 0.3, grey(0.75)),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story.append(grid)
    return story


def _rules_page(m: Monitoring, styles) -> list:
    story: list = [PageBreak(), _p("Come sono protetti e calcolati i dati", styles["h2"])]
    for label, text in views.rule_lines(m):
        story.append(KeepTogether([_p(label, styles["h3"]), _p(text, styles["small"])]))
    story += [CondPageBreak(60 * mm), _p("Gli indicatori", styles["h2"])]
    rows = [[_p(h, styles["cellb"]) for h in ("Indicatore", "Formula", "Articolo", "Unità")]]
    for ind in INDICATORS:
        rows.append([_p(f"{ind.name} ({ind.id})", styles["cell"]), _p(ind.formula, styles["small"]),
                     _p(ind.article, styles["small"]), _p(ind.unit, styles["small"])])
    table = Table(rows, colWidths=[WIDTH * 0.24, WIDTH * 0.48, WIDTH * 0.18, WIDTH * 0.10], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 1, grey(0)),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.3, grey(0.6))]))
    story += [table, CondPageBreak(40 * mm), _p("Dati e versioni", styles["h2"])]
    for label, text in views.version_lines(m):
        story.append(_p(f"{label}: {text}", styles["small"]))
    return story


def story(m: Monitoring) -> list:
    styles = _styles()
    out = _summary(m, styles)
    if m.current is not None and not m.empty:
        out += _indicator_pages(m, styles)
        out += _ambiti_pages(m, styles)
    elif m.freshness is not None and m.freshness.recorded:
        # Nothing from the events to chart (a period not over, or none published): the summary says why, and
        # the directory, which does not depend on the events, is still shown.
        out.append(_chart(*views.freshness_block(m, today=m.current is None), styles))
    out += _rules_page(m, styles)
    return out


def _footer(canvas, m: Monitoring, total: int) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(grey(0.3))
    canvas.drawString(MARGIN, 10 * mm, f"Monitoraggio del protocollo · {m.period.title} · {m.office}")
    canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Pagina {canvas.getPageNumber()} di {total}")
    canvas.restoreState()


def _numbered_canvas(m: Monitoring):
    """A canvas that keeps its pages until the end, so every footer can say "Pagina N di M" in one layout."""

    class NumberedCanvas(PdfCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self):  # ReportLab's name
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._kept)
            for state in self._kept:
                self.__dict__.update(state)
                _footer(self, m, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def write_pdf(m: Monitoring, out) -> None:
    """Write the report to ``out`` (a path or a binary file)."""
    register_fonts()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=18 * mm, title=f"Monitoraggio del protocollo - {m.period.title}",
                            author="Raccordo", subject=f"Indicatori del protocollo, {m.office}", creator="Raccordo")
    doc.build(story(m), canvasmaker=_numbered_canvas(m))
