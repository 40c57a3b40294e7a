"""An intruder that tries to recompute hidden counts from a published table, written independently of
``app.stats.suppress``: it only sees what a spreadsheet shows (numbers, "<k", "x") and solves the
row, column and grand-total equations by exhaustive search with interval pruning.
"""

from __future__ import annotations

from collections.abc import Sequence


class Equation:
    def __init__(self, terms: list[tuple[int, int]], constant: int):
        self.terms = terms  # (variable index, coefficient +1/-1)
        self.constant = constant  # sum(coef * var) + constant == 0


def _feasible(eq: Equation, values: list[int | None], lows: list[int], highs: list[int]) -> bool:
    total, low, high = eq.constant, 0, 0
    for var, coef in eq.terms:
        v = values[var]
        if v is not None:
            total += coef * v
        elif coef > 0:
            low, high = low + lows[var], high + highs[var]
        else:
            low, high = low - highs[var], high - lows[var]
    return low <= -total <= high


def alternative(equations: Sequence[Equation], lows: list[int], highs: list[int], target: int,
                avoid: int) -> list[int] | None:
    """A solution where variable ``target`` is not ``avoid``, or None if every solution has it."""
    n = len(lows)
    by_var: dict[int, list[Equation]] = {i: [] for i in range(n)}
    for eq in equations:
        for var, _ in eq.terms:
            by_var[var].append(eq)
    order = [target] + [i for i in range(n) if i != target]
    values: list[int | None] = [None] * n

    def search(depth: int) -> bool:
        if depth == n:
            return True
        var = order[depth]
        for v in range(lows[var], highs[var] + 1):
            if var == target and v == avoid:
                continue
            values[var] = v
            if all(_feasible(eq, values, lows, highs) for eq in by_var[var]) and search(depth + 1):
                return True
        values[var] = None
        return False

    return list(values) if search(0) else None


def recoverable(shown: dict[tuple, int | str], rows: Sequence[str], cols: Sequence[str], k: int, cap: int,
                truth: dict[tuple, int]) -> list[tuple]:
    """Keys of hidden figures whose true value is the only one consistent with the published table."""
    keys = [("cell", r, c) for r in rows for c in cols] + [("row", r) for r in rows] + \
        [("col", c) for c in cols] + [("grand",)]
    hidden = [key for key in keys if not isinstance(shown[key], int)]
    index = {key: i for i, key in enumerate(hidden)}
    lows, highs = [], []
    for key in hidden:
        if shown[key] == f"<{k}":
            lows.append(1)
            highs.append(k - 1)
        elif shown[key] == "x":
            lows.append(0)
            highs.append(cap)
        else:
            raise AssertionError(f"unexpected sign {shown[key]!r}")

    def equation(parts: list[tuple], total: tuple) -> Equation:
        terms, constant = [], 0
        for key, coef in [(p, 1) for p in parts] + [(total, -1)]:
            if key in index:
                terms.append((index[key], coef))
            else:
                constant += coef * shown[key]
        return Equation(terms, constant)

    equations = [equation([("cell", r, c) for c in cols], ("row", r)) for r in rows]
    equations += [equation([("cell", r, c) for r in rows], ("col", c)) for c in cols]
    equations += [equation([("row", r) for r in rows], ("grand",)), equation([("col", c) for c in cols], ("grand",))]
    equations = [eq for eq in equations if eq.terms or eq.constant]
    for eq in equations:
        assert eq.terms, "published totals contradict published cells"
    found = []
    for key in hidden:
        if alternative(equations, lows, highs, index[key], truth[key]) is None:
            found.append(key)
    return found
