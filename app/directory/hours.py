"""Opening hours: structured slots (days and a time range) read from and written as plain Italian.

A slot is ``{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:00"}`` with
Monday = 0. Text that cannot be understood is never dropped: the parser reports
it and the caller keeps it as the free note.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from app.caches import memo
from app.l10n import weekday_names


def _plain(text: str) -> str:
    """Lower case without accents, keeping the characters that carry times and ranges."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("–", "-"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z:.,\-]+", " ", stripped)).strip()


DAY_SHORT = tuple(weekday_names("abbreviated"))  # "lun" ... "dom", as hours are written back
# What a referent's hours may say for a day, as _plain leaves it: "lunedi", "lun", ... (CLDR, accents dropped).
_DAY_WORDS = {_plain(name): day for width in ("wide", "abbreviated") for day, name in enumerate(weekday_names(width))}
_DAY = "(" + "|".join(map(re.escape, sorted(_DAY_WORDS, key=len, reverse=True))) + ")"
_TIME = r"(\d{1,2})(?:[:.,h](\d{2}))?"
_RANGE = re.compile(rf"(?:dalle\s+|ore\s+)?\b{_TIME}\s*(?:-|alle|a)\s*{_TIME}\b")
_DAY_RANGE = re.compile(rf"(?:dal\s+)?\b{_DAY}\s*(?:-|al|a)\s*{_DAY}\b")
_DAY_ONE = re.compile(rf"\b{_DAY}\b")

Slot = dict[str, Any]


class HoursError(ValueError):
    """Opening hours that do not make sense; the message is Italian."""


def _hhmm(hour: str, minute: str | None) -> str:
    h, m = int(hour), int(minute or 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise HoursError(f"orario non valido: {hour}:{minute or '00'}")
    return f"{h:02d}:{m:02d}"


def validate_slots(slots: list[Slot]) -> list[Slot]:
    clean = []
    for slot in slots:
        days = sorted({int(d) for d in slot.get("days", [])})
        if not days or any(d < 0 or d > 6 for d in days):
            raise HoursError("giorni di apertura mancanti o non validi")
        start, end = str(slot.get("from", "")), str(slot.get("to", ""))
        if not re.fullmatch(r"\d\d:\d\d", start) or not re.fullmatch(r"\d\d:\d\d", end) or start >= end:
            raise HoursError(f"fascia oraria non valida: {start}-{end}")
        clean.append({"days": days, "from": start, "to": end})
    # One canonical order, so the same hours read from text or from the database compare equal.
    return sorted(clean, key=lambda s: (s["days"], s["from"], s["to"]))


def parse_hours(text: str | None) -> tuple[list[Slot], str]:
    """Italian text to slots. Returns (slots, leftover): leftover is the text not understood ('' if all was)."""
    raw = (text or "").strip()
    if not raw:
        return [], ""
    slots: list[Slot] = []
    leftover: list[str] = []
    for segment in re.split(r"[;\n]+", raw):
        if not segment.strip():
            continue
        parsed = _parse_segment(segment)
        if parsed is None:
            leftover.append(segment.strip())
        else:
            slots.extend(parsed)
    return validate_slots(slots), "; ".join(leftover)


def _parse_segment(segment: str) -> list[Slot] | None:
    cached = _parse_segment_cached(segment)
    return None if cached is None else [dict(s, days=list(s["days"])) for s in cached]


@memo(4096)  # spreadsheets repeat the same hours on many rows
def _parse_segment_cached(segment: str) -> list[Slot] | None:
    key = _plain(segment)
    try:
        times = [(_hhmm(a, b), _hhmm(c, d)) for a, b, c, d in _RANGE.findall(key)]
    except HoursError:  # "25-26" is not a time: keep the text as a note
        return None
    if not times:
        return None
    days: set[int] = set()
    day_part = _RANGE.sub(" ", key)
    for first, last in _DAY_RANGE.findall(day_part):
        a, b = _DAY_WORDS[first], _DAY_WORDS[last]
        days.update(range(a, b + 1) if a <= b else [])
    day_part = _DAY_RANGE.sub(" ", day_part)
    days.update(_DAY_WORDS[d] for d in _DAY_ONE.findall(day_part))
    rest = re.sub(rf"{_DAY}|\b(e|dal|al|dalle|alle|ore|il|la|dalle|orari|orario|mattina|pomeriggio)\b|[,:.\s]", "",
                  day_part)
    if not days or rest:
        return None
    try:
        return validate_slots([{"days": sorted(days), "from": f, "to": t} for f, t in times])
    except HoursError:
        return None


def _time(hhmm: str) -> str:
    h, m = hhmm.split(":")
    return f"{int(h)}:{m}"


def _days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for d in sorted(days):
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_SHORT[run[0]]}-{DAY_SHORT[run[-1]]}")
        else:
            parts.extend(DAY_SHORT[d] for d in run)
    return ", ".join(parts)


def format_hours(slots: list[Slot], note: str = "") -> str:
    """Slots to short Italian text: "lun-ven 9:00-12:00; mar, gio 14:00-16:00" plus the note."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for slot in sorted(slots, key=lambda s: (min(s["days"]), s["from"])):
        groups.setdefault(tuple(sorted(s for s in slot["days"])), []).append(f"{_time(slot['from'])}-{_time(slot['to'])}")
    text = "; ".join(f"{_days(list(days))} {', '.join(ranges)}" for days, ranges in groups.items())
    note = note.strip()
    if note:
        text = f"{text} ({note})" if text else note
    return text
