"""Plain Italian, measured: the Gulpease index and sentence lengths of a text.

Gulpease (Lucisano and Piemontese, 1988) is the standard readability index for
Italian: ``89 + (300 * sentences - 10 * letters) / words``. Below 80 a text is
hard for readers with primary schooling only, below 60 for readers with
lower-secondary schooling. The leaflets aim at 60 or more in every block and
at sentences of 20 words or fewer (a list of legal citations excepted).

How the counts are made, so that the numbers can be reproduced by hand:

* **words**: the text is split on white space; a token is a word when it holds
  at least one letter or digit. Apostrophes and hyphens do not split a token
  ("dell'udienza" and "657-669" are one word each: the conservative choice,
  which never inflates the index), and a number is a word with no letters.
* **letters**: every character that is a letter (``str.isalpha``, so accented
  letters count); digits, punctuation and spaces do not.
* **sentences**: a sentence ends at ``.``, ``!`` or ``?`` (possibly followed by
  closing quotes or brackets) when white space and then a capital letter, a
  digit or an opening quote follow, or at the end of the text. Colons and
  semicolons do not end a sentence. A full stop does not end one after the
  abbreviations in :data:`NEVER_FINAL` ("art.", "L.", "co.", ...), which in our
  texts are always followed by a number or a name. A text without a final
  stop (a title, a heading) is one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that never end a sentence in the leaflets: each introduces a number or a name.
NEVER_FINAL = frozenset({
    "art", "artt", "l", "co", "comma", "lett", "n", "nn", "d.l", "d.lgs", "d.p.r", "dpr", "d.m", "dm", "r.r",
    "l.r", "es", "cfr", "cost", "g.u", "gu", "sig", "sigg", "dott", "avv", "pag", "c.a",
})
_END = re.compile(r"[.!?]+[»\"')\]]*(?=\s+[«\"'(]?[A-ZÀ-ÖØ-Þ0-9]|\s*$)")


@dataclass(frozen=True)
class Score:
    """The counts of one text and its Gulpease index."""

    words: int
    letters: int
    sentences: tuple[str, ...]

    @property
    def gulpease(self) -> float:
        if not self.words:
            return 100.0
        return 89 + (300 * len(self.sentences) - 10 * self.letters) / self.words

    @property
    def lengths(self) -> tuple[int, ...]:
        """Words in each sentence."""
        return tuple(len(words(s)) for s in self.sentences)

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


def words(text: str) -> list[str]:
    return [t for t in text.split() if any(ch.isalnum() for ch in t)]


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _abbreviation_before(text: str, end: int) -> bool:
    """Whether the full stop at ``end`` closes one of NEVER_FINAL ("art." in "art. 55")."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«\"'":
        start -= 1
    token = text[start:end].casefold()
    return token in NEVER_FINAL


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` by the rule in the module docstring."""
    text = " ".join(text.split())
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and len(match.group().rstrip("»\"')]")) == 1 \
                and _abbreviation_before(text, match.start()):
            continue
        sentence = text[start:match.end()].strip()
        if words(sentence):
            found.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if words(rest):
        found.append(rest)
    return found


def score(text: str) -> Score:
    return Score(len(words(text)), letters(text), tuple(sentences(text)))


# --- the leaflets, measured ------------------------------------------------------------------------------------

MIN_GULPEASE = 60.0
MAX_WORDS = 20
EXEMPT_KINDS = ("law",)       # a list of citations may run long; it still has to score MIN_GULPEASE
SAMPLE_MUNICIPALITY = "Milano"
# Labels a household reads as sentences (the rest are table headings of a word or two, measured all the same).
LABEL_GROUP = "etichette"


@dataclass(frozen=True)
class BlockScore:
    group: str        # the stage, or LABEL_GROUP
    key: str
    kind: str
    text: str         # as printed in Italian: placeholders filled, a glossary line with its term
    score: Score

    @property
    def long_sentences(self) -> tuple[str, ...]:
        if self.kind in EXEMPT_KINDS:
            return ()
        return tuple(s for s, n in zip(self.score.sentences, self.score.lengths, strict=True) if n > MAX_WORDS)

    @property
    def problems(self) -> list[str]:
        found = []
        if self.score.gulpease < MIN_GULPEASE:
            found.append(f"Gulpease {self.score.gulpease:.1f} < {MIN_GULPEASE:.0f}")
        found.extend(f"frase di {len(words(s))} parole (massimo {MAX_WORDS}): «{s}»" for s in self.long_sentences)
        return found


def measure_content(content) -> list[BlockScore]:
    """Every block of every stage, then every label, as the Italian master prints them (figures filled in)."""
    from app.leaflets.languages import MASTER

    scores: list[BlockScore] = []
    for stage, blocks in content.structure.stages.items():
        for block in blocks:
            text = content.paragraph(MASTER, block.key, SAMPLE_MUNICIPALITY)[0]
            term = content.structure.term(block.key) if block.kind == "term" else None
            if term is not None:
                text = f"{term.term}: {text}"
            scores.append(BlockScore(stage, block.key, block.kind, text, score(text)))
    for key in content.structure.labels:
        text = content.paragraph(MASTER, key, SAMPLE_MUNICIPALITY)[0]
        scores.append(BlockScore(LABEL_GROUP, key, "label", text, score(text)))
    return scores
