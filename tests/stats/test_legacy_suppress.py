"""The old per-table suppression, kept as a test fixture (the auditor must find its leaks): unit cases and a
property test in which an intruder tries to recover cells from one table, where it does hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stats import legacy_suppress as sp
from tests.stats.attacker import recoverable


def _publish(rows, cols, counts, k):
    table = sp.suppress(sp.table_edges(rows, cols, counts), k)
    shown = {key: table.show(key) for key in table.edges}
    truth = {key: table.value(key) for key in table.edges}
    return table, shown, truth


def test_single_small_cell_is_protected_by_a_rectangle():
    rows, cols = ["a", "b", "c"], ["x", "y", "z"]
    counts = {("a", "x"): 1, ("a", "y"): 5, ("a", "z"): 7, ("b", "x"): 4, ("b", "y"): 6, ("c", "x"): 9,
              ("c", "y"): 3, ("c", "z"): 8}
    table, shown, truth = _publish(rows, cols, counts, 3)
    assert shown[sp.cell("a", "x")] == "<3"
    hidden = set(table.hidden)
    assert len(hidden) == 4 and all(key[0] == "cell" for key in hidden)
    assert shown[sp.GRAND] == 43 and shown[sp.row_total("a")] == 13
    assert recoverable(shown, rows, cols, 3, 60, truth) == []


def test_zeros_and_large_counts_are_published_as_they_are():
    rows, cols = ["a", "b"], ["x", "y"]
    table, shown, _ = _publish(rows, cols, {("a", "x"): 10, ("a", "y"): 0, ("b", "x"): 5, ("b", "y"): 7}, 3)
    assert table.hidden == []
    assert shown[sp.cell("a", "y")] == 0 and shown[sp.GRAND] == 22


def test_tiny_table_hides_its_totals_too():
    table, shown, truth = _publish(["a"], ["x", "y"], {("a", "x"): 1, ("a", "y"): 1}, 3)
    assert all(not isinstance(shown[key], int) for key in table.edges)
    assert recoverable(shown, ["a"], ["x", "y"], 3, 10, truth) == []


def test_grouped_network_keeps_summary_and_detail_consistent():
    groups = {"A": ["m1", "m2", "m3"], "B": ["m4", "m5"]}
    counts = {("m1", "s"): 1, ("m1", "t"): 7, ("m2", "s"): 9, ("m2", "t"): 4, ("m3", "s"): 6, ("m3", "t"): 5,
              ("m4", "s"): 2, ("m4", "t"): 8, ("m5", "s"): 10, ("m5", "t"): 12}
    table = sp.suppress(sp.grouped_edges(groups, ["s", "t"], counts), 3)
    assert table.show(sp.cell("m1", "s")) == "<3"
    assert sp.audit(table.edges.values(), 3) == []
    assert table.value(sp.group_total("A")) == 32 and table.value(sp.GRAND) == 64


counts_strategy = st.integers(min_value=0, max_value=9).map(lambda v: v if v < 6 else v * 2)


@st.composite
def tables(draw):
    n_rows = draw(st.integers(1, 4))
    n_cols = draw(st.integers(1, 4))
    rows = [f"r{i}" for i in range(n_rows)]
    cols = [f"c{j}" for j in range(n_cols)]
    values = draw(st.lists(counts_strategy, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    counts = {(r, c): values[i * n_cols + j] for i, r in enumerate(rows) for j, c in enumerate(cols)}
    return rows, cols, counts, draw(st.integers(3, 5))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_count_can_be_recovered_from_the_published_table(example):
    rows, cols, counts, k = example
    table, shown, truth = _publish(rows, cols, counts, k)
    # Primary rule: nothing from 1 to k-1 is ever shown as a number.
    assert not any(isinstance(v, int) and 1 <= v < k for v in shown.values())
    assert table.unresolved == []
    cap = sum(counts.values()) + k
    assert recoverable(shown, rows, cols, k, cap, truth) == []


def test_the_intruder_does_recover_cells_when_only_small_counts_are_hidden():
    """Guard against a toothless intruder: primary suppression alone leaks, and it must notice."""
    rows, cols = ["a", "b"], ["x", "y"]
    edges = sp.table_edges(rows, cols, {("a", "x"): 1, ("a", "y"): 5, ("b", "x"): 4, ("b", "y"): 6})
    for e in edges:
        if 1 <= e.value < 3:
            e.state = sp.PRIMARY
    table = sp.Published(3, {e.key: e for e in edges})
    shown = {key: table.show(key) for key in table.edges}
    truth = {key: table.value(key) for key in table.edges}
    assert recoverable(shown, rows, cols, 3, 30, truth) == [sp.cell("a", "x")]
    assert sp.audit(edges, 3) == [sp.cell("a", "x")]
