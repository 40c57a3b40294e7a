"""The monitoring of one period: its published figures, the periods it is compared with, the directory's state.

A period is compared with the period just before (same kind) and with the same period a year earlier, and the
central indicators are followed over the last ``SERIES_LENGTH`` periods. Every one of these is a closed
calendar period, so each figure is one that period's own export would publish (``check_publishable``): no
comparison makes a window of days appear. A period not yet over publishes nothing from the events; the report
says from when it can, and shows only the directory (as of today).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app import __version__
from app.db.meta import all_meta
from app.directory.freshness import Freshness, freshness_on
from app.l10n import month_year
from app.monitoring.figures import Change, PeriodFigures, Value, change, protect_period, value
from app.monitoring.indicators import BY_ID, INDICATORS
from app.stats.aggregate import PeriodCounts, count_indicators, served_municipalities
from app.stats.disclosure import Disclosure
from app.stats.period import WHY_CALENDAR, Period, PeriodError, calendar_kind, series, year_earlier
from app.territory import Territory

SERIES_LENGTH = 4


@dataclass
class Monitoring:
    period: Period
    office: str
    generated_at: datetime
    k: int
    stale_after_days: int
    ambiti: list[str]
    disclosure: Disclosure
    versions: dict[str, str]
    series: list[PeriodFigures] = field(default_factory=list)  # oldest first, ending with the period itself
    previous: PeriodFigures | None = None
    year_earlier: PeriodFigures | None = None
    open_from: date | None = None  # the period is not over: figures may be published from this day
    directory_now: Freshness | None = None  # the directory today, for a period not over

    @property
    def current(self) -> PeriodFigures | None:
        return self.series[-1] if self.series and self.open_from is None else None

    @property
    def freshness(self) -> Freshness | None:
        return self.current.freshness if self.current is not None else self.directory_now

    def value(self, indicator_id: str, unit: str | None = None, figures: PeriodFigures | None = None) -> Value:
        indicator = BY_ID[indicator_id]
        if figures is None:
            figures = self.current
            if figures is None and indicator.source == "directory" and self.directory_now is not None:
                figures = PeriodFigures(self.period, {}, self.directory_now, [])
        return value(indicator, figures, unit)

    def change(self, indicator_id: str, against: str, unit: str | None = None) -> Change:
        """How the indicator moved since ``against``: "previous" or "year_earlier"."""
        before = self.previous if against == "previous" else self.year_earlier
        if before is None or self.current is None:
            return Change("na")
        indicator = BY_ID[indicator_id]
        if indicator.source == "events" and before.empty:
            return Change("na")  # nothing published then: a rise from nothing says nothing
        return change(indicator, self.value(indicator_id, unit), self.value(indicator_id, unit, before),
                      variance=self.disclosure.table.variance)

    @property
    def empty(self) -> bool:
        return self.current is None or self.current.empty

    def indicators(self):
        return INDICATORS


def _month_label(key: str) -> str:
    return month_year(date.fromisoformat(f"{key}-01"), short=True)


def build_monitoring(session: Session, territory: Territory, period: Period, *, k: int, office: str,
                     served: list[str] | None, stale_after_days: int, today: date,
                     base: PeriodCounts | None = None, disclosure: Disclosure | None = None) -> Monitoring:
    """Everything the report, the sheet and the screen show for ``period``, protected by one Disclosure.

    ``base``: the same period's report counts, when a workbook is written too (saves their queries);
    ``disclosure``: the workbook's, so that its measures count these figures too (the numbers are the same).
    Raises ``PeriodError`` for a window that is no calendar period (never publishable); a calendar period not
    over yet gives a Monitoring with ``open_from`` set and no figure from the events.
    """
    if calendar_kind(period) is None:
        raise PeriodError(f"Periodo «{period.title}» non ammesso nel rapporto. {WHY_CALENDAR}")
    municipalities = served_municipalities(territory, served or [])
    ambito_of = {m.istat_code: m.ambito_name for m in municipalities}
    ambiti = sorted(set(ambito_of.values()), key=str.casefold)
    disclosure = disclosure or Disclosure.for_threshold(k)
    versions = {"app": __version__, **{key: v for key, v in all_meta(session).items() if key.endswith("version")}}
    monitoring = Monitoring(period, office, datetime.now().replace(microsecond=0), k, stale_after_days, ambiti,
                            disclosure, versions)
    if period.end >= today:
        monitoring.open_from = period.end + timedelta(days=1)
        monitoring.directory_now = freshness_on(session, territory, [today], stale_after_days)[0]
        return monitoring
    periods = series(period, SERIES_LENGTH)
    earlier = year_earlier(period)
    wanted = periods + ([earlier] if earlier is not None and earlier not in periods else [])
    fresh = dict(zip(wanted, freshness_on(session, territory, [p.end for p in wanted], stale_after_days),
                     strict=True))
    # Deliveries are counted for the period and the two it is compared with; the earlier periods of the series
    # follow the access indicators only.
    full = {period, periods[-2], earlier}
    # From the monthly totals (app.stats.aggregate.count_indicators): a few hundred rows a period, in this one
    # session, so every period is counted from the same state of the database.
    counted = {p: count_indicators(session, p, base, deliveries=p in full) for p in wanted}
    figures = {p: protect_period(disclosure, counted[p], ambito_of, ambiti, fresh[p], _month_label) for p in wanted}
    monitoring.series = [figures[p] for p in periods]
    monitoring.previous = figures[periods[-2]]
    monitoring.year_earlier = figures[earlier] if earlier is not None else None
    return monitoring
