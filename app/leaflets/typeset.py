"""Styles and the per-language typesetter: one call turns (kind, text) into a flowable in the right script."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from app.caches import memo
from app.leaflets.fonts import Fonts
from app.leaflets.languages import language
from app.leaflets.textflow import Style, TextBlock

INK = "#1a1a1a"
ACCENT_HEX = "#0b4f8a"
MUTED = "#3a3a3a"
ACCENT = HexColor(ACCENT_HEX)
BOX_TINT = HexColor("#eef4fa")
# Kinds set in bold by default: the deadline is the one thing in the action box that must not be missed.
BOLD_KINDS = ("title", "heading", "box", "deadline", "subheading")
ACCENT_KINDS = ("title", "heading", "box", "subheading")
INDENTED_KINDS = ("bullet", "step")
HEADING_KINDS = ("title", "heading", "box", "subheading")
# Scripts with tall stacks of vowel signs need more room between lines: the leading is a little more than the
# font's own extent (ascent + descent: Noto Sans Tamil 1.24 em, Sinhala 1.30, Bengali 1.33, Arabic 2.11 with its
# tallest marks, which real words rarely reach). Tamil stacks little: 1.32 leaves a clear gap and saves a tenth of
# a page in a section (the sections that ran over their two pages at 9 pt were mostly Tamil).
_LEADING = {"bengali": 1.4, "sinhala": 1.4, "tamil": 1.32, "arabic": 1.5, "cjk": 1.42}


@dataclass(frozen=True)
class Scale:
    """Point sizes of one print size. Page 1 (title, action box, the two contacts) is set in ``body``, larger than
    the explanations after it (``text``), so that whoever reads only page 1 reads it easily. ``text`` may be set
    smaller by the renderer, down to ``floor``, when a long translation would not fit its pages; never below it.
    ``small`` is for labels and notes (field labels, who offers a service, the legal citations)."""

    body: float
    text: float
    small: float
    large: bool = False
    floor: float = 0.0

    # Body text at normal size is never below 9 pt: a frightened or elderly reader, often without glasses at hand.
    MIN_BODY = 9.0

    @classmethod
    def of(cls, large_print: bool) -> Scale:
        # Large print follows the usual "at least 16 pt" advice for low vision on page 1, 14-15 pt after it.
        return cls(15.0, 13.5, 12.0, True, 11.5) if large_print else cls(10.5, 10.0, 8.5, False, cls.MIN_BODY)

    @property
    def card(self) -> float:
        """The contact cards' text: fixed per print size, so that fitting the explanations does not rebuild them."""
        # large print: 12.3 pt, still above the explanations' floor (11.5): one card a row across the page
        return max(self.body * (0.82 if self.large else 0.86), self.floor)

    def with_text(self, text: float) -> Scale:
        return Scale(self.body, max(text, self.floor), self.small, self.large, self.floor)

    def size(self, kind: str) -> float:
        b, t = self.body, self.text
        return {"title": b * 1.45, "box": b * 1.25, "deadline": b * 1.08, "step": b, "fill": b * 1.05,
                "heading": t * 1.22, "subheading": t * 1.1, "section": t * 0.9, "term": t,
                # the legal citations never larger than the explanations (large print: 12 pt beside 11.5 pt text)
                "law": min(self.small, t)}.get(kind, t)


class Typesetter:
    """Flowables for one language. Needs the language's fonts registered (``Fonts.ensure``)."""

    def __init__(self, code: str, fonts: Fonts, scale: Scale):
        self.lang = language(code)
        self.scale = scale
        self.latin, self.latin_bold = fonts.ensure("latin")
        script = self.lang.script
        self.regular, self.bold = (self.latin, self.latin_bold) if script == "latin" else fonts.ensure(script)
        self._leading = _LEADING.get(script, 1.3)

    def style(self, size: float, *, bold: bool = False, color: str = INK, align: str = "start") -> Style:
        return _style(self.lang.code, self.regular, self.bold, self.latin, self.latin_bold, size,
                      size * self._leading, bold, color, align)

    def block(self, kind: str, text: str, *, size: float | None = None, bold: bool | None = None,
              number: int | None = None, color: str | None = None, align: str = "start") -> TextBlock:
        """A paragraph of ``kind``; a ``step`` carries its ``number`` (drawn in a badge), a ``bullet`` a dot."""
        size = size or self.scale.size(kind)
        bold = kind in BOLD_KINDS if bold is None else bold
        color = color or (ACCENT_HEX if kind in ACCENT_KINDS else MUTED if kind == "law" else INK)
        mark: str | int | None = number if kind == "step" else "•" if kind == "bullet" else None
        indent = size * (1.9 if kind == "step" else 1.3) if kind in INDENTED_KINDS else 0
        before = size * 0.45 if kind in ("heading", "subheading") else 0
        after = size * (0.2 if kind in ("term", "heading", "subheading") else 0.24)
        return TextBlock(text, self.style(size, bold=bold, color=color, align=align), mark=mark, indent=indent,
                         space_before=before, space_after=after, keep_with_next=kind in HEADING_KINDS,
                         tag="heading" if kind in HEADING_KINDS else kind)

    def latin_style(self, size: float, *, bold: bool = False, color: str = INK) -> Style:
        """Directory data and Italian words inside this language's text: Latin first, the script after."""
        return _style("it", self.latin, self.latin_bold, self.latin, self.latin_bold, size, size * 1.3, bold, color,
                      "start")


@memo(512)
def _style(code: str, regular: str, bold_font: str, latin: str, latin_bold: str, size: float, leading: float,
           bold: bool, color: str, align: str) -> Style:
    lang = language(code)
    main = bold_font if bold else regular
    latin_font = latin_bold if bold else latin
    chain = (main,) if main == latin_font else (main, latin_font)
    return Style(chain, latin_font, size, leading, color, rtl=lang.rtl, cjk=lang.script == "cjk",
                 fake_bold=bold and lang.script == "cjk", align=align)


def latin_block(text: str, fonts: Fonts, size: float, *, bold: bool = False, color: str = INK,
                leading: float | None = None, align: str = "start", space_after: float = 0) -> TextBlock:
    """Directory data and Italian labels: Latin font (other scripts fall back per character)."""
    regular, heavy = fonts.ensure("latin")
    font = heavy if bold else regular
    style = Style((font,), font, size, leading or size * 1.3, color, align=align)
    return TextBlock(text, style, space_after=space_after)


@memo(128)
def typesetter(code: str, fonts: Fonts, scale: Scale) -> Typesetter:
    """One typesetter per language, font folder and scale in the process."""
    return Typesetter(code, fonts, scale)


def italian(fonts: Fonts, scale: Scale) -> Typesetter:
    return typesetter("it", fonts, scale)


__all__ = ["ACCENT", "BOX_TINT", "HEADING_KINDS", "Scale", "Typesetter", "latin_block", "typesetter",
           "Flowable"]
