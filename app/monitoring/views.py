"""What the report, the sheet and the screen say about a Monitoring: lines, charts and notes in Italian.

One place turns the published figures into words and chart data, so the PDF, the workbook's sheet and the
supervisor's screen cannot tell different stories. Nothing here computes a figure: values come from
``Monitoring.value`` and ``Monitoring.change`` (published numbers only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_datetime

from app.l10n import LOCALE, month_year
from app.monitoring.build import Monitoring
from app.monitoring.charts import Bars, Line, Series, Shares, natural_height
from app.monitoring.figures import STATUS_TEXT, PeriodFigures, Value
from app.monitoring.indicators import BY_ID, COLUMNS, FRAGILE_BASE, INDICATORS, MIN_BASE, Ref
from app.monitoring.text import fmt_change, fmt_count, fmt_share, fmt_value
from app.stats.vocab import OUTCOME_LABELS, STAGE_LABELS

AMBITI_NOTE = ("Per ogni Ambito: volantini consegnati, consegne con un'altra lingua e accessi con esito, nel "
               "periodo (nero), nel periodo precedente e un anno prima (grigi); ogni riquadro ha la sua scala. "
               "Negli Ambiti con pochi casi i valori sono spesso 0 o 3 e le percentuali non sono calcolate: la "
               "protezione non lascia riconoscere i singoli nuclei.")


def day_text(day: date) -> str:
    return format_date(day, "d MMMM y", locale=LOCALE)


def short_ambito(name: str) -> str:
    """"Sud Est Milano (Distretto Sociale Sud Est Milano)" -> "Sud Est Milano": the part a chart row has room for."""
    return name.split(" (")[0]


def comparison_titles(m: Monitoring) -> tuple[str, str | None]:
    prev = m.previous.period.title if m.previous else ""
    year = m.year_earlier.period.title if m.year_earlier else None
    return prev, year


# --- the summary ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SummaryLine:
    id: str
    name: str
    article: str
    value: str
    shown: bool
    previous: str
    previous_direction: str
    year: str
    year_direction: str


def value_text(m: Monitoring, indicator_id: str, v: Value, figures: PeriodFigures | None = None) -> str:
    """"48% (163 su 340)", "2.257", "non calcolato: meno di 20 casi"."""
    ind = BY_ID[indicator_id]
    text = fmt_value(v, ind.is_share)
    if not v.shown:
        return text
    if ind.source == "directory":
        return f"{text} ({v.numerator} di {v.base})"
    if ind.is_share:
        text = f"{text} ({fmt_count(v.numerator)} su {fmt_count(v.base)})"
        if v.status == "fragile":
            text += f"; {STATUS_TEXT['fragile']}"
    return text


def summary_lines(m: Monitoring, unit: str | None = None, *, key_only: bool = False) -> list[SummaryLine]:
    out = []
    for ind in INDICATORS:
        if key_only and not ind.key:
            continue
        if unit is not None and ind.source == "directory":
            continue
        now = m.value(ind.id, unit)
        lines = []
        for against, figures in (("previous", m.previous), ("year_earlier", m.year_earlier)):
            before = m.value(ind.id, unit, figures) if figures is not None else Value(None, "missing")
            change = m.change(ind.id, against, unit)
            if figures is not None and ind.source == "events" and figures.empty:
                lines.append(("non confrontabile: nessun dato pubblicato nel periodo", "na"))
            else:
                lines.append((fmt_change(change, before, ind.is_share), change.direction))
        out.append(SummaryLine(ind.id, ind.name, ind.article, value_text(m, ind.id, now), now.shown,
                               lines[0][0], lines[0][1], lines[1][0], lines[1][1]))
    return out


def headline(m: Monitoring) -> list[str]:
    """The key indicators in one line each, for a terminal: "Volantini consegnati: 2.257 (stabile)"."""
    if m.current is None:
        return []
    return [f"{line.name}: {line.value} – {line.previous}" for line in summary_lines(m, key_only=True)]


def situation(m: Monitoring) -> list[str]:
    """What is missing or protected, said plainly before any figure."""
    out = []
    if m.open_from is not None:
        out.append(f"Il periodo {m.period.title} non è ancora concluso: i dati degli sfratti si potranno pubblicare "
                   f"dal {day_text(m.open_from)}. Un periodo in corso, esportato in due giorni diversi, "
                   "mostrerebbe gli eventi del giorno in più. Qui sotto c'è solo lo stato della rubrica a oggi.")
    elif m.empty:
        out.append("Nel periodo non ci sono dati pubblicabili: nessuna consegna né esito registrato, oppure così "
                   "pochi che la protezione li mostra come 0. Gli indicatori non sono calcolabili.")
    if m.current is not None and not m.empty:
        for figures, what in ((m.previous, "precedente"), (m.year_earlier, "di un anno prima")):
            if figures is not None and figures.empty:
                out.append(f"Per il periodo {what} ({figures.period.title}) non ci sono dati pubblicabili: il "
                           "confronto con quel periodo non è possibile.")
    fresh = m.freshness
    when = day_text(fresh.day) if fresh is not None else ""
    if fresh is None or not fresh.recorded:
        out.append(f"La rubrica dei referenti non era ancora registrata in Raccordo al {when}: la sua freschezza "
                   "non è calcolabile per questo periodo.")
    elif fresh.never == fresh.referents:
        out.append("Nessun referente della rubrica ha una data di verifica: nessuno risulta verificato. Indicare la "
                   "data di verifica nella rubrica quando si controllano i recapiti.")
    if fresh is not None and fresh.demo:
        out.append(f"La rubrica contiene {fresh.demo} referenti dimostrativi (non reali): la sua freschezza non "
                   "descrive gli enti firmatari.")
    return out


def reading_notes(m: Monitoring) -> list[str]:
    d = m.disclosure.table
    return [
        f"Ogni numero è protetto: può scostarsi dal vero di qualche unità (di solito non più di {d.usual_noise()}) e "
        f"i valori da 1 a {m.k - 1} non compaiono mai. Per questo «stabile» vuol dire che la differenza rientra "
        "in ciò che la protezione può spostare (per i conteggi ±3 o meno del 2%; per le percentuali meno di due "
        "deviazioni standard del rumore, e almeno 2 punti).",
        f"Le percentuali sono calcolate sui numeri pubblicati; non sono calcolate sotto i {MIN_BASE} casi e sono "
        f"indicative sotto i {FRAGILE_BASE}. Tra parentesi: i numeri da cui vengono.",
        "Le frecce e le parole dicono solo la direzione, senza giudizio: un aumento dei volantini consegnati può "
        "voler dire più sfratti o più attenzione nel consegnarli.",
    ]


# --- charts --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    id: str
    title: str
    note: str
    chart: object
    height: float


def _compared(m: Monitoring) -> list[PeriodFigures]:
    """The periods with every figure, oldest first: a year earlier, the previous one, the period itself."""
    out = {f.period: f for f in (m.year_earlier, m.previous, m.current) if f is not None}
    return sorted(out.values(), key=lambda f: f.period.start)


def _series_of(m: Monitoring) -> list[PeriodFigures]:
    out = {f.period: f for f in (*m.series, m.year_earlier) if f is not None}
    return sorted(out.values(), key=lambda f: f.period.start)


def _bars(m: Monitoring, table: str, columns, labels: dict[str, str], unit: str | None = None) -> Bars:
    series = []
    for figures in _compared(m):
        values = tuple(figures.figure(Ref(table, c), unit) if not figures.empty else None for c in columns)
        notes = tuple("nessun dato" for _ in columns) if figures.empty else ()
        series.append(Series(figures.period.short_title, values, notes))
    return Bars(tuple(labels[c] for c in columns), tuple(series))


def _line(m: Monitoring, indicator_id: str, unit: str | None = None, periods=None) -> Line:
    points, values, notes = [], [], []
    for figures in periods or _series_of(m):
        v = m.value(indicator_id, unit, figures)
        points.append(figures.period.short_title)
        values.append(v.number if v.shown else None)
        notes.append("pochi casi" if v.status == "few" else "n.d.")
    return Line(tuple(points), tuple(values), tuple(notes), percent=BY_ID[indicator_id].is_share)


def _office_bars(m: Monitoring, totals: tuple[tuple[str, str], ...]) -> Bars:
    """The office's totals of a few tables, in the periods compared."""
    series = []
    for figures in _compared(m):
        values = tuple(None if figures.empty else figures.figure(Ref(table)) for table, _ in totals)
        series.append(Series(figures.period.short_title, values, ("nessun dato",) * len(totals)))
    return Bars(tuple(label for _, label in totals), tuple(series))


def _totals_note(m: Monitoring, indicator_id: str) -> str:
    parts = []
    for figures in _compared(m):
        v = m.value(indicator_id, None, figures)
        parts.append(f"{figures.period.short_title}: {value_text(m, indicator_id, v)}")
    return "Totale dell'ufficio – " + "; ".join(parts) + "."


def freshness_block(m: Monitoring, *, today: bool = False) -> tuple[str, str, Shares, float]:
    fresh = m.freshness
    rows = fresh.rows if fresh is not None else []
    earlier = m.previous.freshness if (m.previous is not None and m.previous.freshness is not None) else None
    marks = []
    for r in rows:
        before = earlier.of(r.signatory) if earlier is not None else None
        marks.append(before.share if before is not None else None)
    when = day_text(fresh.day) if fresh is not None else ""
    title = f"Referenti verificati negli ultimi {m.stale_after_days} giorni, per ente firmatario ({when})"
    note = ("Referenti in rubrica con la data di verifica entro il limite, su tutti i referenti dell'ente. "
            + ("" if today else f"La lineetta grigia: la quota alla fine del periodo precedente "
                                f"({m.previous.period.short_title})." if m.previous else ""))
    empty = (f"La rubrica non era ancora registrata in Raccordo al {when}." if fresh is not None
             else "Dato non disponibile.")
    chart = Shares(tuple(r.signatory for r in rows), tuple(r.verified for r in rows),
                   tuple(r.referents for r in rows), tuple(marks) if not today else (), empty)
    return title, note, chart, natural_height(chart)


def chart_blocks(m: Monitoring) -> list[Block]:
    """One chart per indicator, in the registry's order."""
    blocks = []
    stage_labels = dict(STAGE_LABELS)
    for ind in INDICATORS:
        if ind.id == "consegne":
            chart = _bars(m, "packs", COLUMNS["packs"], stage_labels)
            blocks.append(Block(ind.id, "Volantini consegnati, per fase", _totals_note(m, ind.id), chart,
                                natural_height(chart)))
        elif ind.id == "consegne_altra_lingua":
            # The office's two totals side by side; each Ambito's are on the Ambiti pages.
            chart = _office_bars(m, (("packs", "Volantini consegnati"), ("foreign", "di cui con un'altra lingua")))
            blocks.append(Block(ind.id, "Consegne con il volantino in un'altra lingua", _totals_note(m, ind.id)
                                + " Per Ambito: nelle pagine degli Ambiti.", chart, natural_height(chart)))
        elif ind.id == "accessi":
            chart = _bars(m, "outcomes", COLUMNS["outcomes"], dict(OUTCOME_LABELS))
            blocks.append(Block(ind.id, "Accessi con esito registrato, per esito", _totals_note(m, ind.id), chart,
                                natural_height(chart)))
        elif ind.id == "accessi_programmati":
            blocks.append(_forecast_block(m))
        elif ind.id == "rubrica_verificata":
            title, note, chart, height = freshness_block(m)
            blocks.append(Block(ind.id, title, note, chart, height))
        elif ind.is_share:
            periods = _series_of(m) if not any(r.table in ("packs", "foreign") for r in ind.numerator
                                               + ind.denominator) else _compared(m)
            chart = _line(m, ind.id, periods=periods)
            blocks.append(Block(ind.id, f"{ind.name}: andamento", f"{ind.formula} Periodi: "
                                + ", ".join(f.period.short_title for f in periods) + ".", chart, 110.0))
    return blocks


def _forecast_block(m: Monitoring) -> Block:
    """One bar per Ambito (the three months together), the months written after it: a planner reads the total
    first, then when."""
    current = m.current
    months = current.forecast_months
    names = [month_year(date.fromisoformat(f"{k}-01"), short=True).split()[0] for k in months]
    totals = tuple(current.figure(Ref("forecast"), a) for a in m.ambiti)
    details = tuple(" · ".join(f"{name} {fmt_count(current.figure(Ref('forecast', k), a))}"
                               for k, name in zip(months, names, strict=True)) for a in m.ambiti)
    first = month_year(date.fromisoformat(f"{months[0]}-01"))
    last = month_year(date.fromisoformat(f"{months[-1]}-01"))
    chart = Bars(tuple(short_ambito(a) for a in m.ambiti), (Series(f"{first} - {last}", totals, (), details),))
    total = m.value("accessi_programmati")
    note = (f"Accessi fissati con avviso di sloggio e registrati entro il {day_text(m.period.end)}, con data da "
            f"{first} a {last}; accanto a ogni barra, per mese. Totale: "
            f"{value_text(m, 'accessi_programmati', total)}. Gli accessi fissati dopo il {day_text(m.period.end)} "
            "non sono compresi: è una base per la programmazione, non una previsione completa. Ogni numero è "
            "protetto a parte: i mesi possono non sommare al totale.")
    return Block("accessi_programmati", "Accessi programmati nei 3 mesi successivi, per Ambito", note, chart,
                 natural_height(chart))


# --- the Ambiti ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Panel:
    ambito: str
    title: str
    chart: Bars
    height: float
    lines: tuple[str, ...]


PANEL_LINES = (("contatto_servizi", "Contatto con i servizi sociali"), ("rilascio_spontaneo", "Rilasci spontanei"))


def ambito_panels(m: Monitoring, size: float = 7.0) -> list[Panel]:
    panels = []
    for ambito in m.ambiti:
        series = []
        for figures in _compared(m):
            values = tuple(None if figures.empty else figures.figure(Ref(t), ambito)
                           for t in ("packs", "foreign", "outcomes"))
            series.append(Series(figures.period.short_title, values))
        chart = Bars(("Volantini", "Altra lingua", "Accessi"), tuple(series))
        lines = []
        for ind_id, label in PANEL_LINES:
            v = m.value(ind_id, ambito)
            change = m.change(ind_id, "previous", ambito)
            text = f"{label}: {value_text(m, ind_id, v)}"
            if v.shown and change.direction != "na":
                text += f", {change.words}"
            lines.append(text)
        forecast = value_text(m, "accessi_programmati", m.value("accessi_programmati", ambito))
        lines.append(f"Accessi programmati nei 3 mesi successivi: {forecast}")
        panels.append(Panel(ambito, ambito, chart, natural_height(chart, size), tuple(lines)))
    return panels


# --- the rule page -------------------------------------------------------------------------------------------

def rule_lines(m: Monitoring) -> list[tuple[str, str]]:
    out = list(m.disclosure.rule_lines())
    out += [
        ("Periodi del rapporto",
         "Il rapporto si fa solo per periodi solari conclusi: mese (2026-10), trimestre (2026-Q4), quadrimestre "
         "(2026-T1 gennaio-aprile, 2026-T2 maggio-agosto, 2026-T3 settembre-dicembre), anno. Un intervallo di "
         "date (2026-05..2026-08) è accettato solo se coincide con uno di questi; un periodo non ancora concluso "
         "mostra solo la rubrica. Il motivo: due intervalli che differiscono di pochi giorni, confrontati, "
         "mostrerebbero gli eventi di quei giorni; un periodo in corso, esportato in due giorni diversi, quelli "
         "del giorno in più."),
        ("Confronti",
         "Ogni periodo è confrontato con il periodo precedente dello stesso tipo e con lo stesso periodo di un anno "
         "prima. Anche questi sono periodi solari conclusi, e i loro numeri sono quelli che la loro esportazione "
         "mostra: confrontarli non rivela nulla di più. Gli indicatori sugli accessi seguono anche i periodi "
         "precedenti (andamento)."),
        ("Percentuali",
         f"Calcolate dai numeri pubblicati (numeratore pubblicato diviso denominatore pubblicato), mai dai "
         f"conteggi veri. Non sono calcolate se il denominatore pubblicato è sotto {MIN_BASE} (pochi casi in più o "
         f"in meno la sposterebbero di decine di punti); sotto {FRAGILE_BASE} sono indicate come indicative. Uno "
         "0 pubblicato non dà percentuali."),
        ("Consegne in un'altra lingua",
         "Una consegna conta una volta se il volantino comprendeva almeno una lingua diversa dall'italiano, "
         "qualunque sia il numero di lingue. Il dato è pubblicato per Ambito, come le lingue nella cartella "
         "Excel: incrociato con un piccolo comune potrebbe indicare un nucleo."),
        ("Rubrica dei referenti",
         f"Dato della rubrica, non dei nuclei: non è perturbato ed è dato solo per ente firmatario. Un referente è "
         f"verificato se la sua data di verifica cade nei {m.stale_after_days} giorni prima della fine del periodo "
         "(impostazione directory.stale_after_days); senza data non è verificato. Lo stato a una data passata "
         "viene dalla cronologia della rubrica. L'ente è riconosciuto dal nome (Prefettura, Corte d'Appello con "
         "l'UNEP, Tribunale, Città Metropolitana, ANCI, Comune di Milano, Ordini) o dall'Ambito del referente."),
    ]
    return out


def version_lines(m: Monitoring) -> list[tuple[str, str]]:
    out = [("Generato il", format_datetime(m.generated_at, "d MMMM y, HH:mm", locale=LOCALE)),
           ("Ufficio", m.office), ("Periodo", f"{m.period.title} (dal {day_text(m.period.start)} al "
                                              f"{day_text(m.period.end)})"),
           ("Versione di Raccordo", m.versions.get("app", ""))]
    out += [(f"Versione dati: {key.removesuffix('.version')}", value)
            for key, value in sorted(m.versions.items()) if key != "app"]
    out += [("Soglia k", str(m.k)), ("Giorni per la verifica dei referenti", str(m.stale_after_days))]
    return out


def fmt_number(value: float, percent: bool) -> str:
    return fmt_share(value) if percent else fmt_count(int(value))


# --- the screen's cards --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    id: str
    name: str
    value: str
    change: str  # against the previous period, in words
    direction: str
    chart: object | None


def _card_chart(m: Monitoring, indicator_id: str, unit: str | None):
    ind = BY_ID[indicator_id]
    if ind.source == "directory":
        fresh = m.freshness
        if fresh is None or not fresh.recorded:
            return None
        rows = sorted(fresh.rows, key=lambda r: (r.share if r.share is not None else 2, r.signatory))[:4]
        return Shares(tuple(short_ambito(r.signatory.removeprefix("Ambito ")) for r in rows),
                      tuple(r.verified for r in rows), tuple(r.referents for r in rows))
    if ind.is_share:
        deliveries = any(r.table in ("packs", "foreign") for r in ind.numerator + ind.denominator)
        return _line(m, indicator_id, unit, periods=_compared(m) if deliveries else _series_of(m))
    series = []
    for figures in _compared(m):
        v = m.value(indicator_id, unit, figures)
        series.append(Series(figures.period.short_title, (v.number if v.shown and not figures.empty else None,),
                             ("nessun dato",)))
    return Bars(("",), tuple(series))


def cards(m: Monitoring, unit: str | None = None) -> list[Card]:
    """The key indicators of the office (``unit`` None) or of an Ambito, for the supervisor's screen."""
    out = []
    for line in summary_lines(m, unit, key_only=True):
        chart = _card_chart(m, line.id, unit) if m.current is not None or line.id == "rubrica_verificata" else None
        out.append(Card(line.id, line.name, line.value, line.previous, line.previous_direction, chart))
    if unit is not None:  # the directory is per signatory, not per Ambito: shown with the office's cards
        out = [c for c in out if c.id != "rubrica_verificata"]
    return out
