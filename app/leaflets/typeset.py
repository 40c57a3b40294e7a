"""Styles and the per-language typesetter: one call turns (kind, text) into a flowable in the right script."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.leaflets.flowables import RtlParagraph, cjk_markup, escape, ltr_markup
from app.leaflets.fonts import Fonts
from app.leaflets.languages import language

INK = HexColor("#1a1a1a")
ACCENT = HexColor("#0b4f8a")
MUTED = HexColor("#3a3a3a")
BOX_TINT = HexColor("#eef4fa")
# Kinds set in bold by default: the deadline is the one thing in the action box that must not be missed.
BOLD_KINDS = ("title", "heading", "section", "box", "deadline")
ACCENT_KINDS = ("title", "heading", "box")
INDENTED_KINDS = ("bullet", "step")


@dataclass(frozen=True)
class Scale:
    """Point sizes; large print follows the usual "at least 16 pt" advice for low vision."""

    body: float
    small: float

    @classmethod
    def of(cls, large_print: bool) -> Scale:
        return cls(16.0, 12.0) if large_print else cls(11.5, 8.5)

    def size(self, kind: str) -> float:
        return {"title": self.body * 1.55, "heading": self.body * 1.2, "section": self.body * 0.95,
                "box": self.body * 1.2, "deadline": self.body * 1.05, "term": self.body * 0.92,
                "law": self.small * 1.1}.get(kind, self.body)


class Typesetter:
    """Flowables for one language. Needs the language's fonts registered (``Fonts.ensure``)."""

    def __init__(self, code: str, fonts: Fonts, scale: Scale):
        self.lang = language(code)
        self.scale = scale
        self.latin, self.latin_bold = fonts.ensure("latin")
        script = self.lang.script
        self.regular, self.bold = (self.latin, self.latin_bold) if script == "latin" else fonts.ensure(script)
        self._styles: dict[tuple, ParagraphStyle] = {}

    def _style(self, kind: str, size: float, bold: bool) -> ParagraphStyle:
        key = (kind, size, bold)
        if key not in self._styles:
            self._styles[key] = self._make_style(kind, size, bold)
        return self._styles[key]

    def _make_style(self, kind: str, size: float, bold: bool) -> ParagraphStyle:
        script = self.lang.script
        font = self.bold if bold else self.regular
        return ParagraphStyle(
            f"{self.lang.code}-{kind}-{size}", fontName=font, fontSize=size, leading=size * (1.55 if script in (
                "bengali", "sinhala", "tamil") else 1.38),
            textColor=ACCENT if kind in ACCENT_KINDS else MUTED if kind == "law" else INK,
            alignment=TA_LEFT, spaceBefore=size * (0.9 if kind == "heading" else 0),
            spaceAfter=size * (0.25 if kind == "term" else 0.45),
            leftIndent=size * 1.3 if kind in INDENTED_KINDS else 0, bulletIndent=size * 0.3,
            bulletFontName=self.latin_bold if kind == "step" else self.latin,
            wordWrap="CJK" if script == "cjk" else None, shaping=1 if script in ("bengali", "sinhala", "tamil") else 0,
            splitLongWords=True, keepWithNext=1 if kind in ACCENT_KINDS else 0)

    def block(self, kind: str, text: str, *, size: float | None = None, bold: bool | None = None,
              number: int | None = None) -> Flowable:
        """A paragraph of ``kind``; a ``step`` carries its ``number`` ("1."), a ``bullet`` a dot."""
        size = size or self.scale.size(kind)
        bold = kind in BOLD_KINDS if bold is None else bold
        mark = f"{number}." if kind == "step" and number is not None else "•" if kind == "bullet" else None
        if self.lang.rtl:
            latin = self.latin_bold if bold else self.latin
            para = RtlParagraph(text, font=self.bold if bold else self.regular, latin_font=latin, size=size,
                                leading=size * 1.6, bullet=mark, indent=size * 1.3 if kind in INDENTED_KINDS else 0,
                                space_after=size * (0.25 if kind == "term" else 0.45),
                                color=ACCENT if kind in ACCENT_KINDS else MUTED if kind == "law" else INK)
            para.spaceBefore = size * 0.9 if kind == "heading" else 0
            para.keepWithNext = kind in ACCENT_KINDS  # a heading never ends a page alone
            return para
        style = self._style(kind, size, bold)
        return Paragraph(self._markup(text, style.fontName, bold), style, bulletText=mark)

    def _markup(self, text: str, font: str, bold: bool) -> str:
        latin = self.latin_bold if bold else self.latin
        if self.lang.script == "cjk":
            return cjk_markup(text, font, latin)
        if self.lang.script == "latin":
            return ltr_markup(text, (font,))
        return ltr_markup(text, (font, latin))

    def term(self, term: str, explanation: str) -> Flowable:
        """A glossary line: the Italian word in bold (the word heard at an office), then its explanation."""
        if self.lang.rtl:
            return self.block("term", f"{term}: {explanation}")
        style = self._style("term", self.scale.size("term"), False)
        word = f'<font face="{self.latin_bold}">{escape(term)}</font>'
        return Paragraph(f"{word}: {self._markup(explanation, style.fontName, False)}", style)


def latin_paragraph(text: str, fonts: Fonts, size: float, *, bold: bool = False, color=INK,
                    leading: float | None = None, markup: bool = False) -> Paragraph:
    """Directory data and Italian labels: Latin font, no shaping (fast, and copy-paste friendly)."""
    regular, heavy = fonts.ensure("latin")
    style = _latin_style(heavy if bold else regular, size, leading or size * 1.3, color)
    return Paragraph(text if markup else ltr_markup(text, (style.fontName,)), style)


@lru_cache(maxsize=256)
def _latin_style(font: str, size: float, leading: float, color) -> ParagraphStyle:
    return ParagraphStyle(f"latin-{font}-{size}", fontName=font, fontSize=size, leading=leading, textColor=color,
                          splitLongWords=True)


@lru_cache(maxsize=128)
def typesetter(code: str, fonts: Fonts, scale: Scale) -> Typesetter:
    """One typesetter (and its styles) per language, font folder and scale in the process."""
    return Typesetter(code, fonts, scale)
