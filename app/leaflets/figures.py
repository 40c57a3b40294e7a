"""Amounts and limits as dated, sourced data: no figure is ever typed inside a leaflet sentence.

Figures age at different rhythms (the legal-aid income limit every two years,
the Fondo morosità incolpevole with each year's funding), so each one carries
its own date, source and review-by date in ``content.toml``::

    [figures.legal_aid_income_limit]
    label = "limite di reddito per il patrocinio a spese dello Stato"
    value = "13659.64"        # a decimal number, written as text so that it is exact
    unit = "EUR"              # a currency code, or "" for a plain number
    date = 2025-07-11         # the day the value holds from (or was last confirmed)
    source = "DM 22 aprile 2025 (GU n. 159 dell'11 luglio 2025)"
    review_by = 2027-06-30    # after this day the figure must be checked again

Texts name a figure by placeholder (``{legal_aid_income_limit}``), and
:func:`format_figure` writes it for the language being printed (Babel/CLDR,
Latin digits): "13.659,64 euro" in Italian. A figure without a value cannot be
printed and makes the content unusable; one without a date, source or review
date still prints but is reported (``problems``) and counted as stale.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

_FIELDS = ("label", "value", "unit", "date", "source", "review_by")


class FigureError(ValueError):
    """A figure that cannot be printed at all (no value, or a value that is not a number)."""


@dataclass(frozen=True)
class Figure:
    name: str
    label: str                 # Italian, for the bailiff's and the publisher's warnings
    value: Decimal
    unit: str                  # "EUR" or ""
    date: date | None
    source: str
    review_by: date | None

    def missing(self) -> list[str]:
        """The data this figure lacks, in Italian ("la data", ...): each makes it unsafe to trust."""
        return [what for what, value in (("la data", self.date), ("la fonte", self.source),
                                         ("la data di revisione (review_by)", self.review_by)) if not value]


@dataclass(frozen=True)
class StaleFigure:
    """A figure to check again, as the leaflet screen and ``languages`` show it."""

    figure: Figure
    reason: str                # Italian: "da ricontrollare dal 30 giugno 2027" or "manca la data"
    blocks: tuple[str, ...]    # the blocks that print it

    @property
    def message(self) -> str:
        """One line for the bailiff's banner and ``languages``: what, why, where it is printed, its source."""
        value = format_figure(self.figure)
        used = f" Stampato nei blocchi {', '.join(self.blocks)}." if self.blocks else ""
        source = f" Fonte: {self.figure.source}." if self.figure.source else ""
        return f"Importo «{self.figure.label}» ({value}): {self.reason}.{source}{used}"


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_figures(table: Any) -> tuple[dict[str, Figure], list[tuple[str, str]]]:
    """Figures from the ``[figures]`` table: (figures by name, (figure name, Italian problem) pairs).

    Raises FigureError for a figure that cannot be printed at all."""
    if table is None:
        return {}, []
    if not isinstance(table, Mapping):
        raise FigureError("content.toml: [figures] deve essere una tabella")
    figures: dict[str, Figure] = {}
    problems: list[tuple[str, str]] = []
    for name, raw in table.items():
        if not isinstance(raw, Mapping):
            raise FigureError(f"content.toml: importo «{name}» non è una tabella")
        try:
            value = Decimal(str(raw.get("value", "")).strip())
        except InvalidOperation:
            raise FigureError(f"content.toml: importo «{name}» senza un valore numerico") from None
        if not value.is_finite():
            raise FigureError(f"content.toml: importo «{name}» senza un valore numerico")
        unit = str(raw.get("unit", "") or "")
        if unit not in ("", "EUR"):
            raise FigureError(f"content.toml: importo «{name}»: unità «{unit}» non prevista (EUR o nessuna)")
        unknown = sorted(set(raw) - set(_FIELDS))
        if unknown:
            problems.append((name, f"content.toml: importo «{name}»: campi non previsti {', '.join(unknown)}"))
        figure = Figure(name, str(raw.get("label") or name), value, unit, _day(raw.get("date")),
                        " ".join(str(raw.get("source") or "").split()), _day(raw.get("review_by")))
        for what in figure.missing():
            written = raw.get({"la data": "date", "la fonte": "source"}.get(what, "review_by"))
            detail = f" valida (scritto «{written}»)" if written not in (None, "") else ""
            problems.append((name, f"content.toml: importo «{name}»: manca {what}{detail}"))
        figures[name] = figure
    return figures, problems


def format_figure(figure: Figure, locale: str = "it", digits: str = "latn") -> str:
    """The figure as a reader of ``locale`` writes it: "13.659,64 euro", "26.000 euro" (it); "26,000 euros" (en).

    Integers print without decimals, other amounts with their cents. Digits are Latin (CLDR "latn"), the rule
    in every script, unless the language's line in the term base chooses another system (``digits``: "arab"
    writes ٢٦٬٠٠٠ with the Arabic separators).
    """
    value = figure.value
    whole = value == value.to_integral_value()
    if figure.unit:
        # the currency's own digits (13.659,60 euro) for amounts with cents, none for whole amounts (26.000 euro)
        text = format_currency(value.to_integral_value() if whole else value, figure.unit, locale=locale,
                               format_type="name", currency_digits=not whole, numbering_system=digits)
    else:
        text = format_decimal(value, locale=locale, numbering_system=digits)
    return to_digits(text, digits)


# CLDR numbering system -> the Unicode name of its zero; its ten digits follow the zero in Unicode.
_ZERO = {"arab": "ARABIC-INDIC DIGIT ZERO", "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",
         "beng": "BENGALI DIGIT ZERO", "tamldec": "TAMIL DIGIT ZERO", "deva": "DEVANAGARI DIGIT ZERO"}


def to_digits(text: str, system: str) -> str:
    """Latin digits written in ``system`` (Babel formats separators per system but always prints 0-9)."""
    if system == "latn" or system not in _ZERO:
        return text
    zero = ord(unicodedata.lookup(_ZERO[system]))
    return text.translate({ord("0") + i: zero + i for i in range(10)})


def stale_figures(figures: Mapping[str, Figure], today: date, used_in: Mapping[str, Iterable[str]] | None = None
                  ) -> list[StaleFigure]:
    """The figures past their review-by date, or lacking a date, a source or a review date, oldest first."""
    stale = []
    for figure in figures.values():
        blocks = tuple(sorted((used_in or {}).get(figure.name, ())))
        missing = figure.missing()
        if missing:
            stale.append(StaleFigure(figure, "manca " + ", ".join(missing), blocks))
        elif figure.review_by is not None and figure.review_by < today:
            stale.append(StaleFigure(figure, "da ricontrollare dal " + format_date(figure.review_by, "long", locale="it"),
                                     blocks))
    return sorted(stale, key=lambda s: (s.figure.review_by or date.min, s.figure.name))
