"""Helpers for benchmark scripts: timing with medians, rows for the runner's table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    name: str
    value: float
    unit: str
    budget: float | None = None
    note: str = ""

    @property
    def within(self) -> str:
        if self.budget is None:
            return "-"
        return "ok" if self.value <= self.budget else "OLTRE"


def median_ms(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def print_rows(rows: list[Row]) -> None:
    width = max([len(r.name) for r in rows] + [10])
    print(f"{'misura':<{width}}  {'valore':>10}  {'budget':>10}  esito  note")
    for r in rows:
        budget = f"{r.budget:g} {r.unit}" if r.budget is not None else "-"
        print(f"{r.name:<{width}}  {r.value:>7.1f} {r.unit:<2}  {budget:>10}  {r.within:<5}  {r.note}")
