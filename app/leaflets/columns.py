"""Text in two balanced columns that continue from page to page (the explanations and the glossary of a pack).

At 9-10 pt a line across the A4 frame holds 110-130 Latin characters, twice what
a reader follows without losing the line; two columns of about 60 characters read
better and waste less paper (short last lines of paragraphs are half as long).
ReportLab's ``BalancedColumns`` cannot lay columns out right to left, so this one
does the little it needs: fill the first column (the right one in Arabic and Urdu),
then the second, splitting paragraphs between lines as a frame would (two lines
at least on each side: ``TextBlock.split``), never leaving a heading at the foot of
a column, never splitting a card (it goes to the next column whole); a card that
continues its set on a new page brings the set's heading ("continua", the flowables
in its ``continues`` attribute); on the last page the two columns are balanced to
the same height.

A flow may start under ``heads``, one flowable per column drawn at its top (page 1's
two main contacts): each column's text then starts right under its own head, so the
shorter contact card leaves no hole beside the taller one. Read in order: the heads
side by side, then down the first column, then the second.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

EPSILON = 0.01


# (height, space before, space after) of a flow's own items at one column width, by id (``ColumnFlow._sizes``)
Sizes = dict[int, tuple[float, float, float]]


def _fill(items: list[Flowable], width: float, height: float, sizes: Sizes | None = None
          ) -> tuple[list[tuple[Flowable, float, float]], float, list[Flowable]]:
    """Place ``items`` in a column ``height`` high: (placed as (flowable, height, space before), height used, what
    is left). A heading (keepWithNext) goes to the next column when what follows it cannot start in this one.

    ``sizes`` holds the items measured once at ``width``: balancing the columns fills them a dozen times, and
    wrapping every paragraph and card again each time (a method call and a cache look-up each) was a sixth of a
    pack's time. A part cut by a split is not in it and is wrapped as it comes."""
    placed: list[tuple[Flowable, float, float]] = []
    queue = list(items)
    y = 0.0
    while queue:
        f = queue[0]
        known = sizes.get(id(f)) if sizes is not None else None
        if known is not None:
            h, before, after = known
            if not placed:
                before = 0.0
            room = height - y - before
        else:
            before = f.getSpaceBefore() if placed else 0.0
            room = height - y - before
            h = f.wrap(width, max(room, 0.0))[1]
            after = None
        if h <= room + EPSILON:
            placed.append((f, h, before))
            queue.pop(0)
            y += before + h + (f.getSpaceAfter() if after is None else after)
            continue
        parts = f.split(width, room) if room > 0 else []
        if len(parts) > 1:
            first_h = parts[0].wrap(width, room)[1]
            if first_h <= room + EPSILON:
                placed.append((parts[0], first_h, before))
                queue[0:1] = parts[1:]
                y += before + first_h
            break
        # A card too tall for what is left of the column: a later card of the same set that fits goes first (the
        # cards of a set are read one by one, in any order), rather than leave the column's foot empty.
        later = _later_card(queue, width, height - y, bool(placed), sizes)
        if later is None:
            break
        index, gh, gb = later
        g = queue.pop(index)
        placed.append((g, gh, gb))
        y += gb + gh + g.getSpaceAfter()
    # a heading never ends a column while something follows it: move it (and the headings just before it) on
    while queue and placed and getattr(placed[-1][0], "keepWithNext", False):
        f, h, before = placed.pop()
        queue.insert(0, f)
        y = sum(b + hh + ff.getSpaceAfter() for ff, hh, b in placed)
    if placed:
        y -= placed[-1][0].getSpaceAfter()
    return placed, max(y, 0.0), queue


def _later_card(queue: list[Flowable], width: float, room: float, after_something: bool, sizes: Sizes | None
                ) -> tuple[int, float, float] | None:
    """(index, height, space before) of the first card after ``queue[0]``, of the same card set, that fits
    ``room``."""
    card_set = getattr(queue[0], "card_set", None)
    if card_set is None:
        return None
    for index in range(1, len(queue)):
        g = queue[index]
        if getattr(g, "card_set", None) != card_set:
            return None
        known = sizes.get(id(g)) if sizes is not None else None
        before = (known[1] if known is not None else g.getSpaceBefore()) if after_something else 0.0
        height = known[0] if known is not None else g.wrap(width, room)[1]
        if height + before <= room + EPSILON:
            return index, height, before
    return None


class ColumnFlow(Flowable):
    """Flowables in ``columns`` columns, read in order: down the first column, then the next (right to left for
    Arabic and Urdu). Splits between pages; the last part is balanced."""

    def __init__(self, items: list[Flowable], *, columns: int = 2, gap: float = 14, rtl: bool = False,
                 tag: str = "columns", heads: list[Flowable] | None = None, _layout: list | None = None):
        super().__init__()
        self.items = list(items)
        self.columns, self.gap, self.rtl, self.tag = columns, gap, rtl, tag
        self.heads = list(heads or [])[:columns]   # drawn at the top of the first columns (first part only)
        self._fixed = _layout          # a part cut by split(): its columns are already decided
        self._measured: tuple[float, float, list] | None = None
        self._sized: tuple[float, Sizes] | None = None

    def _sizes(self, column: float) -> Sizes:
        """The flow's own items that say their height depends on the width alone (``height_by_width``: text
        blocks, cards, glossary lines), each wrapped once at ``column``. Kept by id: the flow holds them, so no
        other object can take an id while this lives."""
        if self._sized is None or self._sized[0] != column:
            sizes: Sizes = {}
            for f in self.items:
                if getattr(f, "height_by_width", False):
                    sizes[id(f)] = (f.wrap(column, 1e7)[1], f.getSpaceBefore(), f.getSpaceAfter())
            self._sized = (column, sizes)
        return self._sized[1]

    def _column_width(self, width: float) -> float:
        return (width - self.gap * (self.columns - 1)) / self.columns

    def _head_rows(self, width: float) -> list[tuple[Flowable, float] | None]:
        """Each column's head and the height it takes (with its space after), None for a column without one."""
        column = self._column_width(width)
        rows: list[tuple[Flowable, float] | None] = [None] * self.columns
        for index, head in enumerate(self.heads):
            rows[index] = (head, head.wrap(column, 1e7)[1])
        return rows

    def _pack(self, width: float, height: float) -> tuple[list[list[tuple[Flowable, float, float]]], float,
                                                           list[Flowable]]:
        """Fill every column ``height`` high (under its head, if any): (columns, tallest column, what does not
        fit)."""
        column = self._column_width(width)
        rest = list(self.items)
        laid, tallest = [], 0.0
        for head in self._head_rows(width):
            top: list[tuple[Flowable, float, float]] = []
            offset = 0.0
            if head is not None:
                top = [(head[0], head[1], 0.0)]
                offset = head[1] + head[0].getSpaceAfter()
            placed, used, rest = _fill(rest, column, height - offset, self._sizes(column))
            laid.append(top + placed)
            tallest = max(tallest, (offset + used) if placed else (head[1] if head else 0.0))
        return laid, tallest, rest

    def _balanced(self, width: float) -> tuple[float, list]:
        """The lowest height at which everything fits in the columns, and the columns at that height."""
        column = self._column_width(width)
        _, used, _ = _fill(self.items, column, 1e7, self._sizes(column))
        heads = [h[1] + h[0].getSpaceAfter() for h in self._head_rows(width) if h is not None]
        low, high = max(used / self.columns, max(heads, default=0.0)), used + max(heads, default=0.0) + 1.0
        best = self._pack(width, high)
        for _ in range(14):
            if high - low < 0.5:
                break
            middle = (low + high) / 2
            trial = self._pack(width, middle)
            if trial[2]:
                low = middle
            else:
                high, best = middle, trial
        return best[1], best[0]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        if self._fixed is not None:
            self.height = max((sum(b + h for _, h, b in col) + sum(f.getSpaceAfter() for f, _, _ in col[:-1])
                               for col in self._fixed), default=0.0)
            return self.width, self.height
        if self._measured is None or self._measured[0] != availWidth:
            height, layout = self._balanced(availWidth)
            self._measured = (availWidth, height, layout)
        self.height = self._measured[1]
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self._fixed is not None:
            return []
        if any(h is not None and h[1] > availHeight + EPSILON for h in self._head_rows(availWidth)):
            return []  # the heads go whole, together, or not at all
        laid, tallest, rest = self._pack(availWidth, availHeight)
        if not laid[0]:
            return []
        common = dict(columns=self.columns, gap=self.gap, rtl=self.rtl, tag=self.tag)
        first = ColumnFlow([], _layout=laid, **common)
        card_set = getattr(rest[0], "card_set", None) if rest else None
        if card_set is not None and not any(getattr(f, "heads_set", None) == card_set for f in rest):
            rest = [*rest[0].continues, *rest]  # a card set goes on on the next page: its heading again
        return [first, ColumnFlow(rest, **common)] if rest else [first]

    def draw(self) -> None:
        layout = self._fixed if self._fixed is not None else (self._measured[2] if self._measured else [])
        column = self._column_width(self.width)
        for index, placed in enumerate(layout):
            slot = self.columns - 1 - index if self.rtl else index
            x = slot * (column + self.gap)
            y = self.height
            for flowable, height, before in placed:
                y -= before + height
                flowable.drawOn(self.canv, x, y)
                y -= flowable.getSpaceAfter()

    def getSpaceBefore(self) -> float:
        first = next((f for f in (*self.heads, *self.items)), None)
        return first.getSpaceBefore() if first is not None and self._fixed is None else 0.0


__all__ = ["ColumnFlow"]
