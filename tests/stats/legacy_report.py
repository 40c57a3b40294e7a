"""The old per-table method, reproduced as it published (commit c3a785a, ``app/stats/report.py``): each table
suppressed on its own with ``legacy_suppress``, tables sharing totals taking the other's decision for those
totals only. Returns the auditor's view of it, so the auditor can show the leaks the issue found."""

from __future__ import annotations

from app.stats.aggregate import count_period, served_municipalities
from app.stats.period import Period
from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES
from app.territory import Territory
from tests.stats import legacy_suppress as sp
from tests.stats.audit import LANGUAGE_ORDER as LANGUAGES
from tests.stats.audit import Cell, Publication, months_of


def _numbers(tallies, key_of) -> dict:
    out: dict = {}
    for (code, x), t in tallies.items():
        if code in key_of:
            out[key_of[code], x] = out.get((key_of[code], x), 0) + t.n
    return out


def legacy_publication(session, territory: Territory, period: Period, *, level: str, k: int = 3) -> Publication:
    counts = count_period(session, period)
    municipalities = served_municipalities(territory, [])
    ambito_of = {m.istat_code: m.ambito_name for m in municipalities}
    ambiti = sorted({m.ambito_name for m in municipalities}, key=str.casefold)
    members = {a: frozenset(c for c, x in ambito_of.items() if x == a) for a in ambiti}
    everyone = frozenset(ambito_of)
    months = months_of(period.start, period.end)
    pub = Publication("suppression", k)

    def emit(table: sp.Published, family, rows, cols, dim, units, months=months, row_pairs=False):
        """Every figure of a rows × cols table (cells, row and column totals, grand total)."""
        for r in rows:
            for c in cols:
                pub.add(Cell(family, months, units(r), frozenset({(dim, c)})), table.show(sp.cell(r, c)))
            pub.add(Cell(family, months, units(r), pairs=row_pairs), table.show(sp.row_total(r)))
        every = frozenset().union(*(units(r) for r in rows))
        for c in cols:
            pub.add(Cell(family, months, every, frozenset({(dim, c)})), table.show(sp.col_total(c)))
        pub.add(Cell(family, months, every, pairs=row_pairs), table.show(sp.GRAND))

    def table(rows, cols, numbers, shared=None):
        return sp.suppress(sp.table_edges(rows, cols, numbers, shared=shared), k)

    if level == "municipality":
        groups = {a: sorted(members[a]) for a in ambiti}
        network = sp.suppress(sp.grouped_edges(groups, STAGES, _numbers(counts.stages, {c: c for c in everyone})), k)
        for a, ms in groups.items():
            for m in ms:
                for s in STAGES:
                    pub.add(Cell("delivery", months, frozenset({m}), frozenset({("stage", s)})),
                            network.show(sp.cell(m, s)))
                pub.add(Cell("delivery", months, frozenset({m})), network.show(sp.row_total(m)))
            for s in STAGES:
                pub.add(Cell("delivery", months, members[a], frozenset({("stage", s)})),
                        network.show(sp.group_col_total(a, s)))
            pub.add(Cell("delivery", months, members[a]), network.show(sp.group_total(a)))
        for s in STAGES:
            pub.add(Cell("delivery", months, everyone, frozenset({("stage", s)})), network.show(sp.col_total(s)))
        pub.add(Cell("delivery", months, everyone), network.show(sp.GRAND))
        units, key_of, shared = sorted(everyone), {c: c for c in everyone}, network

        def unit_set(u):
            return frozenset({u})
    else:
        summary = table(ambiti, STAGES, _numbers(counts.stages, ambito_of))
        emit(summary, "delivery", ambiti, STAGES, "stage", members.get)
        units, key_of, shared = ambiti, ambito_of, summary
        unit_set = members.get
    languages = table(ambiti, LANGUAGES, _numbers(counts.languages, ambito_of))
    emit(languages, "delivery", ambiti, LANGUAGES, "language", members.get, row_pairs=True)
    for tallies, cols, dim in ((counts.causes, CAUSES, "cause"), (counts.modes, DELIVERY_MODES, "mode")):
        emit(table(units, cols, _numbers(tallies, key_of), shared=shared), "delivery", units, cols, dim, unit_set)
    outcomes = table(units, OUTCOMES, _numbers(counts.outcomes, key_of))
    emit(outcomes, "outcome", units, OUTCOMES, "outcome", unit_set)
    emit(table(units, SOCIAL_SERVICES, _numbers(counts.social, key_of), shared=outcomes), "outcome", units,
         SOCIAL_SERVICES, "social", unit_set)
    # The old forecast counted what was scheduled at export time; counted here as the new one does (known at the
    # end of the period), which only makes the old method's figures more stable, not less disclosive.
    forecast = table(ambiti, counts.forecast_months, _numbers(counts.forecast, ambito_of))
    known = f"{period.end:%Y-%m}"
    months_ahead = frozenset(counts.forecast_months)
    for a in ambiti:
        for m in counts.forecast_months:
            pub.add(Cell("scheduled", frozenset({m}), members[a], known_by=known), forecast.show(sp.cell(a, m)))
        pub.add(Cell("scheduled", months_ahead, members[a], known_by=known), forecast.show(sp.row_total(a)))
    for m in counts.forecast_months:
        pub.add(Cell("scheduled", frozenset({m}), everyone, known_by=known), forecast.show(sp.col_total(m)))
    pub.add(Cell("scheduled", months_ahead, everyone, known_by=known), forecast.show(sp.GRAND))
    every_code = frozenset(m.istat_code for m in territory.municipalities)
    trend = table(counts.trend_months, STAGES, {key: t.n for key, t in counts.trend.items()})
    for m in counts.trend_months:
        for s in STAGES:
            pub.add(Cell("delivery", frozenset({m}), every_code, frozenset({("stage", s)})), trend.show(sp.cell(m, s)))
        pub.add(Cell("delivery", frozenset({m}), every_code), trend.show(sp.row_total(m)))
    for s in STAGES:
        pub.add(Cell("delivery", frozenset(counts.trend_months), every_code, frozenset({("stage", s)})),
                trend.show(sp.col_total(s)))
    pub.add(Cell("delivery", frozenset(counts.trend_months), every_code), trend.show(sp.GRAND))
    return pub
