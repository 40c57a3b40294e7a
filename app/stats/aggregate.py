"""Counts for a period, grouped in SQL (one pass per table), then laid out by municipality or Ambito.

The heavy work (a million events over five years) is a handful of ``GROUP BY``
queries; Python only folds at most a few thousand groups into the report tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.period import Period, add_months
from app.territory import Territory
from app.territory.lookup import MunicipalityInfo

LEVELS = ("municipality", "ambito")
FORECAST_MONTHS = 3
TREND_MIN_MONTHS = 12


def month_key(session: Session, column):
    """``YYYY-MM`` of a date column, in the dialect's own words."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


@dataclass
class PeriodCounts:
    """Raw counts keyed by ISTAT code (and month for the trend) for one period."""

    period: Period
    stages: Counter = field(default_factory=Counter)  # (istat, stage)
    causes: Counter = field(default_factory=Counter)  # (istat, cause)
    modes: Counter = field(default_factory=Counter)  # (istat, mode)
    languages: Counter = field(default_factory=Counter)  # (istat, language)
    outcomes: Counter = field(default_factory=Counter)  # (istat, outcome)
    social: Counter = field(default_factory=Counter)  # (istat, social_services)
    forecast: Counter = field(default_factory=Counter)  # (istat, "YYYY-MM")
    trend: Counter = field(default_factory=Counter)  # ("YYYY-MM", stage)
    trend_months: list[str] = field(default_factory=list)
    forecast_months: list[str] = field(default_factory=list)

    @property
    def deliveries(self) -> int:
        return sum(self.stages.values())


def trend_range(period: Period) -> tuple[date, date]:
    """Months shown in the trend: the period's own, or the 12 months up to its end if it is shorter."""
    months = period.months()
    if len(months) >= TREND_MIN_MONTHS:
        return months[0], period.end
    return add_months(period.end, 1 - TREND_MIN_MONTHS), period.end


def count_period(session: Session, period: Period) -> PeriodCounts:
    counts = PeriodCounts(period)
    in_period = Delivery.day.between(period.start, period.end)
    rows = session.execute(
        select(Delivery.istat_code, Delivery.stage, Delivery.cause, Delivery.mode, func.count())
        .where(in_period).group_by(Delivery.istat_code, Delivery.stage, Delivery.cause, Delivery.mode)
    )
    for code, stage, cause, mode, n in rows:
        counts.stages[code, stage] += n
        counts.causes[code, cause] += n
        counts.modes[code, mode] += n
    rows = session.execute(
        select(DeliveryLanguage.istat_code, DeliveryLanguage.language, func.count())
        .where(DeliveryLanguage.day.between(period.start, period.end))
        .group_by(DeliveryLanguage.istat_code, DeliveryLanguage.language)
    )
    counts.languages.update({(code, lang): n for code, lang, n in rows})
    rows = session.execute(
        select(AccessOutcome.istat_code, AccessOutcome.outcome, AccessOutcome.social_services, func.count())
        .where(AccessOutcome.day.between(period.start, period.end))
        .group_by(AccessOutcome.istat_code, AccessOutcome.outcome, AccessOutcome.social_services)
    )
    for code, outcome, social, n in rows:
        counts.outcomes[code, outcome] += n
        counts.social[code, social] += n
    first, last = add_months(period.end, 1), add_months(period.end, FORECAST_MONTHS + 1)
    counts.forecast_months = [add_months(period.end, i).strftime("%Y-%m") for i in range(1, FORECAST_MONTHS + 1)]
    month = month_key(session, ScheduledAccess.access_day)
    rows = session.execute(
        select(ScheduledAccess.istat_code, month, func.count())
        .where(ScheduledAccess.access_day >= first, ScheduledAccess.access_day < last)
        .group_by(ScheduledAccess.istat_code, month)
    )
    counts.forecast.update({(code, m): n for code, m, n in rows})
    trend_start, trend_end = trend_range(period)
    counts.trend_months = [d.strftime("%Y-%m") for d in Period(trend_start, trend_end, "").months()]
    month = month_key(session, Delivery.day)
    rows = session.execute(
        select(month, Delivery.stage, func.count())
        .where(Delivery.day.between(trend_start, trend_end)).group_by(month, Delivery.stage)
    )
    counts.trend.update({(m, stage): n for m, stage, n in rows})
    return counts


def served_municipalities(territory: Territory, configured: list[str]) -> list[MunicipalityInfo]:
    """The municipalities the office serves (``office.municipalities``; empty means all), in name order."""
    if not configured:
        return list(territory.municipalities)
    found = {}
    for item in configured:
        m = territory.find(item)
        if m is not None:
            found[m.istat_code] = m
    return sorted(found.values(), key=lambda m: m.key) or list(territory.municipalities)


def fold(counts: Counter, key_of: dict[str, str]) -> Counter:
    """Re-key ``(istat, x)`` counts by ``key_of[istat]`` (an Ambito name or the code itself)."""
    out: Counter = Counter()
    for (code, x), n in counts.items():
        if code in key_of:
            out[key_of[code], x] += n
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
