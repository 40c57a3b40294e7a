"""Charts as plain shapes, laid out once for the PDF (ReportLab's graphics) and the screen (QPainter).

A chart is described by its data (:class:`Bars`, :class:`Line`, :class:`Shares`) and laid out for a size
into :class:`Canvas` shapes: rectangles, lines, polygons and text, in points, origin top left, y downwards.
The two renderers only draw shapes (``app/monitoring/pdf_draw.py``, ``app/ui/monitor_charts.py``), so a
figure looks the same in the report and on the supervisor's screen.

Made to be read in black and white by people who are not statisticians: shades of grey from light (oldest)
to black (the period reported), every bar and point labelled with its value, the series named next to the
bars (no legend to decode), no 3D, no pies. A value that is not shown (protected, too few cases, no data)
is a gap with a word, never a zero bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Measure = Callable[[str, float, bool], float]  # (text, size, bold) -> width in points

SHADES = (0.78, 0.55, 0.0)  # year earlier, previous, this period: light to black
TEXT = 0.0
MUTED = 0.35
AXIS = 0.6


def rough_measure(text: str, size: float, bold: bool = False) -> float:
    """A width estimate for tests and for layout before fonts are known (Noto Sans averages ~0.55 em)."""
    return len(text) * size * (0.58 if bold else 0.53)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: float | None = None  # grey level, 0 black .. 1 white
    stroke: float | None = None
    width: float = 0.5


@dataclass(frozen=True)
class Seg:
    x1: float
    y1: float
    x2: float
    y2: float
    grey: float = AXIS
    width: float = 0.5
    dash: bool = False


@dataclass(frozen=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    fill: float = TEXT


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 8.0
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    grey: float = TEXT


@dataclass
class Canvas:
    width: float
    height: float
    items: list = field(default_factory=list)

    def add(self, *items) -> None:
        self.items.extend(items)

    def texts(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, Text)]


# --- data ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    label: str  # the period, as the reader names it: "gen-apr 2026"
    values: tuple[float | None, ...]  # per category; None: not shown
    notes: tuple[str, ...] = ()  # per category, the word shown instead of a missing value
    details: tuple[str, ...] = ()  # per category, muted words after the value ("set 4 · ott 7")


@dataclass(frozen=True)
class Bars:
    """Horizontal bars: one group per category, one bar per series (oldest first, the reported period last)."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = False


@dataclass(frozen=True)
class Line:
    """One value per period, left to right, joined where both ends are shown."""

    periods: tuple[str, ...]
    values: tuple[float | None, ...]
    notes: tuple[str, ...] = ()
    percent: bool = True


@dataclass(frozen=True)
class Shares:
    """Horizontal shares (0-100%) per row with their counts ("12 di 15"), and a mark for an earlier value."""

    rows: tuple[str, ...]
    parts: tuple[int | None, ...]
    wholes: tuple[int | None, ...]
    earlier: tuple[float | None, ...] = ()
    empty: str = "Nessun dato."  # what to say when there is no row at all


def number(value: float, percent: bool) -> str:
    from app.monitoring.text import fmt_count, fmt_share

    return fmt_share(value) if percent else fmt_count(int(value))


# --- layouts -------------------------------------------------------------------------------------------------

def layout(chart, width: float, height: float, measure: Measure = rough_measure, size: float = 8.0) -> Canvas:
    if isinstance(chart, Bars):
        return _bars(chart, width, height, measure, size)
    if isinstance(chart, Line):
        return _line(chart, width, height, measure, size)
    if isinstance(chart, Shares):
        return _shares(chart, width, height, measure, size)
    raise TypeError(chart)


def _fit(text: str, width: float, size: float, measure: Measure, bold: bool = False) -> str:
    """The text, shortened with an ellipsis if it does not fit ``width``."""
    if measure(text, size, bold) <= width + 0.01:  # the widest label was measured for this width
        return text
    while text and measure(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def bar_height(size: float) -> float:
    """Height of one bar: its value label, in the same font size, must not touch the next bar's."""
    return size * 1.3


def natural_height(chart, size: float = 8.0) -> float:
    """The height a chart needs at font ``size`` (bars: every bar readable; others: a fixed proportion)."""
    if isinstance(chart, Bars):
        n = max(1, len(chart.series))
        return len(chart.categories) * bar_height(size) * (n + 0.7)
    if isinstance(chart, Shares):
        return max(size * 4, len(chart.rows) * size * 2.0)
    return size * 13


def _bars(chart: Bars, width: float, height: float, measure: Measure, size: float) -> Canvas:
    canvas = Canvas(width, height)
    n_series = len(chart.series)
    label_w = min(width * 0.38, max([measure(c, size, False) for c in chart.categories] + [20]) + 6)
    shown = [v for s in chart.series for v in s.values if v is not None]
    top = max(shown, default=0) or 1
    # Room on the right for the value, its details and, on the first group, the series' name.
    name_w = max(measure(s.label, size * 0.9, False) for s in chart.series) if chart.series else 0
    detail_w = max([measure(d, size * 0.85, False) for s in chart.series for d in s.details] + [0])
    value_w = max([measure(number(v, chart.percent), size, True) for v in shown] + [measure("n.d.", size, False)])
    bar_room = max(20.0, width - label_w - value_w - max(name_w, detail_w) - 16)
    bar_h = max(bar_height(size), min(size * 1.6, height / max(1, len(chart.categories)) / (n_series + 0.7)))
    group_h = bar_h * (n_series + 0.7)
    x0 = label_w
    for i, category in enumerate(chart.categories):
        y = i * group_h
        canvas.add(Text(0, y + (bar_h * n_series) / 2 + size * 0.35, _fit(category, label_w - 6, size, measure),
                        size))
        for j, series in enumerate(chart.series):
            last = j == n_series - 1
            shade = SHADES[len(SHADES) - n_series + j] if n_series <= len(SHADES) else 0.2 + 0.6 * j / n_series
            by = y + j * bar_h
            baseline = by + bar_h / 2 + size * 0.35
            value = series.values[i]
            if value is None:
                note = series.notes[i] if i < len(series.notes) and series.notes[i] else "n.d."
                canvas.add(Text(x0 + 3, baseline, note, size * 0.85, grey=MUTED))
                end = x0 + 3 + measure(note, size * 0.85, False)
            else:
                w = bar_room * value / top
                if w > 0:  # a zero is its label at the axis, not a sliver of bar
                    canvas.add(Rect(x0, by + bar_h * 0.12, w, bar_h * 0.76, fill=shade,
                                    stroke=0.0 if shade > 0.5 else None, width=0.4))
                label = number(value, chart.percent)
                canvas.add(Text(x0 + w + 3, baseline, label, size, bold=last))
                end = x0 + w + 3 + measure(label, size, last)
            if i < len(series.details) and series.details[i]:
                canvas.add(Text(end + 5, baseline, series.details[i], size * 0.85, grey=MUTED))
                end += 5 + measure(series.details[i], size * 0.85, False)
            if i == 0 and n_series > 1:  # name the series on the first group: the bars explain themselves
                canvas.add(Text(end + 6, baseline, series.label, size * 0.9, grey=MUTED))
    canvas.add(Seg(x0, 0, x0, len(chart.categories) * group_h - bar_h * 0.7, grey=TEXT, width=0.6))
    canvas.height = max(height, len(chart.categories) * group_h)
    return canvas


def _line(chart: Line, width: float, height: float, measure: Measure, size: float) -> Canvas:
    canvas = Canvas(width, height)
    n = len(chart.periods)
    left, right, top_pad, bottom = 6.0, 6.0, size * 2.2, size * 2.6
    plot_h = max(10.0, height - top_pad - bottom)
    step = (width - left - right) / max(n, 1)
    shown = [v for v in chart.values if v is not None]
    ceiling = 1.0 if chart.percent else (max(shown, default=0) or 1) * 1.15
    base_y = top_pad + plot_h
    canvas.add(Seg(left, base_y, width - right, base_y, grey=AXIS))
    if chart.percent:
        for frac in (0.5, 1.0):
            y = base_y - plot_h * frac
            canvas.add(Seg(left, y, width - right, y, grey=0.85, dash=True),
                       Text(width - right, y - 2, f"{round(frac * 100)}%", size * 0.8, "end", grey=MUTED))
    points: list[tuple[float, float] | None] = []
    for i, (period, value) in enumerate(zip(chart.periods, chart.values, strict=True)):
        x = left + step * (i + 0.5)
        last = i == n - 1
        canvas.add(Text(x, base_y + size * 1.5, _fit(period, step - 2, size * 0.9, measure), size * 0.9, "middle",
                        bold=last, grey=TEXT if last else MUTED))
        if value is None:
            note = chart.notes[i] if i < len(chart.notes) and chart.notes[i] else "n.d."
            canvas.add(Text(x, base_y - 4, _fit(note, step - 2, size * 0.8, measure), size * 0.8, "middle",
                            grey=MUTED))
            points.append(None)
            continue
        y = base_y - plot_h * min(value, ceiling) / ceiling
        points.append((x, y))
        r = 3.2 if last else 2.4
        canvas.add(Poly(((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)),
                        fill=TEXT if last else SHADES[1]))
        canvas.add(Text(x, y - r - 3, number(value, chart.percent), size, "middle", bold=last))
    for a, b in zip(points, points[1:], strict=False):
        if a is not None and b is not None:
            canvas.add(Seg(a[0], a[1], b[0], b[1], grey=TEXT, width=1.0))
    return canvas


def _shares(chart: Shares, width: float, height: float, measure: Measure, size: float) -> Canvas:
    canvas = Canvas(width, height)
    label_w = min(width * 0.42, max([measure(r, size, False) for r in chart.rows] + [20]) + 6)
    tail = measure("000 di 000 (100%)", size, False) + 8
    bar_room = max(30.0, width - label_w - tail)
    row_h = max(size * 1.5, min(size * 2.0, height / max(1, len(chart.rows))))
    x0 = label_w
    if not chart.rows:
        canvas.add(Text(0, size * 1.5, chart.empty, size, grey=MUTED))
    for i, row in enumerate(chart.rows):
        y = i * row_h
        canvas.add(Text(0, y + row_h * 0.68, _fit(row, label_w - 6, size, measure), size))
        canvas.add(Rect(x0, y + row_h * 0.2, bar_room, row_h * 0.6, fill=0.93, stroke=AXIS, width=0.3))
        part, whole = chart.parts[i], chart.wholes[i]
        if part is None or not whole:
            canvas.add(Text(x0 + 4, y + row_h * 0.68, "nessun referente" if whole == 0 else "n.d.", size * 0.9,
                            grey=MUTED))
            continue
        share = part / whole
        canvas.add(Rect(x0, y + row_h * 0.2, max(bar_room * share, 0.6), row_h * 0.6, fill=SHADES[-1] if share
                        else 0.0))
        canvas.add(Text(x0 + bar_room + 4, y + row_h * 0.68,
                        f"{part} di {whole} ({number(share, True)})", size))
        if i < len(chart.earlier) and chart.earlier[i] is not None:
            ex = x0 + bar_room * chart.earlier[i]
            canvas.add(Seg(ex, y + row_h * 0.08, ex, y + row_h * 0.92, grey=SHADES[1], width=1.6))
    canvas.height = max(height, len(chart.rows) * row_h)
    return canvas


def arrow(direction: str, x: float, y: float, size: float) -> list:
    """A drawn sign for a change (no font has to carry it): a triangle up or down, or a bar for stable."""
    s = size * 0.45
    if direction == "up":
        return [Poly(((x, y - s), (x + s, y + s * 0.6), (x - s, y + s * 0.6)))]
    if direction == "down":
        return [Poly(((x, y + s), (x + s, y - s * 0.6), (x - s, y - s * 0.6)))]
    if direction == "same":
        return [Rect(x - s, y - s * 0.55, 2 * s, s * 0.35, fill=TEXT), Rect(x - s, y + s * 0.2, 2 * s, s * 0.35,
                                                                             fill=TEXT)]
    return []
