"""Phones, e-mail and PEC addresses: parse what people type, store normalized, show the Italian way.

Phones are stored in E.164 (``+390288451234``) and shown in Italian national
format (``02 8845 1234``). A cell may hold several numbers separated by ``/``,
``;``, ``,``, "oppure" or new lines; a spreadsheet may have turned a number into
a float (``288451234.0``), losing the leading zero of a Milan number.
"""

from __future__ import annotations

import re

import phonenumbers

from app.caches import memo

_SPLIT_PHONES = re.compile(r"\s*(?:[;,/|\n]|\boppure\b|\bo\b|\be\b)\s*", re.IGNORECASE)
_SPLIT_EMAILS = re.compile(r"[\s;,/|]+")
# Deliberately simple: one @, a dotted domain, no spaces. Good enough to catch typos, not an RFC parser.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")


class ContactError(ValueError):
    """A contact that cannot be used; the message is Italian and names the value."""


def _float_digits(text: str) -> str:
    """Undo a spreadsheet float: "288451234.0" -> "0288451234" (Italian landlines start with 0)."""
    if re.fullmatch(r"\d+\.0+", text):
        digits = text.split(".")[0]
        if not digits.startswith(("0", "3", "8", "39")) or len(digits) in (8, 9) and digits[0] not in "38":
            digits = "0" + digits
        return digits
    return text


_PHONE_CACHE: dict[str, str] = {}
_PHONE_CACHE_MAX = 50000


def normalize_phone(text: str) -> str:
    """One phone number to E.164, or ContactError with an Italian message.

    Parsing costs ~0.2 ms; a 2,000-row import checks each number twice (reading, then validating the entry),
    so valid results are remembered (both the text and its E.164 form map to the E.164 form).
    """
    key = str(text)
    cached = _PHONE_CACHE.get(key)
    if cached is not None:
        return cached
    e164 = _parse_phone(key)
    if len(_PHONE_CACHE) > _PHONE_CACHE_MAX:
        _PHONE_CACHE.clear()
    _PHONE_CACHE[key] = _PHONE_CACHE[e164] = e164
    return e164


_ITALIAN_E164 = re.compile(r"\+39\d{4,13}")


def _parse_phone(text: str) -> str:
    raw = _float_digits(str(text).strip())
    if not raw:
        raise ContactError("numero di telefono vuoto")
    if _ITALIAN_E164.fullmatch(raw):
        e164 = _italian_e164(raw)
        if e164 is not None:
            return e164
    try:
        number = phonenumbers.parse(raw, "IT")
    except phonenumbers.NumberParseException as exc:
        raise ContactError(f"numero di telefono non valido: «{text}»") from exc
    # For Italian numbers ask about Italy directly: finding the region first doubles the cost.
    valid = phonenumbers.is_valid_number_for_region(number, "IT") if number.country_code == 39 else \
        phonenumbers.is_valid_number(number)
    if not valid:
        raise ContactError(f"numero di telefono non valido: «{text}»")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _italian_e164(raw: str) -> str | None:
    """An Italian number already in E.164 (what snapshots and the database hold), without the generic parser.

    Parsing is two thirds of the cost; the number is built as the parser would build it and accepted only if it
    is valid and formats back to exactly ``raw``; anything else (e.g. several leading zeros) returns None and goes
    through the full parser.
    """
    national = raw[3:]
    number = phonenumbers.PhoneNumber(country_code=39, national_number=int(national),
                                      italian_leading_zero=True if national.startswith("0") else None)
    if not phonenumbers.is_valid_number_for_region(number, "IT"):
        return None
    # What format_number(number, E164) writes, without its general formatting path.
    return raw if "+39" + phonenumbers.national_significant_number(number) == raw else None


_E164_FORM = re.compile(r"\+[1-9]\d{6,14}")


def published_phone(text: str) -> str:
    """A phone in a publisher's snapshot: in E.164 it is taken as the publisher stored it, other forms are parsed.

    The publisher's program checked each number against the numbering plan when it was typed or imported; a
    station re-judging it with its own, possibly older, phone metadata would refuse the whole directory over one
    newly opened number range (and spent a sixth of a 5,000-referent sync doing it). Only the form is checked.
    """
    value = str(text).strip()
    return value if _E164_FORM.fullmatch(value) else normalize_phone(value)


def split_phones(text: str | float | int | None) -> list[str]:
    """Several numbers in one cell, each normalized to E.164; duplicates dropped, order kept."""
    if text is None:
        return []
    if isinstance(text, float):
        text = f"{text:.1f}"
    elif isinstance(text, int):
        text = f"{text}.0"
    parts = [p for p in _SPLIT_PHONES.split(str(text)) if p.strip()]
    result: list[str] = []
    for part in parts:
        e164 = normalize_phone(part)
        if e164 not in result:
            result.append(e164)
    return result


@memo(20000)  # formatting costs ~0.2 ms; lists of 5,000 entries show each number often
def display_phone(e164: str) -> str:
    """E.164 to the Italian national format ("02 8845 1234"); foreign numbers keep their international form."""
    try:
        number = phonenumbers.parse(e164, "IT")
    except phonenumbers.NumberParseException:
        return e164
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 39 else \
        phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


@memo(4096)
def tel_uri(text: str) -> str:
    """A ``tel:`` link (RFC 3966, "tel:+39-02-8845-1234") for a number as printed; "" when the field is not a number
    one can dial (free text such as "02 8845 1234 interno 5" is shown, never turned into a wrong link). Cached like
    :func:`phone_kind`: every card of every pack asks again for the same numbers (phonenumbers' parse and
    validation were a tenth of a warm pack's time)."""
    try:
        number = phonenumbers.parse(text, "IT")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number) or number.extension:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


PHONE_KINDS = ("fixed", "mobile", "tollfree", "other")


@memo(4096)
def phone_kind(text: str) -> str:
    """"fixed", "mobile", "tollfree" or "other", from the numbering plan (phonenumbers' number type).

    Accepts E.164 or the national form a pack prints; what cannot be parsed is "other" (printed as "Telefono").
    """
    try:
        number = phonenumbers.parse(text, "IT")
    except phonenumbers.NumberParseException:
        return "other"
    kind = phonenumbers.number_type(number)
    types = phonenumbers.PhoneNumberType
    if kind == types.FIXED_LINE:
        return "fixed"
    if kind == types.MOBILE:
        return "mobile"
    if kind == types.TOLL_FREE:
        return "tollfree"
    return "other"


_EMAIL_CACHE: dict[str, str] = {}  # valid addresses as given -> normalized (a sync checks thousands)


def normalize_email(text: str, what: str = "e-mail") -> str:
    cached = _EMAIL_CACHE.get(text) if type(text) is str else None
    if cached is not None:
        return cached
    value = str(text).strip().strip("<>").removeprefix("mailto:").strip()
    if not _EMAIL.match(value):
        raise ContactError(f"indirizzo {what} non valido: «{text}»")
    if type(text) is str:
        if len(_EMAIL_CACHE) > _PHONE_CACHE_MAX:
            _EMAIL_CACHE.clear()
        _EMAIL_CACHE[text] = value.lower()
    return value.lower()


def split_emails(text: str | None, what: str = "e-mail") -> list[str]:
    if text is None:
        return []
    result: list[str] = []
    for part in _SPLIT_EMAILS.split(str(text)):
        if part.strip():
            email = normalize_email(part, what)
            if email not in result:
                result.append(email)
    return result


_WEBSITE_CACHE: dict[str, str] = {}


def normalize_website(text: str | None) -> str:
    cached = _WEBSITE_CACHE.get(text) if type(text) is str else None
    if cached is not None:
        return cached
    value = _website(text)
    if type(text) is str:
        if len(_WEBSITE_CACHE) > _PHONE_CACHE_MAX:
            _WEBSITE_CACHE.clear()
        _WEBSITE_CACHE[text] = value
    return value


def _website(text: str | None) -> str:
    value = (text or "").strip()
    if not value:
        return ""
    if " " in value or "." not in value:
        raise ContactError(f"sito web non valido: «{text}»")
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    return value
