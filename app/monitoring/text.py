"""Numbers, shares and changes in Italian words, through Babel: the report, the sheet and the screen say them alike."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from app.l10n import LOCALE
from app.monitoring.figures import STATUS_TEXT, Change, Value


def fmt_count(n: int) -> str:
    """1.234 (Italian grouping)."""
    return format_decimal(n, locale=LOCALE)


def fmt_signed(n: int) -> str:
    """+1.234 or -12: a change of a count, signed."""
    return format_decimal(n, "+#,##0;-#,##0", locale=LOCALE)


def fmt_share(share: float) -> str:
    """34% (whole percentages: the noise of the protection makes tenths meaningless)."""
    return format_percent(share, "#,##0%", locale=LOCALE)


def fmt_points(delta: float) -> str:
    """+3 punti, -12 punti (a change of a share, in percentage points)."""
    points = round(delta * 100)
    return f"{points:+d} punt{'o' if abs(points) == 1 else 'i'}"


def fmt_value(value: Value, share: bool) -> str:
    """The value as shown, or why it is not: "34%", "1.234", "non calcolato: meno di 20 casi"."""
    if not value.shown:
        return STATUS_TEXT[value.status] or "dato non disponibile"
    return fmt_share(value.number) if share else fmt_count(int(value.number))


def fmt_change(change: Change, before: Value, share: bool) -> str:
    """"in aumento (+12) da 340", "stabile (34%)", "non confrontabile"."""
    if change.direction == "na":
        if not before.shown:
            return "non confrontabile: " + (STATUS_TEXT[before.status] or "dato non disponibile")
        return "non confrontabile"
    was = fmt_value(before, share)
    if share:
        return f"{change.words} ({fmt_points(change.delta)}; era {was})"
    delta = int(change.delta)
    return f"{change.words} ({fmt_signed(delta)}; era {was})" if delta else f"{change.words} (era {was})"
