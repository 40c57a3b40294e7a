"""Load the Italian translation of Raccordo and Qt's own (standard buttons, dialogs)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def qm_dir(i18n_root: Path) -> Path:
    return i18n_root / "ui"


def install_translators(app: QCoreApplication, language: str, i18n_root: Path) -> list[QTranslator]:
    """Install translators for ``language``; English needs none (it is the source language)."""
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    installed: list[QTranslator] = []
    candidates = [
        (qm_dir(i18n_root), f"raccordo_{language}"),
        (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{language}"),
        (qm_dir(i18n_root), f"qtbase_{language}"),  # copy shipped in the bundle
    ]
    loaded_names: set[str] = set()
    for folder, name in candidates:
        if name in loaded_names:
            continue
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
            loaded_names.add(name)
        else:
            log.info("Translation %s not found in %s", name, folder)
    if f"raccordo_{language}" not in loaded_names:
        log.warning("Italian UI translation missing: run 'python scripts/i18n.py release'")
    return installed
