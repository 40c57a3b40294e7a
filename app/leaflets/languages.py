"""The languages a pack can be printed in, with their names (via Babel), script and direction.

The codes are a closed list shared with the statistics (``app.stats.vocab.LANGUAGES``).
Tagalog is stored as "tl" but Babel knows it as Filipino ("fil"), the standard form of Tagalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale

MASTER = "it"
CODES: tuple[str, ...] = ("it", "en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ta", "ro", "uk", "bn", "sq", "ur")
HOUSEHOLD_CODES: tuple[str, ...] = CODES[1:]

# The key of each language on the language card and on the leaflet screen, in CODES order: Italian is 0 (an
# Italian-only pack), the household languages 1-9 and then A, B, C...: one keystroke each, no two-digit numbers
# to mistype and no pause to wait for. Derived from CODES, so the card and the screen cannot disagree.
_KEY_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
if len(CODES) > len(_KEY_SYMBOLS):  # pragma: no cover - a guard for whoever adds the 37th language
    raise RuntimeError("more languages than card keys")
CARD_KEYS: dict[str, str] = {code: _KEY_SYMBOLS[i] for i, code in enumerate(CODES)}

# Script family decides the font, the line breaking and the direction.
_SCRIPT = {"ar": "arabic", "ur": "arabic", "zh_Hans": "cjk", "bn": "bengali", "si": "sinhala", "ta": "tamil"}
_BABEL = {"tl": "fil"}


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    italian_name: str
    script: str  # latin | arabic | cjk | bengali | sinhala | tamil

    @property
    def rtl(self) -> bool:
        return self.script == "arabic"

    @property
    def babel_locale(self) -> str:
        return _BABEL.get(self.code, self.code)

    @property
    def key(self) -> str:
        """What the card prints next to the language and what the bailiff types on the leaflet screen."""
        return CARD_KEYS[self.code]

    @property
    def label(self) -> str:
        """"العربية – arabo": what the household recognises, then what the bailiff reads."""
        if self.native_name.casefold() == self.italian_name.casefold():
            return self.native_name
        return f"{self.native_name} – {self.italian_name}"


@cache
def language(code: str) -> Language:
    if code not in CODES:
        raise KeyError(code)
    locale = Locale.parse(_BABEL.get(code, code))
    native = locale.display_name or code
    italian = locale.get_display_name("it") or code
    if code == "tl":  # Babel calls it Filipino; households from the Philippines say Tagalog
        native, italian = "Tagalog", "tagalog"
    return Language(code, native[:1].upper() + native[1:] if code != "zh_Hans" else native, italian,
                    _SCRIPT.get(code, "latin"))


def all_languages() -> list[Language]:
    return [language(c) for c in CODES]


def code_for_key(key: str) -> str | None:
    """The language whose card key is ``key`` ("7" -> "si", "a" -> "uk"), or None."""
    wanted = key.strip().upper()
    return next((code for code, k in CARD_KEYS.items() if k == wanted), None)


def parse_codes(text: str) -> list[str]:
    """"ar,bn" -> ["ar", "bn"]; accepts "zh", "zh-Hans", "fil" and any case; raises ValueError in Italian."""
    aliases = {"zh": "zh_Hans", "zh_hans": "zh_Hans", "zh-hans": "zh_Hans", "fil": "tl"}
    lower = {c.lower(): c for c in CODES}
    codes: list[str] = []
    for raw in text.replace(";", ",").split(","):
        item = raw.strip()
        if not item:
            continue
        code = aliases.get(item.lower()) or lower.get(item.lower().replace("-", "_"))
        if code is None:
            raise ValueError(f"lingua sconosciuta: «{item}». Lingue disponibili: {', '.join(CODES)}")
        if code not in codes:
            codes.append(code)
    return codes
