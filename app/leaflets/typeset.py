"""Styles and the per-language typesetter: one call turns (kind, text) into a flowable in the right script."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.leaflets.flowables import RtlParagraph, cjk_markup, ltr_markup
from app.leaflets.fonts import Fonts
from app.leaflets.languages import language

INK = HexColor("#1a1a1a")
ACCENT = HexColor("#0b4f8a")


@dataclass(frozen=True)
class Scale:
    """Point sizes; large print follows the usual "at least 16 pt" advice for low vision."""

    body: float
    small: float

    @classmethod
    def of(cls, large_print: bool) -> Scale:
        return cls(16.0, 12.0) if large_print else cls(11.5, 8.5)

    def size(self, kind: str) -> float:
        return {"title": self.body * 1.55, "heading": self.body * 1.2, "section": self.body * 0.95}.get(
            kind, self.body)


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
                "bengali", "sinhala", "tamil") else 1.38), textColor=ACCENT if kind in ("title", "heading") else INK,
            alignment=TA_LEFT, spaceBefore=size * (0.9 if kind == "heading" else 0), spaceAfter=size * 0.45,
            leftIndent=size * 1.3 if kind == "bullet" else 0, bulletIndent=size * 0.3, bulletFontName=self.latin,
            wordWrap="CJK" if script == "cjk" else None, shaping=1 if script in ("bengali", "sinhala", "tamil") else 0,
            splitLongWords=True)

    def block(self, kind: str, text: str, *, size: float | None = None, bold: bool | None = None) -> Flowable:
        size = size or self.scale.size(kind)
        bold = kind in ("title", "heading", "section") if bold is None else bold
        if self.lang.rtl:
            latin = self.latin_bold if bold else self.latin
            para = RtlParagraph(text, font=self.bold if bold else self.regular, latin_font=latin, size=size,
                                leading=size * 1.6, bullet="•" if kind == "bullet" else None,
                                indent=size * 1.3 if kind == "bullet" else 0, space_after=size * 0.45,
                                color=ACCENT if kind in ("title", "heading") else INK)
            para.spaceBefore = size * 0.9 if kind == "heading" else 0
            return para
        style = self._style(kind, size, bold)
        if self.lang.script == "cjk":
            markup = cjk_markup(text, style.fontName, self.latin_bold if bold else self.latin)
        elif self.lang.script == "latin":
            markup = ltr_markup(text, (style.fontName,))
        else:
            markup = ltr_markup(text, (style.fontName, self.latin_bold if bold else self.latin))
        return Paragraph(markup, style, bulletText="•" if kind == "bullet" else None)


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
