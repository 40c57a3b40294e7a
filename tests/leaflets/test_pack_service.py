"""The pack use case on a real database: municipality lookup, resolved referents, bad input, CLI."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from app.directory.resolve import referents_for
from app.leaflets.fonts import FAMILIES, FontError, Fonts, default_folder
from app.leaflets.pack import FONT_MISSING, PackError, PackRequest, service_for
from app.leaflets.stage_contacts import listed, stage_contacts
from app.stats.models import Delivery
from tests.leaflets.helpers import flat, pdf_fonts, pdftotext


@pytest.mark.parametrize("place", ["Milano", "cernusco", "015014", "Basiano", "San Donato Milanese"])
def test_pack_lists_the_referents_resolved_for_the_municipality(ctx, place, tmp_path):
    with ctx.sessions() as session:
        service = service_for(ctx, session)
        result = service.render([PackRequest("accesso", place, ("en",))])
        spec = result.specs[0]
        rule = stage_contacts(service.content.structure, "accesso")
        expected = listed(rule, referents_for(session, service.territory, spec.istat_code, date.today()))
    assert spec.referents == expected and expected
    text = flat(pdftotext(result.pdf, tmp_path))
    assert spec.municipality in text
    for r in expected:
        for phone in r.phones:
            assert phone in text
    assert result.is_demo  # the shipped directory is the demo one: every page must say so
    assert text.count("DEMO - NON DISTRIBUIRE") == pdf_fonts(result.pdf)[0]


def test_bad_requests_have_clear_italian_messages(ctx):
    with ctx.sessions() as session:
        service = service_for(ctx, session)
        with pytest.raises(PackError, match="Comune non trovato"):
            service.render([PackRequest("accesso", "Atlantide", ("ar",))])
        with pytest.raises(PackError, match="Fase sconosciuta"):
            service.render([PackRequest("sgombero", "Milano", ("ar",))])
        with pytest.raises(PackError, match="Al massimo due lingue"):
            service.render([PackRequest("accesso", "Milano", ("ar", "bn", "ur"))])


def test_missing_script_font_prints_italian_and_warns(ctx, tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in (FAMILIES["latin"].regular, FAMILIES["latin"].bold):
        shutil.copy(default_folder() / name, folder / name)
    fonts = Fonts(folder)
    with ctx.sessions() as session:
        service = service_for(ctx, session, fonts=fonts)
        result = service.render([PackRequest("precetto", "Milano", ("ar", "en"))])
    assert result.specs[0].languages == ("en",)
    assert any(w.kind == FONT_MISSING and "arabo" in w.text and "NotoSansArabic-Regular.ttf" in w.text
               for w in result.warnings)
    assert pdf_fonts(result.pdf)[0] >= 3
    with pytest.raises(FontError, match="NotoSans-Regular.ttf"):
        Fonts(tmp_path / "empty").ensure("latin")


def _deliveries(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Delivery))


def _cli(ctx, monkeypatch, *args: str) -> int:
    from app.cli import main

    monkeypatch.setenv("RACCORDO_CONFIG", str(ctx.paths.machine_config_file))
    return main(["--data-dir", str(ctx.paths.data_dir), *args])


def test_cli_pack_records_the_delivery_unless_told_not_to(ctx, monkeypatch, tmp_path, capsys):
    out = tmp_path / "out" / "pack.pdf"
    before = _deliveries(ctx)
    assert _cli(ctx, monkeypatch, "pack", "--stage", "avviso_sloggio", "--municipality", "cernusco",
                "--lang", "ar,bn", "--large-print", "--out", str(out)) == 0
    assert pdf_fonts(out.read_bytes())[0] >= 5
    assert _deliveries(ctx) == before + 1
    assert _cli(ctx, monkeypatch, "pack", "--stage", "avviso_sloggio", "--municipality", "015070",
                "--lang", "en", "--out", str(out), "--no-record") == 0
    assert _deliveries(ctx) == before + 1
    assert "Cernusco sul Naviglio" in capsys.readouterr().out


def test_cli_language_card_languages_and_errors(ctx, monkeypatch, tmp_path, capsys):
    card = tmp_path / "card.pdf"
    assert _cli(ctx, monkeypatch, "pack", "--language-card", "--out", str(card)) == 0
    assert pdf_fonts(card.read_bytes())[0] == 1
    assert _cli(ctx, monkeypatch, "languages") == 0
    listing = capsys.readouterr().out
    with ctx.sessions() as session:
        total = len(service_for(ctx, session).content.structure.all_keys())
    assert "العربية – arabo" in listing and "zh_Hans" in listing and f"{total}/{total}" in listing
    assert _cli(ctx, monkeypatch, "pack", "--stage", "accesso", "--municipality", "Atlantide", "--lang", "ar",
                "--out", str(tmp_path / "x.pdf")) == 1
    assert "Comune non trovato" in capsys.readouterr().err
    assert _cli(ctx, monkeypatch, "pack", "--stage", "accesso", "--municipality", "Milano", "--lang", "xx",
                "--out", str(tmp_path / "x.pdf")) == 1
    assert "lingua sconosciuta" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("place", "court", "verified"), [("Cinisello Balsamo", "Monza", True),
                                                          ("Bresso", "Monza", False)])
def test_legal_aid_contact_is_the_ordine_of_the_municipality_court(ctx, tmp_path, place, court, verified):
    """M7: the household is sent to the Ordine of its court; an unverified assignment says so on paper."""
    with ctx.sessions() as session:
        result = service_for(ctx, session).render([PackRequest("intimazione", place, ())])
    text = flat(pdftotext(result.pdf, tmp_path))
    assert f"Ordine degli Avvocati di {court}" in text
    assert "Ordine degli Avvocati di Milano" not in text
    note = "Tribunale da verificare: vale quello scritto sull'atto."
    assert (note in text) is not verified  # the screen and 'directory for' say it too, as for an Ambito
    # the leaflet's own text sends the household to the Ordine of the court named on the act
    assert "all'Ordine degli Avvocati del tribunale scritto sull'atto" in text
