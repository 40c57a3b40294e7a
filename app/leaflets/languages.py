"""The languages a pack can be printed in: data from ``content.toml`` (``languages``), not a Python list.

Each entry gives the code, the native and Italian names, the script (ISO 15924)
and the direction; its place in the list is its place on the language card and
on the leaflet screen (Italian first, key 0, then 1-9, A, B...). A language is
added by adding its entry and its ``<code>.po`` (README.md in ``i18n/leaflets``),
shipped with the install or through the signed sync bundle: the workstation
offers it as soon as that content is in force, without reinstalling.

The list in force is the effective content's: the shipped ``content.toml``
until ``content.effective_content`` loads other content and calls :func:`use`.
Reading it costs one small TOML parse and no Babel import, so ``languages``
and ``pack`` stay light.

A language's script must have a bundled font (:data:`SCRIPT_FONTS`: Noto Sans
covers Latin and Cyrillic); the statistics keep only the code, whose shape
(:data:`CODE_PATTERN`) the database checks too.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.vocab import LANGUAGE_CODE_PATTERN, content_file, shipped_language_entries

MASTER = "it"
# A short code, never free text: "ru", "fil", "zh_Hans" (language, then an optional ISO 15924 script).
CODE_PATTERN = LANGUAGE_CODE_PATTERN
_CODE_RE = re.compile(CODE_PATTERN)
MAX_NAME = 40
# ISO 15924 script -> the bundled font family that draws it (app/leaflets/fonts.py FAMILIES). Noto Sans covers
# Latin and Cyrillic (tests/leaflets/test_languages.py checks the font's character map).
SCRIPT_FONTS = {"Latn": "latin", "Cyrl": "latin", "Arab": "arabic", "Hans": "cjk", "Beng": "bengali",
                "Sinh": "sinhala", "Taml": "tamil"}
DIRECTIONS = ("ltr", "rtl")
# The key of each language on the language card and on the leaflet screen: one keystroke each, no two-digit
# numbers to mistype and no pause to wait for.
KEY_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class LanguageError(ValueError):
    """A language entry that cannot be used; the message is Italian and names the entry."""


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    italian_name: str
    iso_script: str      # ISO 15924: Latn, Cyrl, Arab, Hans, Beng, Sinh, Taml
    direction: str       # ltr | rtl
    key: str             # what the card prints next to the language and what the bailiff types
    babel_locale: str    # the CLDR locale that formats its figures and dates ("fil" for Tagalog)

    @property
    def script(self) -> str:
        """The font family that draws it: latin | arabic | cjk | bengali | sinhala | tamil."""
        return SCRIPT_FONTS[self.iso_script]

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def label(self) -> str:
        """"العربية – arabo": what the household recognises, then what the bailiff reads."""
        if self.native_name.casefold() == self.italian_name.casefold():
            return self.native_name
        return f"{self.native_name} – {self.italian_name}"


def _name(entry: Mapping[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise LanguageError(f"{where}: manca «{field}»")
    value = value.strip()
    if len(value) > MAX_NAME or any(ord(ch) < 32 for ch in value):
        raise LanguageError(f"{where}: «{field}» troppo lungo o con caratteri di controllo")
    return value


def parse_languages(raw: Any, where: str = "content.toml") -> tuple[Language, ...]:
    """The ``[[language]]`` entries, in card order; raises LanguageError (Italian)."""
    if not isinstance(raw, list) or not raw:
        raise LanguageError(f"{where}: manca l'elenco delle lingue («languages»)")
    if len(raw) > len(KEY_SYMBOLS):
        raise LanguageError(f"{where}: al massimo {len(KEY_SYMBOLS)} lingue (una per tasto del cartellino)")
    found: list[Language] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            raise LanguageError(f"{where}: lingua n. {i + 1} non è una tabella")
        code = entry.get("code")
        if not isinstance(code, str) or not _CODE_RE.fullmatch(code):
            raise LanguageError(f"{where}: lingua n. {i + 1}: codice «{code}» non valido (es. «ru», «zh_Hans»)")
        here = f"{where}: lingua «{code}»"
        unknown = sorted(set(entry) - {"code", "native", "italian", "script", "direction", "babel"})
        if unknown:
            raise LanguageError(f"{here}: campo non previsto «{unknown[0]}»")
        if any(lang.code == code for lang in found):
            raise LanguageError(f"{here} ripetuta")
        script = entry.get("script")
        if script not in SCRIPT_FONTS:
            raise LanguageError(f"{here}: nessun carattere installato per la scrittura «{script}» "
                                f"(previste: {', '.join(SCRIPT_FONTS)})")
        direction = entry.get("direction", "ltr")
        if direction not in DIRECTIONS:
            raise LanguageError(f"{here}: direzione «{direction}» non prevista (ltr o rtl)")
        locale = entry.get("babel", code)
        if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*", locale):
            raise LanguageError(f"{here}: locale «{locale}» non valida")
        found.append(Language(code, _name(entry, "native", here), _name(entry, "italian", here), script,
                              direction, KEY_SYMBOLS[i], locale))
    if found[0].code != MASTER:
        raise LanguageError(f"{where}: la prima lingua deve essere l'italiano («{MASTER}», tasto 0)")
    return tuple(found)


def cldr_locale(locale: str) -> str:
    """``locale`` when this build carries its CLDR data, else Italian (:data:`MASTER`).

    The bundle keeps Babel's data only for the languages of the shipped content (``app.vocab.cldr_languages``):
    a language that arrives later by the signed sync, whose locale the install lacks, gets its figures and dates
    in Italian form (Latin digits) rather than a pack that cannot be printed, until an install brings its locale.
    """
    from babel.localedata import exists

    return locale if exists(locale) else MASTER


# --- the list in force -------------------------------------------------------------------------------------------

_lock = threading.Lock()
_active: tuple[Language, ...] | None = None
_by_code: dict[str, Language] = {}


def _shipped() -> tuple[Language, ...]:
    return parse_languages(shipped_language_entries() or None, content_file().name)


def use(languages: Iterable[Language]) -> None:
    """Make ``languages`` the list in force (called when the effective content changes)."""
    global _active, _by_code
    languages = tuple(languages)
    with _lock:
        if languages != _active:
            _by_code = {lang.code: lang for lang in languages}
            _active = languages


def active() -> tuple[Language, ...]:
    if _active is None:
        use(_shipped())
    assert _active is not None
    return _active


def codes() -> tuple[str, ...]:
    """Every language in card order, Italian first."""
    return tuple(lang.code for lang in active())


def household_codes() -> tuple[str, ...]:
    """The translations: every language but the Italian master."""
    return tuple(lang.code for lang in active() if lang.code != MASTER)


def all_languages() -> list[Language]:
    return list(active())


def language(code: str) -> Language:
    active()
    try:
        return _by_code[code]
    except KeyError:
        raise KeyError(code) from None


def card_keys() -> dict[str, str]:
    return {lang.code: lang.key for lang in active()}


def code_for_key(key: str) -> str | None:
    """The language whose card key is ``key`` ("7" -> "si", "a" -> "uk"), or None."""
    wanted = key.strip().upper()
    return next((lang.code for lang in active() if lang.key == wanted), None)


def parse_codes(text: str) -> list[str]:
    """"ar,bn" -> ["ar", "bn"]; accepts a code in any case, "-" for "_", the Babel locale ("fil") and the
    language without its script ("zh"); raises ValueError in Italian."""
    known = active()
    lower = {lang.code.lower(): lang.code for lang in known}
    for lang in known:
        lower.setdefault(lang.babel_locale.lower(), lang.code)
        lower.setdefault(lang.code.split("_")[0].lower(), lang.code)
    chosen: list[str] = []
    for raw in text.replace(";", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        code = lower.get(item.lower().replace("-", "_"))
        if code is None:
            raise ValueError(f"lingua sconosciuta: «{item}». Lingue disponibili: {', '.join(codes())}")
        if code not in chosen:
            chosen.append(code)
    return chosen
