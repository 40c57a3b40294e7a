"""Report periods as the supervisor types them (``2026-10``, ``2026-Q4``, ``2026-T3``, ``2026``, ``2022..2026``),
which of them may be published, and the periods a report compares them with.

Four-month periods (quadrimestri: January-April, May-August, September-December, the rhythm of the
technical table of Art. 1 of the agreement) are written ``2026-T1`` .. ``2026-T3``: ``T`` for *terzo*
of the year, next to ``Q`` for the quarter that the existing form already used. A range made of whole
months that is exactly one calendar period (``2026-05..2026-08``) is that period, under its own name.

Only closed calendar periods are published: a month, a quarter, a four-month period
(January-April, May-August, September-December), a year, or whole years. Months are
the finest unit any export shows, so the difference of two exports is always whole
months, each published with its own noise. An arbitrary window would undo that:
two windows one day apart, subtracted, point at the events of that day (which
figures changed). A period that has not ended yet is such a window too (exported on
two days, it differs by the second day's events). See ``docs/DISCLOSURE.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.l10n import month_abbreviations, month_names, month_year


class PeriodError(ValueError):
    """A period that cannot be read; the message is Italian and shows the accepted forms."""


HELP = ("Formati ammessi: 2026-10 (mese), 2026-Q4 (trimestre), 2026-T3 (quadrimestre: T1 gennaio-aprile, "
        "T2 maggio-agosto, T3 settembre-dicembre), 2026 (anno), 2022..2026 (più anni interi).")
WHY_CALENDAR = ("Si pubblicano solo mesi, trimestri, quadrimestri e anni solari interi: due intervalli che differiscono "
                "di pochi giorni, confrontati, mostrerebbero gli eventi di quei giorni.")


def month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """First day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @property
    def title(self) -> str:
        """Italian heading: "ottobre 2026", "4° trimestre 2026", "3° quadrimestre 2026 (settembre-dicembre)",
        "2026", "dal 15/01/2026 al 31/03/2026"."""
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            return month_year(self.start)
        if re.fullmatch(r"\d{4}-Q[1-4]", self.label):
            return f"{self.label[-1]}° trimestre {self.start.year}"
        if re.fullmatch(r"\d{4}-T[1-3]", self.label):  # months named: "T" is new to readers
            names = month_names()
            return (f"{self.label[-1]}° quadrimestre {self.start.year} "
                    f"({names[self.start.month - 1]}-{names[self.end.month - 1]})")
        if re.fullmatch(r"\d{4}", self.label):
            return self.label
        if re.fullmatch(r"\d{4}\.\.\d{4}", self.label):
            return f"anni {self.start.year}-{self.end.year}"
        return f"dal {self.start:%d/%m/%Y} al {self.end:%d/%m/%Y}"

    @property
    def short_title(self) -> str:
        """A label for a chart axis or a table column: "ott 2026", "set-dic 2026", "ott-dic 2026", "2026"."""
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            return month_year(self.start, short=True)
        if re.fullmatch(r"\d{4}-[QT][1-4]", self.label):
            names = month_abbreviations()
            return f"{names[self.start.month - 1]}-{names[self.end.month - 1]} {self.start.year}"
        if re.fullmatch(r"\d{4}\.\.\d{4}", self.label):
            return f"{self.start.year}-{self.end.year}"
        return self.title if self.label and not re.fullmatch(r"\d{4}", self.label) else self.label

    def months(self) -> list[date]:
        """First day of every month the period touches."""
        out, current = [], date(self.start.year, self.start.month, 1)
        while current <= self.end:
            out.append(current)
            current = add_months(current, 1)
        return out


def _bound(text: str, *, end: bool) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError(text)
        return month_end(year, month) if end else date(year, month, 1)
    raise ValueError(text)


def parse_period(text: str) -> Period:
    raw = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", raw):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(raw)
            return Period(date(year, month, 1), month_end(year, month), raw)
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", raw):
            year, quarter = int(m[1]), int(m[2])
            return Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), f"{year}-Q{quarter}")
        if m := re.fullmatch(r"(\d{4})-[Tt]([1-3])", raw):
            year, third = int(m[1]), int(m[2])
            return Period(date(year, 4 * third - 3, 1), month_end(year, 4 * third), f"{year}-T{third}")
        if re.fullmatch(r"\d{4}", raw):
            year = int(raw)
            return Period(date(year, 1, 1), date(year, 12, 31), raw)
        if m := re.fullmatch(r"(\d{4})\s*\.\.\s*(\d{4})", raw):
            first, last = int(m[1]), int(m[2])
            if last < first:
                raise PeriodError(f"Periodo «{text}»: l'anno finale precede quello iniziale.")
            return Period(date(first, 1, 1), date(last, 12, 31), f"{first}..{last}")
        if ".." in raw:
            first, _, last = raw.partition("..")
            start, end = _bound(first.strip(), end=False), _bound(last.strip(), end=True)
            if end < start:
                raise PeriodError(f"Periodo «{text}»: la data finale precede quella iniziale.")
            return calendar_period(start, end) or Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
    except PeriodError:
        raise
    except ValueError:
        pass
    raise PeriodError(f"Periodo non valido: «{text}». {HELP}")


def calendar_kind(period: Period) -> str | None:
    """"month", "quarter", "four_months", "year" or "years" when the period is exactly one; otherwise None."""
    start, end = period.start, period.end
    if start.day != 1 or end != month_end(end.year, end.month) or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.month == 1 and months % 12 == 0:
        return "year" if months == 12 else "years"
    if months == 1:
        return "month"
    if months == 3 and start.month % 3 == 1:
        return "quarter"
    if months == 4 and start.month % 4 == 1:
        return "four_months"
    return None


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def calendar_period(start: date, end: date) -> Period | None:
    """The calendar period (with its canonical label) that runs exactly from ``start`` to ``end``, or None."""
    kind = calendar_kind(Period(start, end, ""))
    if kind is None:
        return None
    year = start.year
    label = {"month": f"{year}-{start.month:02d}", "quarter": f"{year}-Q{(start.month + 2) // 3}",
             "four_months": f"{year}-T{(start.month + 3) // 4}", "year": str(year),
             "years": f"{year}..{end.year}"}[kind]
    return Period(start, end, label)


def shifted(period: Period, months: int) -> Period:
    """The same kind of calendar period ``months`` later (earlier if negative): whole months, so a February is
    a February whatever the leap years (its end is the month's last day)."""
    start = add_months(period.start, months)
    last = add_months(period.end, months)
    found = calendar_period(start, month_end(last.year, last.month))
    if found is None:
        raise PeriodError(f"Periodo «{period.title}»: non è un periodo solare. {HELP}")
    return found


def length_in_months(period: Period) -> int:
    return _months_between(period.start, period.end)


def previous_period(period: Period) -> Period:
    """The period just before, of the same kind: September for October, T2 for T3, 2025 for 2026."""
    return shifted(period, -length_in_months(period))


def year_earlier(period: Period) -> Period | None:
    """The same period a year before; None for a year or several (their previous period is that already)."""
    if length_in_months(period) >= 12:
        return None
    return shifted(period, -12)


def series(period: Period, count: int) -> list[Period]:
    """The ``count`` periods of the same kind that end with ``period``, oldest first."""
    step = length_in_months(period)
    return [shifted(period, -step * i) for i in range(count - 1, -1, -1)]


def check_publishable(period: Period, today: date) -> None:
    """Raise a ``PeriodError`` (Italian, says why) unless ``period`` may be published on ``today``."""
    if calendar_kind(period) is None:
        raise PeriodError(f"Periodo «{period.title}» non esportabile. {WHY_CALENDAR} {HELP}")
    if period.end >= today:
        raise PeriodError(f"Il periodo «{period.title}» non è ancora concluso: si potrà esportare dal "
                          f"{period.end + timedelta(days=1):%d/%m/%Y}. Un periodo in corso, esportato in due "
                          "giorni diversi, mostrerebbe gli eventi del giorno in più.")
