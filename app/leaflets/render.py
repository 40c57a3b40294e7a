"""PDF rendering of packs and of the language card (ReportLab, A4).

A pack: the household language(s) first, each followed by the referents that
apply to the municipality (with QR codes), then the Italian text; a pack in
Italian only is its Italian text followed by the referents. Each language's
text opens with the framed "Cosa fare adesso" box (deadline in bold, numbered
steps), then its layers in the order ``content.toml`` fixes. Each page carries a
footer (stage, languages, content and directory versions, print date) and,
when any printed referent is fictitious, a large "DEMO - NON DISTRIBUIRE"
mark. Nothing about the household is printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.leaflets.content import Content
from app.leaflets.flowables import Boxed, ltr_markup
from app.leaflets.fonts import Fonts
from app.leaflets.languages import MASTER, language
from app.leaflets.structure import BOX_KINDS
from app.leaflets.typeset import ACCENT, BOX_TINT, Scale, latin_paragraph, typesetter

MARGIN = 16 * mm
FOOTER_H = 14 * mm
LOCAL_KINDS = ("social_services", "housing_emergency", "housing_office")
LOCAL_KIND_LABELS = {"social_services": "Servizi sociali", "housing_emergency": "Emergenza abitativa",
                     "housing_office": "Ufficio casa"}
DEMO_TEXT = "DEMO - NON DISTRIBUIRE"
EMAIL_WIDTH = 45 * mm


@dataclass
class PackSpec:
    """Everything one pack prints; built by ``pack.py`` from the request, the territory and the directory."""

    stage: str
    municipality: str
    istat_code: str
    languages: tuple[str, ...]            # household languages (0-2), Italian is always added
    referents: list                       # app.directory.resolve.ResolvedReferent
    directory_version: str
    content: Content
    printed_on: date
    large_print: bool = False
    municipality_url: str = ""
    directory_url: str = ""
    copies: int = 1
    warnings: list[str] = field(default_factory=list)

    @property
    def is_demo(self) -> bool:
        return any(r.is_demo for r in self.referents)


class _Marker(Flowable):
    """Zero-size flowable that tells the page decorator which pack the following pages belong to."""

    def __init__(self, doc: _PackDoc, spec: PackSpec):
        super().__init__()
        self.doc_ref, self.spec = doc, spec
        self.width = self.height = 0

    def wrap(self, *_):
        return 0, 0

    def draw(self) -> None:
        self.doc_ref.current = self.spec
        self.doc_ref.pack_page = 0


class _StartOnOddPage(Flowable):
    """In a duplex job, a pack starting on the back of the previous one would be handed to the wrong household."""

    def wrap(self, *_):
        if self._doctemplateAttr("page") % 2 == 0:
            self._doctemplateAttr("frame").add_generated_content(PageBreak())
        return 0, 0

    def draw(self) -> None:
        pass


class _PackDoc(BaseDocTemplate):
    def __init__(self, buffer, fonts: Fonts, title: str):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER_H, title=title, author="Raccordo", creator="Raccordo",
                         subject="Foglio informativo", invariant=True, pageCompression=0,
                         # our font from the first operator on: no unembedded Helvetica in the page resources
                         initialFontName=fonts.ensure("latin")[0], initialFontSize=10)
        self.fonts = fonts
        self.current: PackSpec | None = None
        self.pack_page = 0
        frame = Frame(MARGIN, MARGIN + FOOTER_H, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - FOOTER_H, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._decorate)])

    def _decorate(self, canvas, doc) -> None:
        spec = self.current
        if spec is None:
            return
        self.pack_page += 1
        regular, bold = self.fonts.ensure("latin")
        canvas.saveState()
        canvas.setStrokeColor(HexColor("#9aa5b1"))
        canvas.line(MARGIN, MARGIN + FOOTER_H - 3 * mm, A4[0] - MARGIN, MARGIN + FOOTER_H - 3 * mm)
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(HexColor("#333333"))
        names = ", ".join(language(c).italian_name for c in (*spec.languages, MASTER))
        printed = format_date(spec.printed_on, "long", locale="it")
        line1 = (f"Fase: {spec.stage} · Comune: {spec.municipality} · Lingue: {names} · "
                 f"Pagina {self.pack_page}")
        line2 = (f"Versione dei testi {spec.content.version} · Versione dell'elenco dei referenti "
                 f"{spec.directory_version or 'n.d.'} · Stampato il {printed}")
        canvas.drawString(MARGIN, MARGIN + FOOTER_H - 8 * mm, line1)
        canvas.drawString(MARGIN, MARGIN + FOOTER_H - 12 * mm, line2)
        if spec.is_demo:
            _demo_mark(canvas, bold)
        canvas.restoreState()


def _demo_mark(canvas, font: str) -> None:
    """Visible on every page, over the text: fictitious contacts must never reach a household."""
    canvas.saveState()
    canvas.setFillColor(HexColor("#c00000"))
    canvas.rect(0, A4[1] - 11 * mm, A4[0], 11 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(font, 15)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 7.5 * mm, f"{DEMO_TEXT} - contatti fittizi")
    canvas.setFillColor(HexColor("#c00000"))
    canvas.setFillAlpha(0.18)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(55)
    canvas.setFont(font, 54)
    canvas.drawCentredString(0, 0, DEMO_TEXT)
    canvas.restoreState()


def _language_section(spec: PackSpec, code: str, fonts: Fonts, scale: Scale) -> list[Flowable]:
    """One language's text: title, the action box, then the layers; a paragraph the language lacks is set in
    Italian (Latin font, left to right) where it belongs."""
    ts, italian = typesetter(code, fonts, scale), typesetter(MASTER, fonts, scale)
    content = spec.content
    header = content.text(MASTER, "label.italian_version")[0] if code == MASTER else language(code).native_name
    story: list[Flowable] = [ts.block("section", header, size=scale.small * 1.05, bold=False)]
    box: list[Flowable] = []
    steps = 0
    for block in content.blocks(spec.stage):
        text, fell_back = content.paragraph(code, block.key, spec.municipality)
        setter = italian if fell_back else ts
        if block.kind == "term":
            term = content.structure.term(block.key)
            flowable = setter.term(term.term if term else block.key, text)
        elif block.kind == "step":
            steps += 1
            flowable = setter.block("step", text, number=steps)
        else:
            flowable = setter.block(block.kind, text)
        if block.kind in BOX_KINDS:
            box.append(flowable)
            continue
        if box:
            story.extend([Boxed(box, padding=scale.body * 0.8, border=ACCENT, background=BOX_TINT),
                          Spacer(1, scale.body * 0.6)])
            box = []
        story.append(flowable)
    return story


def _label(spec: PackSpec, key: str, fonts: Fonts, size: float, *, bold: bool = False) -> list[Flowable]:
    """A label in each household language, then in Italian."""
    out: list[Flowable] = []
    for code in spec.languages:
        text, fell_back = spec.content.paragraph(code, key, spec.municipality)
        if not fell_back:
            out.append(typesetter(code, fonts, Scale.of(spec.large_print)).block("para", text, size=size, bold=bold))
    out.append(latin_paragraph(spec.content.paragraph(MASTER, key, spec.municipality)[0], fonts, size, bold=bold))
    return out


def _referents_table(spec: PackSpec, fonts: Fonts, scale: Scale) -> list[Flowable]:
    size = scale.small * 1.08
    story: list[Flowable] = [Spacer(1, 4 * mm)]
    story.extend(_label(spec, "label.referents_title", fonts, scale.body * 1.1, bold=True))
    keys = ("label.service", "label.who", "label.phone", "label.email", "label.hours", "label.address")
    header = [_label(spec, k, fonts, size * 0.95, bold=True) for k in keys]
    rows: list[list] = [header]
    kinds = {r.service_kind for r in spec.referents if r.scope_level != "metro"}
    for r in spec.referents:
        who = "<br/>".join(x for x in (r.name, r.role, r.institution) if x)
        phones = "<br/>".join(p.replace(" ", "\u00a0") for p in r.phones)  # a number never breaks over two lines
        cells = [r.service_label, who, phones, "", r.hours, r.address]
        row = [_cell(c, fonts, size) for c in cells]
        row[3] = [_fitted(e, fonts, size, EMAIL_WIDTH - 6) for e in r.emails]
        if r.scope_level == "tribunale" and not r.area_verified:  # the territory data's court is a guess
            row[1] = [row[1], *_label(spec, "label.court_unverified", fonts, size * 0.92, bold=True)]
        rows.append(row)
    present = {r.service_kind for r in spec.referents}
    for kind in LOCAL_KINDS:
        if kind not in present:
            rows.append([_cell(LOCAL_KIND_LABELS[kind], fonts, size),
                         _label(spec, "label.no_referent", fonts, size), "", "", "", ""])
    widths = [x * mm for x in (23, 36, 24, 0, 24, 26)]
    widths[3] = EMAIL_WIDTH
    header = _Row(rows[0], widths, background=HexColor("#e6eef6"))
    story.append(header)
    story.extend(_Row(r, widths) for r in rows[1:])
    if any(k not in kinds for k in LOCAL_KINDS):
        story.append(Spacer(1, 2 * mm))
        story.extend(_label(spec, "label.metro_fallback_note", fonts, size))
    story.extend(_qr_codes(spec, fonts, scale))
    return story


def _fitted(text: str, fonts: Fonts, size: float, width: float) -> Flowable:
    """An e-mail or URL on one line if it fits at 85% of the table's size; otherwise broken after the "@"."""
    regular, _ = fonts.ensure("latin")
    fit = size
    while fit > max(7.5, size * 0.85) and stringWidth(text, regular, fit) > width:
        fit -= 0.25
    if stringWidth(text, regular, fit) > width and "@" in text:
        local, domain = text.split("@", 1)
        return latin_paragraph(f"{local}@<br/>{domain}", fonts, fit, markup=True)
    return latin_paragraph(text, fonts, fit)


class _Row(Flowable):
    """One row of the referents table. ReportLab's Table wraps every cell two or three times and cost a third
    of a pack's time; a row that wraps each cell once, and lets the frame break pages between rows, does not."""

    PAD = 3

    def __init__(self, cells: list, widths: list[float], background=None):
        super().__init__()
        self.cells = [c if isinstance(c, list) else [c] if c != "" else [] for c in cells]
        self.widths = widths
        self.background = background
        self._sizes: list[list[float]] | None = None

    def wrap(self, availWidth, availHeight):
        if self._sizes is None:
            self._sizes = [[f.wrap(w - 2 * self.PAD, 10_000)[1] for f in cell]
                           for cell, w in zip(self.cells, self.widths, strict=True)]
        self.width = sum(self.widths)
        self.height = max((sum(h) for h in self._sizes), default=0) + 2 * self.PAD
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.background is not None:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(HexColor("#9aa5b1"))
        canvas.setLineWidth(0.4)
        canvas.line(0, 0, self.width, 0)
        x = 0.0
        for cell, heights, width in zip(self.cells, self._sizes or [], self.widths, strict=True):
            y = self.height - self.PAD
            for flowable, height in zip(cell, heights, strict=True):
                y -= height
                flowable.drawOn(canvas, x + self.PAD, y)
            x += width


def _cell(text: str, fonts: Fonts, size: float) -> Flowable:
    """One paragraph per cell (lines joined by <br/>): a table of 10 referents wraps each cell several times."""
    regular, _ = fonts.ensure("latin")
    markup = "<br/>".join(ltr_markup(part, (regular,)) for part in text.split("<br/>"))
    return latin_paragraph(markup, fonts, size, markup=True)


@lru_cache(maxsize=64)
def _qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


class QrFlowable(Flowable):
    """A QR code drawn as one filled path (the graphics widget builds a shape per module: 10x slower)."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def draw(self) -> None:
        modules = _qr_modules(self.url)
        count = len(modules)
        box = self.width / (count + 4)  # quiet zone of 2 modules each side
        path = self.canv.beginPath()
        for r, row in enumerate(modules):
            c = 0
            while c < count:
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    path.rect((start + 2) * box, self.height - (r + 3) * box, (c - start) * box, box)
                else:
                    c += 1
        self.canv.setFillColor(black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _qr_codes(spec: PackSpec, fonts: Fonts, scale: Scale) -> list[Flowable]:
    cells = []
    for url, key in ((spec.municipality_url, "label.qr_municipality"), (spec.directory_url, "label.qr_directory")):
        if url:
            caption = [*_label(spec, key, fonts, scale.small), latin_paragraph(url, fonts, scale.small * 0.9)]
            cells.append([QrFlowable(url, 30 * mm), caption])
    if not cells:
        return []
    table = Table([sum(cells, [])], colWidths=[33 * mm, 54 * mm] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), fonts.ensure("latin")[0])]))
    return [Spacer(1, 4 * mm), KeepTogether([table])]


def pack_story(doc: _PackDoc, spec: PackSpec) -> list[Flowable]:
    scale = Scale.of(spec.large_print)
    fonts = doc.fonts
    story: list[Flowable] = [_Marker(doc, spec)]
    if not spec.languages:  # an Italian household: its own text first, the contacts right after it
        story.extend(_language_section(spec, MASTER, fonts, scale))
        story.extend(_referents_table(spec, fonts, scale))
        return story
    for i, code in enumerate(spec.languages):
        if i:
            story.append(PageBreak())
        story.extend(_language_section(spec, code, fonts, scale))
    story.extend(_referents_table(spec, fonts, scale))  # right after the household's text: one leaflet to keep
    story.append(PageBreak())
    story.extend(_language_section(spec, MASTER, fonts, scale))
    return story


def render_packs(specs: list[PackSpec], fonts: Fonts, *, duplex: bool = False) -> bytes:
    """One PDF with every pack (each copy starting on a new page, on an odd one when ``duplex``)."""
    buffer = io.BytesIO()
    doc = _PackDoc(buffer, fonts, "Raccordo - foglio informativo")
    story: list[Flowable] = []
    for spec in specs:
        for _ in range(max(1, spec.copies)):
            if story:
                story.append(PageBreak())
                if duplex:
                    story.append(_StartOnOddPage())
            story.extend(pack_story(doc, spec))
    doc.build(story)
    return buffer.getvalue()


def _card_key(key: str, fonts: Fonts) -> Flowable:
    """The language's key in a box: the number the bailiff types on the leaflet screen (same list, same order)."""
    badge = Table([[latin_paragraph(f'<para alignment="center">{key}</para>', fonts, 18, bold=True, color=white,
                                    markup=True)]], colWidths=[9 * mm], rowHeights=[9.5 * mm])
    badge.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ACCENT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("FONTNAME", (0, 0), (-1, -1), fonts.ensure("latin")[0]),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return badge


def render_language_card(content: Content, fonts: Fonts, codes: tuple[str, ...]) -> bytes:
    """One A4 page: every language in its own script, with "point to your language" in that language.

    Each cell carries the language's key (``Language.key``: 0 for Italian, then 1-9, A, B...), in the order of
    ``CODES``; the leaflet screen shows the same keys, so "the household pointed at 7" is one keystroke.
    """
    buffer = io.BytesIO()
    doc = _PackDoc(buffer, fonts, "Raccordo - lingue")
    scale = Scale(13, 9)
    story: list[Flowable] = [latin_paragraph(content.text(MASTER, "card.title")[0], fonts, 20, bold=True,
                                             color=ACCENT), Spacer(1, 3 * mm)]
    cells = []
    for code in codes:
        lang = language(code)
        ts = typesetter(code, fonts, scale)
        prompt, fell_back = content.text(code, "card.prompt")
        cell = [ts.block("para", lang.native_name, size=22, bold=True)]
        if not fell_back or code == MASTER:
            cell.append(ts.block("para", prompt, size=12))
        cell.append(latin_paragraph(lang.italian_name, fonts, 9.5, color=HexColor("#555555")))
        keyed = Table([[_card_key(lang.key, fonts), cell]], colWidths=[10.5 * mm, (A4[0] - 2 * MARGIN) / 2 - 16.5 * mm])
        keyed.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                   ("FONTNAME", (0, 0), (-1, -1), fonts.ensure("latin")[0])]))
        cells.append([keyed])
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[(A4[0] - 2 * MARGIN) / 2] * 2)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), fonts.ensure("latin")[0]),
                               ("BOX", (0, 0), (-1, -1), 0.5, ACCENT),
                               ("INNERGRID", (0, 0), (-1, -1), 0.4, HexColor("#9aa5b1")),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    story.extend([table, CondPageBreak(0)])
    doc.build(story)
    return buffer.getvalue()
