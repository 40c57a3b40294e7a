#!/usr/bin/env python3
"""Grab every section of the main window (and the About dialog) as PNG, offscreen, to look at them.

    python scripts/screenshots.py OUT_DIR [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def settle(app) -> None:
    """Let background loads finish and their results reach the widgets before grabbing."""
    import time

    from app.ui.workers import wait_for_background

    for _ in range(5):
        wait_for_background(10000)
        app.processEvents()
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import prepare_database
    from app.context import AppContext
    from app.paths import resolve_paths
    from app.ui.about import AboutDialog
    from app.ui.application import create_application, create_main_window

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="raccordo-shots-")
    ctx = AppContext.create(resolve_paths(data_dir))
    prepare_database(ctx)
    app, _ = create_application([], ctx)
    app.setFont(QFont("DejaVu Sans", 10))
    window = create_main_window(ctx)
    window.resize(1280, 800)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    for row, section in enumerate(window.sections):
        window.nav.setCurrentRow(row)
        settle(app)
        window.grab().save(str(args.out / f"{row + 1}-{section.id}.png"))
    about = AboutDialog(ctx, window)
    about.show()
    settle(app)
    about.grab().save(str(args.out / "about.png"))
    print(f"screenshots in {args.out}")
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
