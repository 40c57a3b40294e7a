"""Issue 11's bad input: a stale msgid, a figure without a date, a placeholder nobody knows.

Each time the check script and the application say which block and which language, and the pack still
prints, with the Italian paragraph where the translation cannot be used.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from app.leaflets.content import (
    ContentError,
    effective_content,
    load_content,
    replace_catalogs,
    shipped_files,
    stale_figures,
    validate_catalogs,
)
from app.leaflets.pack import PackRequest, PackService
from app.paths import install_root
from scripts import check_leaflet_catalogs as check
from tests.leaflets.helpers import flat, pdftotext

SHIPPED = install_root() / "i18n" / "leaflets"
ENGLISH_TITLE = "The bailiff's visit (accesso dell'ufficiale giudiziario)"
ITALIAN_TITLE = "Accesso dell'ufficiale giudiziario"


def folder_with(tmp_path, name: str, old: str, new: str):
    folder = tmp_path / "leaflets"
    if not folder.exists():
        shutil.copytree(SHIPPED, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def run_check(folder, capsys, *args: str) -> tuple[int, str]:
    status = check.main(["--dir", str(folder), *args])
    return status, capsys.readouterr().out


def body(text: str) -> str:
    """The pack's text without its page footers (which name the stage, in Italian, on every page)."""
    return text.replace(f"{ITALIAN_TITLE} · Comune di", "")


def english_accesso_pack(ctx, folder, tmp_path) -> tuple[str, list[str]]:
    with ctx.sessions() as session:
        service = PackService(session, i18n_folder=folder)
        result = service.render([PackRequest("accesso", "Rho", ("en",))], on=date(2026, 12, 1))
    return flat(pdftotext(result.pdf, tmp_path)), [w.text for w in result.warnings]


def test_stale_msgid_is_named_and_prints_italian(ctx, tmp_path, capsys):
    folder = folder_with(tmp_path, "en.po", f'msgid "{ITALIAN_TITLE}"\nmsgstr "{ENGLISH_TITLE}"',
                         f'msgid "Accesso dell\'ufficiale giudiziario (vecchio testo)"\nmsgstr "{ENGLISH_TITLE}"')
    content = load_content(shipped_files(folder))
    assert content.text("en", "accesso.title") == (ITALIAN_TITLE, True)
    problem = "en.po, blocco accesso.title: tradotto da un testo italiano precedente"
    assert any(p.startswith(problem) for p in content.problems_for("en"))

    status, out = run_check(folder, capsys)
    assert status == 1 and f"ERRORE: {problem}" in out

    text, warnings = english_accesso_pack(ctx, folder, tmp_path)
    assert ENGLISH_TITLE not in text and body(text).count(ITALIAN_TITLE) == 2  # English section and Italian section
    assert any(w.startswith(problem) for w in warnings)


def test_unknown_placeholder_in_a_translation_is_named_and_prints_italian(ctx, tmp_path, capsys):
    folder = folder_with(tmp_path, "en.po", f'msgstr "{ENGLISH_TITLE}"', 'msgstr "The bailiff\'s visit {date}"')
    content = load_content(shipped_files(folder))
    assert content.text("en", "accesso.title") == (ITALIAN_TITLE, True)
    problem = "en.po, blocco accesso.title: segnaposto sconosciuto {date}"
    assert any(p.startswith(problem) for p in content.problems_for("en"))

    status, out = run_check(folder, capsys)
    assert status == 1 and f"ERRORE: {problem}" in out

    text, warnings = english_accesso_pack(ctx, folder, tmp_path)
    assert "{date}" not in text and body(text).count(ITALIAN_TITLE) == 2
    assert any(w.startswith(problem) for w in warnings)


def test_unknown_placeholder_in_the_italian_master_is_refused_and_the_good_texts_stay(ctx, tmp_path, capsys):
    folder = folder_with(tmp_path, "leaflets.pot", f'msgid "{ITALIAN_TITLE}"', 'msgid "Accesso del {ufficiale}"')
    problem = "leaflets.pot, blocco accesso.title (italiano): segnaposto sconosciuto {ufficiale}"
    with pytest.raises(ContentError, match=problem.replace("(", r"\(").replace(")", r"\)").replace("{", r"\{")):
        load_content(shipped_files(folder))
    status, out = run_check(folder, capsys)
    assert status == 1 and problem in out

    good = shipped_files(SHIPPED)
    with ctx.sessions.begin() as session:
        replace_catalogs(session, good)
    with ctx.sessions.begin() as session, pytest.raises(ContentError, match="segnaposto sconosciuto"):
        replace_catalogs(session, shipped_files(folder))  # a synced bundle with it is refused...
    with ctx.sessions() as session:  # ...and the texts in force are the previous good ones
        assert effective_content(session, SHIPPED).master["accesso.title"] == ITALIAN_TITLE


def test_figure_without_a_date_is_named_and_the_pack_still_prints(ctx, tmp_path, capsys, monkeypatch):
    folder = folder_with(tmp_path, "content.toml", 'value = "13659.64"\nunit = "EUR"\ndate = 2025-07-11\n',
                         'value = "13659.64"\nunit = "EUR"\n')
    content = load_content(shipped_files(folder))
    problem = ("content.toml: importo «legal_aid_income_limit»: manca la data "
               "(stampato nei blocchi shared.legal_aid, in tutte le lingue)")
    assert problem in content.problems
    banner = stale_figures(content, date(2026, 12, 1))  # what the leaflet screen shows
    assert [s.figure.name for s in banner] == ["legal_aid_income_limit"]
    assert "manca la data" in banner[0].message and "shared.legal_aid" in banner[0].message

    with pytest.raises(ContentError, match="manca la data"):
        validate_catalogs(shipped_files(folder))  # a synced bundle must date its figures
    status, out = run_check(folder, capsys)
    assert status == 1 and f"ERRORE: {problem}" in out

    with ctx.sessions() as session:
        result = PackService(session, i18n_folder=folder).render([PackRequest("intimazione", "Rho", ())])
    assert "13.659,64 euro all'anno" in flat(pdftotext(result.pdf, tmp_path))
    assert any("limite di reddito per il patrocinio" in w.text and "manca la data" in w.text for w in result.warnings)


def test_figure_without_a_value_makes_the_content_unusable(tmp_path):
    folder = folder_with(tmp_path, "content.toml", 'value = "26000"', 'value = ""')
    with pytest.raises(ContentError, match="importo «fmi_isee_limit» senza un valore numerico"):
        load_content(shipped_files(folder))


def test_a_figure_past_its_review_date_is_a_warning_for_languages_and_the_check(ctx, monkeypatch, capsys):
    content = load_content(shipped_files(SHIPPED))
    assert stale_figures(content, date(2026, 12, 1)) == []
    late = stale_figures(content, date(2027, 7, 2))
    assert {s.figure.name for s in late} == {"legal_aid_income_limit", "fmi_isee_limit", "fmi_ise_limit"}
    legal_aid = next(s for s in late if s.figure.name == "legal_aid_income_limit")
    assert legal_aid.message.startswith("Importo «limite di reddito per il patrocinio a spese dello Stato» "
                                        "(13.659,64 euro): da ricontrollare dal 1 luglio 2027.")

    status, out = run_check(SHIPPED, capsys, "--today", "2027-07-02")
    assert status == 0 and out.count("attenzione: Importo «") == 3

    import app.leaflets.content as content_module
    from app.cli import main

    monkeypatch.setattr(content_module, "date", type("FrozenDate", (date,), {"today": staticmethod(
        lambda: date(2027, 7, 2))}))
    monkeypatch.setenv("RACCORDO_CONFIG", str(ctx.paths.machine_config_file))
    assert main(["--data-dir", str(ctx.paths.data_dir), "languages"]) == 0
    err = capsys.readouterr().err
    assert "Attenzione: Importo «limite di reddito per il patrocinio a spese dello Stato»" in err
