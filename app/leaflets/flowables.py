"""Paragraphs for every script: ReportLab markup with per-word fonts (LTR, CJK) and our own RTL paragraph.

One rule drives both: every run of text is set in a font that has its glyphs,
so nothing prints as an empty box. For left-to-right scripts that is done with
``<font face=...>`` markup, choosing one font per word, because ReportLab
shapes a word with its first font (a word split between two fonts is shaped
wrongly). Arabic and Urdu use :class:`RtlParagraph`, which breaks lines in
logical order and draws each line in visual order (see ``bidi.py``).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape as _escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus import Flowable

from app.leaflets.bidi import LTR, NEUTRAL, RTL, Run, assign_fonts, split_runs, visual_order


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` for ReportLab's paragraph markup. The standard library's ``html.escape``, not
    ``xml.sax.saxutils.escape`` (the same three), which imports urllib.request and http.client into every pack."""
    return _escape(text, quote=False)


@lru_cache(maxsize=16384)
def covers(font: str, ch: str) -> bool:
    if ch in " \u00a0":
        return True
    return ord(ch) in pdfmetrics.getFont(font).face.charToGlyph


def _font_for(word: str, chain: tuple[str, ...]) -> str | None:
    for font in chain:
        if all(covers(font, ch) for ch in word):
            return font
    return None


@lru_cache(maxsize=8192)
def ltr_markup(text: str, chain: tuple[str, ...]) -> str:
    """Markup for an LTR paragraph: each word in the first font of ``chain`` that covers all of it."""
    base = chain[0]
    parts: list[str] = []
    for word in text.split(" "):
        font = _font_for(word, chain)
        if font is None:  # mixed word (rare): split by character, accepting imperfect shaping over boxes
            parts.append("".join(_char_runs(word, chain)))
        elif font == base:
            parts.append(escape(word))
        else:
            parts.append(f'<font face="{font}">{escape(word)}</font>')
    return " ".join(parts)


def _char_runs(text: str, chain: tuple[str, ...]) -> list[str]:
    out: list[tuple[str, str]] = []
    for ch in text:
        font = next((f for f in chain if covers(f, ch)), chain[0])
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return [escape(s) if f == chain[0] else f'<font face="{f}">{escape(s)}</font>' for f, s in out]


@lru_cache(maxsize=4096)
def cjk_markup(text: str, cjk_font: str, latin_font: str) -> str:
    """Chinese: Latin letters, digits and ASCII punctuation in the Latin font (Droid's are missing), the rest CJK."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        latin = ord(ch) < 0x2E80 and covers(latin_font, ch)
        font = latin_font if latin or not covers(cjk_font, ch) else cjk_font
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return "".join(escape(s) if f == cjk_font else f'<font face="{f}">{escape(s)}</font>' for f, s in runs)


@lru_cache(maxsize=32768)
def shaped(text: str, font: str, size: float):
    """HarfBuzz-shaped text (cached: the same words recur in every pack of a batch)."""
    return shapeStr(text, font, size)


@lru_cache(maxsize=32768)
def _text_width(text: str, font: str, size: float, shape: bool) -> float:
    return pdfmetrics.stringWidth(shaped(text, font, size) if shape else text, font, size)


def _width(run: Run, size: float, shaped_font: str) -> float:
    return _text_width(run.text, run.font, size, run.font == shaped_font and run.direction != LTR)


@lru_cache(maxsize=4096)
def _prepared_words(text: str, font: str, latin_font: str, size: float) -> tuple[tuple[tuple[Run, ...], float], ...]:
    """Runs and width of each word (cached: a batch prints the same paragraphs many times; runs are never mutated)."""
    words = []
    for word in text.split():
        runs = tuple(assign_fonts(split_runs(word), font, latin_font, covers))
        words.append((runs, sum(_width(r, size, font) for r in runs)))
    return tuple(words)


def _merged(pairs: list[tuple[Run, int]], rtl_font: str) -> list[tuple[Run, int]]:
    """Join neighbouring right-to-left runs in the Arabic font into one run that HarfBuzz shapes at once.

    Visual order is reversed within such a stretch, so the joined text is put back in logical order. Fewer,
    longer runs draw 5x faster than a text run per word and space, and kern across word boundaries.
    """
    out: list[tuple[Run, int]] = []
    for run, level in pairs:
        joinable = level == 1 and run.font == rtl_font and run.direction != LTR
        if joinable and out and out[-1][1] == 1 and out[-1][0].font == rtl_font and out[-1][0].direction == RTL:
            previous = out[-1][0]
            out[-1] = (Run(run.text + previous.text, RTL, rtl_font), 1)
        elif joinable:
            out.append((Run(run.text, RTL, rtl_font), 1))
        else:
            out.append((run, level))
    return out


class RtlParagraph(Flowable):
    """A right-aligned, right-to-left paragraph with Latin runs kept in reading order."""

    def __init__(self, text: str, *, font: str, latin_font: str, size: float, leading: float,
                 bullet: str | None = None, indent: float = 0, space_after: float = 0, color=None,
                 _lines: list | None = None):
        super().__init__()
        self.text = text
        self.font, self.latin_font = font, latin_font
        self.size, self.leading = size, leading
        self.bullet, self.indent = bullet, indent
        self.spaceAfter = space_after
        self.color = color
        self._lines = _lines
        self._words = None if _lines is not None else self._prepare()

    def _prepare(self) -> tuple[tuple[tuple[Run, ...], float], ...]:
        return _prepared_words(self.text, self.font, self.latin_font, self.size)

    def _break(self, width: float) -> list[list[Run]]:
        space = pdfmetrics.stringWidth(" ", self.latin_font, self.size)
        lines: list[list[Run]] = []
        current: list[Run] = []
        used = 0.0
        for runs, w in self._words or []:
            if current and used + space + w > width:
                lines.append(current)
                current, used = [], 0.0
            if current:
                current.append(Run(" ", NEUTRAL, self.font))
                used += space
            current.extend(runs)
            used += w
        if current:
            lines.append(current)
        return lines

    def wrap(self, availWidth, availHeight):
        self.avail = availWidth
        if self._lines is None:
            self._lines = self._break(availWidth - self.indent)
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        common = dict(font=self.font, latin_font=self.latin_font, size=self.size, leading=self.leading,
                      indent=self.indent, color=self.color)
        return [RtlParagraph(self.text, bullet=self.bullet, _lines=self._lines[:fit], **common),
                RtlParagraph(self.text, bullet=None, space_after=self.spaceAfter, _lines=self._lines[fit:], **common)]

    def draw(self) -> None:
        canvas = self.canv
        if self.color is not None:
            canvas.setFillColor(self.color)
        right = self.width - self.indent
        y = self.height - self.size * 1.05
        for number, line in enumerate(self._lines or []):
            if number == 0 and self.bullet:
                canvas.setFont(self.latin_font, self.size)
                canvas.drawRightString(self.width, y, self.bullet)
            widths = [(run, level, _width(run, self.size, self.font)) for run, level in _merged(visual_order(line),
                                                                                             self.font)]
            x = right - sum(w for _, _, w in widths)
            text_object = canvas.beginText()  # one text object per line: a text object per run is 3x slower
            for run, level, w in widths:
                text_object.setFont(run.font, self.size)
                text_object.setTextOrigin(x, y)
                text = run.visual_text(level)
                if run.font == self.font and run.direction != LTR:
                    text = shaped(text, run.font, self.size)
                text_object._textOut(text, 0)
                x += w
            canvas.drawText(text_object)
            y -= self.leading




class Boxed(Flowable):
    """A framed, tinted group of flowables (the "Cosa fare adesso" box), kept whole on one page.

    Its children wrap to the inner width; their space before and after is kept between them, not at the edges.
    """

    def __init__(self, content: list[Flowable], *, padding: float, border, background, border_width: float = 1.4):
        super().__init__()
        self.content = content
        self.padding = padding
        self.border, self.background, self.border_width = border, background, border_width
        self._layout: list[tuple[Flowable, float, float]] = []

    def wrap(self, availWidth, availHeight):
        inner = availWidth - 2 * self.padding
        self._layout = []
        total = 0.0
        last = len(self.content) - 1
        for i, flowable in enumerate(self.content):
            height = flowable.wrap(inner, 10_000)[1]
            before = flowable.getSpaceBefore() if i else 0
            after = flowable.getSpaceAfter() if i < last else 0
            self._layout.append((flowable, height, before))
            total += before + height + after
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
        y = self.height - self.padding
        for flowable, height, before in self._layout:
            y -= before + height
            flowable.drawOn(canvas, self.padding, y)
            y -= flowable.getSpaceAfter()


__all__ = ["LTR", "RTL", "Boxed", "RtlParagraph", "cjk_markup", "covers", "ltr_markup"]
