"""Report periods as the supervisor types them (``2026-10``, ``2026-Q4``, ``2026``, ``2022..2026``), and which
of them may be published.

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

from app.l10n import month_year


class PeriodError(ValueError):
    """A period that cannot be read; the message is Italian and shows the accepted forms."""


HELP = "Formati ammessi: 2026-10 (mese), 2026-Q4 (trimestre), 2026 (anno), 2022..2026 (più anni interi)."
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
        """Italian heading: "ottobre 2026", "4° trimestre 2026", "2026", "dal 15/01/2026 al 31/03/2026"."""
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            return month_year(self.start)
        if re.fullmatch(r"\d{4}-Q[1-4]", self.label):
            return f"{self.label[-1]}° trimestre {self.start.year}"
        if re.fullmatch(r"\d{4}", self.label):
            return self.label
        if re.fullmatch(r"\d{4}\.\.\d{4}", self.label):
            return f"anni {self.start.year}-{self.end.year}"
        return f"dal {self.start:%d/%m/%Y} al {self.end:%d/%m/%Y}"

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
            return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
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


def check_publishable(period: Period, today: date) -> None:
    """Raise a ``PeriodError`` (Italian, says why) unless ``period`` may be published on ``today``."""
    if calendar_kind(period) is None:
        raise PeriodError(f"Periodo «{period.title}» non esportabile. {WHY_CALENDAR} {HELP}")
    if period.end >= today:
        raise PeriodError(f"Il periodo «{period.title}» non è ancora concluso: si potrà esportare dal "
                          f"{period.end + timedelta(days=1):%d/%m/%Y}. Un periodo in corso, esportato in due "
                          "giorni diversi, mostrerebbe gli eventi del giorno in più.")
