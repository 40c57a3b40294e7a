"""Chart shapes drawn with ReportLab's own graphics (``reportlab.graphics``): a Drawing per chart, vector in the PDF.

The report's font is the product's Noto Sans (``resources/fonts``), registered once per process under names
of its own so that the leaflets' registry is not involved; text width is measured with the same font, so the
layout fits what is printed.
"""

from __future__ import annotations

import threading

from reportlab.graphics.shapes import Drawing, Group, Polygon, String
from reportlab.graphics.shapes import Line as RLLine
from reportlab.graphics.shapes import Rect as RLRect
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.monitoring.charts import Canvas, Poly, Rect, Seg, Text, layout
from app.paths import install_root

REGULAR, BOLD = "RacMon", "RacMon-Bold"
_lock = threading.Lock()


def register_fonts() -> tuple[str, str]:
    """Noto Sans regular and bold, once per process."""
    with _lock:
        if REGULAR not in pdfmetrics.getRegisteredFontNames():
            folder = install_root() / "resources" / "fonts"
            pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "NotoSans-Regular.ttf")))
            pdfmetrics.registerFont(TTFont(BOLD, str(folder / "NotoSans-Bold.ttf")))
    return REGULAR, BOLD


def measure(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)


def grey(level: float) -> Color:
    return Color(level, level, level)


def drawing(canvas: Canvas) -> Drawing:
    """The shapes in a Drawing (ReportLab's y axis points up: every y is flipped)."""
    h = canvas.height
    d = Drawing(canvas.width, h)
    group = Group()
    for item in canvas.items:
        if isinstance(item, Rect):
            group.add(RLRect(item.x, h - item.y - item.h, item.w, item.h,
                             fillColor=grey(item.fill) if item.fill is not None else None,
                             strokeColor=grey(item.stroke) if item.stroke is not None else None,
                             strokeWidth=item.width if item.stroke is not None else 0))
        elif isinstance(item, Seg):
            group.add(RLLine(item.x1, h - item.y1, item.x2, h - item.y2, strokeColor=grey(item.grey),
                             strokeWidth=item.width, strokeDashArray=[2, 2] if item.dash else None))
        elif isinstance(item, Poly):
            points = [c for x, y in item.points for c in (x, h - y)]
            group.add(Polygon(points, fillColor=grey(item.fill), strokeColor=None, strokeWidth=0))
        elif isinstance(item, Text):
            group.add(String(item.x, h - item.y, item.text, fontName=BOLD if item.bold else REGULAR,
                             fontSize=item.size, fillColor=grey(item.grey),
                             textAnchor={"start": "start", "middle": "middle", "end": "end"}[item.anchor]))
    d.add(group)
    return d


def chart_drawing(chart, width: float, height: float, size: float = 8.0) -> Drawing:
    register_fonts()
    return drawing(layout(chart, width, height, measure, size))
