"""Italian calendar words from CLDR (Babel): month and weekday names are never typed by hand here."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names, get_month_names

LOCALE = "it"


def month_names() -> list[str]:
    """January to December as a heading or a list shows them: "gennaio" ... "dicembre"."""
    names = get_month_names("wide", context="stand-alone", locale=LOCALE)
    return [names[m] for m in range(1, 13)]


def month_abbreviations() -> list[str]:
    """January to December as a chart axis shows them: "gen" ... "dic"."""
    names = get_month_names("abbreviated", context="stand-alone", locale=LOCALE)
    return [names[m] for m in range(1, 13)]


def weekday_names(width: str = "wide") -> list[str]:
    """Monday to Sunday: "lunedì" ... (``wide``) or "lun" ... (``abbreviated``)."""
    names = get_day_names(width, context="format", locale=LOCALE)
    return [names[d] for d in range(7)]


def month_year(day: date, *, short: bool = False) -> str:
    """"ottobre 2026", or "ott 2026" where space is tight (a trend row, a chart axis)."""
    return format_date(day, "LLL y" if short else "LLLL y", locale=LOCALE)
