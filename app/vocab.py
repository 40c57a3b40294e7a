"""The facts the leaflets and the statistics share, declared once (they may not import each other).

* :data:`STAGES`: the five notice stages, in order. A closed list of the program, not content: the statistics'
  CHECK constraints name them and the leaflet screen gives each a key (1-5), so ``content.toml`` must have
  exactly these stages, in this order (``app/leaflets/structure.py`` refuses other content).
* :data:`LANGUAGE_CODE_PATTERN`: the shape of a language code ("ru", "fil", "zh_Hans"). The languages
  themselves are data (``languages`` in ``content.toml``, one can arrive by sync); the statistics keep the
  code only, and the database checks this shape.
* :func:`cldr_languages`: the CLDR locales the bundle keeps, the shipped languages' (``build.spec``).
* :func:`shipped_language_names`: the Italian name of each language as the content data gives it, for the
  statistics workbook (the leaflet screen and the card read the same entries through
  ``app.leaflets.languages``).

``tests/test_vocabulary.py`` fails when a copy disagrees: a label table, a screen's keys, the migrations'
CHECK constraints. The statistics' own closed lists (delivery modes, causes, outcomes...) live in
``app/stats/vocab.py``.

Standard library only (Babel is imported inside :func:`cldr_languages`): the command modules import it to
build their ``choices``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")

LANGUAGE_CODE_PATTERN = r"[a-z]{2,3}(_[A-Z][a-z]{3})?"
"""A language code, never free text: two or three lower-case letters, then an optional ISO 15924 script."""


def content_file(root: Path | None = None) -> Path:
    """The shipped ``content.toml`` (stages, glossary, figures, languages)."""
    if root is None:
        from app.paths import install_root

        root = install_root()
    return root / "i18n" / "leaflets" / "content.toml"


def shipped_language_entries(root: Path | None = None) -> list[dict[str, Any]]:
    """The raw ``languages`` entries of the shipped content, in card order (checked by the leaflets part)."""
    with content_file(root).open("rb") as fh:
        entries = tomllib.load(fh).get("languages")
    return list(entries) if isinstance(entries, list) else []


def cldr_languages(root: Path | None = None) -> set[str]:
    """The CLDR locales a bundle carries Babel's data for (``build.spec``), by exact identifier: each locale the
    app asks Babel for and every parent Babel loads under it. Those are Italian (``app.l10n``, the statistics),
    English and ``root`` (Babel's defaults), and the locale of each shipped language (``babel``, else ``code``:
    "zh_Hans" keeps zh_Hans, zh and root). Every call passes ``locale=`` one of these: regional variants
    (it_CH, ar_EG, zh_Hans_SG: 140-odd files, 0.9 MiB) are never asked for, and the other thousand locales of
    Babel's 31 MiB neither. A language that arrives later by sync and lacks its data here is formatted in
    Italian (``app.leaflets.languages.cldr_locale``) until an install brings it."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    wanted = {"it", "en"}
    for entry in shipped_language_entries(root):
        locale = entry.get("babel", entry.get("code")) if isinstance(entry, dict) else None
        if isinstance(locale, str) and locale:
            wanted.add(locale)
    kept = {"root"}
    for name in wanted:
        while name != "root":  # Babel's own inheritance (babel.localedata.load): exceptions, then truncation
            kept.add(name)
            name = parents.get(name) or ("_".join(name.split("_")[:-1]) or "root")
    return kept


def shipped_language_names(root: Path | None = None) -> dict[str, str]:
    """code -> Italian name ("tl" -> "tagalog"), from the content data."""
    return {e["code"]: e["italian"] for e in shipped_language_entries(root)
            if isinstance(e, dict) and isinstance(e.get("code"), str) and isinstance(e.get("italian"), str)}
