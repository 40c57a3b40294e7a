"""The UI is Italian by default: every source string must have a finished Italian translation."""

from __future__ import annotations

import re
import shutil
import sys

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from app.paths import install_root

sys.path.insert(0, str(install_root() / "scripts"))
import i18n

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\d")


def test_ts_has_no_unfinished_translation():
    missing = i18n.unfinished(i18n.TS)
    assert not missing, "Strings without Italian translation:\n" + "\n".join(f"{c}|{s}" for c, s in missing)


def test_ts_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(i18n.TS, fresh)
    i18n.lupdate(fresh)
    current = {(c, s) for c, s, _ in i18n.messages(i18n.TS)}
    scanned = {(c, s) for c, s, _ in i18n.messages(fresh)}
    assert scanned - current == set(), "Run 'python scripts/i18n.py update' and translate the new strings"
    assert not i18n.unfinished(fresh), "Some source strings have no Italian translation yet"


def test_placeholders_match_between_source_and_translation():
    for context, source, message in i18n.messages(i18n.TS):
        translation = message.findtext("translation") or ""
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (context, source)


def test_no_html_in_source_strings():
    for context, source, _ in i18n.messages(i18n.TS):
        assert not re.search(r"</?[a-z]+[ >/]", source), (context, source)


def test_compiled_translation_loads_and_translates(qapp):
    assert i18n.QM.is_file(), "run 'python scripts/i18n.py release'"
    assert i18n.QM.stat().st_mtime >= i18n.TS.stat().st_mtime, "the .qm is older than the .ts: run release"
    translator = QTranslator()
    assert translator.load(str(i18n.QM))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Settings") == "Impostazioni"
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("name", ["qtbase_it"])
def test_qt_own_italian_translation_is_available(qapp, name):
    from PySide6.QtCore import QLibraryInfo

    translator = QTranslator()
    assert translator.load(name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
