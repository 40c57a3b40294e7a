"""The bundled font files and the script each draws, without ReportLab: the PDF (``fonts.py``) registers them,
the web site (``site/fonts.py``) subsets them, from the same list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.paths import install_root


@dataclass(frozen=True)
class Family:
    key: str          # script family: latin, arabic, cjk, bengali, sinhala, tamil
    regular: str      # file names in resources/fonts
    bold: str
    complex: bool = False     # needs HarfBuzz: conjuncts, vowel signs, joining
    one_weight: bool = False  # no bold face: bold is drawn by stroking the outline

    @property
    def names(self) -> tuple[str, str]:
        return f"Rac-{self.key}", f"Rac-{self.key}-Bold"


FAMILIES: dict[str, Family] = {
    "latin": Family("latin", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": Family("arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", complex=True),
    "bengali": Family("bengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", complex=True),
    "sinhala": Family("sinhala", "NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf", complex=True),
    "tamil": Family("tamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf", complex=True),
    # Droid Sans Fallback has one weight; bold CJK is drawn by stroking the outlines (textflow.FAKE_BOLD_FONTS).
    "cjk": Family("cjk", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf", one_weight=True),
}
# The licences that travel with the fonts (the site serves subsets of them).
LICENCES = {"latin": "LICENSE-Noto-OFL.txt", "arabic": "LICENSE-Noto-OFL.txt", "bengali": "LICENSE-Noto-OFL.txt",
            "sinhala": "LICENSE-Noto-OFL.txt", "tamil": "LICENSE-Noto-OFL.txt",
            "cjk": "LICENSE-DroidSansFallback-Apache.txt"}


def default_folder() -> Path:
    return install_root() / "resources" / "fonts"


__all__ = ["FAMILIES", "LICENCES", "Family", "default_folder"]
