"""Leaflet texts as HTML for one page language, with every Italian word inside another language marked.

A screen reader reads ``<span lang="it" dir="ltr">termine di grazia</span>`` with an Italian voice, and inside
Arabic or Urdu the span's ``dir`` isolates the Latin run (law references, the Italian act names) so that the
bidirectional algorithm cannot move its words or the punctuation around it. Italian inside a translation is
found from the data, never guessed from a word list of the page language:

- in a page not written in Latin letters (Arabic, Chinese, Sinhala, Tamil, Bengali, Cyrillic), every run of
  Latin letters is Italian (the act's Italian name in brackets, law references, ISEE, the municipality);
- in a page in Latin letters, a part of a bracket ("mise en demeure (diffida)") is Italian when the Italian
  master of the same text contains it, or it is a glossary or term-base word;
- the municipality's name (a placeholder) is Italian in every page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from app.leaflets.content import Content, fill
from app.leaflets.languages import MASTER, Language

MUNICIPALITY_OPEN, MUNICIPALITY_CLOSE = "\ue000", "\ue001"  # private-use marks around a filled-in name
_LETTER = "A-Za-z\u00c0-\u024f"
_TOKEN = rf"[{_LETTER}0-9][{_LETTER}0-9'’.\-/]*"
_LATIN_RUN = re.compile(rf"{_TOKEN}(?:[ \u00a0]+{_TOKEN})*")
_HAS_LETTER = re.compile(rf"[{_LETTER}]")
_BRACKET = re.compile(r"\(([^()]*)\)")
_PARTS = re.compile(r"(\s*(?:,|;|/)\s*)")
_MARKED = re.compile(f"{MUNICIPALITY_OPEN}(.*?){MUNICIPALITY_CLOSE}")


def italian_span(text: str) -> str:
    return f'<span lang="it" dir="ltr">{escape(text, quote=False)}</span>'


def _words(text: str) -> str:
    """Lower case, punctuation as spaces, padded: whole-word containment is a substring test."""
    return " " + " ".join(re.sub(r"[^\w'’]+", " ", text.casefold()).split()) + " "


class Marker:
    """Marks Italian inside texts of one language; ``terms`` are Italian words known to the content."""

    def __init__(self, lang: Language, terms: Iterable[str]):
        self.lang = lang
        self.latin = lang.iso_script == "Latn"
        self.terms = {t.casefold() for t in terms}

    def segments(self, text: str, italian: str = "") -> list[tuple[str, bool]]:
        """(piece, is_italian) covering ``text``; ``italian`` is the master text of the same block."""
        out: list[tuple[str, bool]] = []
        pos = 0
        for match in _MARKED.finditer(text):
            out.extend(self._plain(text[pos:match.start()], italian))
            out.append((match.group(1), True))
            pos = match.end()
        out.extend(self._plain(text[pos:], italian))
        return [s for s in out if s[0]]

    def _plain(self, text: str, italian: str) -> list[tuple[str, bool]]:
        if self.lang.code == MASTER or not text:
            return [(text, False)]
        spans = self._latin_runs(text) if not self.latin else self._brackets(text, _words(italian))
        out: list[tuple[str, bool]] = []
        pos = 0
        for start, end in spans:
            out.append((text[pos:start], False))
            out.append((text[start:end], True))
            pos = end
        out.append((text[pos:], False))
        return out

    @staticmethod
    def _latin_runs(text: str) -> list[tuple[int, int]]:
        return [m.span() for m in _LATIN_RUN.finditer(text) if _HAS_LETTER.search(m.group())]

    def _brackets(self, text: str, italian_words: str) -> list[tuple[int, int]]:
        spans = []
        for match in _BRACKET.finditer(text):
            start = match.start(1)
            for part in _PARTS.split(match.group(1)):
                piece = part.strip()
                if piece and not _PARTS.fullmatch(part) and _HAS_LETTER.search(piece) and len(piece) > 1 and (
                        _words(piece) in italian_words or piece.casefold() in self.terms):
                    offset = start + part.index(piece)
                    spans.append((offset, offset + len(piece)))
                start += len(part)
        return spans

    def html(self, text: str, italian: str = "") -> str:
        return "".join(italian_span(piece) if is_it and self.lang.code != MASTER else escape(piece, quote=False)
                       for piece, is_it in self.segments(text, italian))


def italian_terms(content: Content) -> set[str]:
    """The Italian words the content keeps in every language: glossary terms and the term base's Italian forms."""
    found = {t.term for t in content.structure.glossary.values()}
    for t in content.structure.glossary.values():
        found.update(t.forms)
    termbase = content.termbase
    if termbase is not None:
        for concept in termbase.concepts.values():
            found.add(concept.it)
            found.update(getattr(concept, "it_forms", ()) or ())
    return {t for t in found if t}


def paragraph(content: Content, code: str, key: str, municipality: str = "") -> tuple[str, bool]:
    """(text, fell_back) as :meth:`Content.paragraph`, with the municipality's name between private-use marks."""
    text, fell_back = content.text(code, key)
    if "{" in text:
        marked = f"{MUNICIPALITY_OPEN}{municipality}{MUNICIPALITY_CLOSE}" if municipality else ""
        text = fill(text, content.values(MASTER if fell_back else code, marked))
    return text, fell_back


def plain(text: str) -> str:
    """The text without the marks (for a page title)."""
    return text.replace(MUNICIPALITY_OPEN, "").replace(MUNICIPALITY_CLOSE, "")


__all__ = ["Marker", "italian_span", "italian_terms", "paragraph", "plain"]
