"""Content loading: shipped catalogs, fallback to Italian, completeness, catalogs installed from sync."""

from __future__ import annotations

import logging
import shutil

import pytest

from app.leaflets.content import (
    ContentError,
    effective_content,
    installed_catalogs,
    load_content,
    replace_catalogs,
    shipped_files,
    validate_catalogs,
)
from app.leaflets.languages import codes, household_codes, language, parse_codes
from app.paths import install_root

SHIPPED = install_root() / "i18n" / "leaflets"


@pytest.fixture
def files() -> dict[str, str]:
    return shipped_files(SHIPPED)


def _entry(text: str, key: str) -> tuple[int, int]:
    start = text.index(f'msgctxt "{key}"')
    end = text.find("\n\n", start)
    return start, len(text) if end < 0 else end


def test_shipped_content_has_every_stage_and_language(files):
    content = load_content(files)
    assert content.version == "2026.12.1"
    assert set(content.structure.stages) == {"diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"}
    for code in household_codes():
        completeness = content.completeness(code)
        assert completeness.total == len(content.structure.all_keys()) > 80
        assert completeness.translator, code
        assert completeness.review_status in {"reviewed", "needs-review", "draft"}, code
    assert content.text("it", "diffida.title")[0] == "Diffida a lasciare la casa"


def test_missing_and_fuzzy_paragraphs_fall_back_to_italian(files, tmp_path):
    folder = tmp_path / "leaflets"
    shutil.copytree(SHIPPED, folder)
    po = (folder / "ar.po").read_text(encoding="utf-8")
    master = load_content(files)
    for key in ("precetto.title", "label.phone"):
        assert master.text("ar", key)[1] is False  # translated in the shipped catalog
    start, end = _entry(po, "precetto.title")
    po = po[:start] + po[end:]  # the paragraph is gone
    start, _ = _entry(po, "label.phone")
    po = po[:start] + "#, fuzzy\n" + po[start:]  # the paragraph needs checking
    (folder / "ar.po").write_text(po, encoding="utf-8")

    content = load_content(shipped_files(folder))
    for key in ("precetto.title", "label.phone"):
        text, fell_back = content.text("ar", key)
        assert fell_back and text == master.master[key]
    assert content.text("ar", "accesso.title") == master.text("ar", "accesso.title")
    before, after = master.completeness("ar"), content.completeness("ar")
    assert set(after.missing) - set(before.missing) == {"precetto.title", "label.phone"}
    assert after.translated == before.translated - 2


def test_broken_placeholder_falls_back(files):
    po = files["en.po"]
    start, end = _entry(po, "label.referents_title")
    entry = po[start:end]
    broken = entry.replace("{municipality}", "{comune}")
    assert broken != entry
    content = load_content({**files, "en.po": po.replace(entry, broken)})
    assert content.text("en", "label.referents_title")[1] is True


def test_broken_catalog_prints_italian_and_says_so(files, caplog):
    caplog.set_level(logging.WARNING, logger="app.leaflets.content")  # expected: logfail lets it through
    content = load_content({**files, "bn.po": 'msgid "x\nmsgstr garbage "'})
    assert content.completeness("bn").translated == 0
    assert any(p.startswith("bn.po") for p in content.problems)
    assert content.text("bn", "accesso.title") == (content.master["accesso.title"], True)
    with pytest.raises(ContentError, match="bn.po"):
        validate_catalogs({**files, "bn.po": 'msgid "x\nmsgstr garbage "'})


def test_catalogs_identical_to_known_good_ones_are_not_parsed_again(files, monkeypatch):
    import app.leaflets.content as content_module

    parsed: list[str] = []
    real = content_module.parse_catalog
    monkeypatch.setattr(content_module, "parse_catalog",
                        lambda code, *args: parsed.append(code) or real(code, *args))
    changed = {**files, "fr.po": files["fr.po"].replace("needs-review", "reviewed")}
    validate_catalogs(changed, known_good=files)
    assert parsed == ["fr"]  # only the text that differs from the shipped one
    broken = {**files, "bn.po": 'msgid "x\nmsgstr garbage "'}
    with pytest.raises(ContentError, match="bn.po"):
        validate_catalogs(broken, known_good=files)  # a differing catalog is still checked in full


def test_a_catalog_without_review_status_is_refused(files):
    unreviewed = files["fr.po"].replace('"X-Review-Status: needs-review\\n"\n', "")
    assert unreviewed != files["fr.po"]
    for known_good in (None, files):
        with pytest.raises(ContentError, match="fr.po: manca l'intestazione X-Review-Status"):
            validate_catalogs({**files, "fr.po": unreviewed}, known_good=known_good)


def test_missing_structure_is_refused(files):
    with pytest.raises(ContentError, match="content.toml"):
        load_content({k: v for k, v in files.items() if k != "content.toml"})
    with pytest.raises(ContentError, match="TOML"):
        validate_catalogs({**files, "content.toml": "version = "})
    with pytest.raises(ContentError, match="non previsto"):
        validate_catalogs({**files, "evil.py": "print(1)"})


def test_synced_catalogs_replace_shipped_ones(ctx, files):
    changed_po = files["fr.po"].replace('"X-Review-Status: needs-review\\n"', '"X-Review-Status: reviewed\\n"')
    assert changed_po != files["fr.po"]
    with ctx.sessions.begin() as session:
        assert installed_catalogs(session) is None
        assert effective_content(session, SHIPPED).source == "shipped"
        assert sorted(replace_catalogs(session, files)) == sorted(files)
    with ctx.sessions.begin() as session:
        assert replace_catalogs(session, {**files, "fr.po": changed_po}) == ["fr.po"]
    with ctx.sessions() as session:
        content = effective_content(session, SHIPPED)
        assert content.source == "sync"
        assert content.completeness("fr").review_status == "reviewed"
    with ctx.sessions.begin() as session, pytest.raises(ContentError):
        replace_catalogs(session, {**files, "content.toml": "broken ="})
    with ctx.sessions() as session:  # the previous good state stays
        assert installed_catalogs(session)["fr.po"] == changed_po


def test_the_texts_in_force_are_parsed_once_and_again_when_any_byte_changes(ctx, files, tmp_path):
    """The context keeps the parsed texts under a key read without parsing (the synced texts' stored digests,
    a hash of the shipped files' bytes): the same texts give the same object, a change of one character of the
    same width, in a shipped file or a synced one, gives new texts at once."""
    folder = tmp_path / "leaflets"
    shutil.copytree(SHIPPED, folder)
    with ctx.sessions() as session:
        first = effective_content(session, folder)
        assert effective_content(session, folder) is first
    po = folder / "fr.po"
    po.write_text(po.read_text(encoding="utf-8").replace("needs-review", "needs-revieW"), encoding="utf-8")
    with ctx.sessions() as session:
        edited = effective_content(session, folder)
    assert edited is not first and edited.completeness("fr").review_status == "needs-revieW"
    with ctx.sessions.begin() as session:
        replace_catalogs(session, files)
    with ctx.sessions() as session:
        synced = effective_content(session, folder)
        assert synced.source == "sync" and effective_content(session, folder) is synced
    reviewed = files["fr.po"].replace('"X-Review-Status: needs-review\\n"', '"X-Review-Status: reviewed\\n"')
    with ctx.sessions.begin() as session:
        replace_catalogs(session, {**files, "fr.po": reviewed})
    with ctx.sessions() as session:
        assert effective_content(session, folder).completeness("fr").review_status == "reviewed"


def test_language_names_and_codes():
    assert codes() == ("it", "en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ta", "ro", "uk", "bn", "sq", "ur", "ru")
    assert language("ar").native_name == "العربية" and language("ar").italian_name == "arabo"
    assert language("ar").rtl and language("ur").rtl and not language("bn").rtl
    assert language("tl").babel_locale == "fil" and language("tl").native_name == "Tagalog"
    assert language("zh_Hans").italian_name == "cinese (semplificato)"
    assert parse_codes("AR, bn,zh") == ["ar", "bn", "zh_Hans"]
    with pytest.raises(ValueError, match="klingon"):
        parse_codes("ar,klingon")


def test_damaged_synced_catalogs_fall_back_to_shipped_ones(ctx, files, caplog):
    caplog.set_level(logging.ERROR, logger="app.leaflets.content")  # expected: logfail lets it through
    from datetime import datetime

    from app.leaflets.models import LeafletCatalog

    with ctx.sessions.begin() as session:  # bypasses validation, as a damaged database would
        session.add(LeafletCatalog(name="content.toml", text="version =", sha256="0" * 64,
                                   installed_at=datetime(2026, 11, 25)))
    with ctx.sessions() as session:
        content = effective_content(session, SHIPPED)
    assert content.source == "shipped" and content.version == load_content(files).version


def test_shipped_texts_pass_the_catalog_check(capsys):
    """Structure, dated figures, master placeholders and all 14 catalogs: what a synced bundle must pass too."""
    from scripts import check_leaflet_catalogs as check

    assert check.main(["--dir", str(SHIPPED), "--today", "2026-12-01"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "14 cataloghi, 0 errori" in out
    validate_catalogs(shipped_files(SHIPPED))  # strict: figures dated, no unknown placeholder


def test_after_the_rewrite_every_language_prints_italian_paragraph_by_paragraph(files):
    """Catalogs merged from the 2026.11 texts: what still matches prints translated, the rest in Italian.

    Paragraph by paragraph: a message the catalog lacks (fuzzy or empty after the merge) prints in Italian,
    every other prints translated. Languages translated again for issue 13 no longer have Italian paragraphs."""
    content = load_content(files)
    for code in household_codes():
        if code == "ru":
            continue  # new in 2026.12: created from the template, no 2026.11 translation to keep
        catalog = content.catalog(code)
        assert catalog is not None and not catalog.rejected, code  # merged: nothing stale, nothing broken
        for key in content.structure.all_keys():
            text, fell_back = content.text(code, key)
            assert fell_back == (key not in catalog.messages)
            assert text == (content.master[key] if fell_back else catalog.messages[key])
        assert content.text(code, "label.phone")[1] is False  # an unchanged label keeps its translation
