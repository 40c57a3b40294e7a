"""Just enough bidirectional layout for Arabic and Urdu leaflets, with per-run font fallback.

ReportLab reorders right-to-left text only through ``rlbidi``, which we cannot
install; without it an RTL paragraph is laid out word by word, so a phone
number "02 8845 1234" inside Arabic would read "1234 8845 02", and an e-mail
set in Noto Sans Arabic (no Latin letters) prints as boxes. This module splits
a logical string into runs (Arabic letters / Latin letters and digits / neutral
characters), gives each run a font that has its glyphs, and orders a line
visually with the two-level rule of the Unicode Bidirectional Algorithm
(paragraph level 1, left-to-right runs level 2): LTR runs keep their inner
order, everything else is reversed. HarfBuzz then shapes each Arabic run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

RTL, LTR, NEUTRAL = "rtl", "ltr", "neutral"
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def char_class(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    if kind in ("R", "AL"):
        return RTL
    if kind in ("L", "EN", "AN"):
        return LTR
    return NEUTRAL


@dataclass
class Run:
    text: str
    direction: str   # rtl | ltr | neutral (resolved to rtl/ltr by the line's neighbours)
    font: str = ""

    def visual_text(self, level: int) -> str:
        """Neutral runs at the RTL level read right to left: reverse them and mirror brackets."""
        if self.direction == NEUTRAL and level == 1:
            return self.text[::-1].translate(_MIRROR)
        return self.text


def split_runs(word: str) -> list[Run]:
    """A word (no spaces) -> runs of one direction class; neutrals stick to the run before them."""
    runs: list[Run] = []
    for ch in word:
        cls = char_class(ch)
        if runs and (runs[-1].direction == cls or (cls == NEUTRAL and runs[-1].direction == LTR
                                                   and ch in ".,:;/-–@_+%'&")):
            runs[-1].text += ch
        elif runs and cls == NEUTRAL and runs[-1].direction == RTL and ch in "،؛؟.,:;!?":
            runs[-1].text += ch  # Arabic punctuation after an Arabic word belongs to it
        else:
            runs.append(Run(ch, cls))
    # Trailing ".,:" glued to an LTR run at the end of a word belong to the sentence, not the number.
    merged: list[Run] = []
    for run in runs:
        if run.direction == LTR and run.text[-1] in ".,:;" and len(run.text) > 1:
            merged.append(Run(run.text[:-1], LTR))
            merged.append(Run(run.text[-1], NEUTRAL))
        else:
            merged.append(run)
    return merged


def assign_fonts(runs: list[Run], rtl_font: str, ltr_font: str, covers: Callable[[str, str], bool]) -> list[Run]:
    """Arabic runs in the Arabic font; the rest in the Latin font, unless only the Arabic font has a glyph."""
    out: list[Run] = []
    for run in runs:
        preferred, other = (rtl_font, ltr_font) if run.direction == RTL else (ltr_font, rtl_font)
        current: Run | None = None
        for ch in run.text:
            font = preferred if covers(preferred, ch) or not covers(other, ch) else other
            if current is not None and current.font == font:
                current.text += ch
            else:
                current = Run(ch, run.direction, font)
                out.append(current)
    return out


def _bracket_pairs(items: list[Run]) -> list[tuple[int, int]]:
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, run in enumerate(items):
        if run.direction != NEUTRAL:
            continue
        if run.text[0] in "([{":
            stack.append(i)
        elif run.text[0] in ")]}" and stack:
            pairs.append((stack.pop(), i))
    return pairs


def levels(items: list[Run]) -> list[int]:
    """Embedding level of each run in an RTL paragraph: 2 for LTR, 1 for RTL; neutrals take 2 only between LTRs.

    Brackets follow rule N0: a pair enclosing Latin text after Latin text stays with it, so
    "9:00–12:00 (lunedì)" keeps both its parentheses on the Latin side.
    """
    strong = [2 if r.direction == LTR else 1 if r.direction == RTL else 0 for r in items]
    for start, end in _bracket_pairs(items):
        inside = strong[start + 1:end]
        preceding = next((strong[j] for j in range(start - 1, -1, -1) if strong[j]), 1)
        if 2 in inside and 1 not in inside and preceding == 2:
            strong[start] = strong[end] = 2
    # Strong type before and after each position, in two linear passes (sos and eos are the RTL paragraph level).
    before, last = [], 1
    for value in strong:
        before.append(last)
        last = value or last
    after, last = [0] * len(strong), 1
    for i in range(len(strong) - 1, -1, -1):
        after[i] = last
        last = strong[i] or last
    return [value or (2 if before[i] == 2 and after[i] == 2 else 1) for i, value in enumerate(strong)]


def visual_order(items: list[Run]) -> list[tuple[Run, int]]:
    """Reorder one line (rule L2): reverse each level-2 stretch, then the whole line."""
    lv = levels(items)
    pairs = list(zip(items, lv, strict=True))
    i = 0
    while i < len(pairs):
        if pairs[i][1] == 2:
            j = i
            while j < len(pairs) and pairs[j][1] == 2:
                j += 1
            pairs[i:j] = pairs[i:j][::-1]
            i = j
        else:
            i += 1
    return pairs[::-1]
