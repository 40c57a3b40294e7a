"""Page furniture of a pack: the action box, label/value pairs, contact cards and card sets, the fill-in line.

Every piece of text inside them is a :class:`~app.leaflets.textflow.TextBlock`, so
the same font, bidi and line-breaking rules hold in a card as in the body text.
Cards are never split between pages; a card set split between pages repeats
its heading on the next one ("continua").
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor, black
from reportlab.platypus import Flowable

from app.caches import memo
from app.leaflets.textflow import TextBlock

RULE = HexColor("#9aa5b1")


def stack_height(items: Sequence[Flowable], width: float) -> tuple[float, list[tuple[Flowable, float, float]]]:
    """Wrap children one under the other; space before/after kept between them, not at the edges."""
    layout: list[tuple[Flowable, float, float]] = []
    total = 0.0
    last = len(items) - 1
    for i, flowable in enumerate(items):
        height = flowable.wrap(width, 100_000)[1]
        before = flowable.getSpaceBefore() if i else 0
        after = flowable.getSpaceAfter() if i < last else 0
        layout.append((flowable, height, before))
        total += before + height + after
    return total, layout


def draw_stack(canvas, layout: list[tuple[Flowable, float, float]], x: float, top: float) -> None:
    y = top
    for flowable, height, before in layout:
        y -= before + height
        flowable.drawOn(canvas, x, y)
        y -= flowable.getSpaceAfter()


class Boxed(Flowable):
    """A framed, tinted group of flowables (the "Cosa fare adesso" box), kept whole on one page."""

    def __init__(self, content: list[Flowable], *, padding: float, border, background, border_width: float = 1.4,
                 tag: str = "box"):
        super().__init__()
        self.content = content
        self.padding = padding
        self.border, self.background, self.border_width = border, background, border_width
        self.tag = tag
        self._layout: list[tuple[Flowable, float, float]] = []

    def wrap(self, availWidth, availHeight):
        total, self._layout = stack_height(self.content, availWidth - 2 * self.padding)
        self.width = availWidth
        self.height = total + 2 * self.padding
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.background)
        canvas.setStrokeColor(self.border)
        canvas.setLineWidth(self.border_width)
        canvas.roundRect(0, 0, self.width, self.height, radius=4, stroke=1, fill=1)
        canvas.restoreState()
        draw_stack(canvas, self._layout, self.padding, self.height - self.padding)


def baseline(style) -> float:
    """Distance from the top of a text block of ``style`` to its first baseline (as TextBlock.draw places it)."""
    return (style.leading - style.size) / 2 + style.size * 0.8


def _baseline(block: Flowable) -> float:
    style = getattr(block, "style", None)
    return baseline(style) if style is not None else 0.0


class Pair(Flowable):
    """A label and its value: side by side (label on the reading start side), or stacked in large print."""

    def __init__(self, label: TextBlock | None, value: TextBlock, *, label_width: float, rtl: bool,
                 stacked: bool = False, gap: float = 4, space_after: float = 0):
        super().__init__()
        self.label, self.value = label, value
        self.label_width, self.rtl, self.stacked, self.gap = label_width, rtl, stacked, gap
        self.spaceAfter = space_after

    def wrap(self, availWidth, availHeight):
        if getattr(self, "_wrapped_at", None) == availWidth:
            return self.width, self.height
        self._wrapped_at = availWidth
        self.width = availWidth
        if self.label is None:
            self.height = self.value.wrap(availWidth, availHeight)[1]
        elif self.stacked:
            self.height = self.label.wrap(availWidth, availHeight)[1] + self.value.wrap(availWidth, availHeight)[1]
        else:
            lw = min(self.label_width, availWidth * 0.45)
            self._lw = lw
            label_h = self.label.wrap(lw, availHeight)[1]
            value_h = self.value.wrap(availWidth - lw - self.gap, availHeight)[1]
            # the label's first line on the value's first baseline (a phone number is set larger than its label)
            self._drop = max(0.0, _baseline(self.value) - _baseline(self.label))
            self.height = max(label_h + self._drop, value_h)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.label is None:
            self.value.drawOn(canvas, 0, 0)
            return
        if self.stacked:
            self.value.drawOn(canvas, 0, 0)
            self.label.drawOn(canvas, 0, self.value.height)
            return
        lw = self._lw
        value_x = 0 if self.rtl else lw + self.gap
        label_x = self.width - lw if self.rtl else 0
        self.label.drawOn(canvas, label_x, self.height - self.label.height - self._drop)
        self.value.drawOn(canvas, value_x, self.height - self.value.height)


class Card(Flowable):
    """One contact card: a coloured bar on the reading start side (whose colour says who offers the service),
    then its lines. Never split: a card that does not fit moves to the next page whole."""

    PADDING = 4.5
    height_by_width = True   # its height depends on the width it is given, never on the height (``columns.py``)

    def __init__(self, content: list[Flowable], *, bar, rtl: bool, background=None, padding: float = PADDING,
                 tag: str = "card"):
        super().__init__()
        self.content, self.bar, self.rtl = content, bar, rtl
        self.background = background
        self.padding = padding
        self.tag = tag
        self._layout: list[tuple[Flowable, float, float]] = []

    BAR = 3.2

    def wrap(self, availWidth, availHeight):
        if getattr(self, "_wrapped_at", None) != availWidth:  # a card's content never changes: wrap it once
            inner = availWidth - 2 * self.padding - self.BAR
            total, self._layout = stack_height(self.content, inner)
            self.width = availWidth
            self.height = total + 2 * self.padding
            self._wrapped_at = availWidth
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        if self.background is not None:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        canvas.setFillColor(self.bar)
        canvas.rect(self.width - self.BAR if self.rtl else 0, 0, self.BAR, self.height, stroke=0, fill=1)
        canvas.restoreState()
        x = self.padding if self.rtl else self.padding + self.BAR
        draw_stack(canvas, self._layout, x, self.height - self.padding)


class CardGrid(Flowable):
    """Cards in ``columns`` columns under a heading; splits between cards, never inside one, repeating the
    heading ("continua") on the next page.

    As a grid (the language card's cells), cards are placed in rows, in reading order: left to right, or right to
    left for Arabic and Urdu. As a ``masonry`` (the contact cards), each card goes under the shortest column so
    far: cards of different heights leave no hole beside the shorter one (a page of four contact cards is a fifth
    shorter), and the first cards still head the columns in reading order.
    """

    def __init__(self, heading: list[Flowable], cards: list[Flowable], *, columns: int, gap: float, rtl: bool,
                 continued: list[Flowable] | None = None, tag: str = "cards", masonry: bool = False):
        super().__init__()
        self.heading, self.cards = heading, cards
        self.columns, self.gap, self.rtl = columns, gap, rtl
        self.continued = continued if continued is not None else heading
        self.tag = tag
        self.masonry = masonry
        self._slots: list[tuple[Flowable, int, float, float]] = []   # card, column, top offset, height
        self._heading_layout: list[tuple[Flowable, float, float]] = []
        self._heading_h = 0.0
        self._body_h = 0.0

    @property
    def _row_gap(self) -> float:
        return self.gap if self.heading else self.gap * 0.25

    def _measure(self, width: float) -> None:
        if getattr(self, "_measured_at", None) == width:
            return
        self._measured_at = width
        self._heading_h, self._heading_layout = stack_height(self.heading, width)
        column = (width - self.gap * (self.columns - 1)) / self.columns
        self._column = column
        heights = [card.wrap(column, 100_000)[1] for card in self.cards]
        self._slots = []
        if self.masonry:
            tops = [0.0] * self.columns
            for card, height in zip(self.cards, heights, strict=True):
                index = min(range(self.columns), key=lambda c: (tops[c], c))
                top = tops[index] + (self._row_gap if tops[index] else 0.0)
                self._slots.append((card, index, top, height))
                tops[index] = top + height
            self._body_h = max(tops, default=0.0)
            return
        top = 0.0
        for start in range(0, len(self.cards), self.columns):
            row = list(zip(self.cards[start:start + self.columns], heights[start:start + self.columns], strict=True))
            if start:
                top += self._row_gap
            self._slots.extend((card, i, top, h) for i, (card, h) in enumerate(row))
            top += max(h for _, h in row)
        self._body_h = top

    def wrap(self, availWidth, availHeight):
        self._measure(availWidth)
        self.width = availWidth
        self.height = self._heading_h + (self.gap if self.heading else 0) + self._body_h
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self._measure(availWidth)
        room = availHeight - self._heading_h - (self.gap if self.heading else 0)
        # the cards that fit, in order: a card that does not fit ends this part (the ones after it follow it)
        fit = 0
        for _, _, top, height in self._slots:
            if top + height > room + 0.01:
                break
            fit += 1
        if not self.masonry:
            fit -= fit % self.columns  # a grid breaks between rows
        if fit == 0 or fit == len(self.cards):
            return []
        common = dict(columns=self.columns, gap=self.gap, rtl=self.rtl, tag=self.tag, masonry=self.masonry)
        return [CardGrid(self.heading, self.cards[:fit], continued=self.continued, **common),
                CardGrid(self.continued, self.cards[fit:], continued=self.continued, **common)]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        draw_stack(canvas, self._heading_layout, 0, top)
        y = top - self._heading_h - (self.gap if self.heading else 0)
        for card, index, offset, height in self._slots:
            slot = self.columns - 1 - index if self.rtl else index
            card.drawOn(canvas, slot * (self._column + self.gap), y - offset - height)


class RunIn(Flowable):
    """A glossary entry: the word in bold at the start of the first line, its explanation running on after it
    and under it (half the height of the word in a column of its own, beside a narrower explanation). Kept whole.
    A word too long for a third of the line has the first line to itself."""

    height_by_width = True   # its height depends on the width it is given, never on the height (``columns.py``)

    def __init__(self, word: TextBlock, explanation_text: str, explanation_style, *, gap: float, space_after: float,
                 tag: str = "term"):
        super().__init__()
        self.word = word
        self.gap = gap
        self.explanation_text, self.explanation_style = explanation_text, explanation_style
        self.spaceAfter = space_after
        self.tag = tag
        self._for: float | None = None

    def wrap(self, availWidth, availHeight):
        if self._for != availWidth:
            from app.leaflets.textflow import text_width

            word_w = text_width(self.word.text, self.word.style)
            inset = word_w + self.gap if word_w <= availWidth / 3 else availWidth  # too long: a line of its own
            self.explanation = TextBlock(self.explanation_text, self.explanation_style, first_indent=inset)
            self.explanation.wrap(availWidth, 100_000)
            self.word.wrap(availWidth, 100_000)
            self._for = availWidth
        self.width = availWidth
        self.height = self.explanation.height
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self) -> None:
        self.explanation.drawOn(self.canv, 0, 0)
        # the word's baseline on the explanation's first baseline
        lead, word_lead = self.explanation.style.leading, self.word.style.leading
        self.word.drawOn(self.canv, 0, self.height - word_lead - (lead - word_lead) / 2)


class FillLine(Flowable):
    """A line for the bailiff to write on by hand ("Data e ora dell'accesso: ______"), labels above it."""

    def __init__(self, labels: list[Flowable], *, height: float = 22, rtl: bool = False, tag: str = "fill"):
        super().__init__()
        self.labels, self.line_height, self.rtl, self.tag = labels, height, rtl, tag
        self._layout: list[tuple[Flowable, float, float]] = []

    def wrap(self, availWidth, availHeight):
        total, self._layout = stack_height(self.labels, availWidth)
        self.width = availWidth
        self.height = total + self.line_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        draw_stack(canvas, self._layout, 0, self.height)
        canvas.saveState()
        canvas.setStrokeColor(black)
        canvas.setLineWidth(0.8)
        canvas.setDash(1.2, 2.4)
        canvas.line(0, 3, self.width, 3)
        canvas.restoreState()


class Columns(Flowable):
    """Flowables side by side (the two main contacts on page 1), in reading order; kept whole."""

    def __init__(self, items: list[Flowable], *, gap: float, rtl: bool, tag: str = "columns",
                 widths: tuple[float | None, ...] | None = None):
        super().__init__()
        self.items, self.gap, self.rtl, self.tag = items, gap, rtl, tag
        self.widths = widths  # fixed width per item, None for an equal share of what is left

    def wrap(self, availWidth, availHeight):
        n = max(1, len(self.items))
        fixed = [w for w in (self.widths or ()) if w is not None]
        free = (availWidth - self.gap * (n - 1) - sum(fixed)) / max(1, n - len(fixed))
        self._columns = [w if w is not None else free for w in (self.widths or (None,) * n)]
        self._heights = [f.wrap(w, 100_000)[1] for f, w in zip(self.items, self._columns, strict=True)]
        self.width = availWidth
        self.height = max(self._heights, default=0)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return []

    def draw(self) -> None:
        order = list(range(len(self.items)))
        x = 0.0
        for i in (order[::-1] if self.rtl else order):
            self.items[i].drawOn(self.canv, x, self.height - self._heights[i])
            x += self._columns[i] + self.gap


@memo(64)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


QUIET = 4  # modules of white around the code, as ISO/IEC 18004 asks: phone cameras find it beside printed text


class QrFlowable(Flowable):
    """A QR code drawn as one filled path (the graphics widget builds a shape per module: 10x slower)."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self) -> None:
        modules = qr_modules(self.url)
        count = len(modules)
        box = self.width / (count + 2 * QUIET)
        path = self.canv.beginPath()
        for r, row in enumerate(modules):
            c = 0
            while c < count:
                if row[c]:
                    start = c
                    while c < count and row[c]:
                        c += 1
                    path.rect((start + QUIET) * box, self.height - (r + QUIET + 1) * box, (c - start) * box, box)
                else:
                    c += 1
        self.canv.setFillColor(black)
        self.canv.drawPath(path, stroke=0, fill=1)


__all__ = ["Boxed", "Card", "CardGrid", "Columns", "FillLine", "Pair", "QrFlowable", "baseline", "draw_stack",
           "qr_modules",
           "stack_height"]
