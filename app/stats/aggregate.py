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
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
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


def count_indicators(session: Session, period: Period, base: PeriodCounts | None = None, *,
                     deliveries: bool = True) -> IndicatorCounts:
    """The monitoring counts of ``period``; ``base``, the same period's report counts, saves their queries."""
    counts = IndicatorCounts(period, deliveries=deliveries)
    long = (period.end - period.start).days > LONG_PERIOD_DAYS * 4  # a year or more: see _in_days
    if base is not None and base.period == period:
        counts.stages, counts.outcomes, counts.social = base.stages, base.outcomes, base.social
        counts.forecast, counts.forecast_months = base.forecast, base.forecast_months
    else:
        if deliveries:
            rows = session.execute(select(Delivery.istat_code, Delivery.stage, func.count(), func.sum(Delivery.rkey))
                                   .where(_in_days(session, Delivery.day, period.start, period.end, long=long))
                                   .group_by(Delivery.istat_code, Delivery.stage))
            counts.stages.update({(code, stage): Tally(n, keys) for code, stage, n, keys in rows})
        count_outcomes(session, period, counts.outcomes, counts.social, long=long)
        counts.forecast_months = count_forecast(session, period, counts.forecast)
    if deliveries:
        counts.foreign.update(_other_language(session, period, long=long))
    return counts


def fingerprint(session: Session, period: Period, *, deliveries: bool = True) -> tuple:
    """What :func:`count_indicators` of ``period`` reads, in a few numbers: per table, the count and the key sum
    of the rows in the period's days (and of the accesses scheduled in its forecast months).

    Events are never changed, only added (recorded, imported late, merged) or taken back (``undo_event``), so an
    event added or removed changes its table's count, and one removed with another added changes the key sum
    (31-bit keys): equal fingerprints, equal counts. Each part is a range scan of a covering index without a
    sort, a fifth of the grouped query's time: what lets a period's counts be kept (``app.caches``) and used
    again only while the data they came from is the same.
    """
    long = (period.end - period.start).days > LONG_PERIOD_DAYS * 4
    parts = [(AccessOutcome, AccessOutcome.day)] + (
        [(Delivery, Delivery.day), (DeliveryLanguage, DeliveryLanguage.day)] if deliveries else [])
    out: list = []
    for model, day in parts:
        out.extend(session.execute(select(func.count(), func.coalesce(func.sum(model.rkey), 0))
                                   .where(_in_days(session, day, period.start, period.end, long=long))).one())
    first, last = add_months(period.end, 1), add_months(period.end, FORECAST_MONTHS + 1)
    out.extend(session.execute(select(func.count(), func.coalesce(func.sum(ScheduledAccess.rkey), 0))
                               .where(ScheduledAccess.access_day >= first, ScheduledAccess.access_day < last)).one())
    return tuple(int(x) for x in out)


def _other_language(session: Session, period: Period, *, long: bool) -> Tallies:
    """Deliveries with a language other than Italian, per municipality, from the language rows alone.

    A delivery's language rows share its day, municipality and record key, so the distinct (day, municipality,
    key) among the rows in another language are the deliveries that had one, read from the covering index
    (day, municipality, language, key) without visiting a delivery. Two different deliveries of the same day and
    municipality would count once only if their 31-bit record keys were equal: at Milan's volume, about once in
    a thousand four-month periods, and then one delivery less, far inside the published noise. Going through
    the delivery ids instead costs twice as long (a sort of 36-character strings).
    """
    lang = DeliveryLanguage
    distinct = (select(lang.istat_code, lang.rkey)
                .where(_in_days(session, lang.day, period.start, period.end, long=long), lang.language != ITALIAN)
                .group_by(lang.day, lang.istat_code, lang.rkey).subquery())
    rows = session.execute(select(distinct.c.istat_code, func.count(), func.sum(distinct.c.rkey))
                           .group_by(distinct.c.istat_code))
    return {(code, OTHER_LANGUAGE): Tally(n, keys) for code, n, keys in rows}


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
