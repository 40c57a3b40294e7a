"""The report for one period: every published table, already suppressed, shared by the workbook and the UI.

Tables that break the same totals down in another way (causes and delivery modes
break down the deliveries per unit; social-services contact breaks down the
outcomes) take those totals from the main table, so a total hidden there is
hidden here too and stays unrecoverable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from app import __version__
from app.db.meta import all_meta
from app.l10n import month_year
from app.stats import suppress as sp
from app.stats.aggregate import PeriodCounts, count_period, fold, served_municipalities
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
    language_name,
)
from app.territory import Territory

LEVEL_LABELS = {"municipality": "Comune", "ambito": "Ambito"}


@dataclass
class Table:
    """Rows × columns of counts with totals; ``show`` returns an int or the suppression sign."""

    title: str
    row_header: str
    rows: list[tuple[str, str]]  # (key, label)
    cols: list[tuple[str, str]]
    published: sp.Published
    note: str = ""

    def cell(self, row: str, col: str) -> int | str:
        return self.published.show(sp.cell(row, col))

    def row_total(self, row: str) -> int | str:
        return self.published.show(sp.row_total(row))

    def col_total(self, col: str) -> int | str:
        return self.published.show(sp.col_total(col))

    def grand(self) -> int | str:
        return self.published.show(sp.GRAND)


@dataclass
class GroupedTable:
    """Municipalities within Ambiti × stages: subtotals per Ambito, one network for every figure."""

    title: str
    groups: list[tuple[str, list[tuple[str, str]]]]  # (ambito, [(istat, name)])
    cols: list[tuple[str, str]]
    published: sp.Published

    def cell(self, row: str, col: str) -> int | str:
        return self.published.show(sp.cell(row, col))

    def row_total(self, row: str) -> int | str:
        return self.published.show(sp.row_total(row))

    def group_col(self, group: str, col: str) -> int | str:
        return self.published.show(sp.group_col_total(group, col))

    def group_total(self, group: str) -> int | str:
        return self.published.show(sp.group_total(group))

    def col_total(self, col: str) -> int | str:
        return self.published.show(sp.col_total(col))

    def grand(self) -> int | str:
        return self.published.show(sp.GRAND)


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
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def suppression_rule(self) -> str:
        k = self.k
        return (f"I conteggi da 1 a {k - 1} sono indicati come «<{k}» (soppressione primaria, soglia k = {k}). "
                f"Altri valori, anche totali o zeri, sono indicati come «{sp.SECONDARY_MARK}» (soppressione "
                "secondaria) quando servono a impedire che un dato nascosto si ricavi per differenza dai totali "
                "di riga o di colonna o da altre tabelle della cartella; «x» può indicare qualsiasi valore. "
                "Gli zeri sono pubblicati come tali.")

    def tables(self) -> list[Table]:
        return [self.summary, self.languages, self.outcomes, self.social, self.causes, self.modes, self.forecast,
                self.trend]


def _table(title: str, header: str, rows, cols, counts, k: int, shared: sp.Published | None = None,
           note: str = "") -> Table:
    edges = sp.table_edges([r for r, _ in rows], [c for c, _ in cols], counts, shared=shared)
    return Table(title, header, list(rows), list(cols), sp.suppress(edges, k), note)


def build_report(session: Session, territory: Territory, period: Period, *, level: str, k: int, office: str,
                 served: list[str] | None = None, counts: PeriodCounts | None = None) -> Report:
    if level not in LEVELS:
        raise ValueError(level)
    counts = counts or count_period(session, period)
    municipalities = served_municipalities(territory, served or [])
    ambito_of = {m.istat_code: m.ambito_name for m in municipalities}
    ambiti = sorted({m.ambito_name for m in municipalities}, key=lambda a: a.casefold())
    stage_cols = [(s, STAGE_LABELS[s]) for s in STAGES]
    ambito_rows = [(a, a) for a in ambiti]

    grouped = None
    if level == "municipality":
        groups = [(a, [(m.istat_code, m.name) for m in municipalities if m.ambito_name == a]) for a in ambiti]
        edges = sp.grouped_edges({a: [c for c, _ in ms] for a, ms in groups}, STAGES,
                                 {key: n for key, n in counts.stages.items() if key[0] in ambito_of})
        network = sp.suppress(edges, k)
        grouped = GroupedTable("Consegne per Comune e fase", groups, stage_cols, network)
        # The summary shows the Ambito subtotals of the same network, under the keys a Table reads.
        summary_pub = sp.Published(k)
        for (kind, *rest), edge in network.edges.items():
            if kind == "gcol":
                summary_pub.edges[sp.cell(*rest)] = edge
            elif kind == "grow":
                summary_pub.edges[sp.row_total(rest[0])] = edge
            elif kind in ("col", "grand"):
                summary_pub.edges[(kind, *rest)] = edge
        summary = Table("Consegne per Ambito e fase", "Ambito", ambito_rows, stage_cols, summary_pub)
        units = [(m.istat_code, m.name) for m in municipalities]
        key_of = {m.istat_code: m.istat_code for m in municipalities}
        shared_deliveries = network
    else:
        summary = _table("Consegne per Ambito e fase", "Ambito", ambito_rows, stage_cols,
                         fold(counts.stages, ambito_of), k)
        units = ambito_rows
        key_of = ambito_of
        shared_deliveries = summary.published
    header = LEVEL_LABELS[level]

    # Languages are published per Ambito at every level: a language crossed with a small municipality
    # can point at one household, and 133 × 14 mostly tiny cells would be suppressed almost entirely.
    # One column per language delivered in the period (languages are data: one may have arrived by sync),
    # Italian first, then by Italian name: no list of languages to keep here.
    delivered = {lang for (code, lang) in counts.languages if code in ambito_of}
    lang_cols = sorted(((code, language_name(code)) for code in delivered | {"it"}),
                       key=lambda col: (col[0] != "it", col[1].casefold()))
    languages = _table("Lingue dei volantini consegnati, per Ambito", "Ambito", ambito_rows, lang_cols,
                       fold(counts.languages, ambito_of), k,
                       note="Una consegna può comprendere più lingue: i totali contano le lingue, non le consegne.")
    causes = _table("Consegne per causa del procedimento", header, units, [(c, CAUSE_LABELS[c]) for c in CAUSES],
                    fold(counts.causes, key_of), k, shared=shared_deliveries)
    modes = _table("Consegne per modalità", header, units, [(m, MODE_LABELS[m]) for m in DELIVERY_MODES],
                   fold(counts.modes, key_of), k, shared=shared_deliveries)
    outcomes = _table("Esiti degli accessi", header, units, [(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
                      fold(counts.outcomes, key_of), k)
    social = _table("Accessi: contatto con i servizi sociali da parte del nucleo", header, units,
                    [(s, SOCIAL_LABELS[s]) for s in SOCIAL_SERVICES], fold(counts.social, key_of), k,
                    shared=outcomes.published)
    month_labels = [(m, _month_label(m)) for m in counts.forecast_months]
    forecast = _table("Accessi programmati nei prossimi mesi", "Ambito", ambito_rows, month_labels,
                      fold(counts.forecast, ambito_of), k,
                      note="Accessi già fissati con avviso di sloggio, per mese successivo alla fine del periodo.")
    trend_rows = [(m, _month_label(m)) for m in counts.trend_months]
    trend_counts = {(m, s): n for (m, s), n in counts.trend.items()}
    trend = _table("Andamento mensile delle consegne", "Mese", trend_rows, stage_cols, trend_counts, k,
                   note="Tutti i comuni dell'ufficio.")
    versions = {"app": __version__, **{key: value for key, value in all_meta(session).items()
                                        if key.endswith("version")}}
    totals = {
        "deliveries": sum(n for (code, _), n in counts.stages.items() if code in ambito_of),
        "outcomes": sum(n for (code, _), n in counts.outcomes.items() if code in ambito_of),
        "scheduled": sum(n for (code, _), n in counts.forecast.items() if code in ambito_of),
    }
    return Report(period, level, k, office, datetime.now().replace(microsecond=0), versions, summary, grouped,
                  languages, causes, modes, outcomes, social, forecast, trend, totals)


def _month_label(key: str) -> str:
    return month_year(date.fromisoformat(f"{key}-01"), short=True)
