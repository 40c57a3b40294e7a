"""Counts for a period, grouped in SQL (one pass per table), then laid out by municipality or Ambito.

The heavy work (a million events over five years) is a handful of ``GROUP BY``
queries; Python only folds at most a few thousand groups into the report tables.
Every group carries its count and the sum of its events' record keys (a
:class:`~app.stats.disclosure.Tally`), so any figure made of groups can be
published by the cell key method without going back to the events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, bindparam, func, literal, select, text, union_all
from sqlalchemy.orm import Session

from app.stats.disclosure import ZERO, Tally
from app.stats.models import (
    AccessOutcome,
    Delivery,
    DeliveryLanguage,
    MonthForeign,
    MonthOutcome,
    MonthScheduled,
    MonthStage,
    ScheduledAccess,
)
from app.stats.period import Period, add_months, month_end
from app.stats.vocab import STAGES
from app.territory import Territory
from app.territory.lookup import MunicipalityInfo

FORECAST_MONTHS = 3
ITALIAN = "it"  # the master language of every pack: "another language" means any other code
TREND_MIN_MONTHS = 12


LONG_PERIOD_DAYS = 92


def _in_days(session: Session, column, start: date, end: date, *, long: bool):
    """``column BETWEEN start AND end``; on SQLite, for long periods, written so the day index is not used.

    Over years, scanning the index ordered by the grouping columns groups without sorting (a unary
    plus is SQLite's documented way to keep an index out of a term); over weeks the day index wins.
    """
    if long and session.get_bind().dialect.name == "sqlite":
        name = f"{column.table.name}.{column.name}"
        return text(f"+{name} BETWEEN :start_{column.name} AND :end_{column.name}").bindparams(
            **{f"start_{column.name}": start.isoformat(), f"end_{column.name}": end.isoformat()})
    return column.between(start, end)


Tallies = dict  # (unit, x) -> Tally


def _tallies() -> defaultdict:
    return defaultdict(lambda: ZERO)


@dataclass
class PeriodCounts:
    """True counts with their key sums, keyed by ISTAT code (and month for the trend), for one period."""

    period: Period
    stages: Tallies = field(default_factory=_tallies)  # (istat, stage)
    causes: Tallies = field(default_factory=_tallies)  # (istat, cause)
    modes: Tallies = field(default_factory=_tallies)  # (istat, mode)
    languages: Tallies = field(default_factory=_tallies)  # (istat, language)
    outcomes: Tallies = field(default_factory=_tallies)  # (istat, outcome)
    social: Tallies = field(default_factory=_tallies)  # (istat, social_services)
    forecast: Tallies = field(default_factory=_tallies)  # (istat, "YYYY-MM")
    trend: Tallies = field(default_factory=_tallies)  # ("YYYY-MM", stage)
    trend_months: list[str] = field(default_factory=list)
    forecast_months: list[str] = field(default_factory=list)

    @property
    def deliveries(self) -> int:
        return sum(t.n for t in self.stages.values())


def trend_range(period: Period) -> tuple[date, date]:
    """Months shown in the trend: the period's own, or the 12 months up to its end if it is shorter."""
    months = period.months()
    if len(months) >= TREND_MIN_MONTHS:
        return months[0], period.end
    return add_months(period.end, 1 - TREND_MIN_MONTHS), period.end


def count_period(session: Session, period: Period) -> PeriodCounts:
    counts = PeriodCounts(period)
    long = (period.end - period.start).days > LONG_PERIOD_DAYS
    in_period = _in_days(session, Delivery.day, period.start, period.end, long=long)
    rows = session.execute(
        select(Delivery.istat_code, Delivery.stage, Delivery.cause, Delivery.mode, func.count(), func.sum(Delivery.rkey))
        .where(in_period).group_by(Delivery.istat_code, Delivery.stage, Delivery.cause, Delivery.mode)
    )
    # Plain integers while adding up (about 10,000 groups a month), tallies once at the end.
    sums: tuple[dict, dict, dict] = ({}, {}, {})
    for code, stage, cause, mode, n, keys in rows:
        for table, key in zip(sums, ((code, stage), (code, cause), (code, mode)), strict=True):
            found = table.get(key)
            if found is None:
                table[key] = [n, keys]
            else:
                found[0] += n
                found[1] += keys
    for target, table in zip((counts.stages, counts.causes, counts.modes), sums, strict=True):
        target.update({key: Tally(n, keys) for key, (n, keys) in table.items()})
    rows = session.execute(
        select(DeliveryLanguage.istat_code, DeliveryLanguage.language, func.count(), func.sum(DeliveryLanguage.rkey))
        .where(_in_days(session, DeliveryLanguage.day, period.start, period.end, long=long))
        .group_by(DeliveryLanguage.istat_code, DeliveryLanguage.language)
    )
    counts.languages.update({(code, lang): Tally(n, keys) for code, lang, n, keys in rows})
    count_outcomes(session, period, counts.outcomes, counts.social, long=long)
    counts.forecast_months = count_forecast(session, period, counts.forecast)
    trend_start, trend_end = trend_range(period)
    months = Period(trend_start, trend_end, "").months()
    counts.trend_months = [d.strftime("%Y-%m") for d in months]
    for first in months:
        last = min(month_end(first.year, first.month), trend_end)
        month = first.strftime("%Y-%m")
        for stage, n, keys in session.execute(_TREND_MONTH, {"first": first, "last": last}):
            if n:
                counts.trend[month, stage] = Tally(n, keys)
    return counts


def count_outcomes(session: Session, period: Period, outcomes: Tallies, social: Tallies, *, long: bool) -> None:
    """Access outcomes of the period into ``outcomes`` (istat, outcome) and ``social`` (istat, contact)."""
    rows = session.execute(
        select(AccessOutcome.istat_code, AccessOutcome.outcome, AccessOutcome.social_services, func.count(),
               func.sum(AccessOutcome.rkey))
        .where(_in_days(session, AccessOutcome.day, period.start, period.end, long=long))
        .group_by(AccessOutcome.istat_code, AccessOutcome.outcome, AccessOutcome.social_services)
    )
    for code, outcome, contact, n, keys in rows:
        t = Tally(n, keys)
        outcomes[code, outcome] += t
        social[code, contact] += t


def count_forecast(session: Session, period: Period, forecast: Tallies) -> list[str]:
    """Accesses scheduled in the ``FORECAST_MONTHS`` after the period, into ``forecast`` (istat, "YYYY-MM");
    returns those months. As known at the end of the period, whenever the export is made: exported again a day
    later, the forecast would otherwise differ by the accesses scheduled that day."""
    first, last = add_months(period.end, 1), add_months(period.end, FORECAST_MONTHS + 1)
    known_by = datetime.combine(period.end + timedelta(days=1), time())
    rows = session.execute(
        select(ScheduledAccess.istat_code, ScheduledAccess.access_day, func.count(), func.sum(ScheduledAccess.rkey))
        .where(ScheduledAccess.access_day >= first, ScheduledAccess.access_day < last,
               ScheduledAccess.recorded_at < known_by)
        .group_by(ScheduledAccess.istat_code, ScheduledAccess.access_day)
    )
    for code, day, n, keys in rows:
        forecast[code, day.strftime("%Y-%m")] += Tally(n, keys)
    return [add_months(period.end, i).strftime("%Y-%m") for i in range(1, FORECAST_MONTHS + 1)]


@dataclass
class IndicatorCounts:
    """What the monitoring indicators count in one period (issue 20), true tallies keyed by ISTAT code.

    ``foreign`` counts the deliveries whose pack held at least one language other than Italian, per
    municipality: the households the translated leaflets reached (a delivery counts once however many
    languages it held). ``deliveries`` False: only outcomes and the forecast were counted (a period that is
    followed for the access indicators only).
    """

    period: Period
    stages: Tallies = field(default_factory=_tallies)  # (istat, stage)
    foreign: Tallies = field(default_factory=_tallies)  # (istat, "other")
    outcomes: Tallies = field(default_factory=_tallies)  # (istat, outcome)
    social: Tallies = field(default_factory=_tallies)  # (istat, social_services)
    forecast: Tallies = field(default_factory=_tallies)  # (istat, "YYYY-MM")
    forecast_months: list[str] = field(default_factory=list)
    deliveries: bool = True


OTHER_LANGUAGE = "other"


def whole_months(period: Period) -> bool:
    """Whether ``period`` is made of whole calendar months (every period the monitoring shows is)."""
    return period.start.day == 1 and period.end == month_end(period.end.year, period.end.month)


def count_indicators(session: Session, period: Period, base: PeriodCounts | None = None, *,
                     deliveries: bool = True) -> IndicatorCounts:
    """The monitoring counts of ``period`` (whole months), added up from the monthly totals (migration 0305).

    The totals are kept by the database's triggers in the transaction that adds or takes back an event, so they
    are the events' own counts at every moment: a four-month period is a few hundred rows instead of 70,000
    events (the supervisor's screen counts four periods at each choice). ``base``, the same period's report
    counts (a workbook written too), gives the same numbers for what it holds.
    """
    if not whole_months(period):
        raise ValueError(f"monitoring counts need whole months, not {period.start}..{period.end}")
    counts = IndicatorCounts(period, deliveries=deliveries)
    in_period = {"start": period.start, "end": period.end}
    if base is not None and base.period == period:
        counts.stages, counts.outcomes, counts.social = base.stages, base.outcomes, base.social
        counts.forecast, counts.forecast_months = base.forecast, base.forecast_months
    else:
        if deliveries:
            counts.stages.update({(code, stage): Tally(int(n), int(keys)) for code, stage, n, keys in session.execute(
                _STAGES_IN_MONTHS, in_period)})
        for code, outcome, contact, n, keys in session.execute(_OUTCOMES_IN_MONTHS, in_period):
            t = Tally(int(n), int(keys))
            counts.outcomes[code, outcome] += t
            counts.social[code, contact] += t
        # As known at the end of the period (see count_forecast): recorded in a month before the one after it.
        first, last = add_months(period.end, 1), add_months(period.end, FORECAST_MONTHS + 1)
        for code, month, n, keys in session.execute(_FORECAST_IN_MONTHS, {"first": first, "last": last}):
            counts.forecast[code, month.strftime("%Y-%m")] += Tally(int(n), int(keys))
        counts.forecast_months = [add_months(period.end, i).strftime("%Y-%m") for i in range(1, FORECAST_MONTHS + 1)]
    if deliveries:
        counts.foreign.update({(code, OTHER_LANGUAGE): Tally(int(n), int(keys))
                               for code, n, keys in session.execute(_FOREIGN_IN_MONTHS, in_period)})
    return counts


def _in_months(*columns, model):
    """Sum of ``model``'s totals over the months from ``:start`` to ``:end``, grouped by ``columns``."""
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)
    return (select(*columns, func.sum(model.n), func.sum(model.rkeys))
            .where(model.month.between(start, end)).group_by(*columns))


_STAGES_IN_MONTHS = _in_months(MonthStage.istat_code, MonthStage.stage, model=MonthStage)
_FOREIGN_IN_MONTHS = _in_months(MonthForeign.istat_code, model=MonthForeign)
_OUTCOMES_IN_MONTHS = _in_months(MonthOutcome.istat_code, MonthOutcome.outcome, MonthOutcome.social_services,
                                 model=MonthOutcome)
_FORECAST_IN_MONTHS = (
    select(MonthScheduled.istat_code, MonthScheduled.month, func.sum(MonthScheduled.n),
           func.sum(MonthScheduled.rkeys))
    .where(MonthScheduled.month >= bindparam("first", type_=Date), MonthScheduled.month < bindparam("last", type_=Date),
           MonthScheduled.known < bindparam("first", type_=Date))
    .group_by(MonthScheduled.istat_code, MonthScheduled.month))


def _stage_tally(stage: str):
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    return (select(literal(stage), func.count(), func.coalesce(func.sum(Delivery.rkey), 0))
            .where(Delivery.stage == stage, Delivery.day.between(first, last)))


# One month of the trend: a range scan per stage on the (stage, day, rkey) index, all in one statement. Grouping
# the year's rows by (day, stage) instead steps through each of them: three times slower at 200,000 a year.
_TREND_MONTH = union_all(*(_stage_tally(stage) for stage in STAGES))


def served_municipalities(territory: Territory, configured: list[str]) -> list[MunicipalityInfo]:
    """The municipalities the office serves (``office.municipalities``; empty means all), in name order.

    Entries that match nothing are reported by the main window; here they are left out, and a list that
    matches nothing at all counts as "all" so a report is never empty because of a typo.
    """
    served, _unknown = territory.served(configured)
    return served or list(territory.municipalities)


def fold(counts: Tallies, key_of: dict[str, str]) -> Tallies:
    """Re-key ``(istat, x)`` tallies by ``key_of[istat]`` (an Ambito name or the code itself)."""
    out = _tallies()
    for (code, x), t in counts.items():
        if code in key_of:
            out[key_of[code], x] += t
    return out


def own_counts(session: Session, token: str, today: date) -> dict[str, int]:
    """Deliveries and outcomes this workstation recorded today and this month (the bailiff's own figures)."""
    month_start = today.replace(day=1)
    out = {}
    for name, model in (("deliveries", Delivery), ("outcomes", AccessOutcome)):
        out[f"{name}_today"] = session.scalar(
            select(func.count()).select_from(model).where(model.workstation == token, model.day == today)) or 0
        out[f"{name}_month"] = session.scalar(
            select(func.count()).select_from(model).where(model.workstation == token, model.day >= month_start,
                                                          model.day <= today)) or 0
    out["scheduled_month"] = session.scalar(
        select(func.count()).select_from(ScheduledAccess).where(
            ScheduledAccess.workstation == token,
            ScheduledAccess.recorded_at >= datetime.combine(month_start, time()))) or 0
    return out
