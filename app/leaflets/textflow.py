"""One text engine for every script: font per character cluster, bidi levels, line breaking, drawing.

ReportLab's ``Paragraph`` shapes a word with the font of its first character, so a
word that mixes scripts ("territoriale-এর", "Milano-க்கும்") was shaped in the wrong
font and printed missing-glyph boxes; its right-to-left support needs ``rlbidi``,
which we cannot install. This module does what a typesetter does, in this order:

1. *clusters* (``fontruns.py``): a base character and the marks, joiners and variation selectors
   that follow it are one cluster and always share a font;
2. *fonts*: a letter cluster takes the first font of the language's chain that
   has all its glyphs (Latin, Greek and Cyrillic letters prefer the Latin font);
   punctuation, digits and symbols take the font of the letters before them, else
   after them, when that font has the glyph;
3. *levels*: the embedding level of each character from the Unicode Bidirectional
   Algorithm (``bidi.py``), for the whole paragraph;
4. *runs*: maximal stretches of one font and one level; runs in a complex script
   (Arabic, Bengali, Sinhala, Tamil) are shaped by HarfBuzz, each in its own font;
5. *lines*: break at spaces and zero-width spaces (U+200B, which the contact
   cards put after "@", "." and "/"), never at a no-break space (phone numbers);
   in Chinese also between characters, with the basic kinsoku rules; a unit wider
   than the line is cut between clusters as a last resort;
6. *drawing*: each line reordered by rule L2, right-aligned when the paragraph is
   right to left; one text object per paragraph, the font written when it changes.

Every run is checked against its font's character map when it is built; a
character no font can draw is reported to :func:`glyph_audit` (the print gate).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus import Flowable

from app.caches import memo
from app.leaflets.bidi import embedding_levels, has_rtl, mirrored, reorder
from app.leaflets.fontruns import NBSP, ZWSP, assign_fonts, clusters, covers

__all__ = ["NBSP", "ZWSP", "Style", "TextBlock", "assign_fonts", "block_height", "clusters", "covers", "glyph_audit",
           "layout",
           "prepare", "text_width"]

LRM = "\u200e"
# format characters, never drawn: zero-width space, marks, isolates (LRI RLI FSI PDI), word joiner, BOM
_INVISIBLE = str.maketrans("", "", "\u200b\u200e\u200f\u2066\u2067\u2068\u2069\u2060\ufeff")
# Right-to-left text: a short bracketed Latin run, "(intimazione di sfratto)", stays on one line. Broken, its two
# halves land at opposite ends of two lines with a lone mirrored bracket each (review m5). Longer than this, it may
# break (the longest in the catalogs is a title's "(preavviso di rilascio / avviso di sloggio)", 41 characters).
KEEP_BRACKETED = 42
_BRACKETED = re.compile(rf"\(([^()]{{1,{KEEP_BRACKETED}}})\)")
_SPACES = re.compile(r"[ \t\r\n]+")
# Kinsoku (basic rules for Simplified Chinese): never at the start of a line / never at the end of one.
NO_LINE_START = frozenset("，。；：！？、）」』】》〉〕〗〙〛﹚﹜｝］’”…‥—～·・％‰℃,.;:!?)]}%")
NO_LINE_END = frozenset("（「『【《〈〔〖〘〚“‘([{$£¥￥")
# Fonts whose scripts need HarfBuzz (conjuncts, vowel signs, Arabic joining); set by fonts.py at registration.
COMPLEX_FONTS: set[str] = set()
# Fonts with no bold face: bold is drawn by stroking the outline (Droid Sans Fallback has one weight).
FAKE_BOLD_FONTS: set[str] = set()


@dataclass(frozen=True)
class Style:
    """How a paragraph is set. ``fonts`` is the chain for this weight, the language's own script first."""

    fonts: tuple[str, ...]
    latin: str
    size: float
    leading: float
    color: str = "#1a1a1a"
    rtl: bool = False
    cjk: bool = False
    fake_bold: bool = False
    align: str = "start"          # start (right for right-to-left text) | center | left | right
    # hashed once: a style is a key of the paragraph and width caches, looked up thousands of times a pack
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.fonts, self.latin, self.size, self.leading, self.color, self.rtl,
                                                self.cjk, self.fake_bold, self.align)))

    def __hash__(self) -> int:
        return self._hash


# --- glyph audit ------------------------------------------------------------------------------------------------

_audits: list[list[tuple[str, str, str]]] = []


@contextlib.contextmanager
def glyph_audit() -> Iterator[list[tuple[str, str, str]]]:
    """Collect (font, character, text) for every character drawn in a font that has no glyph for it."""
    found: list[tuple[str, str, str]] = []
    _audits.append(found)
    try:
        yield found
    finally:
        _audits.remove(found)


def report_missing(missing: tuple[tuple[str, str, str], ...]) -> None:
    if missing and _audits:
        _audits[-1].extend(missing)


def shaped(text: str, font: str, size: float):
    """HarfBuzz-shaped text (glyphs in visual order for a right-to-left run). The glyphs and their advances (in
    thousandths of the size) do not depend on the size, so a run is shaped once however many sizes a section
    is tried at."""
    return _shaped(text, font)


@memo(65536)
def _shaped(text: str, font: str):
    return shapeStr(text, font, 10)


def run_width(text: str, font: str, size: float, shape: bool) -> float:
    return _unit_width(text, font, shape) * size


@memo(65536)
def _unit_width(text: str, font: str, shape: bool) -> float:
    """Width at size 1: widths are linear in the size."""
    return pdfmetrics.stringWidth(_shaped(text, font) if shape else text, font, 1000) / 1000


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF
            or o >= 0x20000)


# --- paragraphs --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """A run of one font and one level inside a line (a space is a piece without a font)."""

    text: str
    font: str
    level: int
    width: float
    shape: bool


@dataclass(frozen=True)
class Unit:
    """An unbreakable stretch of a paragraph (a word, a Chinese character...), as runs."""

    start: int
    end: int
    pieces: tuple[Piece, ...]
    width: float


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: prepare() returns one object per text
class Prepared:
    text: str
    units: tuple[Unit, ...]
    glue: tuple[tuple[float, int], ...]   # after unit i: (width, level); width 0 is a zero-width break
    missing: tuple[tuple[str, str, str], ...]
    fonts: tuple[str, ...]                # per character
    levels: tuple[int, ...]
    keep: frozenset[int] = frozenset()    # glue indexes where the line must not break (short bracketed runs)


def _pieces(text: str, fonts: tuple[str, ...], levels: tuple[int, ...], start: int, end: int,
            size: float) -> tuple[Piece, ...]:
    out: list[Piece] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and fonts[j] == fonts[i] and levels[j] == levels[i]:
            j += 1
        chunk = text[i:j].translate(_INVISIBLE)
        if chunk:
            font = fonts[i]
            shape = font in COMPLEX_FONTS and any(unicodedata.category(c)[0] in "LM" for c in chunk)
            out.append(Piece(chunk, font, levels[i], run_width(chunk, font, size, shape), shape))
        i = j
    return tuple(out)


def _breakable_inside(a: str, b: str) -> bool:
    """Chinese: a line may break between two clusters when one is CJK and kinsoku allows it."""
    if not (_is_cjk(a[-1]) or _is_cjk(b[0])):
        return False
    return a[-1] not in NO_LINE_END and b[0] not in NO_LINE_START


@memo(8192)
def prepare(text: str, style: Style) -> Prepared:
    """Clusters, fonts, levels and unbreakable units of a paragraph (cached: packs repeat their texts)."""
    text = _SPACES.sub(" ", text).strip(" ")
    parts = clusters(text)
    cluster_fonts = assign_fonts(parts, style.fonts, style.latin)
    fonts: list[str] = []
    missing: list[tuple[str, str, str]] = []
    for cluster, font in zip(parts, cluster_fonts, strict=True):
        if font is None and not (cluster.isspace() or cluster == ZWSP):
            font = style.fonts[0]
            missing.extend((font, ch, text[:60]) for ch in cluster if not covers(font, ch))
        fonts.extend([font or style.latin] * len(cluster))
    levels = embedding_levels(text, style.rtl)
    units: list[Unit] = []
    glue: list[tuple[float, int]] = []
    space = run_width(" ", style.latin, style.size, False)
    start = 0
    pos = 0
    bounds: list[int] = []  # character offsets of cluster starts
    for cluster in parts:
        bounds.append(pos)
        pos += len(cluster)
    bounds.append(len(text))

    font_list = tuple(fonts)

    def close(end: int, gap: tuple[float, int] | None) -> None:
        nonlocal start
        if end > start:
            pieces = _pieces(text, font_list, levels, start, end, style.size)
            units.append(Unit(start, end, pieces, sum(p.width for p in pieces)))
            glue.append(gap if gap is not None else (0.0, levels[end - 1]))
        elif gap is not None and glue:
            glue[-1] = (glue[-1][0] + gap[0], glue[-1][1])
        start = end

    for k, cluster in enumerate(parts):
        at = bounds[k]
        if cluster == " ":
            close(at, (space, levels[at]))
            start = at + 1
        elif cluster == ZWSP:
            close(at, (0.0, levels[at]))
            start = at + 1
        elif style.cjk and k and at > start and _breakable_inside(parts[k - 1], cluster):
            close(at, (0.0, levels[at]))
    close(len(text), None)
    if glue:
        glue[-1] = (0.0, glue[-1][1])
    keep = _kept_glue(text, units) if style.rtl else frozenset()
    return Prepared(text, tuple(units), tuple(glue), tuple(missing), font_list, levels, keep)


def _kept_glue(text: str, units: list[Unit]) -> frozenset[int]:
    """The spaces inside short bracketed runs of Latin text, "(patrocinio a spese dello Stato)": no line break."""
    kept: set[int] = set()
    for match in _BRACKETED.finditer(text):
        inner = match.group(1)
        if has_rtl(inner) or not any(ch.isalpha() for ch in inner):
            continue
        start, end = match.span()
        kept.update(i for i in range(len(units) - 1) if units[i].end > start and units[i + 1].start < end)
    return frozenset(kept)


def _split_unit(prepared: Prepared, unit: Unit, width: float, size: float) -> list[Unit]:
    """A unit wider than the line (an endless e-mail, a 40-character phone field): cut between clusters, after
    "/", "@", "." or "-" when one falls in the part that fits."""
    text = prepared.text
    out: list[Unit] = []
    start = unit.start
    while start < unit.end:
        cut, best = start + 1, None
        for end in range(start + 1, unit.end + 1):
            if end < unit.end and unicodedata.category(text[end]).startswith("M"):
                continue
            pieces = _pieces(text, prepared.fonts, prepared.levels, start, end, size)
            if sum(p.width for p in pieces) > width and end > start + 1:
                break
            cut = end
            if text[end - 1] in "/@.-_":
                best = end
        if best is not None and cut < unit.end and best > start + (cut - start) // 3:
            cut = best
        pieces = _pieces(text, prepared.fonts, prepared.levels, start, cut, size)
        out.append(Unit(start, cut, pieces, sum(p.width for p in pieces)))
        start = cut
    return out


Line = tuple[Piece, ...]


@memo(16384)
def layout(prepared: Prepared, width: float, size: float, latin: str, first: float = 0.0) -> tuple[Line, ...]:
    """Greedy line breaking; each line is its pieces in logical order (spaces included, none at the ends). Units
    joined by kept glue (a short bracketed run in right-to-left text) go to the next line together, unless together
    they are wider than a line. The first line is ``first`` narrower (a glossary word is set at its start); when
    not even the first word fits there, the first line is left empty."""
    lines: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0.0
    gap: tuple[float, int] | None = None
    groups: list[list[tuple[Unit, tuple[float, int]]]] = []
    joined = False
    for index, (unit, after) in enumerate(zip(prepared.units, prepared.glue, strict=True)):
        if unit.width > width + 0.01:
            parts = _split_unit(prepared, unit, width, size)
            pieces = [(p, (0.0, after[1])) for p in parts[:-1]] + [(parts[-1], after)]
        else:
            pieces = [(unit, after)]
        if joined and groups:
            groups[-1].extend(pieces)
        else:
            groups.append(pieces)
        joined = index in prepared.keep
    for group in groups:
        whole = sum(u.width for u, _ in group) + sum(a[0] for _, a in group[:-1])
        # wider than a line together: break inside, as anywhere else
        parts = [[item] for item in group] if len(group) > 1 and whole > width + 0.01 else [group]
        for part in parts:
            space = gap[0] if gap and current else 0.0
            need = sum(u.width for u, _ in part) + sum(a[0] for _, a in part[:-1])
            limit = width - (first if not lines else 0.0)
            if current and used + space + need > limit + 0.01:
                lines.append(current)
                current, used, space = [], 0.0, 0.0
            elif not current and not lines and first and need > limit + 0.01:
                lines.append([])
            for i, (unit, after) in enumerate(part):
                if i:
                    space = gap[0]
                if current and space:
                    current.append(Piece(" ", latin, gap[1], space, False))
                current.extend(unit.pieces)
                used += space + unit.width
                gap = after
                space = 0.0
    if current:
        lines.append(current)
    return tuple(tuple(line) for line in lines)


def block_height(text: str, style: Style, width: float) -> float:
    """The height of ``TextBlock(text, style)`` wrapped at ``width`` (no indent), from the cached line breaking:
    what a card measures at each label width it tries, without making the flowable."""
    lines = layout(prepare(text, style), max(width, style.size * 2), style.size, style.latin, 0.0)
    return max(1, len(lines)) * style.leading


def line_width(line: Line) -> float:
    return sum(p.width for p in line)


def _merged(visual: list[Piece]) -> list[Piece]:
    """Neighbouring unshaped pieces of one font and level, with the spaces between them, drawn as one string:
    a text operator per word made packs slower and their text harder to copy. Only where the space drawn is the
    space measured (the Latin font's); shaped and right-to-left runs stay as they are."""
    out: list[Piece] = []
    for piece in visual:
        last = out[-1] if out else None
        if (last is not None and not piece.shape and not last.shape and piece.level % 2 == 0
                and last.level == piece.level and last.font == piece.font):
            out[-1] = Piece(last.text + piece.text, last.font, last.level, last.width + piece.width, False)
        else:
            out.append(piece)
    return out


@memo(65536)
def _adjustments(text: str, font: str) -> tuple[tuple[float, float], ...] | None:
    """Per glyph of a shaped run, the two positioning numbers ReportLab writes around it in a ``TJ`` array (before:
    minus its x offset; after: its width less its advance plus its x offset); None when a glyph is raised or lowered
    (a y offset: ReportLab writes those with ``Ts`` and :func:`_shaped_operators` leaves them to it) or when the run
    is not a shaped string (ReportLab writes it as plain text)."""
    shaped_text = _shaped(text, font)
    data = getattr(shaped_text, "__shapeData__", None)  # a run HarfBuzz left as it was is a plain string
    if data is None or not pdfmetrics.getFont(font).shapable or any(sd.y_offset for sd in data):
        return None
    return tuple((-sd.x_offset, sd.width - sd.x_advance + sd.x_offset) for sd in data)


def _shaped_operators(text_object, piece_text: str, font_name: str) -> str | None:
    """The PDF operators ReportLab's ``PDFTextObject._formatText`` writes for a HarfBuzz-shaped run, the same
    string, made from the run's positioning numbers computed once per run (:func:`_adjustments`) rather than
    glyph by glyph, grouped and formatted at every drawing: that was a fifth of a warm Arabic pack's time.
    ``tests/leaflets/test_shaped_operators.py`` holds the two equal for every complex script. None when the run
    has raised or lowered glyphs (ReportLab writes it)."""
    adjust = _adjustments(piece_text, font_name)
    if adjust is None:
        return None
    font = pdfmetrics.getFont(font_name)
    canvas = text_object._canvas
    doc = canvas._doc
    escape = canvas._escape
    out: list[str] = []
    template = None
    done = 0
    for subset, codes in font.splitString(_shaped(piece_text, font_name), doc):
        if subset != text_object._curSubset:
            if template is None:
                template = f"{fp_str(text_object._fontsize)} Tf {fp_str(text_object._leading)} TL"
            out.append(f"{font.getSubsetInternalName(subset, doc)} {template}")
            text_object._curSubset = subset
        parts: list[str] = []
        numbers: list[float] = []
        start = -1                                   # first glyph of the bytes not yet written
        for i, (before, after) in enumerate(adjust[done:done + len(codes)]):
            if before:
                if start >= 0:
                    parts.append(f"({escape(codes[start:i])})")
                    start = -1
                numbers.append(before)
            if numbers:
                parts.append(fp_str(sum(numbers)))
                numbers = []
            if start < 0:
                start = i
            if after:
                parts.append(f"({escape(codes[start:i + 1])})")
                start = -1
                numbers.append(after)
        done += len(codes)
        if start >= 0:
            parts.append(f"({escape(codes[start:])})")
        if numbers:
            parts.append(fp_str(sum(numbers)))
        parts = [part for part in parts if part != "0"]
        if len(parts) == 1 and parts[0].startswith("("):
            out.append(f"{parts[0]} Tj")
        else:
            out.append(f"[{' '.join(parts)}] TJ")
    return " ".join(out)


def draw_line(text_object, line: Line, x_start: float, x_end: float, y: float, style: Style) -> None:
    """One line at baseline ``y`` into ``text_object`` (one per paragraph: :meth:`TextBlock.draw`): reordered for
    display, aligned to the paragraph's start side. The font is set only when it changes (each setting made
    ReportLab write the font again before the next run)."""
    visual = reorder(line, [p.level for p in line]) if style.rtl or any(p.level for p in line) else list(line)
    total = line_width(line)
    start = x_end - total if (style.rtl and style.align != "left") or style.align == "right" else x_start
    x = (x_start + x_end - total) / 2 if style.align == "center" else start
    fake_bold = style.fake_bold
    size = style.size
    mode = 0
    for piece in _merged(visual):
        if piece.text != " ":
            wanted = 2 if fake_bold and piece.font in FAKE_BOLD_FONTS else 0
            if wanted != mode:
                text_object.setTextRenderMode(wanted)
                mode = wanted
            # a run ReportLab shapes itself (raised or lowered glyphs) needs its font written first: its "Ts"
            # operator replaces the operator before it
            if (piece.font != text_object._fontname or size != text_object._fontsize
                    or (piece.shape and _adjustments(piece.text, piece.font) is None)):
                text_object.setFont(piece.font, size)
            text_object.setTextOrigin(x, y)
            operators = _shaped_operators(text_object, piece.text, piece.font) if piece.shape else None
            if operators is not None:
                text_object._code.append(operators)
            else:
                text_object._textOut(shaped(piece.text, piece.font, size) if piece.shape else (
                    mirrored(piece.text) if piece.level % 2 else piece.text), 0)
        x += piece.width
    if mode:
        text_object.setTextRenderMode(0)


class TextBlock(Flowable):
    """A paragraph in any script: ``mark`` is a bullet ("•") or a step number drawn in a round badge."""

    height_by_width = True   # its height depends on the width it is given, never on the height (``columns.py``)

    def __init__(self, text: str, style: Style, *, mark: str | int | None = None, indent: float = 0,
                 space_before: float = 0, space_after: float = 0, keep_with_next: bool = False, tag: str = "",
                 first_indent: float = 0, _lines: tuple[Line, ...] | None = None, _first: bool = True):
        super().__init__()
        self.text, self.style = text, style
        self.mark, self.indent = mark, indent
        self.first_indent = first_indent  # the first line starts this much further in (room for a run-in word)
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.keepWithNext = keep_with_next
        self.tag = tag
        self._lines = _lines
        self._first = _first
        self._prepared = prepare(text, style) if _lines is None else None
        self._width = None

    def _layout(self, width: float) -> tuple[Line, ...]:
        if self._prepared is None:
            return self._lines or ()
        return layout(self._prepared, max(width - self.indent, self.style.size * 2), self.style.size,
                      self.style.latin, self.first_indent)

    def wrap(self, availWidth, availHeight):
        if self._prepared is not None and self._width != availWidth:
            self._lines = self._layout(availWidth)
            self._width = availWidth
        self.width = availWidth
        self.height = max(1, len(self._lines or ())) * self.style.leading
        return self.width, self.height

    @property
    def lines(self) -> tuple[Line, ...]:
        return self._lines or ()

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        lines = self._lines or ()
        fit = int((availHeight + 0.01) // self.style.leading)
        if len(lines) <= 3 or fit < 2:
            return []
        fit = min(fit, len(lines) - 2)  # no widow: at least two lines go to the next page
        if fit < 2:
            return []
        common = dict(indent=self.indent, tag=self.tag, first_indent=self.first_indent)
        first = TextBlock(self.text, self.style, mark=self.mark, space_before=self.spaceBefore,
                          _lines=lines[:fit], _first=self._first, **common)
        rest = TextBlock(self.text, self.style, mark=self.mark, space_after=self.spaceAfter,
                         keep_with_next=self.keepWithNext, _lines=lines[fit:], _first=False, **common)
        return [first, rest]

    def draw(self) -> None:
        if self._prepared is not None:
            report_missing(self._prepared.missing)
        else:
            report_missing(prepare(self.text, self.style).missing)
        canvas = self.canv
        style = self.style
        canvas.setFillColor(colour(style.color))
        left, right = (0.0, self.width - self.indent) if style.rtl else (self.indent, self.width)
        y = self.height - (style.leading - style.size) / 2 - style.size * 0.8
        lines = self._lines or ()
        if lines and self._first and self.mark is not None:
            self._draw_mark(y)
        if style.fake_bold:  # the outline stroked in the text's colour, for a font with no bold face
            canvas.setStrokeColor(colour(style.color))
            canvas.setLineWidth(style.size * 0.035)
        text_object = canvas.beginText()  # one for the paragraph, not one a line
        for number, line in enumerate(lines):
            inset = self.first_indent if number == 0 and self._first else 0.0
            if style.rtl:
                draw_line(text_object, line, left, right - inset, y, style)
            else:
                draw_line(text_object, line, left + inset, right, y, style)
            y -= style.leading
        if lines:
            canvas.drawText(text_object)

    def _draw_mark(self, baseline: float) -> None:
        canvas, style = self.canv, self.style
        size = style.size
        if isinstance(self.mark, int):
            radius = size * 0.62
            cx = self.width - radius - size * 0.05 if style.rtl else radius + size * 0.05
            cy = baseline + size * 0.32
            canvas.saveState()
            canvas.setFillColor(HexColor("#0b4f8a"))
            canvas.circle(cx, cy, radius, stroke=0, fill=1)
            canvas.setFillColor(HexColor("#ffffff"))
            canvas.setFont(style.latin, size * 0.9)
            canvas.drawCentredString(cx, cy - size * 0.31, str(self.mark))
            canvas.restoreState()
        else:
            canvas.setFont(style.latin, size)
            if style.rtl:
                canvas.drawRightString(self.width - size * 0.3, baseline, str(self.mark))
            else:
                canvas.drawString(size * 0.3, baseline, str(self.mark))


@memo(16384)
def text_width(text: str, style: Style) -> float:
    """The width of ``text`` on one line (cached: the cards measure their labels for every person)."""
    prepared = prepare(text, style)
    return sum(u.width for u in prepared.units) + sum(g[0] for g in prepared.glue)


@memo(64)
def colour(hex_colour: str):
    """ReportLab's colour for "#rrggbb", made once (a text block sets its colour at every drawing)."""
    return HexColor(hex_colour)
