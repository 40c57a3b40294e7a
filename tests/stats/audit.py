"""A disclosure auditor, written independently of ``app.stats``: linear programming over everything published.

It sees what the recipients see (every figure of every sheet of every workbook in a set of exports) plus
what a well-informed intruder knows: how the figures are defined (which events each counts), that counts
are non-negative, and the published protection rule (signs "<k"/"x" of the old suppression, or the bounds
of the cell key method's noise). It also knows the truth (the events), to know which counts to protect.

Variables are the **atoms**: the finest combinations any figure distinguishes (municipality, month, stage,
cause, mode and the set of languages of a delivery; municipality, month, outcome and contact for an
access; municipality, month of access and month of recording for a scheduled access). Only atoms that
hold events are variables: the intruder is granted the knowledge of which combinations are empty, so the
audit is, if anything, stricter than the real intruder (a protection it passes holds a fortiori).

Every published figure bounds a linear form of the atoms (``lo <= A x <= hi``). Under the cell key method
the intruder also knows that a figure is a function of the events it counts: two figures whose definitions
are nested (a month in its quarter, a municipality in its Ambito, a cell in its total) but whose published
values differ cannot count the same events, so the difference holds at least one event
(``sum(B - A) >= 1``); that is added too.

**The promise checked**, for every protected quantity (every atom and every published figure) whose true
count is between 1 and k-1: the interval of values consistent with everything published is never inside
[1, k-1], i.e. the intruder can never conclude "one or two households" (for k = 3). With the old
suppression the numbers are exact and that promise fails by construction for every "<k" sign, so the
auditor also counts the old audit's own measure: hidden figures whose exact value is determined.

Solving one LP per quantity and side would take hours on a year of exports; most quantities are settled
in batches instead: minimise the sum of the remaining ones, and every one that reaches 0 in that solution
is settled on that side (a feasible point where it is below 1 exists); then maximise likewise for the
upper side. Only what batches cannot settle gets LPs of its own. The solver is scipy's HiGHS.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack
from sqlalchemy import text

EPS = 1e-6
CAP = 1e7  # upper bound of every atom: only so that an "x" total leaves no LP unbounded


@dataclass(frozen=True)
class Cell:
    """What a published figure counts: events of ``family`` in ``months`` and ``munis`` matching ``filters``.

    ``pairs``: the figure counts (delivery, language) pairs (totals of the languages sheet). ``known_by``:
    for scheduled accesses, only those recorded in that month or before.
    """

    family: str
    months: frozenset[str]
    munis: frozenset[str]
    filters: frozenset[tuple[str, str]] = frozenset()
    pairs: bool = False
    known_by: str | None = None


@dataclass
class Publication:
    """The figures of a set of exports: (definition, shown value) pairs and the rule they were published by."""

    rule: str  # "ckm" or "suppression"
    k: int
    max_noise: int = 0
    assumed: dict | None = None  # shown value -> (lo, hi) an intruder assumes, rare transitions ignored
    figures: list[tuple[Cell, int | str]] = field(default_factory=list)

    def add(self, cell: Cell, shown: int | str) -> None:
        self.figures.append((cell, shown))

    def practical(self, table, least: float = 0.01) -> Publication:
        """The same figures read by an intruder who knows the perturbation table ``table`` and treats every
        transition rarer than ``least`` as impossible (a sharper, if sometimes wrong, reading of each figure)."""
        shown = {v for _, v in self.figures}
        top = max(shown) + table.max_noise + 1
        assumed = {}
        for v in shown:
            possible = [n for n in range(top + 1)
                        if any(value == v and p >= least for value, p in zip(*table.row(n), strict=True))]
            assumed[v] = (min(possible), max(possible))
        return Publication(self.rule, self.k, self.max_noise, assumed=assumed, figures=self.figures)

    def extend(self, other: Publication) -> Publication:
        assert (other.rule, other.k, other.max_noise) == (self.rule, self.k, self.max_noise) and not self.assumed
        self.figures += other.figures
        return self

    def interval(self, shown: int | str) -> tuple[float, float]:
        """True counts consistent with a shown value, by the published rule alone."""
        k = self.k
        if self.rule == "suppression":
            if shown == f"<{k}":
                return 1, k - 1
            if shown == "x":
                return 0, np.inf
            return shown, shown
        assert isinstance(shown, int) and not 1 <= shown < k, f"the cell key method never shows {shown!r}"
        if self.assumed is not None:
            return self.assumed[shown]
        if shown == 0:
            return 0, self.max_noise
        return max(1, shown - self.max_noise), shown + self.max_noise


# --- the truth ------------------------------------------------------------------------------------------------

@dataclass
class Atoms:
    """Non-empty atoms per family, as numpy columns, with their true counts."""

    family: str
    columns: dict[str, np.ndarray]
    counts: np.ndarray
    codes: dict[str, dict[str, int]]  # per column, value -> integer code
    _coefficients: dict = field(default_factory=dict)
    _flags: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.counts)

    def flags(self, name: str, wanted: frozenset) -> np.ndarray:
        """Per atom: is its ``name`` value among ``wanted`` (cached: the same sets recur in every export)."""
        key = (name, wanted)
        found = self._flags.get(key)
        if found is None:
            found = self._flags[key] = _flags(self.codes[name], wanted)[self.columns[name]]
        return found

    @property
    def language_masks(self) -> np.ndarray:
        """Per atom, the bit mask of its delivery's languages."""
        if "_masks" not in self._flags:
            masks = np.zeros(len(self.codes["langs"]), dtype=np.int64)
            masks[list(self.codes["langs"].values())] = [int(m) for m in self.codes["langs"]]
            self._flags["_masks"] = masks[self.columns["langs"]]
        return self._flags["_masks"]


def _encode(rows: list[tuple], names: list[str], family: str) -> Atoms:
    codes = {name: {} for name in names}
    cols = {name: [] for name in names}
    counts = []
    for *values, n in rows:
        for name, value in zip(names, values, strict=True):
            cols[name].append(codes[name].setdefault(value, len(codes[name])))
        counts.append(n)
    return Atoms(family, {name: np.array(v, dtype=np.int64) for name, v in cols.items()},
                 np.array(counts, dtype=np.float64), codes)


def load_atoms(engine) -> dict[str, Atoms]:
    """Every non-empty atom of the store, straight from SQL (not through ``app.stats``)."""
    with engine.connect() as conn:
        langs: dict[str, list[str]] = defaultdict(list)
        for delivery_id, language in conn.execute(text("SELECT delivery_id, language FROM stats_delivery_language")):
            langs[delivery_id].append(language)
        groups: dict[tuple, int] = defaultdict(int)
        for eid, day, istat, stage, cause, mode in conn.execute(
                text("SELECT id, day, istat_code, stage, cause, mode FROM stats_delivery")):
            unknown = set(langs[eid]) - set(LANGUAGE_ORDER)
            assert not unknown, f"languages not in the content data, the audit would drop them: {unknown}"
            mask = sum(1 << i for i, lang in enumerate(LANGUAGE_ORDER) if lang in langs[eid])
            groups[istat, str(day)[:7], stage, cause, mode, mask] += 1
        deliveries = _encode([(*key, n) for key, n in groups.items()],
                             ["istat", "month", "stage", "cause", "mode", "langs"], "delivery")
        outcomes = _encode([(istat, str(day)[:7], outcome, social, n) for istat, day, outcome, social, n in conn.execute(
            text("SELECT istat_code, day, outcome, social_services, count(*) FROM stats_outcome "
                 "GROUP BY istat_code, day, outcome, social_services"))], ["istat", "month", "outcome", "social"],
            "outcome")
        outcomes = _merge_duplicates(outcomes)
        scheduled = _encode([(istat, str(day)[:7], str(rec)[:7], n) for istat, day, rec, n in conn.execute(
            text("SELECT istat_code, access_day, recorded_at, count(*) FROM stats_scheduled_access "
                 "GROUP BY istat_code, access_day, recorded_at"))], ["istat", "month", "recorded"], "scheduled")
        scheduled = _merge_duplicates(scheduled)
    return {"delivery": deliveries, "outcome": outcomes, "scheduled": scheduled}


def _merge_duplicates(atoms: Atoms) -> Atoms:
    """Rows grouped by day in SQL fold into month atoms."""
    names = list(atoms.columns)
    keys = np.stack([atoms.columns[n] for n in names], axis=1) if len(atoms) else np.zeros((0, len(names)), int)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    counts = np.zeros(len(uniq))
    np.add.at(counts, inverse.ravel(), atoms.counts)
    return Atoms(atoms.family, {n: uniq[:, i] for i, n in enumerate(names)}, counts, atoms.codes)


def _content_languages() -> tuple[str, ...]:
    """The leaflet languages in the content data's order (Italian first), read from the shipped content.toml
    itself rather than through ``app``: a language added there (Russian, the 15th) is audited without a list to
    keep here."""
    with (Path(__file__).resolve().parents[2] / "i18n" / "leaflets" / "content.toml").open("rb") as fh:
        return tuple(entry["code"] for entry in tomllib.load(fh)["languages"])


LANGUAGE_ORDER = _content_languages()


def _flags(codes: dict[str, int], wanted) -> np.ndarray:
    out = np.zeros(max(len(codes), 1), dtype=bool)
    for value in wanted:
        if value in codes:
            out[codes[value]] = True
    return out


def coefficients(cell: Cell, atoms: Atoms) -> np.ndarray:
    """How many times each atom's events count in ``cell`` (0/1, or the number of languages for pairs)."""
    found = atoms._coefficients.get(cell)
    if found is not None:
        return found
    if not len(atoms):
        return np.zeros(0)
    weight = (atoms.flags("istat", cell.munis) & atoms.flags("month", cell.months)).astype(np.float64)
    for dim, value in cell.filters:
        if dim == "language":
            weight *= (atoms.language_masks & (1 << LANGUAGE_ORDER.index(value))) > 0
        elif dim == "foreign":  # the delivery held a language other than Italian (issue 20's indicator)
            weight *= (atoms.language_masks & ~(1 << LANGUAGE_ORDER.index("it"))) > 0
        else:
            weight *= atoms.flags(dim, frozenset({value}))
    if cell.pairs:
        weight *= [bin(int(m)).count("1") for m in atoms.language_masks]
    if cell.known_by is not None:
        recorded = np.array([r <= cell.known_by for r in sorted(atoms.codes["recorded"], key=atoms.codes["recorded"].get)])
        weight *= recorded[atoms.columns["recorded"]]
    atoms._coefficients[cell] = weight
    return weight


# --- the audit ------------------------------------------------------------------------------------------------

@dataclass
class Finding:
    what: str  # "atom" or "figure"
    label: str
    truth: int
    low: float
    high: float


@dataclass
class AuditResult:
    breaches: list[Finding] = field(default_factory=list)  # true 1..k-1 pinned inside [1, k-1]
    exact: list[Finding] = field(default_factory=list)  # among breaches: the true value itself, pinned
    why: list[list[str]] = field(default_factory=list)  # per breach: the figures that bound it below and above
    recovered: list[Finding] = field(default_factory=list)  # hidden figures determined exactly (old rule)
    protected: int = 0  # quantities checked
    lps: int = 0

    def __str__(self) -> str:
        return (f"{len(self.breaches)} of {self.protected} small counts pinned inside [1, k-1] "
                f"({len(self.exact)} to their exact value); "
                f"{len(self.recovered)} hidden figures recovered exactly ({self.lps} LPs)")


Sparse = tuple[np.ndarray, np.ndarray]  # (atom indices, coefficients)


def _sparse(dense: np.ndarray) -> Sparse:
    idx = np.flatnonzero(dense)
    return idx, dense[idx]


def _dot(vector: Sparse, x: np.ndarray) -> float:
    return float(x[vector[0]] @ vector[1])


class _System:
    """One family's LP: A_ub x <= b_ub over its atoms."""

    def __init__(self, atoms: Atoms, publication: Publication):
        self.atoms = atoms
        self.truth = atoms.counts
        rows, lows, highs, self.figures, self.row_labels = [], [], [], [], []
        by_cell: dict[Cell, list] = defaultdict(list)
        for cell, shown in publication.figures:
            if cell.family == atoms.family:
                by_cell[cell].append(shown)
        self.shown: dict[Cell, int | str] = {}
        for cell, values in by_cell.items():
            coef = coefficients(cell, atoms)
            low, high = 0.0, np.inf
            for shown in values:
                a, b = publication.interval(shown)
                low, high = max(low, a), min(high, b)
            true = float(coef @ self.truth)
            if publication.assumed is not None:  # the intruder ignored this figure's rare noise: he is wrong here
                low, high = min(low, true), max(high, true)
            assert low - EPS <= true <= high + EPS, f"published {values} for {cell} contradicts the truth {true}"
            self.shown[cell] = values[0]
            vector = _sparse(coef)
            self.row_labels.append(f"{_cell_label(cell)} shown {values}")
            rows.append(vector)
            lows.append(low)
            highs.append(high)
            self.figures.append((cell, vector, true, values[0], (low, high)))
        if publication.rule == "ckm":
            for label, coef in self._differences(publication):
                self.row_labels.append(label)
                rows.append(_sparse(coef))
                lows.append(1.0)
                highs.append(np.inf)
        n = len(atoms)
        indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
        indices = np.concatenate([idx for idx, _ in rows]) if rows else np.zeros(0, int)
        data = np.concatenate([val for _, val in rows]) if rows else np.zeros(0)
        matrix = csr_matrix((data, indices, indptr), shape=(len(rows), n))
        lows, highs = np.array(lows), np.array(highs)
        upper, lower = np.isfinite(highs), lows > 0
        self.labels = ([f"{label} <= {h}" for label, h, u in zip(self.row_labels, highs, upper, strict=True) if u]
                       + [f"{label} >= {lo}" for label, lo, w in zip(self.row_labels, lows, lower, strict=True) if w])
        self.A = vstack([matrix[upper], -matrix[lower]]).tocsr()
        self.b = np.concatenate([highs[upper], -lows[lower]])
        self.lps = 0

    def _differences(self, publication: Publication):
        """Nested figures (same family, by definition) whose shown values differ: their difference is not empty."""
        cells = list(self.shown)
        month_sets = {c.months for c in cells}
        muni_sets = {c.munis for c in cells}
        # Supersets of each set, worked out once: every export repeats the same few.
        months_above = {m: [o for o in month_sets if m <= o] for m in month_sets}
        munis_above = {m: [o for o in muni_sets if m <= o] for m in muni_sets}
        seen = set()
        for a in cells:
            if a.pairs:
                continue
            for months in months_above[a.months]:
                for munis in munis_above[a.munis]:
                    for filters in {a.filters, frozenset()}:
                        b = Cell(a.family, months, munis, filters, a.pairs, a.known_by)
                        if b == a or b not in self.shown or a.pairs:
                            continue
                        sa, sb = self.shown[a], self.shown[b]
                        if sa == sb or abs(sb - sa) > 2 * publication.max_noise or (a, b) in seen:
                            continue
                        seen.add((a, b))
                        yield (f"{_cell_label(b)} - {_cell_label(a)} >= 1 (shown {sb} and {sa})",
                               coefficients(b, self.atoms) - coefficients(a, self.atoms))

    def dense(self, vectors: list[Sparse]) -> np.ndarray:
        out = np.zeros(len(self.atoms))
        for idx, val in vectors:
            np.add.at(out, idx, val)
        return out

    def solve(self, objective: np.ndarray, maximize: bool = False) -> np.ndarray:
        self.lps += 1
        result = linprog(-objective if maximize else objective, A_ub=self.A, b_ub=self.b, bounds=(0, CAP),
                         method="highs")
        assert result.status == 0, result.message
        return result.x

    def settle(self, targets: list[Sparse], *, below: float | None = None, above: float | None = None,
               alone: bool = True) -> list[int]:
        """Indices of targets that no feasible point takes below ``below`` (or above ``above``).

        Batches first (the sum of what is left, minimised or maximised); with ``alone`` what they leave gets
        an LP of its own, otherwise it is returned as not settled yet.
        """
        maximize = above is not None

        def reached(i: int, x: np.ndarray) -> bool:
            value = _dot(targets[i], x)
            return value > above + EPS if maximize else value < below - EPS

        remaining = list(range(len(targets)))
        while remaining:
            x = self.solve(self.dense([targets[i] for i in remaining]), maximize)
            done = {i for i in remaining if reached(i, x)}
            if not done:
                break
            remaining = [i for i in remaining if i not in done]
        if not alone:
            return remaining
        return [i for i in remaining if not reached(i, self.solve(self.dense([targets[i]]), maximize))]

    def explain(self, target: Sparse, maximize: bool) -> list[str]:
        """The published figures that bound ``target`` on one side (the LP's binding rows with a dual)."""
        sign = -1 if maximize else 1
        result = linprog(sign * self.dense([target]), A_ub=self.A, b_ub=self.b, bounds=(0, CAP), method="highs")
        duals = result.ineqlin.marginals
        return [f"{duals[i]:+.2f} {self.labels[i]}" for i in np.flatnonzero(np.abs(duals) > EPS)]

    def interval(self, target: Sparse) -> tuple[float, float]:
        objective = self.dense([target])
        return _dot(target, self.solve(objective)), _dot(target, self.solve(objective, maximize=True))


def audit(publication: Publication, atoms: dict[str, Atoms], *, exact_only: bool = False) -> AuditResult:
    """Check the promise over every family of events; also count exact recoveries of hidden figures.

    ``exact_only``: check only that no small count is determined exactly (cheaper: two batch solutions
    and the truth already show most counts can move).
    """
    k = publication.k
    result = AuditResult()
    for family in atoms.values():
        if not len(family):
            continue
        system = _System(family, publication)
        targets, labels = [], []
        for i, n in enumerate(family.counts):
            if 1 <= n < k:
                targets.append((np.array([i]), np.array([1.0])))
                labels.append(("atom", _atom_label(family, i), int(n)))
        obvious = []  # figures whose own published interval is already inside [1, k-1] (the old "<k" sign)
        for cell, coef, true, _, (low, high) in system.figures:
            if 1 <= true < k and not cell.pairs:
                if low >= 1 and high <= k - 1:
                    obvious.append(Finding("figure", _cell_label(cell), int(true), low, high))
                    continue
                targets.append(coef)
                labels.append(("figure", _cell_label(cell), int(true)))
        result.protected += len(obvious)
        result.breaches += obvious
        result.protected += len(targets)
        if exact_only:
            items = [(i, t, labels[i][2]) for i, t in enumerate(targets)]
            for i, _, true in _determined(system, items):
                finding = Finding(labels[i][0], labels[i][1], true, true, true)
                result.breaches.append(finding)
                result.exact.append(finding)
                if len(result.why) < 20:
                    result.why.append(system.explain(targets[i], False) + ["--"] + system.explain(targets[i], True))
            result.lps += system.lps
            continue
        # Batches on both sides; only what neither settles gets LPs of its own, and is a breach if it stays.
        low_side = system.settle(targets, below=1.0, alone=False)
        both = [low_side[j] for j in system.settle([targets[i] for i in low_side], above=k - 1.0, alone=False)]
        low_alone = [both[j] for j in system.settle([targets[i] for i in both], below=1.0)]
        pinned = [low_alone[j] for j in system.settle([targets[i] for i in low_alone], above=k - 1.0)]
        for i in pinned:
            low, high = system.interval(targets[i])
            finding = Finding(labels[i][0], labels[i][1], labels[i][2], low, high)
            result.breaches.append(finding)
            if high - low < 1 - EPS:
                result.exact.append(finding)
            if len(result.why) < 20:
                result.why.append(system.explain(targets[i], False) + ["--"] + system.explain(targets[i], True))
        if publication.rule == "suppression":
            hidden = [(cell, coef, true) for cell, coef, true, shown, _ in system.figures if not isinstance(shown, int)]
            for cell, _coef, true in _determined(system, hidden):
                result.recovered.append(Finding("figure", _cell_label(cell), int(true), true, true))
        result.lps += system.lps
    return result


def _determined(system: _System, hidden):
    """Hidden figures that every feasible point gives the same value (their true one).

    Any feasible point where a figure differs from its truth shows it is not determined; batches (the sum of
    the undecided ones, with random positive weights so ties break differently, minimised then maximised)
    find such points for most, and only the rest get LPs of their own.
    """
    if not hidden:
        return []
    rng = np.random.default_rng(15)
    coefs = [coef for _, coef, _ in hidden]
    truth = np.array([true for _, _, true in hidden])
    undecided = np.arange(len(hidden))
    stalled = 0
    while len(undecided) and stalled < 2:
        maximize = stalled % 2 == 1 or rng.random() < 0.5
        weights = rng.uniform(0.5, 1.5, len(undecided))
        objective = system.dense([(coefs[i][0], coefs[i][1] * w) for i, w in zip(undecided, weights, strict=True)])
        x = system.solve(objective, maximize)
        moved = np.array([abs(_dot(coefs[i], x) - truth[i]) > EPS for i in undecided])
        stalled = 0 if moved.any() else stalled + 1
        undecided = undecided[~moved]
    out = []
    for i in undecided:
        low, high = system.interval(coefs[i])
        if high - low < EPS:
            out.append(hidden[i])
    return out


def _atom_label(atoms: Atoms, i: int) -> str:
    parts = []
    for name, col in atoms.columns.items():
        inverse = {v: k for k, v in atoms.codes[name].items()}
        value = inverse[col[i]]
        if name == "langs":
            value = "+".join(lang for b, lang in enumerate(LANGUAGE_ORDER) if int(value) >> b & 1)
        parts.append(f"{name}={value}")
    return f"{atoms.family}[{', '.join(parts)}]"


def _cell_label(cell: Cell) -> str:
    months = sorted(cell.months)
    span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
    munis = next(iter(cell.munis)) if len(cell.munis) == 1 else f"{len(cell.munis)} comuni"
    filters = ",".join(f"{d}={v}" for d, v in sorted(cell.filters))
    return f"{cell.family}[{span}; {munis}; {filters or 'totale'}{'; coppie' if cell.pairs else ''}]"


def months_of(start: date, end: date) -> frozenset[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return frozenset(out)
