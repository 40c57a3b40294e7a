"""Small-cell suppression with secondary suppression, audited so no hidden count can be worked out.

A published table (cells, row totals, column totals, grand total) is seen as a
flow network: every published number is the flow on one edge and the totals are
the conservation laws at the nodes. Counts from 1 to k-1 are hidden as "<k"
(primary suppression): a reader knows such a count lies in [1, k-1]. Further
counts are hidden as "x" (secondary suppression): "x" may stand for any value,
zero included, and the reader knows only that it is not negative.

A hidden count can be recomputed exactly if and only if no other table
consistent with everything published differs in it; by the conformal
decomposition of the difference of two such tables, that is the case exactly
when no cycle of hidden edges through it can be shifted by one unit within the
bounds above. ``audit`` checks this for every hidden edge. ``suppress`` makes
each recoverable count safe by hiding the cheapest set of further counts that
closes such a cycle (few, small, cells before totals); hiding only ever adds
cycles, so one pass is enough. As a last resort a "<k" count is turned into
"x" (when, say, a "<3" total leaves two "<3" cells no room but 1 and 1).
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

PUBLISHED = "published"
PRIMARY = "primary"
SECONDARY = "secondary"
FIXED = "fixed"  # known to the reader from another table: never hidden here, audited as known

SECONDARY_MARK = "x"
INFINITY = float("inf")

Key = tuple
Node = Hashable


@dataclass
class Edge:
    key: Key
    u: Node
    v: Node
    value: int
    state: str = PUBLISHED
    locked: bool = False  # hidden or shown as another table decided: never changed here

    @property
    def hidden(self) -> bool:
        return self.state in (PRIMARY, SECONDARY)


@dataclass
class Published:
    """Every number of a table with its state; ``show(key)`` gives what the workbook prints."""

    k: int
    edges: dict[Key, Edge] = field(default_factory=dict)
    unresolved: list[Key] = field(default_factory=list)

    def value(self, key: Key) -> int:
        return self.edges[key].value

    def state(self, key: Key) -> str:
        return self.edges[key].state

    def show(self, key: Key) -> int | str:
        edge = self.edges[key]
        if edge.state == PRIMARY:
            return f"<{self.k}"
        if edge.state == SECONDARY:
            return SECONDARY_MARK
        return edge.value

    @property
    def hidden(self) -> list[Key]:
        return [key for key, edge in self.edges.items() if edge.hidden]


def bounds(edge: Edge, k: int) -> tuple[float, float]:
    if edge.state == PRIMARY:
        return 1, k - 1
    if edge.state == SECONDARY:
        return 0, INFINITY
    return edge.value, edge.value


def _reaches(arcs: dict[Node, list[tuple[Node, Key]]], start: Node, goal: Node, skip: Key) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target, key in arcs.get(node, ()):
            if key == skip or target in seen:
                continue
            if target == goal:
                return True
            seen.add(target)
            queue.append(target)
    return False


def audit(edges: Iterable[Edge], k: int) -> list[Key]:
    """Keys of hidden edges whose value the published numbers determine exactly."""
    hidden = [e for e in edges if e.hidden]
    arcs: dict[Node, list[tuple[Node, Key]]] = defaultdict(list)
    moves: dict[Key, tuple[bool, bool]] = {}
    for e in hidden:
        low, high = bounds(e, k)
        up, down = e.value < high, e.value > low
        moves[e.key] = (up, down)
        if up:
            arcs[e.u].append((e.v, e.key))
        if down:
            arcs[e.v].append((e.u, e.key))
    found = []
    for e in hidden:
        up, down = moves[e.key]
        if up and _reaches(arcs, e.v, e.u, e.key):
            continue
        if down and _reaches(arcs, e.u, e.v, e.key):
            continue
        found.append(e.key)
    return found


# Per node number: (other node number, edge, forward, cost to hide it if published, if "<k").
Adjacency = list[list[tuple[int, Edge, bool, float | None, float | None]]]


def _hide_costs(e: Edge, forward: bool) -> tuple[float | None, float | None]:
    """What hiding ``e`` adds to a path crossing it this way: if it is published, if it is "<k" (None: never).

    These depend only on the edge's value, key and lock, so they are worked out once per export, not per search.
    """
    if e.locked or not (forward or e.value > 0):
        return None, None
    value, total = e.value, e.key[0] != "cell"
    return (1 + value / 1e6 + (0.2 if value == 0 else 0) + (0.5 if total else 0),
            6 + value / 1e6 + (0.5 if total else 0))


def _cheapest_cycle(adjacency: Adjacency, edge: Edge, k: int, start: int, goal: int) -> list[Key] | None:
    """Counts to hide so that a shiftable cycle runs from ``start`` back to ``goal`` without ``edge``.

    Dijkstra over the residual network: a hidden edge costs nothing, hiding a published count costs one
    unit plus a little for its size (more for a zero or a total), turning a "<k" into "x" costs most;
    so few and small counts get hidden. Nodes are numbers here: this search is the export's hot loop.
    """
    best = [INFINITY] * len(adjacency)
    best[start] = 0
    back: dict[int, tuple[int, Edge, bool]] = {}
    heap: list[tuple[float, int]] = [(0, start)]
    top = k - 1
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        cost, node = pop(heap)
        if node == goal:
            path = []
            while node != start:
                node, e, hide = back[node]
                if hide:
                    path.append(e.key)
            return path
        if cost > best[node]:
            continue
        for other, e, forward, published_step, primary_step in adjacency[node]:
            if e is edge:
                continue
            state = e.state
            if state == PUBLISHED:
                if published_step is None:
                    continue
                step, hide = published_step, True
            elif state == SECONDARY:
                if not (forward or e.value > 0):
                    continue
                step, hide = 0.0, False
            elif state == PRIMARY:
                if (e.value < top) if forward else (e.value > 1):
                    step, hide = 0.0, False
                elif primary_step is not None:
                    step, hide = primary_step, True
                else:
                    continue
            else:  # FIXED
                continue
            total = cost + step
            if total < best[other]:
                best[other] = total
                back[other] = (node, e, hide)
                push(heap, (total, other))
    return None


def _determined(arcs: dict[Node, list[tuple[Node, Key]]], edge: Edge, k: int) -> bool:
    low, high = bounds(edge, k)
    if edge.value < high and _reaches(arcs, edge.v, edge.u, edge.key):
        return False
    return not (edge.value > low and _reaches(arcs, edge.u, edge.v, edge.key))


def _arcs(edges: Iterable[Edge], k: int) -> dict[Node, list[tuple[Node, Key]]]:
    arcs: dict[Node, list[tuple[Node, Key]]] = defaultdict(list)
    for e in edges:
        if e.hidden:
            low, high = bounds(e, k)
            if e.value < high:
                arcs[e.u].append((e.v, e.key))
            if e.value > low:
                arcs[e.v].append((e.u, e.key))
    return arcs


def suppress(edges: Sequence[Edge], k: int) -> Published:
    """Hide counts 1..k-1, then hide the fewest, smallest counts so that ``audit`` finds nothing.

    Hiding a count only adds ways to shift a cycle, so a count that is safe stays safe: one pass
    over the recoverable ones is enough, each made safe by closing a cycle through it.
    """
    if k < 2:
        raise ValueError("k must be at least 2")
    table = Published(k, {e.key: e for e in edges})
    number: dict[Node, int] = {}
    for e in edges:
        number.setdefault(e.u, len(number))
        number.setdefault(e.v, len(number))
    adjacency: Adjacency = [[] for _ in number]
    for e in edges:
        adjacency[number[e.u]].append((number[e.v], e, True, *_hide_costs(e, True)))
        adjacency[number[e.v]].append((number[e.u], e, False, *_hide_costs(e, False)))
        if e.state == PUBLISHED and not e.locked and 1 <= e.value < k:
            e.state = PRIMARY
    if k == 2:
        # "<2" can only mean 1: the sign itself tells the value, whatever else is hidden.
        return table
    arcs = _arcs(table.edges.values(), k)  # only ever grows: hiding adds ways to shift, never removes one
    # The counts ``audit`` would report, checked once each against the network as it grows: one that is
    # safe now stays safe (arcs are only added, and "<k" turned "x" only widens its bounds).
    for edge in [e for e in table.edges.values() if e.hidden]:
        if not _determined(arcs, edge, k):
            continue
        key = edge.key
        low, high = bounds(edge, k)
        options = []
        if edge.value < high:
            options.append(_cheapest_cycle(adjacency, edge, k, number[edge.v], number[edge.u]))
        if edge.value > low:
            options.append(_cheapest_cycle(adjacency, edge, k, number[edge.u], number[edge.v]))
        options = [o for o in options if o is not None]
        if not options:
            table.unresolved.append(key)
            continue
        for hide in min(options, key=lambda o: (len(o), sum(table.edges[x].value for x in o))):
            hidden = table.edges[hide]
            hidden.state = SECONDARY
            arcs[hidden.u].append((hidden.v, hidden.key))
            if hidden.value > 0:
                arcs[hidden.v].append((hidden.u, hidden.key))
    return table


# --- layouts ---------------------------------------------------------------------------------------------------

def cell(row: str, col: str) -> Key:
    return ("cell", row, col)


def row_total(row: str) -> Key:
    return ("row", row)


def col_total(col: str) -> Key:
    return ("col", col)


GRAND: Key = ("grand",)


def group_col_total(group: str, col: str) -> Key:
    return ("gcol", group, col)


def group_total(group: str) -> Key:
    return ("grow", group)


def table_edges(rows: Sequence[str], cols: Sequence[str], counts: dict[tuple[str, str], int],
                shared: Published | None = None) -> list[Edge]:
    """A rows × cols table with row, column and grand totals.

    Totals whose keys also appear in ``shared`` (another table published alongside, e.g. the deliveries
    per municipality that the causes table breaks down differently) take that table's decision: shown
    there, they count as known here; hidden there, they stay hidden here and must stay unrecoverable.
    """
    edges = []
    col_sums = dict.fromkeys(cols, 0)
    grand = 0
    for r in rows:
        row_sum = 0
        for c in cols:
            n = counts.get((r, c), 0)
            edges.append(Edge(cell(r, c), ("r", r), ("c", c), n))
            row_sum += n
            col_sums[c] += n
        edges.append(Edge(row_total(r), "in", ("r", r), row_sum))
        grand += row_sum
    for c in cols:
        edges.append(Edge(col_total(c), ("c", c), "out", col_sums[c]))
    edges.append(Edge(GRAND, "out", "in", grand))
    if shared is not None:
        for e in edges:
            if e.key in shared.edges and e.key[0] in ("row", "grand"):
                source = shared.edges[e.key]
                e.state = FIXED if source.state in (PUBLISHED, FIXED) else source.state
                e.locked = True
    return edges


def grouped_edges(groups: dict[str, Sequence[str]], cols: Sequence[str],
                  counts: dict[tuple[str, str], int]) -> list[Edge]:
    """Rows nested in groups (municipalities in Ambiti) × cols, with every subtotal a reader sees.

    Published numbers: cells, row totals, per group the column totals and the group total, overall
    column totals and grand total. One network holds them all, so a count hidden on an Ambito sheet
    cannot be recovered from the summary sheet either.
    """
    edges = []
    for g, members in groups.items():
        for m in members:
            for c in cols:
                edges.append(Edge(cell(m, c), ("m", m), ("gc", g, c), counts.get((m, c), 0)))
            edges.append(Edge(row_total(m), ("g", g), ("m", m), sum(counts.get((m, c), 0) for c in cols)))
        for c in cols:
            edges.append(Edge(group_col_total(g, c), ("gc", g, c), ("c", c),
                              sum(counts.get((m, c), 0) for m in members)))
        edges.append(Edge(group_total(g), "in", ("g", g), sum(counts.get((m, c), 0) for m in members for c in cols)))
    for c in cols:
        edges.append(Edge(col_total(c), ("c", c), "out",
                          sum(counts.get((m, c), 0) for ms in groups.values() for m in ms)))
    edges.append(Edge(GRAND, "out", "in", sum(counts.values())))
    return edges
