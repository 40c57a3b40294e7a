"""The report for one period: every published table, already protected, shared by the workbook and the UI.

Every figure, totals included, goes through one :class:`~app.stats.disclosure.Disclosure`:
what is shown depends only on the events a figure counts, so tables that break the same
totals down in other ways (causes and delivery modes break down the deliveries per unit;
social-services contact breaks down the outcomes; the summary and the trend repeat the
detail's totals) show the same totals without any coordination between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from app import __version__
from app.db.meta import all_meta
from app.l10n import month_year
from app.stats.aggregate import PeriodCounts, Tallies, count_period, fold, served_municipalities
from app.stats.disclosure import ZERO, Disclosure, total
from app.stats.period import Period
from app.stats.vocab import (
    CAUSE_LABELS,
    CAUSES,
    DELIVERY_MODES,
    LEVELS,
    MODE_LABELS,
    OUTCOME_LABELS,
    OUTCOMES,
    SOCIAL_LABELS,
    SOCIAL_SERVICES,
    STAGE_LABELS,
    STAGES,
    language_names,
)
from app.territory import Territory

LEVEL_LABELS = {"municipality": "Comune", "ambito": "Ambito"}
TOTALS_NOTE = "I totali sono protetti a parte: possono differire di poche unità dalla somma delle righe."


@dataclass
class Table:
    """Rows × columns of published figures with their totals (every value already protected)."""

    title: str
    row_header: str
    rows: list[tuple[str, str]]  # (key, label)
    cols: list[tuple[str, str]]
    cells: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    col_totals: dict[str, int]
    grand_total: int
    note: str = ""

    def cell(self, row: str, col: str) -> int:
        return self.cells[row, col]

    def row_total(self, row: str) -> int:
        return self.row_totals[row]

    def col_total(self, col: str) -> int:
        return self.col_totals[col]

    def grand(self) -> int:
        return self.grand_total


def protect_table(disclosure: Disclosure, title: str, row_header: str, rows, cols, tallies: Tallies,
                  note: str = "") -> Table:
    """A table of true tallies, published: each cell, row total, column total and the grand total.

    The reusable step for any output: totals are added up from the true tallies, then each figure is
    published on its own, so a total is the same number wherever the same events are totalled.
    """
    rows, cols = list(rows), list(cols)
    row_keys, col_keys = [r for r, _ in rows], [c for c, _ in cols]
    get = tallies.get
    by_row = {r: [get((r, c), ZERO) for c in col_keys] for r in row_keys}
    by_col = {c: total(get((r, c), ZERO) for r in row_keys) for c in col_keys}
    publish = disclosure.publish
    return Table(
        title, row_header, rows, cols,
        {(r, c): publish(t) for r in row_keys for c, t in zip(col_keys, by_row[r], strict=True)},
        {r: publish(total(by_row[r])) for r in row_keys},
        {c: publish(t) for c, t in by_col.items()},
        publish(total(by_col.values())),
        note,
    )


@dataclass
class GroupedTable:
    """Municipalities within Ambiti × stages, with every Ambito's subtotals, all published."""

    title: str
    groups: list[tuple[str, list[tuple[str, str]]]]  # (ambito, [(istat, name)])
    cols: list[tuple[str, str]]
    cells: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    group_cols: dict[tuple[str, str], int]
    group_totals: dict[str, int]
    col_totals: dict[str, int]
    grand_total: int

    def cell(self, row: str, col: str) -> int:
        return self.cells[row, col]

    def row_total(self, row: str) -> int:
        return self.row_totals[row]

    def group_col(self, group: str, col: str) -> int:
        return self.group_cols[group, col]

    def group_total(self, group: str) -> int:
        return self.group_totals[group]

    def col_total(self, col: str) -> int:
        return self.col_totals[col]

    def grand(self) -> int:
        return self.grand_total


def protect_grouped(disclosure: Disclosure, title: str, groups, cols, tallies: Tallies) -> GroupedTable:
    col_keys = [c for c, _ in cols]
    publish, get = disclosure.publish, tallies.get
    cells, row_totals, group_cols, group_totals = {}, {}, {}, {}
    for group, members in groups:
        for code, _ in members:
            row = [get((code, c), ZERO) for c in col_keys]
            cells.update({(code, c): publish(t) for c, t in zip(col_keys, row, strict=True)})
            row_totals[code] = publish(total(row))
        sums = {c: total(get((code, c), ZERO) for code, _ in members) for c in col_keys}
        group_cols.update({(group, c): publish(t) for c, t in sums.items()})
        group_totals[group] = publish(total(sums.values()))
    members = [code for _, ms in groups for code, _ in ms]
    by_col = {c: total(get((code, c), ZERO) for code in members) for c in col_keys}
    return GroupedTable(title, list(groups), list(cols), cells, row_totals, group_cols, group_totals,
                        {c: publish(t) for c, t in by_col.items()}, publish(total(by_col.values())))


@dataclass
class Report:
    period: Period
    level: str
    k: int
    office: str
    generated_at: datetime
    versions: dict[str, str]
    summary: Table  # Ambiti × stages
    municipalities: GroupedTable | None  # only at municipality level
    languages: Table
    causes: Table
    modes: Table
    outcomes: Table
    social: Table
    forecast: Table
    trend: Table
    disclosure: Disclosure
    totals: dict[str, int] = field(default_factory=dict)  # true totals, for checks and benchmarks: never published
    counts: PeriodCounts | None = None  # the true tallies, for a use case that publishes more of them (issue 20)

    def tables(self) -> list[Table]:
        return [self.summary, self.languages, self.outcomes, self.social, self.causes, self.modes, self.forecast,
                self.trend]


def build_report(session: Session, territory: Territory, period: Period, *, level: str, k: int, office: str,
                 served: list[str] | None = None, counts: PeriodCounts | None = None) -> Report:
    """Every table of the period, protected together by one :class:`Disclosure` with threshold ``k``."""
    if level not in LEVELS:
        raise ValueError(level)
    counts = counts or count_period(session, period)
    municipalities = served_municipalities(territory, served or [])
    ambito_of = {m.istat_code: m.ambito_name for m in municipalities}
    ambiti = sorted({m.ambito_name for m in municipalities}, key=lambda a: a.casefold())
    stage_cols = [(s, STAGE_LABELS[s]) for s in STAGES]
    ambito_rows = [(a, a) for a in ambiti]

    disclosure = Disclosure.for_threshold(k)

    def table(title, row_header, rows, cols, tallies, note=""):
        return protect_table(disclosure, title, row_header, rows, cols, tallies, note)

    grouped = None
    ambito_stages = fold(counts.stages, ambito_of)
    summary = table("Consegne per Ambito e fase", "Ambito", ambito_rows, stage_cols, ambito_stages, TOTALS_NOTE)
    if level == "municipality":
        groups = [(a, [(m.istat_code, m.name) for m in municipalities if m.ambito_name == a]) for a in ambiti]
        grouped = protect_grouped(disclosure, "Consegne per Comune e fase", groups, stage_cols, counts.stages)
        units = [(m.istat_code, m.name) for m in municipalities]
        key_of = {m.istat_code: m.istat_code for m in municipalities}
    else:
        units = ambito_rows
        key_of = ambito_of
    header = LEVEL_LABELS[level]

    # Languages are published per Ambito at every level: a language crossed with a small municipality
    # can point at one household, and 133 × 14 mostly tiny cells would be mostly noise.
    # One column per language delivered in the period (languages are data: one may have arrived by sync),
    # Italian first, then by Italian name: no list of languages to keep here.
    delivered = {lang for (code, lang) in counts.languages if code in ambito_of}
    lang_cols = sorted(language_names(delivered | {"it"}).items(),
                       key=lambda col: (col[0] != "it", col[1].casefold()))
    languages = table("Lingue dei volantini consegnati, per Ambito", "Ambito", ambito_rows, lang_cols,
                      fold(counts.languages, ambito_of),
                      "Una consegna può comprendere più lingue: i totali contano le lingue, non le consegne. "
                      + TOTALS_NOTE)
    # Causes and delivery modes too, per Ambito at every level (issue 15's residual risk): crossed with a small
    # municipality's stage totals, they let an intruder who knows the perturbation probabilities pin the finest
    # combinations (municipality x month x stage x cause x mode) with high probability. docs/DISCLOSURE.md.
    causes = table("Consegne per causa del procedimento, per Ambito", "Ambito", ambito_rows,
                   [(c, CAUSE_LABELS[c]) for c in CAUSES], fold(counts.causes, ambito_of), TOTALS_NOTE)
    modes = table("Consegne per modalità, per Ambito", "Ambito", ambito_rows,
                  [(m, MODE_LABELS[m]) for m in DELIVERY_MODES], fold(counts.modes, ambito_of), TOTALS_NOTE)
    outcomes = table("Esiti degli accessi", header, units, [(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
                     fold(counts.outcomes, key_of), TOTALS_NOTE)
    social = table("Accessi: contatto con i servizi sociali da parte del nucleo", header, units,
                   [(s, SOCIAL_LABELS[s]) for s in SOCIAL_SERVICES], fold(counts.social, key_of), TOTALS_NOTE)
    month_labels = [(m, _month_label(m)) for m in counts.forecast_months]
    forecast = table("Accessi programmati nei prossimi mesi", "Ambito", ambito_rows, month_labels,
                     fold(counts.forecast, ambito_of),
                     "Accessi fissati con avviso di sloggio e registrati entro la fine del periodo, per mese "
                     "dell'accesso. " + TOTALS_NOTE)
    trend_rows = [(m, _month_label(m)) for m in counts.trend_months]
    trend = table("Andamento mensile delle consegne", "Mese", trend_rows, stage_cols, counts.trend,
                  "Tutti i comuni dell'ufficio. " + TOTALS_NOTE)
    versions = {"app": __version__, **{key: value for key, value in all_meta(session).items()
                                        if key.endswith("version")}}
    totals = {
        "deliveries": sum(t.n for (code, _), t in counts.stages.items() if code in ambito_of),
        "outcomes": sum(t.n for (code, _), t in counts.outcomes.items() if code in ambito_of),
        "scheduled": sum(t.n for (code, _), t in counts.forecast.items() if code in ambito_of),
    }
    return Report(period, level, k, office, datetime.now().replace(microsecond=0), versions, summary, grouped,
                  languages, causes, modes, outcomes, social, forecast, trend, disclosure, totals, counts)


def _month_label(key: str) -> str:
    return month_year(date.fromisoformat(f"{key}-01"), short=True)
