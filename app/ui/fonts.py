"""The fonts shipped in ``resources/fonts``, registered with Qt so the screen shows every script.

ReportLab embeds these files in the PDFs (``app.leaflets.fonts``); Qt does not
see them unless they are registered. A bare Linux desk has only DejaVu, which
has no Sinhala, Tamil, Bengali or Chinese: without registration the leaflet
screen shows the household boxes instead of its own language. Registering the
eleven files takes about 10 ms, so it happens once at start-up, before any
window (and again, at no cost, by any view that needs it when a test builds it
alone).

``renders`` tells whether a text really comes out in letters with the fonts Qt
has (the bundled ones, or the system's on Windows): a screen can then say
"name not shown" in plain words instead of drawing boxes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

log = logging.getLogger(__name__)
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@dataclass
class Registration:
    """What one folder gave Qt: the families loaded and the files that failed."""

    families: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)


_done: dict[str, Registration] = {}


def register_fonts(folder: Path) -> Registration:
    """Register every font file of ``folder`` with Qt, once per process and folder (needs a QGuiApplication)."""
    key = str(folder.resolve())
    if key in _done:
        return _done[key]
    result = Registration()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES) if folder.is_dir() else []
    if not files:
        log.warning("No bundled fonts in %s: some languages may show as boxes", folder)
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load the font %s", path)
            result.failed.append(path.name)
        else:
            result.families.update(QFontDatabase.applicationFontFamilies(font_id))
    _done[key] = result
    return result


def renders(text: str, font: QFont) -> bool:
    """True when every visible character of ``text`` is covered by ``font`` or by some font Qt can fall back to.

    It asks the font database rather than laying the text out: when no font covers a script, the glyph run Qt
    lays out comes from its internal "box" engine, whose raw font crashes PySide6 6.11 when asked its family
    name (a segmentation fault, not an exception).
    """
    needed = {ch for ch in text if not ch.isspace()}
    if not needed:
        return True
    for family in [font.family(), *QFontDatabase.families()]:
        raw = QRawFont.fromFont(QFont(family, font.pointSize()))
        if raw.isValid():
            needed = {ch for ch in needed if not raw.supportsCharacter(ord(ch))}
            if not needed:
                return True
    return False
