#!/usr/bin/env python3
"""Grab every screen of Raccordo as PNG at an office's screen size, and check each one's layout.

    python scripts/screenshots.py OUT_DIR [--size 1280x648] [--font "DejaVu Sans" --points 10] [--data-dir DIR]

``--size`` is the window's client area in logical pixels: 1280x648 is a 1280x720 screen less a taskbar and a
title bar; 1093x540 is 1366x768 at 125% (run with ``QT_SCALE_FACTOR=1.25``: the PNGs are then 1366 pixels wide).
The platform is Qt's: offscreen by default, or a real X server with ``QT_QPA_PLATFORM=xcb DISPLAY=:N``.

The leaflet screen is driven by keystrokes as a bailiff would (stage 4, "rho", Enter, 7, 4, then a refused
third language) and grabbed in each state. ``OUT_DIR/report.json`` lists, per screen, the overlapping or cut
widgets (``tests/layout.py``), the widgets that must be in view but are not, and whether the screen scrolls.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def settle(app, rounds: int = 5) -> None:
    """Let background work (previews, sync checks) finish and reach the widgets before grabbing."""
    from app.ui.workers import wait_for_background

    for _ in range(rounds):  # long enough for the preview's debounce (0.35 s) and its render
        wait_for_background(20000)
        app.processEvents()
        time.sleep(0.12)


def press(app, *keys) -> None:
    """Type as a person: each key goes where Qt sends it (an open popup first, else the focused widget)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for key in keys:
        target = app.activePopupWidget() or app.focusWidget()
        if target is None:
            raise RuntimeError(f"no widget has the keyboard for {key!r}")
        if isinstance(key, tuple):
            QTest.keyClick(target, key[0], key[1])
        elif isinstance(key, str):
            QTest.keyClick(target, key)
        else:
            QTest.keyClick(target, key, Qt.KeyboardModifier.NoModifier)
        app.processEvents()


def leaflet_keys(view) -> list:
    """What must be fully in view on the leaflet screen for the flow: every key, the field, the actions."""
    return [*view.stages.buttons, view.municipality, *view.languages.buttons, view.print_button, view.save_button,
            view.next_button, view.undo_button, view.demo_banner]


def check(window, name: str, must_see: list | None = None) -> dict:
    from tests.layout import hidden_parts, layout_problems

    frame = window.stack.currentWidget()
    scrolls = bool(frame.verticalScrollBar().maximum() or frame.horizontalScrollBar().maximum()) \
        if hasattr(frame, "verticalScrollBar") else False
    return {"problems": layout_problems(window), "hidden": hidden_parts(must_see or []), "scrolls": scrolls}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir")
    parser.add_argument("--size", default="1280x648", help="client area WxH in logical pixels")
    parser.add_argument("--font", default="", help="application font family (default: the platform's)")
    parser.add_argument("--points", type=float, default=10)
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import prepare_database
    from app.context import AppContext
    from app.paths import resolve_paths
    from app.ui import msgbox
    from app.ui.about import AboutDialog
    from app.ui.application import create_application, create_main_window

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="raccordo-shots-")
    ctx = AppContext.create(resolve_paths(data_dir))
    prepare_database(ctx)
    app, _ = create_application([], ctx)
    if args.font:
        font = QFont(args.font)
        font.setPointSizeF(args.points)
        app.setFont(font)
    msgbox.set_test_hook(lambda box: box.defaultButton() and box.standardButton(box.defaultButton()))
    window = create_main_window(ctx)
    window.resize(width, height)
    window.show()
    window.activateWindow()
    for _ in range(100):  # a real X server gives the window the keyboard a moment later
        app.processEvents()
        if window.isActiveWindow():
            break
        time.sleep(0.02)
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict = {"size": [window.width(), window.height()], "platform": app.platformName(),
                    "scale": window.devicePixelRatioF(), "font": f"{app.font().family()} {app.font().pointSizeF()}",
                    "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
                    "screens": {}}

    def shot(name: str, must_see: list | None = None) -> None:
        settle(app)
        window.grab().save(str(args.out / f"{name}.png"))
        report["screens"][name] = check(window, name, must_see)

    for row, section in enumerate(window.sections):
        window.nav.setCurrentRow(row)
        shot(f"{row + 1}-{section.id}")
        pages = getattr(window.views.get(section.id), "pages", None)  # a screen in tabs (statistics, supervisor)
        for index in range(1, pages.count() if pages is not None else 0):
            pages.setCurrentIndex(index)
            shot(f"{row + 1}-{section.id}-{index + 1}")
        if pages is not None:
            pages.setCurrentIndex(0)

    leaflets = window.sections.index(next(s for s in window.sections if s.id == "leaflets"))
    press(app, (Qt.Key.Key_1 + leaflets, Qt.KeyboardModifier.ControlModifier))  # Ctrl+2: the keyboard goes in
    view = window.views["leaflets"]
    shot("leaflets-1-empty", leaflet_keys(view))
    press(app, Qt.Key.Key_4, "r", "h", "o", Qt.Key.Key_Return, "7", "4")
    shot("leaflets-2-rho-two-languages", [view.municipality, view.ambito_note, view.court_note, view.fallback_note,
                                          view.print_button, view.next_button, view.demo_banner])
    press(app, "b")  # a third language: refused, with a message
    shot("leaflets-3-third-language-refused", [view.language_message, view.print_button])
    press(app, (Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier))
    view.tabs.setCurrentIndex(1)
    shot("leaflets-4-batch", [view.batch.print_button, view.batch.save_button, view.batch.remove_button])
    view.tabs.setCurrentIndex(2)
    shot("leaflets-5-language-card", [view.card_print_button])
    press(app, (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier))
    view.tabs.setCurrentIndex(0)
    press(app, Qt.Key.Key_3, "a", "t", "l", "a", "n", "t", "i", "d", "e", Qt.Key.Key_Return)
    shot("leaflets-6-unknown-municipality", [view.municipality_error, view.municipality])

    about = AboutDialog(ctx, window)
    about.show()
    settle(app)
    about.grab().save(str(args.out / "about.png"))
    (args.out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    bad = {name: r for name, r in report["screens"].items() if r["problems"] or r["hidden"]}
    print(f"screenshots in {args.out}; screens with layout problems: {sorted(bad) or 'none'}")
    about.close()
    window.close()
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
