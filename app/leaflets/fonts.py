"""The bundled fonts: which file serves which script, registered with ReportLab once per process.

Registration parses the TrueType file (Droid Sans Fallback alone takes ~0.2 s),
so each family is registered lazily, the first time a pack needs it, and never
again in the process. A missing or unreadable file is reported in Italian and
the caller decides what can still be printed safely (see ``pack.py``).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.leaflets.font_files import FAMILIES, Family, default_folder  # noqa: F401  (re-exported)
from app.leaflets.textflow import COMPLEX_FONTS, FAKE_BOLD_FONTS


class FontError(RuntimeError):
    """A font file that is missing or broken; the message is Italian and names the file."""


_lock = threading.Lock()
_registered: dict[str, str] = {}  # ReportLab font name -> file it was registered from


def _register(name: str, path: Path) -> None:
    if name in _registered:
        return
    if not path.is_file():
        raise FontError(f"File del carattere mancante: {path}. Reinstallare Raccordo.")
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError, ValueError) as exc:
        raise FontError(f"File del carattere non leggibile: {path} ({exc}). Reinstallare Raccordo.") from exc
    _registered[name] = str(path)


class Fonts:
    """The fonts of one folder (the shipped one, or a test's copy with a file missing)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or default_folder()

    def available(self, key: str) -> bool:
        family = FAMILIES[key]
        return (self.folder / family.regular).is_file() and (self.folder / family.bold).is_file()

    def ensure(self, key: str) -> tuple[str, str]:
        """Register the family once per process; return its (regular, bold) ReportLab names."""
        family = FAMILIES[key]
        regular, bold = family.names
        if _registered.get(regular) == str(self.folder / family.regular):
            return regular, bold  # the common case: no file-system check on every paragraph
        with _lock:
            if not self.available(key):
                missing = [f for f in (family.regular, family.bold) if not (self.folder / f).is_file()]
                raise FontError(f"File del carattere mancante: {self.folder / missing[0]}. Reinstallare Raccordo.")
            _register(regular, self.folder / family.regular)
            _register(bold, self.folder / family.bold)
            if family.complex:
                COMPLEX_FONTS.update((regular, bold))
            if family.one_weight:
                FAKE_BOLD_FONTS.add(bold)
        return regular, bold

    def face(self, name: str):
        """The parsed font face (to ask which characters it covers)."""
        return pdfmetrics.getFont(name).face


def registered() -> dict[str, str]:
    return dict(_registered)
