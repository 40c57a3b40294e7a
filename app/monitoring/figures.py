"""The published figures of a period, laid out per Ambito, and the indicators' values and changes read from them.

Every count goes through one :class:`~app.stats.disclosure.Disclosure` (``protect_table``: each cell, each
Ambito's total, each column's office total and the grand total published on its own), so a figure here is
the same number as the same events anywhere else: the workbook's "Riepilogo" (deliveries per Ambito and
stage) and "Previsione" sheets, and the exports of the previous periods. Values and changes are computed
from these published numbers only (``docs/DISCLOSURE.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.directory.freshness import Freshness
from app.monitoring.indicators import FRAGILE_BASE, MIN_BASE, Indicator, Ref
from app.stats.aggregate import OTHER_LANGUAGE, IndicatorCounts, fold
from app.stats.disclosure import Disclosure
from app.stats.period import Period
from app.stats.report import Table, protect_table
from app.stats.vocab import OUTCOME_LABELS, OUTCOMES, SOCIAL_LABELS, SOCIAL_SERVICES, STAGE_LABELS, STAGES

TABLE_TITLES = {
    "packs": "Volantini consegnati per Ambito e fase",
    "foreign": "Consegne con almeno una lingua diversa dall'italiano, per Ambito",
    "outcomes": "Esiti degli accessi per Ambito",
    "social": "Contatto con i servizi sociali prima dell'accesso, per Ambito",
    "forecast": "Accessi programmati nei mesi successivi, per Ambito",
}
COUNT_NOISE = 3  # two published counts differ by their noises too: about 2 standard deviations of the difference
RELATIVE_FLOOR = 0.02  # and a change of less than 2% is no change to plan on
SHARE_FLOOR = 0.02  # two percentage points


@dataclass
class PeriodFigures:
    """One period's published tables (Ambiti x columns, with office totals) and the directory on its last day."""

    period: Period
    tables: dict[str, Table]
    freshness: Freshness | None
    forecast_months: list[str]
    deliveries: bool = True  # False: only the access tables were counted (an earlier period of a series)

    def figure(self, ref: Ref, unit: str | None = None) -> int:
        """A published figure: the office's (``unit`` None) or an Ambito's."""
        table = self.tables[ref.table]
        if unit is None:
            return table.grand() if ref.column is None else table.col_total(ref.column)
        return table.row_total(unit) if ref.column is None else table.cell(unit, ref.column)

    @property
    def empty(self) -> bool:
        """Nothing published in the period: no delivery and no outcome shown (none recorded, or too few)."""
        return self.figure(Ref("outcomes")) == 0 and (not self.deliveries or self.figure(Ref("packs")) == 0)


def protect_period(disclosure: Disclosure, counts: IndicatorCounts, ambito_of: dict[str, str], ambiti: list[str],
                   freshness: Freshness | None, month_label) -> PeriodFigures:
    rows = [(a, a) for a in ambiti]
    stages = [(s, STAGE_LABELS[s]) for s in STAGES]

    def table(name: str, cols, tallies) -> Table:
        return protect_table(disclosure, TABLE_TITLES[name], "Ambito", rows, cols, fold(tallies, ambito_of))

    tables = {
        "packs": table("packs", stages, counts.stages),
        "foreign": table("foreign", [(OTHER_LANGUAGE, "Altra lingua")], counts.foreign),
        "outcomes": table("outcomes", [(o, OUTCOME_LABELS[o]) for o in OUTCOMES], counts.outcomes),
        "social": table("social", [(s, SOCIAL_LABELS[s]) for s in SOCIAL_SERVICES], counts.social),
        "forecast": table("forecast", [(m, month_label(m)) for m in counts.forecast_months], counts.forecast),
    }
    return PeriodFigures(counts.period, tables, freshness, counts.forecast_months, counts.deliveries)


# --- values --------------------------------------------------------------------------------------------------

STATUS_TEXT = {
    "ok": "",
    "fragile": f"indicativo: meno di {FRAGILE_BASE} casi",
    "few": f"non calcolato: meno di {MIN_BASE} casi",
    "none": "nessun caso pubblicato",
    "missing": "dato non disponibile",
}


@dataclass(frozen=True)
class Value:
    """An indicator's value for one unit in one period, with what it was computed from.

    ``number`` is a count, or a share in [0, 1]; None when it is not shown (``status`` says why).
    ``numerator``/``base`` are the published figures of a share (or, for the directory, true counts).
    """

    number: float | None
    status: str = "ok"
    numerator: int | None = None
    base: int | None = None

    @property
    def shown(self) -> bool:
        return self.number is not None


def value(indicator: Indicator, figures: PeriodFigures | None, unit: str | None = None) -> Value:
    """The indicator for the office (``unit`` None), an Ambito or (directory) a signatory, in one period."""
    if figures is None:
        return Value(None, "missing")
    if indicator.source == "directory":
        fresh = figures.freshness
        if fresh is None or not fresh.recorded:
            return Value(None, "missing")
        if unit is None:
            verified, referents = fresh.verified, fresh.referents
        else:
            row = fresh.of(unit)
            if row is None:
                return Value(None, "missing")
            verified, referents = row.verified, row.referents
        if not referents:
            return Value(None, "none", 0, 0)
        return Value(verified / referents, "ok", verified, referents)
    if unit is not None and unit not in dict(figures.tables["packs"].rows):
        return Value(None, "missing")
    if not figures.deliveries and any(r.table in ("packs", "foreign") for r in indicator.numerator + indicator.denominator):
        return Value(None, "missing")
    numerator = sum(figures.figure(r, unit) for r in indicator.numerator)
    if not indicator.denominator:
        return Value(numerator, "ok", numerator)
    base = sum(figures.figure(r, unit) for r in indicator.denominator)
    if base == 0:
        return Value(None, "none", numerator, base)
    if base < MIN_BASE:
        return Value(None, "few", numerator, base)
    # A published numerator can exceed a published denominator by the noise: a share stays a share.
    return Value(min(1.0, numerator / base), "fragile" if base < FRAGILE_BASE else "ok", numerator, base)


# --- changes -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    direction: str  # up | down | same | na
    delta: float | None = None

    @property
    def words(self) -> str:
        return {"up": "in aumento", "down": "in calo", "same": "stabile", "na": "non confrontabile"}[self.direction]


def _share_noise(v: Value, variance: float) -> float:
    """Standard deviation of a share made of two published counts (each with noise of variance V)."""
    s = v.number or 0.0
    return math.sqrt(variance * (1 + s * s)) / max(v.base or 1, 1)


def change(indicator: Indicator, now: Value, before: Value, *, variance: float = 1.0) -> Change:
    """Up, down or stable, judged against the protection's noise: a difference the noise alone can make is
    called stable (counts: within ±3 or 2%; shares: within two standard deviations or 2 points)."""
    if not (now.shown and before.shown):
        return Change("na")
    delta = now.number - before.number
    if indicator.source == "directory":
        band = SHARE_FLOOR  # true counts: no noise to allow for
    elif indicator.is_share:
        band = max(SHARE_FLOOR, 2 * math.hypot(_share_noise(now, variance), _share_noise(before, variance)))
    else:
        band = max(COUNT_NOISE, RELATIVE_FLOOR * before.number)
    if abs(delta) <= band:
        return Change("same", delta)
    return Change("up" if delta > 0 else "down", delta)
