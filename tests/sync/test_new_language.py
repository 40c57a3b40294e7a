"""A language added as data reaches a workstation through the signed bundle and is offered without reinstalling.

The publisher's texts gain Polish (a ``languages`` entry in content.toml and ``pl.po``; Latin script, drawn by the
bundled Noto Sans). The workstation's install has never heard of it. After one sync over real HTTP on 127.0.0.1,
with a real Ed25519 signature, the workstation lists it (``languages``), prints a pack in it (PDF read back),
puts it on the language card with the next key, offers it on the leaflet screen, and counts its delivery.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.leaflets import languages
from app.leaflets.content import ContentError, effective_content, replace_catalogs, shipped_files
from app.paths import install_root
from app.stats.models import DeliveryLanguage
from app.sync import service
from tests.leaflets.helpers import flat, pdftotext
from tests.sync.conftest import publish_to

SHIPPED = install_root() / "i18n" / "leaflets"
POLISH_ENTRY = '  { code = "pl", native = "Polski", italian = "polacco", script = "Latn", direction = "ltr" },\n'
# A few messages in Polish, enough to see the language on the page (the rest prints in Italian, as for any
# incomplete catalog); the act's Italian name follows in brackets, as the term base rules ask.
POLISH = {
    "accesso.title": "Wizyta komornika (accesso dell'ufficiale giudiziario)",
    "common.h_box": "Co zrobić teraz",
    "label.language": "Język",
}


@pytest.fixture(autouse=True)
def _shipped_languages_afterwards():
    """The list of languages in force is per process: leave the shipped one for the next test."""
    yield
    languages.use(languages.parse_languages(_toml(SHIPPED / "content.toml")))


def _toml(path: Path):
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))["languages"]


def polish_catalog(template: str) -> str:
    """pl.po as a translator starts it from leaflets.pot (header filled), with the messages above translated."""
    body = template[template.index('msgid ""'):]
    header, rest = body.split("\n\n", 1)
    kept = [line for line in header.split("\n") if not line.startswith(('"Last-Translator:', '"Language-Team:'))]
    fields = {"Last-Translator": "Prova (test)", "Language-Team": "polski", "Language": "pl",
              "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
              "X-Review-Status": "draft", "X-Translator-Note": "Test catalog: three messages only."}
    header = "\n".join([*kept, *(f'"{name}: {value}\\n"' for name, value in fields.items())])
    for key, text in POLISH.items():
        rest = re.sub(rf'(msgctxt "{re.escape(key)}"\nmsgid "(?:[^"\\]|\\.)*"\n)msgstr ""',
                      lambda m, t=text: m.group(1) + f'msgstr "{t}"', rest, count=1)
    return header + "\n\n" + rest


def texts_with_polish() -> dict[str, str]:
    files = shipped_files(SHIPPED)
    toml = files["content.toml"]
    end = toml.index("\n]\n", toml.index("languages = ["))
    files["content.toml"] = toml[:end + 1] + POLISH_ENTRY + toml[end + 1:]
    files["pl.po"] = polish_catalog(files["leaflets.pot"])
    return files


def cli(ctx, monkeypatch, *args: str) -> int:
    monkeypatch.setenv("RACCORDO_CONFIG", str(ctx.paths.machine_config_file))
    return main(["--data-dir", str(ctx.paths.data_dir), *args])


def test_a_language_published_by_sync_is_offered_printed_and_counted(make_station, signing_key, server, tmp_path,
                                                                     monkeypatch, capsys):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])

    # Before: the workstation does not know Polish.
    assert cli(station, monkeypatch, "languages") == 0
    assert "Polski" not in capsys.readouterr().out
    pack = tmp_path / "pack-pl.pdf"
    assert cli(station, monkeypatch, "pack", "--stage", "accesso", "--municipality", "Rho", "--lang", "pl",
               "--out", str(pack)) == 1
    assert "lingua sconosciuta: «pl»" in capsys.readouterr().err and not pack.exists()

    # The publisher's texts gain the language (as its editor installs new texts), then a signed bundle.
    with publisher.sessions.begin() as session:
        replace_catalogs(session, texts_with_polish())
    publish_to(publisher, signing_key, tmp_path / "out")
    shutil.copytree(tmp_path / "out", server.folder / "live")
    outcome = service.synchronize(station, server.url + "live/")
    assert outcome.updated and "pl.po" in outcome.report.changes["leaflets"]
    assert any(name == "live/manifest.json" and status == 200 for name, status in server.requests)

    # After: listed with the next card key (Russian is E, Polish F), printed, on the card, counted.
    assert cli(station, monkeypatch, "languages") == 0
    listing = capsys.readouterr().out
    assert re.search(r"^F pl +Polski – polacco +3/\d+ INCOMPLETA", listing, re.MULTILINE), listing
    assert cli(station, monkeypatch, "pack", "--stage", "accesso", "--municipality", "Rho", "--lang", "pl",
               "--out", str(pack)) == 0
    capsys.readouterr()
    text = flat(pdftotext(pack.read_bytes(), tmp_path))
    assert "Wizyta komornika (accesso dell'ufficiale giudiziario)" in text and "Co zrobić teraz" in text
    with station.sessions() as session:
        recorded = set(session.scalars(select(DeliveryLanguage.language)))
    assert recorded == {"it", "pl"}
    card = tmp_path / "card.pdf"
    assert cli(station, monkeypatch, "pack", "--language-card", "--out", str(card)) == 0
    card_text = pdftotext(card.read_bytes(), tmp_path, layout=True)
    assert re.search(r"(?<!\S)F +Polski", card_text), card_text


def test_the_leaflet_screen_offers_the_new_language_after_a_sync(qtbot, make_station, signing_key, server,
                                                                 tmp_path):
    from app.ui.leaflets_view import LeafletsView

    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    view = LeafletsView(station)
    qtbot.addWidget(view)
    view.show()
    assert "pl" not in view.languages.by_code
    with publisher.sessions.begin() as session:
        replace_catalogs(session, texts_with_polish())
    publish_to(publisher, signing_key, tmp_path / "out")
    shutil.copytree(tmp_path / "out", server.folder / "live")
    assert service.synchronize(station, server.url + "live/").updated
    view.hide()
    view.show()  # the bailiff comes back to the screen
    button = view.languages.by_code["pl"]
    assert button.key_label.text() == "F" and button.texts[0] == "Polski"
    assert [b.code for b in view.languages.buttons][-2:] == ["ru", "pl"]
    qtbot.keyClick(view.languages.buttons[0], "f")
    assert view.languages.chosen == ["pl"]


def test_a_bundle_with_a_catalog_for_an_unlisted_language_or_script_without_font_is_refused(ctx):
    files = shipped_files(SHIPPED)
    with ctx.sessions.begin() as session, pytest.raises(ContentError, match="pl.po.*«languages»"):
        replace_catalogs(session, {**files, "pl.po": polish_catalog(files["leaflets.pot"])})
    hindi = files["content.toml"].replace(
        "\n]\n", '\n  { code = "hi", native = "हिन्दी", italian = "hindi", script = "Deva", direction = "ltr" },\n]\n',
        1)
    with ctx.sessions.begin() as session, pytest.raises(ContentError, match="scrittura «Deva»"):
        replace_catalogs(session, {**files, "content.toml": hindi})
    with ctx.sessions() as session:  # nothing installed: the shipped texts stay in force
        assert effective_content(session, SHIPPED).source == "shipped"


def test_texts_synced_before_the_term_base_are_published_with_the_program_s(make_station, signing_key, tmp_path):
    from app.leaflets.content import ValidatedCatalogs, installed_catalogs

    publisher = make_station("publisher")
    older = {name: text for name, text in shipped_files(SHIPPED).items() if name != "termbase.toml"}
    with publisher.sessions.begin() as session:
        replace_catalogs(session, ValidatedCatalogs(older))  # as installed by a sync of an older release
        assert "termbase.toml" not in installed_catalogs(session)
    bundle = publish_to(publisher, signing_key, tmp_path / "out")
    shipped = (SHIPPED / "termbase.toml").read_text("utf-8")
    assert bundle.files["leaflets/termbase.toml"].decode("utf-8") == shipped
    assert (tmp_path / "out" / "leaflets" / "termbase.toml").read_text("utf-8") == shipped
