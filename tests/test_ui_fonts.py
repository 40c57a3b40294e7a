"""The bundled fonts reach Qt: every household language's name is drawn in letters, never boxes.

Each check runs in a fresh process, because font registration is for the life of a process (the other tests
register the full folder).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from app.paths import install_root

FONTS = install_root() / "resources" / "fonts"

PROBE = """
import json, os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.ui.i18n import install_translators
translators = install_translators(app, "it", Path({root!r}) / "i18n")
from app.leaflets.languages import household_codes, language
from app.ui.fonts import register_fonts, renders
font = app.font()
before = {{c: renders(language(c).native_name, font) for c in household_codes()}}
registration = register_fonts(Path({folder!r}))
after = {{c: renders(language(c).native_name, font) for c in household_codes()}}
shown = {{}}
if {grid!r}:
    from app.leaflets.content import load_content, shipped_files
    from app.ui.leaflets_widgets import LanguageKeys
    keys = LanguageKeys(load_content(shipped_files(Path({root!r}) / "i18n" / "leaflets")), lambda code: True)
    shown = {{b.code: list(b.texts) for b in keys.buttons}}
print(json.dumps({{"before": before, "after": after, "failed": registration.failed,
                  "families": sorted(registration.families), "shown": shown}}))
"""


def probe(folder, *, grid: bool = False) -> dict:
    code = PROBE.format(root=str(install_root()), folder=str(folder), grid=grid)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def system_has(script_lang: str) -> bool:
    found = subprocess.run(["fc-list", f":lang={script_lang}", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def test_every_language_name_renders_once_the_bundled_fonts_are_registered():
    result = probe(FONTS)
    assert result["failed"] == []
    assert {"Noto Sans Sinhala", "Noto Sans Tamil", "Noto Sans Bengali", "Droid Sans Fallback"} <= \
        set(result["families"])
    assert all(result["after"].values()), result["after"]
    if not system_has("si"):  # a bare desk (only DejaVu): without registration Sinhala was boxes
        assert result["before"]["si"] is False and result["before"]["zh_Hans"] is False


def test_a_script_qt_cannot_draw_shows_a_plain_note_not_boxes(tmp_path):
    if system_has("si"):
        pytest.skip("this machine has a Sinhala system font: Qt would draw it anyway")
    folder = tmp_path / "fonts"
    shutil.copytree(FONTS, folder, ignore=shutil.ignore_patterns("NotoSansSinhala-*"))
    result = probe(folder, grid=True)
    assert result["after"]["si"] is False and result["after"]["ta"] is True
    native, italian = result["shown"]["si"]
    assert native == "Singalese" and italian == "singalese · nome non visualizzabile: carattere mancante"
    assert result["shown"]["ta"][0] == "தமிழ்"
