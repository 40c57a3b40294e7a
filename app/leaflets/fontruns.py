"""Which font draws each character cluster of a paragraph (the first step of ``textflow``).

A base character and the marks, joiners and variation selectors after it are one
cluster and always share a font. A letter cluster takes the first font of the
language's chain that has all its glyphs (Latin, Greek and Cyrillic letters prefer
the Latin font); punctuation, digits and symbols take the font of the letters before
them, else after them, when that font has the glyph. So "territoriale-এর" is
"territoriale-" in Noto Sans and "এর" in Noto Sans Bengali, each shaped in its own font.
"""

from __future__ import annotations

import unicodedata

from reportlab.pdfbase import pdfmetrics

from app.caches import memo

ZWSP = "\u200b"
NBSP = "\u00a0"
_ATTACHING = {"\u200c", "\u200d", "\u034f"} | {chr(c) for c in range(0xFE00, 0xFE10)}
# invisible format characters (ZWSP, joiners, marks, bidi isolates LRI RLI FSI PDI, word joiner, BOM, CGJ)
_IGNORABLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069", "\u2060",
              "\ufeff", "\u034f"} | {
    chr(c) for c in range(0xFE00, 0xFE10)}


@memo(65536)
def covers(font: str, ch: str) -> bool:
    """Whether ``font`` has a glyph for ``ch`` (invisible format characters always count as covered)."""
    if ch in _IGNORABLE:
        return True
    if ch == NBSP:
        ch = " "
    return ord(ch) in pdfmetrics.getFont(font).face.charToGlyph


# --- measuring ---------------------------------------------------------------------------------------------------


def _prefers_latin(ch: str) -> bool:
    return ord(ch) < 0x0530 or 0x1E00 <= ord(ch) <= 0x1EFF


@memo(8192)
def _attaches(ch: str) -> bool:
    return ch in _ATTACHING or unicodedata.category(ch).startswith("M")


def clusters(text: str) -> list[str]:
    """Base character plus the combining marks, joiners and variation selectors after it."""
    out: list[str] = []
    for ch in text:
        if out and _attaches(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _first_covering(cluster: str, chain: tuple[str, ...]) -> str | None:
    return next((f for f in chain if all(covers(f, ch) for ch in cluster)), None)


_SKIP, _NEUTRAL = "skip", "neutral"


@memo(32768)
def _cluster_kind(cluster: str, chain: tuple[str, ...], latin: str) -> tuple[str, str | None]:
    """("skip", None) for a space; ("neutral", None) for punctuation, digits and symbols; ("strong", font) for
    letters, with the font that draws them (cached: a paragraph is a few dozen distinct clusters)."""
    if cluster.isspace() or cluster == ZWSP:
        return _SKIP, None
    if not unicodedata.category(cluster[0]).startswith("L"):
        return _NEUTRAL, None
    order = (latin, *chain) if _prefers_latin(cluster[0]) else chain
    return "strong", _first_covering(cluster, order)


@memo(32768)
def _covers_all(font: str, cluster: str) -> bool:
    return all(covers(font, ch) for ch in cluster)


def assign_fonts(parts: list[str], chain: tuple[str, ...], latin: str) -> list[str | None]:
    """A font per cluster (None: no font of the chain can draw it). Letters take the first font of the chain
    that draws them; punctuation, digits and symbols follow the letters before them, else after them."""
    fonts: list[str | None] = [None] * len(parts)
    previous: str | None = None
    pending: list[int] = []
    for i, cluster in enumerate(parts):
        kind, font = _cluster_kind(cluster, chain, latin)
        if kind == _SKIP:
            continue
        if kind == _NEUTRAL:
            if previous is not None and _covers_all(previous, cluster):
                fonts[i] = previous
            else:
                pending.append(i)
            continue
        fonts[i] = font
        for j in pending:
            fonts[j] = _neutral_font(parts[j], previous, font, chain)
        pending = []
        previous = font
    for j in pending:
        fonts[j] = _neutral_font(parts[j], previous, None, chain)
    return fonts


def _neutral_font(cluster: str, before: str | None, after: str | None, chain: tuple[str, ...]) -> str | None:
    for font in (before, after):
        if font is not None and _covers_all(font, cluster):
            return font
    return _first_covering(cluster, chain)
