"""The indicators of the agreement's effect, each defined once: what it counts, its formula, the article it serves.

Every indicator is made of **published** figures (already protected by the cell key method, see
``docs/DISCLOSURE.md``): a count is one published figure; a share is a sum of published figures over a sum of
published figures, never a ratio of true counts. A share whose published denominator is below
``MIN_BASE`` is not computed (a few accesses more or less would swing it by tens of points, and it would
show little more than the noise); below ``FRAGILE_BASE`` it is shown and marked as indicative.

The figures an indicator uses are named by table and column (:class:`Ref`): the tables are laid out per
Ambito with the office's totals (``app.monitoring.figures``), so every indicator exists for the office and for
each Ambito. The directory's freshness is the one indicator per signatory instead, from the directory's own
counts (not household data, not perturbed).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.stats.vocab import OUTCOMES, STAGES

MIN_BASE = 20
FRAGILE_BASE = 50


@dataclass(frozen=True)
class Ref:
    """One published figure of a unit: ``table``'s ``column``, or the unit's total when ``column`` is None."""

    table: str  # packs | foreign | outcomes | social | forecast
    column: str | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str  # Italian, as the report and the screen title it
    formula: str  # Italian, in words a member of the table reads
    article: str  # the agreement's article(s) it serves
    unit: str  # what a value counts: "consegne", "accessi", "%" ...
    numerator: tuple[Ref, ...] = ()
    denominator: tuple[Ref, ...] = ()  # empty: a count
    detail: str | None = None  # the table whose columns its chart breaks it down by
    source: str = "events"  # "events" (protected counts) or "directory" (freshness per signatory)
    key: bool = True  # on the summary page and the screen's first row

    @property
    def is_share(self) -> bool:
        return bool(self.denominator) or self.source == "directory"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "consegne", "Volantini consegnati", "Numero di consegne del volantino informativo, in tutte le fasi della "
        "procedura (totale protetto; il grafico le divide per fase).",
        "Art. 2.3; Art. 3a; Art. 3e", "consegne", (Ref("packs"),), detail="packs"),
    Indicator(
        "consegne_altra_lingua", "Consegne con il volantino in un'altra lingua",
        "Numero di consegne in cui il volantino comprendeva almeno una lingua diversa dall'italiano (una consegna "
        "conta una volta, qualunque sia il numero di lingue).",
        "Art. 2.3 (materiale tradotto in più lingue)", "consegne", (Ref("foreign"),)),
    Indicator(
        "quota_altra_lingua", "Quota di consegne in un'altra lingua",
        "Consegne con almeno una lingua diversa dall'italiano diviso volantini consegnati (dati pubblicati).",
        "Art. 2.3", "%", (Ref("foreign"),), (Ref("packs"),), key=False),
    Indicator(
        "contatto_servizi", "Nuclei che avevano già contattato i servizi sociali",
        "Accessi in cui il nucleo aveva contattato i servizi sociali prima dell'accesso, diviso accessi in cui la "
        "risposta è nota (sì + no; dati pubblicati). È lo scopo centrale del protocollo: che il nucleo chieda "
        "aiuto prima dell'escomio.",
        "Art. 2.3; Art. 3b; premesse", "%", (Ref("social", "yes"),), (Ref("social", "yes"), Ref("social", "no"))),
    Indicator(
        "risposta_nota", "Accessi con la risposta sul contatto registrata",
        "Accessi in cui l'ufficiale giudiziario ha registrato se il nucleo aveva contattato i servizi sociali "
        "(sì + no) diviso accessi con esito registrato: dice quanto è affidabile l'indicatore precedente.",
        "Art. 1 (monitoraggio)", "%", (Ref("social", "yes"), Ref("social", "no")), (Ref("outcomes"),), key=False),
    Indicator(
        "accessi", "Accessi con esito registrato", "Numero di accessi dell'ufficiale giudiziario con esito "
        "registrato (totale protetto; il grafico li divide per esito).",
        "Art. 1 (monitoraggio); Art. 3a", "accessi", (Ref("outcomes"),), detail="outcomes"),
    Indicator(
        "rilascio_spontaneo", "Rilasci spontanei prima dell'accesso",
        "Accessi con esito «rilascio spontaneo prima dell'accesso» diviso accessi con esito registrato (dati "
        "pubblicati).",
        "Premesse (liberazione spontanea degli immobili)", "%", (Ref("outcomes", "voluntary_release"),),
        (Ref("outcomes"),)),
    Indicator(
        "accessi_programmati", "Accessi programmati nei 3 mesi successivi",
        "Accessi fissati con avviso di sloggio e registrati entro la fine del periodo, con data nei tre mesi "
        "successivi (totale protetto; il grafico li divide per Ambito e mese).",
        "Art. 2.4; Art. 3a (dato aggregato previsionale)", "accessi", (Ref("forecast"),), detail="forecast"),
    Indicator(
        "rubrica_verificata", "Referenti verificati di recente",
        "Referenti in rubrica con data di verifica entro i giorni fissati (impostazione "
        "directory.stale_after_days) alla fine del periodo, diviso referenti in rubrica; per ente firmatario. "
        "Dato della rubrica, non dei nuclei: non è perturbato.",
        "Art. 3 (aggiornamento tempestivo dei referenti); Art. 3a (elenco sul portale UNEP)", "%",
        source="directory"),
)

BY_ID = {i.id: i for i in INDICATORS}

# The columns of each table, in the order the charts show them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "packs": STAGES,
    "foreign": ("other",),
    "outcomes": OUTCOMES,
    "social": ("yes", "no", "unknown"),
}


def refs(indicator: Indicator) -> tuple[Ref, ...]:
    """Every published figure the indicator reads (to show them next to it, and to check them)."""
    return tuple(dict.fromkeys(indicator.numerator + indicator.denominator))
