"""PDF rendering of packs (ReportLab, A4): page 1 tells the household what to do and whom to call.

A pack is one section per household language, then the same section in Italian
(an Italian household gets the Italian section alone). Each section starts on a
new page and reads, in its own language:

1. page 1, which works alone: the stage title in plain words (with the act's
   Italian name), the framed "Cosa fare adesso" box (the one deadline in bold, the
   numbered steps), for the avviso di sloggio and the accesso a line on which the
   bailiff writes the date and time of the access, and "Chi chiamare": the two
   contacts that matter at this stage, large (``[contacts]`` in ``content.toml``, ``stage_contacts.py``);
2. then what the act is and what happens next, rights and help, every other
   contact as cards (with the QR codes), the words the household will hear, and
   the legal basis.

Large print (4 pages): when page 1 cannot hold "Chi chiamare" and its first card, the explanations' first
paragraphs fill its foot and the cards open page 2 (``_CardsOrText``); the other contacts are one card a row with
each label beside its value, and the QR codes' card heads the glossary's two columns. ``scripts/pack_pages.py
--large`` counts the pages of every real section.

Budgets (checked for every stage and language by ``tests/leaflets/test_print_gate.py``):
a section fits :data:`SECTION_PAGES` pages (4 in large print). Each page's footer
says "Pagina N di M" (of this pack), the stage in words, the municipality, the
languages, the content version and the directory's date; a DEMO directory marks
every page. Nothing about the household is printed.
"""

from __future__ import annotations

import io
import re
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_date
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from app.leaflets.cards import LOCAL_KINDS, CardText, key_contacts, other_contacts
from app.leaflets.columns import ColumnFlow
from app.leaflets.content import Content
from app.leaflets.fit import fit_section
from app.leaflets.flowables import Boxed, CardGrid, Columns, FillLine, QrFlowable, RunIn, stack_height
from app.leaflets.fonts import Fonts
from app.leaflets.languages import MASTER, language
from app.leaflets.stage_contacts import stage_contacts
from app.leaflets.structure import BOX_KINDS
from app.leaflets.textflow import TextBlock
from app.leaflets.typeset import ACCENT, ACCENT_HEX, BOX_TINT, MUTED, Scale, latin_block, typesetter

if TYPE_CHECKING:
    from app.leaflets.pack import PackWarning

MARGIN = 12 * mm
FOOTER_H = 10 * mm
FRAME_W = A4[0] - 2 * MARGIN
FRAME_H = A4[1] - 2 * MARGIN - FOOTER_H
SECTION_PAGES = {False: 2, True: 4}   # pages per language section: normal, large print
COLUMN_GAP = 5 * mm
LOCAL_KIND_LABELS = {"social_services": "Servizi sociali", "housing_emergency": "Emergenza abitativa",
                     "housing_office": "Ufficio casa"}
DEMO_TEXT = "DEMO - NON DISTRIBUIRE"
FILL_IN = {"avviso_sloggio": "label.access_date", "accesso": "label.next_access_date"}


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
    warnings: list[PackWarning] = field(default_factory=list)
    web_url: str = ""                     # the site's address (directory.public_url, issue 19): when set, page 1
    #                                       of each section has a QR to its language's page (``site/urls.py``)

    @property
    def is_demo(self) -> bool:
        return any(r.is_demo for r in self.referents)


@dataclass
class PageInfo:
    """What the print gate checks on each page: which pack and section, how full, what ends it."""

    pack: int                 # index of the pack (copy) in the document
    section: str              # language code of the section
    page_in_pack: int = 0
    pages_in_pack: int = 0
    used: float = 0.0         # fraction of the text frame's height used
    last_tag: str = ""        # tag of the last flowable drawn ("heading" must never end a page)
    blank: bool = False       # the blank back page of a duplex batch


@dataclass
class SectionInfo:
    """How one language section was set: what the print gate and the bailiff's warnings need to know."""

    pack: int                 # index of the pack (copy) in the document
    section: str              # language code
    text_size: float          # the explanations' point size chosen (never below Scale.floor)
    fits: bool                # within its page budget
    over: float               # pages past the budget (0.3: a third of a page too long)


class _Marker(Flowable):
    """Zero-size flowable: the pages that follow belong to this pack and this section."""

    def __init__(self, doc: _PackDoc, spec: PackSpec | None, section: str, new_pack: bool,
                 fit: tuple[float, bool, float] = (0.0, True, 0.0)):
        super().__init__()
        self.doc_ref, self.spec, self.section, self.new_pack = doc, spec, section, new_pack
        self.fit = fit
        self.width = self.height = 0

    def wrap(self, *_):
        return 0, 0

    def draw(self) -> None:
        doc = self.doc_ref
        if self.new_pack:
            doc.pack_index += 1
        doc.current = self.spec
        doc.section = self.section
        doc.sections.append(SectionInfo(doc.pack_index, self.section, *self.fit))


class _StartOnOddPage(Flowable):
    """In a duplex job, a pack starting on the back of the previous one would be handed to the wrong household."""

    def wrap(self, *_):
        if self._doctemplateAttr("page") % 2 == 0:
            self._doctemplateAttr("frame").add_generated_content(PageBreak())
            self.canv._doctemplate.blank_page = True  # this page stays blank: no footer, not a page of the pack
        return 0, 0

    def draw(self) -> None:
        pass


class _PackCanvas(Canvas):
    """Keeps each page until the end, so that its footer can say "Pagina N di M" for its own pack."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[tuple[dict, tuple | None]] = []
        self.footer_for_page: tuple | None = None
        self.decorator = None

    def showPage(self):
        self._saved.append((dict(self.__dict__), self.footer_for_page))
        self.footer_for_page = None
        self._startPage()

    def save(self):
        totals: dict[int, int] = {}
        for _, footer in self._saved:
            if footer is not None:
                totals[footer[0]] = totals.get(footer[0], 0) + 1
        for state, footer in self._saved:
            self.__dict__.update(state)
            if footer is not None and self.decorator is not None:
                self.decorator(self, footer, totals[footer[0]])
            super().showPage()
        super().save()


class _PackDoc(BaseDocTemplate):
    def __init__(self, buffer, fonts: Fonts, title: str):
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + FOOTER_H, title=title, author="Raccordo", creator="Raccordo",
                         subject="Foglio informativo", invariant=True, pageCompression=0,
                         # our font from the first operator on: no unembedded Helvetica in the page resources
                         initialFontName=fonts.ensure("latin")[0], initialFontSize=10)
        self.fonts = fonts
        self.current: PackSpec | None = None
        self.section = ""
        self.pack_index = -1
        self.pack_page = 0
        self.blank_page = False
        self.pages: list[PageInfo] = []
        self.sections: list[SectionInfo] = []
        self._last_tag = ""
        frame = Frame(MARGIN, MARGIN + FOOTER_H, FRAME_W, FRAME_H, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._page_end)])

    def afterFlowable(self, flowable) -> None:
        if getattr(flowable, "width", 1) or getattr(flowable, "height", 1):
            self._last_tag = getattr(flowable, "tag", "") or type(flowable).__name__

    def _page_end(self, canvas, doc) -> None:
        frame = self.frame
        used = (frame._y1 + frame._height - frame._y) / frame._height if frame._height else 0
        spec = self.current
        if self.blank_page or spec is None:
            self.pages.append(PageInfo(self.pack_index, self.section, used=used, blank=True))
            self.blank_page = False
            canvas.footer_for_page = None
        else:
            self.pages.append(PageInfo(self.pack_index, self.section, used=used, last_tag=self._last_tag))
            canvas.footer_for_page = (self.pack_index, spec, len([p for p in self.pages
                                                                   if p.pack == self.pack_index and not p.blank]))
            if spec.is_demo:
                _demo_mark(canvas, self.fonts.ensure("latin")[1])
        self._last_tag = ""

    def build_pack(self, story: list[Flowable]) -> None:
        fonts = self.fonts

        def canvasmaker(*args, **kwargs):
            canvas = _PackCanvas(*args, **kwargs)
            canvas.decorator = lambda c, footer, total: _footer(c, fonts, footer, total)
            return canvas

        self.build(story, canvasmaker=canvasmaker)
        by_pack: dict[int, int] = {}
        for page in self.pages:
            if not page.blank:
                by_pack[page.pack] = by_pack.get(page.pack, 0) + 1
                page.page_in_pack = by_pack[page.pack]
        for page in self.pages:
            page.pages_in_pack = by_pack.get(page.pack, 0)


def directory_date(version: str) -> str:
    """"20261130T195558352980Z" -> "30 novembre 2026" (the directory's version is the time it last changed)."""
    match = re.match(r"(\d{4})(\d{2})(\d{2})T", version or "")
    if match:
        try:
            return format_date(date(*map(int, match.groups())), "long", locale="it")
        except ValueError:
            pass
    return version or "n.d."


def _footer(canvas, fonts: Fonts, footer: tuple, total: int) -> None:
    _, spec, page = footer
    regular, bold = fonts.ensure("latin")
    canvas.saveState()
    top = MARGIN + FOOTER_H - 3 * mm
    canvas.setStrokeColor(HexColor("#9aa5b1"))
    canvas.line(MARGIN, top, A4[0] - MARGIN, top)
    canvas.setFillColor(HexColor("#333333"))
    stage = spec.content.text(MASTER, f"{spec.stage}.title")[0]
    names = ", ".join(language(c).italian_name for c in (*spec.languages, MASTER))
    printed = format_date(spec.printed_on, "long", locale="it")
    canvas.setFont(bold, 10)
    canvas.drawRightString(A4[0] - MARGIN, top - 5 * mm, f"Pagina {page} di {total}")
    canvas.setFont(regular, 7.2)
    canvas.drawString(MARGIN, top - 4 * mm, _fit(f"{stage} · Comune di {spec.municipality} · Lingue: {names}",
                                                 regular, 7.2, FRAME_W - 32 * mm))
    canvas.drawString(MARGIN, top - 7.5 * mm, _fit(
        f"Versione dei testi {spec.content.version} · Elenco dei referenti del {directory_date(spec.directory_version)}"
        f" · Stampato il {printed}", regular, 7.2, FRAME_W - 32 * mm))
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Footer lines are one line each: a very long municipality or stage name is shortened with "…"."""
    if stringWidth(text, font, size) <= width:
        return text
    while len(text) > 10 and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _demo_mark(canvas, font: str) -> None:
    """Visible on every page, over the text: fictitious contacts must never reach a household."""
    canvas.saveState()
    canvas.setFillColor(HexColor("#c00000"))
    canvas.rect(0, A4[1] - 9 * mm, A4[0], 9 * mm, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(font, 13)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 6.3 * mm, f"{DEMO_TEXT} - contatti fittizi")
    canvas.setFillColor(HexColor("#c00000"))
    canvas.setFillAlpha(0.16)
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(55)
    canvas.setFont(font, 54)
    canvas.drawCentredString(0, 0, DEMO_TEXT)
    canvas.restoreState()


# --- one language section -----------------------------------------------------------------------------------------

def _title(spec: PackSpec, code: str, fonts: Fonts, scale: Scale) -> list[Flowable]:
    ts = typesetter(code, fonts, scale)
    content = spec.content
    lang = language(code)
    header = content.text(MASTER, "label.italian_version")[0] if code == MASTER else lang.native_name
    head = ts.block("para", f"{header} · {spec.municipality}", size=scale.small, bold=False, color=MUTED)
    head.spaceAfter = 2
    text, fell_back = content.paragraph(code, f"{spec.stage}.title", spec.municipality)
    title = (typesetter(MASTER, fonts, scale) if fell_back else ts).block("title", text)
    title.keepWithNext = False
    items: list[Flowable] = [head, title]
    if code != MASTER and not fell_back:  # the act's name as written on it, to match the paper in hand
        items.append(latin_block(content.text(MASTER, f"{spec.stage}.title")[0], fonts, scale.body * 1.05,
                                 bold=True, color=MUTED, space_after=scale.body * 0.3))
    if spec.web_url:  # issue 19: the web version's QR beside the title; nothing at all without a public URL
        from app.leaflets.site.urls import pack_link

        # the stage's contacts page of this municipality in this section's language: no household data in it
        url = pack_link(spec.web_url, code, spec.stage, spec.istat_code)
        said, fell_back = content.text(code, "label.web_qr")
        items.append((typesetter(MASTER, fonts, scale) if fell_back else ts).block(
            "para", said, size=scale.small, bold=False, color=MUTED))
        size = 24 * mm
        return [Columns([_stack(items), QrFlowable(url, size)], gap=4 * mm, rtl=lang.rtl, widths=(None, size))]
    return items


class _stack(Flowable):
    """Flowables one under the other as one flowable (the title block beside a QR code)."""

    def __init__(self, items: list[Flowable]):
        super().__init__()
        self.items = items

    def wrap(self, availWidth, availHeight):
        from app.leaflets.flowables import stack_height

        self.height, self._layout = stack_height(self.items, availWidth)
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        from app.leaflets.flowables import draw_stack

        draw_stack(self.canv, self._layout, 0, self.height)


class _CardsOrText(Flowable):
    """Large print, under page 1's action box: "Chi chiamare" and its cards (one a row), then the explanations.

    When not even the heading and the first card fit what is left of page 1, the cards would go to page 2 and leave
    page 1's foot empty (a quarter of the page with the accesso's long lists): the first whole paragraphs of the
    explanations fill it instead (a heading never last), and the cards open page 2, before the rest. Nothing is
    dropped or moved past page 2. It never draws itself: ``wrap`` always asks for a split (ReportLab's frame and
    ``fit.estimate`` both split it)."""

    def __init__(self, cards: list[Flowable], text: list[Flowable]):
        super().__init__()
        self.cards, self.text = list(cards), list(text)

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, availHeight + 1.0
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lead = [f for f in self.cards[:2]]   # the heading and the first card go together
        if stack_height(lead, availWidth)[0] <= availHeight + 0.01:
            return [*self.cards, *self.text]
        placed: list[Flowable] = []
        y = 0.0
        for f in self.text:
            before = f.getSpaceBefore() if placed else 0.0
            h = f.wrap(availWidth, availHeight)[1]
            if y + before + h > availHeight - 0.01:
                break
            placed.append(f)
            y += before + h + f.getSpaceAfter()
        while placed and getattr(placed[-1], "keepWithNext", False):
            placed.pop()
        rest = self.text[len(placed):]
        return [Spacer(1, 0), *placed, *self.cards, *rest]

    def draw(self) -> None:  # pragma: no cover - always split
        pass


def _fill_line(spec: PackSpec, code: str, fonts: Fonts, scale: Scale) -> list[Flowable]:
    """The line the bailiff fills in by hand: labelled in the household's language and in Italian."""
    key = FILL_IN.get(spec.stage)
    if key is None:
        return []
    ts = typesetter(code, fonts, scale)
    labels: list[Flowable] = []
    text, fell_back = spec.content.paragraph(code, key, spec.municipality)
    italian = spec.content.text(MASTER, key)[0]
    if code != MASTER and not fell_back:
        labels.append(ts.block("para", f"{text}:", size=scale.size("fill"), bold=True))
        labels.append(latin_block(f"{italian}:", fonts, scale.small, color=MUTED))
    else:
        labels.append(latin_block(f"{italian}:", fonts, scale.size("fill"), bold=True))
    note, note_italian = spec.content.paragraph(code, "label.bailiff_fills", spec.municipality)
    fill = FillLine(labels, height=scale.body * 2.4, rtl=ts.lang.rtl)
    return [Spacer(1, scale.body * 0.5), fill,
            (typesetter(MASTER, fonts, scale) if note_italian else ts).block("para", note, size=scale.small,
                                                                              color=MUTED)]


def _section(spec: PackSpec, code: str, fonts: Fonts, scale: Scale) -> tuple[list[Flowable], tuple]:
    """One language's section at the largest explanation size that fits its page budget (``fit.py``), never below
    ``scale.floor``; and (size, fits, pages over budget) for the print gate.

    Page 1 and the contact cards do not depend on that size: they are built once, only the explanations are
    set again at each size tried."""
    sizes = []
    size = scale.text
    while size >= scale.floor - 0.01:
        sizes.append(size)
        size -= 0.5
    sizes = sizes or [scale.text]
    budget = SECTION_PAGES[scale.large]
    fixed = _fixed_parts(spec, code, fonts, scale)
    fit = fit_section(lambda text, where: _section_story(spec, code, fonts, scale.with_text(text), fixed, where),
                      sizes, budget, FRAME_W, FRAME_H)
    for smaller in (0.5, 1.0):
        if fit.fits or scale.large:
            break
        # Still too long with the explanations at 9 pt: page 1 (action box, fill-in line, the two main contacts)
        # half a point smaller, then a point (10.5 -> 9.5 pt, phone numbers 12.4 pt), before a third page.
        tighter = replace(scale, body=scale.body - smaller)
        tight_fixed = _fixed_parts(spec, code, fonts, tighter)
        second = fit_section(lambda text, where, s=tighter, f=tight_fixed: _section_story(spec, code, fonts,
                                                                                          s.with_text(text), f, where),
                             sizes[-1:], budget, FRAME_W, FRAME_H)
        if second.fits or second.over(budget) < fit.over(budget):
            fit = second
    return fit.story, (fit.size, fit.fits, round(fit.over(budget), 2))


def _fixed_parts(spec: PackSpec, code: str, fonts: Fonts, scale: Scale) -> dict[str, list[Flowable]]:
    """Title, action box, fill-in line and "Chi chiamare" (page 1), and the other contacts."""
    ts, italian = typesetter(code, fonts, scale), typesetter(MASTER, fonts, scale)
    content = spec.content
    text = CardText(content, code, spec.municipality, ts, scale)
    box: list[Flowable] = []
    steps = 0
    for block in content.blocks(spec.stage):
        if block.kind not in BOX_KINDS:
            continue
        value, fell_back = content.paragraph(code, block.key, spec.municipality)
        if block.kind == "step":
            steps += 1
        box.append((italian if fell_back else ts).block(block.kind, value,
                                                        number=steps if block.kind == "step" else None))
    rule = stage_contacts(content.structure, spec.stage)
    cards, shown = key_contacts(text, rule.first, spec.referents, FRAME_W, gap=COLUMN_GAP)
    heads: list[Flowable] = []
    if not scale.large and isinstance(cards[-1], Columns) and len(cards[-1].items) == 2:
        # at normal size the two cards head the explanations' two columns: each column's text starts right under
        # its card, with no hole under the shorter one (``ColumnFlow`` heads)
        heads = cards.pop().items
        for head in heads:
            head.spaceAfter = scale.body * 0.9
        # "Chi chiamare" is followed by the flow, whose first part always holds both cards (it does not split
        # without them): kept with next, ReportLab would move it and the whole flow, taller than a page, to page 2
        cards[-1].keepWithNext = False
    # The directory's code only without the site's: page 1's code (``_title``) opens this municipality's updated
    # contacts on the same site, so a second code to its front page would be a second way to the same cards.
    qr = [(spec.municipality_url, "label.qr_municipality"),
          ("" if spec.web_url else spec.directory_url, "label.qr_directory")]
    page_one = [*_title(spec, code, fonts, scale),
                Boxed(box, padding=scale.body * 0.6, border=ACCENT, background=BOX_TINT),
                *_fill_line(spec, code, fonts, scale), *cards]
    key = cards if scale.large else []    # large print: page 1's cards, placed by ``_CardsOrText``
    # at normal size the other cards flow in the explanations' two columns: built for that column's width
    others = other_contacts(text, spec.referents, shown, FRAME_W, qr, listed_kinds=rule.also,
                            gap=COLUMN_GAP)
    # Large print: the QR codes' card again, as its own flowables, for the head of the glossary's columns (half a
    # page wide): the cards of ``others`` are wrapped across the page, and flowables wrapped at two widths would
    # draw the last one's lines
    beside: list[Flowable] = []
    if scale.large and others and isinstance(others[-1], CardGrid):
        again = other_contacts(text, spec.referents, shown, FRAME_W, qr, listed_kinds=rule.also, gap=COLUMN_GAP)
        last = again[-1].cards[-1] if again and isinstance(again[-1], CardGrid) else None
        if last is not None and getattr(last, "tag", "") == "qr":
            last.spaceBefore = others[-1].gap
            beside = [last]
    return {"page_one": page_one, "others": others, "heads": heads, "key": key, "qr_beside": beside}


def _section_story(spec: PackSpec, code: str, fonts: Fonts, scale: Scale, fixed: dict[str, list[Flowable]],
                   break_before: str | None) -> list[Flowable]:
    """Page 1, then the explanations (two columns at normal size: lines of about 60 characters), the other
    contacts, and the glossary with the legal basis (two columns)."""
    ts, italian = typesetter(code, fonts, scale), typesetter(MASTER, fonts, scale)
    content = spec.content
    story: list[Flowable] = list(fixed["page_one"])
    layers: list[Flowable] = []
    terms: list[Flowable] = []     # the glossary
    law: list[Flowable] = []       # the legal basis
    current_layer = ""
    for block in content.blocks(spec.stage):
        if block.kind == "title" or block.kind in BOX_KINDS:
            continue
        value, fell_back = content.paragraph(code, block.key, spec.municipality)
        setter = italian if fell_back else ts
        if block.kind == "heading":
            current_layer = block.key
        target = {"common.h_terms": terms, "common.h_law": law}.get(current_layer, layers)
        if block.kind == "term":
            term = content.structure.term(block.key)
            target.append(_term(term.term if term else block.key, value, setter, fonts, scale))
        else:
            target.append(setter.block(block.kind, value))
    rtl = ts.lang.rtl
    if scale.large:  # 13.5 pt: a column across the page already holds about 75 characters
        key = fixed["key"]
        if key:  # the key cards where they fit on page 1; if they cannot, the explanations start there instead
            story = story[:-len(key)]
            story.append(_CardsOrText(key, layers))
        else:
            story.extend(layers)
        # the other contacts (already two cards a row) and the glossary flow down two columns as one text, as at
        # normal size: a card too tall for the foot of a page no longer leaves a third of it empty
        flow = [f for grid in fixed["others"] for f in _flowing_cards(grid, scale)]
        # the QR codes' card, last of the set, half a page wide at the head of the glossary's columns: the words
        # start beside it rather than under a row with the right half empty (not across a page break of ours)
        beside: list[Flowable] = []
        if break_before != "terms" and fixed["qr_beside"] and len(flow) > 2 and getattr(flow[-1], "tag", "") == "qr":
            flow.pop()
            beside = list(fixed["qr_beside"])
        for f in flow:  # one card under the other: a gap as between the key cards, not as between columns
            if getattr(f, "card_set", None) is not None:
                f.spaceBefore = min(f.spaceBefore, 3 * mm)
        if flow:  # one card a row across the page (``cards.other_contacts``)
            story.append(ColumnFlow(flow, columns=1, gap=COLUMN_GAP, rtl=rtl, tag="layers"))
        if break_before == "terms":
            story.append(PageBreak())
        story.append(ColumnFlow(beside + terms + law, gap=COLUMN_GAP, rtl=rtl, tag="terms"))
        return story
    # Normal size: explanations, other contacts and glossary flow down two columns as one text, so that no hole is
    # left beside a shorter card or under a shorter column (a section is a fifth of a page shorter than when each
    # part started below the previous one). Cards still never split, and a card set continued on the next page
    # repeats its heading (``ColumnFlow``).
    flow = [*layers, *(f for grid in fixed["others"] for f in _flowing_cards(grid, scale))]
    heads = fixed["heads"]
    if break_before == "terms":
        story.append(ColumnFlow(flow, gap=COLUMN_GAP, rtl=rtl, tag="layers", heads=heads))
        story.append(PageBreak())
        flow, heads = [], []
    flow.extend(terms + law)
    story.append(ColumnFlow(flow, gap=COLUMN_GAP, rtl=rtl, tag="layers", heads=heads))
    return story


def _flowing_cards(grid: Flowable, scale: Scale) -> list[Flowable]:
    """The other contacts' heading and cards, one under the other in a column of the flow; each card knows its set
    (the cards of a set may change places to fill a column) and the heading to repeat when the set goes on on a new
    page."""
    if not isinstance(grid, CardGrid):
        return [grid]
    heading = [copy(f) for f in grid.heading]
    card_set = id(grid)
    for f in heading:
        f.heads_set = card_set
    if heading:
        heading[0].spaceBefore = max(heading[0].getSpaceBefore(), scale.text * 0.6)
    cards = []
    for card in grid.cards:
        card = copy(card)
        card.spaceBefore = grid.gap
        card.card_set, card.continues = card_set, grid.continued
        cards.append(card)
    return [*heading, *cards]


def _term(term: str, explanation: str, setter, fonts: Fonts, scale: Scale) -> Flowable:
    """A glossary line: the Italian word (the one heard at an office) in bold, then its explanation."""
    size = scale.size("term")
    word = TextBlock(term, setter.latin_style(size, bold=True, color=ACCENT_HEX))
    if setter.lang.rtl:
        word = TextBlock(term, setter.style(size, bold=True, color=ACCENT_HEX))
    explanation = setter.block("term", explanation)
    # large print: the words' own size already sets them apart; a smaller gap keeps the glossary within 4 pages
    return RunIn(word, explanation.text, explanation.style, gap=size * 0.6,
                 space_after=size * (0.15 if scale.large else 0.25))


def pack_story(doc: _PackDoc, spec: PackSpec) -> list[Flowable]:
    scale = Scale.of(spec.large_print)
    fonts = doc.fonts
    story: list[Flowable] = []
    sections = (*spec.languages, MASTER)
    for i, code in enumerate(sections):
        if i:
            story.append(PageBreak())
        flowables, fit = _section(spec, code, fonts, scale)
        story.append(_Marker(doc, spec, code, new_pack=i == 0, fit=fit))
        story.extend(flowables)
    return story


@dataclass
class Rendered:
    pdf: bytes
    pages: list[PageInfo]
    sections: list[SectionInfo] = field(default_factory=list)


def render_document(specs: list[PackSpec], fonts: Fonts, *, duplex: bool = False) -> Rendered:
    """One PDF with every pack (each copy starting on a new page, on an odd one when ``duplex``), and what the
    print gate needs to know about each page."""
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
    doc.build_pack(story)
    return Rendered(buffer.getvalue(), doc.pages, doc.sections)


def render_packs(specs: list[PackSpec], fonts: Fonts, *, duplex: bool = False) -> bytes:
    """One PDF with every pack (each copy starting on a new page, on an odd one when ``duplex``)."""
    return render_document(specs, fonts, duplex=duplex).pdf


from app.leaflets.language_card import render_language_card  # noqa: E402  (re-exported for pack.py)

__all__ = ["DEMO_TEXT", "LOCAL_KINDS", "LOCAL_KIND_LABELS", "SECTION_PAGES", "PackSpec", "PageInfo", "Rendered",
           "SectionInfo",
           "render_document", "render_language_card", "render_packs"]
