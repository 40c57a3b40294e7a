"""Disclosure control of every published figure: the cell key method with a small-cell rule.

Why this method (the design note is ``docs/DISCLOSURE.md``): tables that share
totals, exported month after month, by quarter and year, by municipality and by
Ambito, cannot be protected by hiding cells one table at a time; arithmetic over
the whole set of exports gives hidden counts back. The cell key method, used by
national statistical offices for census tables, perturbs every figure instead,
and makes the perturbation a function of *which events* the figure counts:

- every event has a **record key**, a 31-bit number derived from its id
  (:func:`record_key`, stored with the event so that the database can add keys up);
- a figure's **cell key** is the sum of its events' record keys modulo 2**31;
- the published figure is looked up from the true count and the cell key in the
  **perturbation table** (:class:`PerturbationTable`).

So the same set of events is the same number in every table of every export
(the "italiano" column and the deliveries of an Ambito, a month in its quarter's
trend, an Ambito in the municipality and in the Ambito workbook), and two figures
that differ by a few events carry independent noise: subtracting them gives the
difference plus noise, never the difference.

The perturbation table: the noise never exceeds ``max_noise`` (D) either way, adds
nothing on average (unbiased), and follows one bell-shaped law of variance
``variance`` (V) wherever the bounds allow; **no count from 1 to k-1 is ever
published** (a true 1 or 2 becomes 0 or at least k, and a 0 may stand for up to
D events). Zero stays zero: a figure with no events has no key to perturb.

Reusable for any output (the workbook, the screen, the monitoring report):
:meth:`Disclosure.publish` turns a :class:`Tally` (true count and key sum) into
the one number that may be shown; ratios and differences are computed from
published numbers only.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from app.caches import memo

KEY_BITS = 31
KEY_SPACE = 1 << KEY_BITS
METHOD = "cell key"


def record_key(event_id: str) -> int:
    """The event's record key: 31 uniformly spread bits of a hash of its id (never of anything else).

    A hash rather than the id's own digits, so that whatever way ids are made (random or time-ordered)
    the keys stay uniform; a constant prefix keeps these keys unrelated to any other use of the id.
    """
    digest = hashlib.sha256(b"raccordo-record-key\x00" + event_id.encode("ascii")).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - KEY_BITS)


@dataclass(frozen=True, slots=True)
class Tally:
    """A figure before publication: how many events it counts and the sum of their record keys."""

    n: int = 0
    keys: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.n + other.n, self.keys + other.keys)

    @property
    def cell_key(self) -> float:
        """Where in [0, 1) this figure's noise is read from the perturbation table."""
        return (self.keys % KEY_SPACE) / KEY_SPACE


ZERO = Tally()


def total(tallies) -> Tally:
    """Sum of tallies (a row, a column, a whole table): counts and keys add up."""
    n = keys = 0
    for t in tallies:
        n += t.n
        keys += t.keys
    return Tally(n, keys)


@dataclass(frozen=True)
class PerturbationTable:
    """Transition probabilities from a true count to a published one.

    Every row is the same discrete normal law of the noise, bounded at ``max_noise``, restricted to the
    values that may be published (never 1..k-1, never negative) and tilted so that its mean is the true
    count. Counts from ``k + max_noise`` up need no restriction: they all share the last row.
    """

    k: int = 3
    max_noise: int = 7
    variance: float = 1.0

    def __post_init__(self):
        if self.k < 2:
            raise ValueError("la soglia k deve essere almeno 2")
        if self.max_noise < 2 * self.k + 1:
            # A 0 really stands for up to k+2 events (zero_mass); the bound goes k-1 further, so that a total
            # shown 0 split into parts known not to be empty never bounds a part to 1..k-1.
            raise ValueError("la perturbazione massima deve essere almeno 2k+1")

    @property
    def last_row(self) -> int:
        return self.k + self.max_noise

    @cached_property
    def _shape(self) -> float:
        """The normal law's -1/(2 sigma^2) such that the unrestricted row has exactly ``variance``."""
        d = range(-self.max_noise, self.max_noise + 1)

        def var(b: float) -> float:
            w = [math.exp(b * x * x) for x in d]
            return sum(x * x * wi for x, wi in zip(d, w, strict=True)) / sum(w)

        low, high = -50.0, -1e-6  # var(low) ~ 0, var(high) ~ uniform's variance
        if not var(low) < self.variance < var(high):
            raise ValueError("varianza non ottenibile con questa perturbazione massima")
        for _ in range(200):
            mid = (low + high) / 2
            if var(mid) < self.variance:
                low = mid
            else:
                high = mid
        return (low + high) / 2

    def support(self, n: int) -> list[int]:
        """Published values a true count ``n`` can become."""
        if n == 0:
            return [0]
        return [v for v in range(max(0, n - self.max_noise), n + self.max_noise + 1) if v == 0 or v >= self.k]

    def zero_mass(self, n: int) -> float:
        """How often a count from k to k+2 is published as 0: halving from 8% at k, so that a 0 stands, with
        real probability and not only in principle, for counts up to k+2 (see ``docs/DISCLOSURE.md``)."""
        return 0.08 / 2 ** (n - self.k) if self.k <= n <= self.k + 2 else 0.0

    def _tilted(self, noise: list[int], target: float) -> list[float]:
        """The bounded normal law on ``noise``, tilted so that its mean is ``target``."""
        b = self._shape

        def law(a: float) -> list[float]:
            top = max(a * x + b * x * x for x in noise)
            w = [math.exp(a * x + b * x * x - top) for x in noise]
            total_w = sum(w)
            return [wi / total_w for wi in w]

        low, high = -60.0, 60.0  # the mean grows with a; the support has values on both sides of the target
        for _ in range(200):
            mid = (low + high) / 2
            if sum(x * p for x, p in zip(noise, law(mid), strict=True)) < target:
                low = mid
            else:
                high = mid
        return law((low + high) / 2)

    @cached_property
    def rows(self) -> dict[int, tuple[list[int], list[float]]]:
        """``n -> (values, probabilities)`` for n = 0 .. last_row."""
        out = {0: ([0], [1.0])}
        for n in range(1, self.last_row + 1):
            values = self.support(n)
            q = self.zero_mass(n)
            if q:  # 0 gets its fixed share, the rest keeps the mean at n
                rest = [v for v in values if v > 0]
                law = self._tilted([v - n for v in rest], n / (1 - q) - n)
                out[n] = ([0, *rest], [q, *((1 - q) * p for p in law)])
            else:
                out[n] = (values, self._tilted([v - n for v in values], 0.0))
        return out

    def row(self, n: int) -> tuple[list[int], list[float]]:
        if n <= self.last_row:
            return self.rows[n]
        values, probs = self.rows[self.last_row]
        shift = n - self.last_row
        return [v + shift for v in values], probs

    @cached_property
    def _cumulative(self) -> dict[int, list[float]]:
        out = {}
        for n, (_, probs) in self.rows.items():
            acc, cum = 0.0, []
            for p in probs:
                acc += p
                cum.append(acc)
            cum[-1] = 1.0
            out[n] = cum
        return out

    def perturb(self, n: int, cell_key: float) -> int:
        """The published value for a true count ``n`` whose cell key is ``cell_key`` (in [0, 1))."""
        if n <= 0:
            return 0
        row = min(n, self.last_row)
        values = self.rows[row][0]
        value = values[bisect_right(self._cumulative[row], cell_key)]
        return value + (n - row)

    def possible_counts(self, published: int) -> tuple[int, int]:
        """The smallest and largest true count that can be published as ``published`` (what a reader knows)."""
        if published == 0:
            return 0, max(n for n in range(0, self.last_row + 1) if 0 in self.support(n))
        return max(1, published - self.max_noise), published + self.max_noise

    def usual_zero(self, least: float = 0.01) -> int:
        """The largest count published as 0 at least ``least`` of the time."""
        return max(n for n in range(self.last_row + 1) if self.rows[n][0][0] == 0 and self.rows[n][1][0] >= least)

    def usual_noise(self, least: float = 0.01) -> int:
        """The largest deviation that a large count gets at least ``least`` of the time."""
        values, probs = self.rows[self.last_row]
        return max(abs(v - self.last_row) for v, p in zip(values, probs, strict=True) if p >= least)

    def mean_absolute_noise(self, n: int) -> float:
        values, probs = self.row(n)
        return sum(abs(v - n) * p for v, p in zip(values, probs, strict=True))


@memo(4)
def perturbation_table(k: int) -> PerturbationTable:
    """The table used for threshold ``k``, built once per context (its rows take a few tens of ms to solve)."""
    table = PerturbationTable(k=k, max_noise=2 * k + 1, variance=1.0)
    table.rows  # noqa: B018 - solve the rows now, not inside the first export's timing
    return table


@dataclass
class Disclosure:
    """The protection applied to one output: publish tallies, describe the rule in Italian.

    One instance per output, so that what it published can be measured (``published`` counts the figures,
    ``moved`` how many differ from the truth, ``absolute_noise`` their total deviation).
    """

    table: PerturbationTable
    published: int = 0
    moved: int = 0
    absolute_noise: int = 0
    _cache: dict[Tally, int] = field(default_factory=dict)

    @classmethod
    def for_threshold(cls, k: int) -> Disclosure:
        return cls(perturbation_table(k))

    @property
    def k(self) -> int:
        return self.table.k

    def publish(self, tally: Tally) -> int:
        """The one number that may be shown for this figure, the same wherever the same events are counted."""
        value = self._cache.get(tally)
        if value is None:
            value = self._cache[tally] = self.table.perturb(tally.n, tally.cell_key)
        self.published += 1
        if value != tally.n:
            self.moved += 1
            self.absolute_noise += abs(value - tally.n)
        return value

    def rule_lines(self) -> list[tuple[str, str]]:
        """What is protected and how, for the metadata sheet (Italian, for the supervisor and the recipients)."""
        k, d = self.k, self.table.max_noise
        high = self.table.possible_counts(0)[1]
        return [
            ("Metodo di protezione",
             "Metodo della chiave di cella (cell key method), usato dagli istituti nazionali di statistica per "
             "le tabelle del censimento. Ogni dato pubblicato, totali compresi, è il conteggio vero modificato "
             f"di poche unità (di solito non più di {self.table.usual_noise()}, mai più di {d}, in più o in meno; "
             "in media nulla). La modifica dipende solo dagli "
             "eventi contati: lo stesso insieme di eventi dà lo stesso numero in ogni foglio e in ogni "
             "esportazione."),
            ("Piccoli numeri",
             f"Nessun valore da 1 a {k - 1} viene mai pubblicato: un conteggio vero da 1 a {k - 1} compare come "
             f"0 oppure come {k} o più. Uno 0 pubblicato corrisponde di solito a nessun caso o a pochi casi, a "
             f"volte fino a {self.table.usual_zero()} (limite teorico {high}); un valore pubblicato N corrisponde "
             f"di solito a un numero vero tra N-{self.table.usual_noise()} e N+{self.table.usual_noise()} "
             f"(limite teorico N-{d} e N+{d})."),
            ("Totali",
             "Ogni totale è calcolato sui dati veri e poi modificato come ogni altro dato: la somma delle righe "
             "può differire di qualche unità dal totale pubblicato. È voluto: sommare o sottrarre i dati "
             "pubblicati non permette di risalire ai conteggi veri."),
            ("Cosa è protetto",
             f"Da nessun dato pubblicato, né combinando fogli ed esportazioni diverse, si può stabilire con "
             f"certezza che un conteggio vero sia compreso tra 1 e {k - 1}, né ricavarne il valore esatto: nessun "
             "nucleo può essere individuato in un piccolo comune. La protezione vale per tutti i fogli di questa cartella insieme e per l'insieme delle "
             "esportazioni ammesse: mesi, trimestri, quadrimestri e anni solari conclusi (o più anni interi), "
             "per comune e per Ambito, rifatte quante volte si vuole."),
            ("Periodi ammessi",
             "Solo periodi solari conclusi: mese, trimestre, quadrimestre, anno o più anni interi. Intervalli "
             "di date arbitrari non sono esportabili: due intervalli che differiscono di un giorno, sottratti, "
             "mostrerebbero gli eventi di quel giorno."),
            ("Parametri", f"soglia k = {k}; perturbazione massima D = {d}; varianza V = {self.table.variance:g}; "
                          f"chiavi a {KEY_BITS} bit."),
            ("Uso dei dati",
             "Adatti a vedere dove e quando si concentrano gli sfratti e a confrontare periodi; non adatti a "
             "contare singoli casi. Un dato corretto dopo l'invio (eventi arrivati in ritardo) sostituisce il "
             "precedente: non confrontare versioni diverse della stessa esportazione."),
        ]
