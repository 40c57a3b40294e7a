"""Checks of a laid-out screen as a person sees it: nothing overlaps, nothing is cut, nothing needed is hidden.

Used by the screen tests and by ``scripts/screenshots.py`` (which prints what it finds next to the PNGs).
"""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTabBar,
    QWidget,
)

# Widgets whose children are Qt's own parts (arrows, editors, scroll bars): Qt lays those out itself.
OPAQUE = (QAbstractSpinBox, QComboBox, QLineEdit, QTabBar)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel):
        text = widget.text()[:40]
    elif hasattr(widget, "text") and callable(widget.text):
        text = str(widget.text())[:40]
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName() or text!r})"


def _children(widget: QWidget) -> list[QWidget]:
    """The visible children Qt lays out; a tab bar without tabs (an empty QTabWidget) shows nothing to check."""
    return [c for c in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if c.isVisible() and not c.isWindow() and not (isinstance(c, QTabBar) and c.count() == 0)]


def layout_problems(root: QWidget) -> list[str]:
    """Overlapping siblings, children sticking out of their parent, widgets squeezed below what they need."""
    problems: list[str] = []

    def visit(widget: QWidget) -> None:
        if isinstance(widget, OPAQUE):
            return
        kids = _children(widget)
        if isinstance(widget, QAbstractScrollArea):
            # the viewport, the scroll bars and their container: Qt places them; look inside the viewport only
            for kid in kids:
                if kid is widget.viewport():
                    for content in _children(kid):
                        visit(content)  # the content may be larger than the viewport: that is what scrolls
            return
        for a, b in combinations(kids, 2):
            overlap = a.geometry().intersected(b.geometry())
            if overlap.width() > 1 and overlap.height() > 1:
                problems.append(f"{_name(a)} overlaps {_name(b)} in {_name(widget)} by {overlap.width()}x"
                                f"{overlap.height()}")
        inside = widget.rect().adjusted(-1, -1, 1, 1)
        for kid in kids:
            if not inside.contains(kid.geometry()):
                problems.append(f"{_name(kid)} sticks out of {_name(widget)}: {_rect(kid.geometry())} in "
                                f"{_rect(widget.rect())}")
            problems.extend(_squeezed(kid))
            visit(kid)

    visit(root)
    return problems


def _squeezed(widget: QWidget) -> list[str]:
    policy = widget.sizePolicy()
    hint = widget.minimumSizeHint()
    out = []
    if policy.horizontalPolicy() != QSizePolicy.Policy.Ignored and hint.width() > 0 \
            and widget.width() < min(hint.width(), widget.maximumWidth()) - 1:
        out.append(f"{_name(widget)} squeezed: {widget.width()} px wide, needs {hint.width()}")
    if widget.hasHeightForWidth() and (not isinstance(widget, QLabel) or widget.text()):
        # wrapped text, reflowing keys: what counts is the height needed at the width given
        need = widget.heightForWidth(widget.width())
        if need > 0 and widget.height() < need - 1:
            out.append(f"{_name(widget)} cut: {widget.height()} px high, its content needs {need}")
    elif policy.verticalPolicy() != QSizePolicy.Policy.Ignored and hint.height() > 0 \
            and widget.height() < min(hint.height(), widget.maximumHeight()) - 1:
        out.append(f"{_name(widget)} squeezed: {widget.height()} px high, needs {hint.height()}")
    return out


def hidden_parts(widgets: list[QWidget]) -> list[str]:
    """Widgets that must be fully in view (buttons, warnings) but are partly scrolled away or clipped."""
    out = []
    for widget in widgets:
        if not widget.isVisible():
            out.append(f"{_name(widget)} is not visible")
            continue
        seen = widget.visibleRegion().boundingRect()
        if seen.size() != widget.size():
            out.append(f"{_name(widget)} only partly in view: {_rect(seen)} of {widget.width()}x{widget.height()}")
    return out


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}x{rect.height()}"
