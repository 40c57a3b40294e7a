"""``leaflets export``: the static site built from the real content and directory, read back as HTML.

The pages are parsed with lxml (as a browser would build the tree), compared with the printed pack of the same
stage and municipality, and the export's folder rules are tried on real folders.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lhtml
from pypdf import PdfReader

from app.leaflets.card_model import tel_uri
from app.leaflets.pack import PackRequest, service_for
from app.leaflets.site import urls
from app.leaflets.site.export import MANIFEST, Site, SiteError, read_manifest, write_site
from tests.leaflets.conftest import TOWNS
from tests.leaflets.helpers import flat, pdftotext


def _doc(path: Path):
    return lhtml.fromstring(path.read_bytes())


def test_index_lists_the_languages_of_the_language_card_in_its_order(exported):
    ctx, out, site, _ = exported
    from app.leaflets.content import effective_content

    with ctx.sessions() as session:
        content = effective_content(session, ctx.paths.i18n / "leaflets")
    doc = _doc(out / "index.html")
    links = doc.xpath('//ul[@class="langs"]/li/a')
    assert [a.get("href") for a in links] == [urls.language_index(lang.code) for lang in content.languages]
    assert [a.xpath('string(.//span[@class="key"])') for a in links] == [lang.key for lang in content.languages]
    assert [a.xpath('string(.//span[contains(@class,"native")])') for a in links] == \
        [lang.native_name for lang in content.languages]
    assert site.languages == len(content.languages) == 15 and site.municipalities == len(TOWNS) == 3
    stages = list(content.structure.stages)
    assert site.pages == 1 + site.languages * (1 + len(stages) * (1 + len(TOWNS)))
    for lang in content.languages:   # every stage page and every municipality's contacts page exists
        for stage in stages:
            assert (out / urls.stage_page(lang.code, stage)).is_file()


def test_every_page_says_its_language_and_direction_and_loads_nothing_from_elsewhere(exported):
    _, out, site, _ = exported
    pages = sorted(p for p in site.files if p.endswith(".html"))
    for path in pages:
        doc = _doc(out / path)
        code = path.split("/")[0] if "/" in path else "it"
        lang, direction = doc.get("lang"), doc.get("dir")
        assert lang == code.replace("_", "-"), path
        assert direction == ("rtl" if code in ("ar", "ur") else "ltr"), path
        assert not doc.xpath("//script|//iframe|//img|//object|//embed|//form"), path
        for ref in doc.xpath("//link/@href|//*/@src"):
            assert not re.match(r"^[a-z]+:|^//", ref), (path, ref)   # resources only from the site itself
            assert (out / path).parent.joinpath(ref).resolve().is_file(), (path, ref)
        footer = doc.xpath('string(//footer)')
        assert site.content_version in footer and site.directory_version in footer, path
    css = (out / "site.css").read_text(encoding="utf-8")
    assert "http" not in css and "@import" not in css
    for ref in re.findall(r"url\(([^)]+)\)", css):
        assert (out / ref).is_file() and ref.startswith("fonts/")
    assert not any("cookie" in data.decode("utf-8", "replace").casefold() for data in site.files.values())


def test_italian_words_inside_other_languages_are_marked_for_the_screen_reader(exported):
    _, out, _, _ = exported
    arabic = _doc(out / "ar" / "accesso.html")
    marked = [flat(s.text_content()) for s in arabic.xpath('//main//span[@lang="it"]')]
    assert any("accesso" in m for m in marked), marked   # the act's Italian name in brackets
    for span in arabic.xpath('//main//span[@lang="it"]'):
        assert span.get("dir") == "ltr"
        assert not re.search(r"[\u0600-\u06ff]", span.text_content())   # never Arabic words marked Italian
    english = _doc(out / "en" / "intimazione.html")
    assert english.xpath('//main//span[@lang="it"]')
    for span in english.xpath('//main//span[@lang="it"]'):
        assert span.text_content().strip()
    italian = _doc(out / "it" / "accesso.html")
    assert not italian.xpath('//main//*[@lang]')   # Italian page: nothing to switch


def test_contacts_pages_have_the_cards_of_the_printed_pack_with_call_and_mail_links(exported, tmp_path):
    ctx, out, _, _ = exported
    with ctx.sessions() as session:
        service = service_for(ctx, session)
        for town in TOWNS:
            result = service.render([PackRequest("intimazione", town, ("ta",))])
            spec = result.specs[0]
            text = flat(pdftotext(result.pdf, tmp_path))
            page = _doc(out / urls.contacts_page("ta", "intimazione", spec.istat_code))
            calls = set(page.xpath('//main//a[@class="call"]/@href'))
            mails = set(page.xpath('//main//a[starts-with(@href,"mailto:")]/@href'))
            assert spec.referents, town
            for r in spec.referents:
                for phone in r.phones:
                    assert phone in text                              # printed in the pack ...
                    href = tel_uri(phone)
                    assert not href or href in calls, (town, phone)  # ... and a tap to call on the site
                for mail in r.emails:
                    assert f"mailto:{mail}" in mails
            assert page.get("lang") == "ta"
            names = {flat(s.text_content()) for s in page.xpath('//main//span[@lang="it"]')}
            assert spec.municipality in flat(page.xpath("string(//h1)")) and spec.municipality in names


def _tiny(files: dict[str, bytes]) -> Site:
    return Site(files, "2026.12.1", "20261201T000000Z", 1, 1)


def test_export_refuses_a_folder_holding_files_it_did_not_write(tmp_path):
    folder = tmp_path / "portale"
    folder.mkdir()
    (folder / "relazione.docx").write_bytes(b"non mia")
    with pytest.raises(SiteError, match="non è stato scritto nulla") as refused:
        write_site(_tiny({"index.html": b"<html></html>"}), folder)
    assert "relazione.docx" in str(refused.value) and "Traceback" not in str(refused.value)
    assert sorted(p.name for p in folder.iterdir()) == ["relazione.docx"]
    assert (folder / "relazione.docx").read_bytes() == b"non mia"
    with pytest.raises(SiteError, match="non è una cartella"):
        write_site(_tiny({"index.html": b"x"}), folder / "relazione.docx")


def test_export_replaces_its_own_previous_export_only(tmp_path):
    folder = tmp_path / "portale"
    first = write_site(_tiny({"index.html": b"uno", "it/a.html": b"a", "it/vecchia.html": b"v"}), folder)
    assert first.written == 3 and read_manifest(folder) is not None
    again = write_site(_tiny({"index.html": b"due", "it/a.html": b"a"}), folder)
    assert (again.written, again.unchanged, again.removed) == (1, 1, ["it/vecchia.html"])
    assert (folder / "index.html").read_bytes() == b"due" and not (folder / "it" / "vecchia.html").exists()
    # someone edits a page by hand on the portal copy: the next export stops and keeps the edit
    (folder / "it" / "a.html").write_bytes(b"corretta a mano")
    with pytest.raises(SiteError, match="modificati"):
        write_site(_tiny({"index.html": b"tre", "it/a.html": b"a"}), folder)
    assert (folder / "it" / "a.html").read_bytes() == b"corretta a mano"
    assert (folder / "index.html").read_bytes() == b"due"
    # a file added by hand next to the export: refused too, nothing written
    (folder / "it" / "a.html").write_bytes(b"a")
    (folder / "it" / "nota.txt").write_bytes(b"appunti")
    with pytest.raises(SiteError, match="nota.txt"):
        write_site(_tiny({"index.html": b"tre", "it/a.html": b"a"}), folder)
    assert (folder / "index.html").read_bytes() == b"due" and (folder / MANIFEST).is_file()


def test_cli_export_refuses_in_italian_and_reports_the_size(ctx, tmp_path, capsys):
    from app.leaflets.commands import cmd_export_site

    class Args:
        out = tmp_path / "documenti"

    Args.out.mkdir()
    (Args.out / "lettera.pdf").write_bytes(b"%PDF")
    assert cmd_export_site(Args, ctx) == 1
    err = capsys.readouterr().err
    assert err.startswith("Errore: ") and "lettera.pdf" in err and "Traceback" not in err
    assert sorted(p.name for p in Args.out.iterdir()) == ["lettera.pdf"]
    ctx.config.values["office.municipalities"] = ["Basiano"]
    Args.out = tmp_path / "nuova"
    assert cmd_export_site(Args, ctx) == 0
    shown = capsys.readouterr()
    assert "15 lingue, 1 comuni" in shown.out and " MB " in shown.out and "directory.public_url" in shown.out
    assert "Preparo le pagine della lingua ar..." in shown.err.splitlines()  # a line per language while it works


def test_fonts_are_served_with_the_site_as_small_subsets_with_their_licences(exported):
    _, out, site, _ = exported
    fonts = {p for p in site.files if p.startswith("fonts/")}
    for family in ("latin", "arabic", "bengali", "sinhala", "tamil", "cjk"):
        assert any(p.startswith(f"fonts/{family}-400.") for p in fonts), family
    assert "fonts/LICENSE-Noto-OFL.txt" in fonts and "fonts/LICENSE-DroidSansFallback-Apache.txt" in fonts
    assert site.font_size < 600_000   # the CJK source alone is over 4 MB
    from fontTools.ttLib import TTFont

    tamil = TTFont(str(next(out.glob("fonts/tamil-400.*"))))
    page = (out / "ta" / "accesso.html").read_text(encoding="utf-8")
    needed = {ord(c) for c in page if "\u0b80" <= c <= "\u0bff"}
    assert needed and needed <= set(tamil.getBestCmap())


def _codes_on_page_one(pdf: bytes, tmp: Path, page: int) -> list[str]:
    """The QR codes zbarimg reads on a page of the PDF rendered as a phone camera would see it (150 dpi)."""
    (tmp / "pack.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), str(tmp / "pack.pdf"),
                    str(tmp / "p")], check=True)
    png = next(tmp.glob("p-*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    png.unlink()
    return found.stdout.split()


def test_the_qr_on_page_one_opens_the_stage_page_of_the_municipality_in_the_section_language(exported, tmp_path):
    ctx, out, _, _ = exported
    base = "https://unep.example.it/fogli/"
    ctx.config.values["directory.public_url"] = base
    try:
        with ctx.sessions() as session:
            result = service_for(ctx, session).render([PackRequest("accesso", "Abbiategrasso", ("ar",))])
    finally:
        ctx.config.values["directory.public_url"] = ""
    spec = result.specs[0]
    pages = len(PdfReader(io.BytesIO(result.pdf)).pages)
    for code, first_page in (("ar", 1), ("it", pages // 2 + 1)):   # the Arabic section, then the Italian one
        links = [u for u in _codes_on_page_one(result.pdf, tmp_path, first_page) if u.startswith(base)]
        assert len(links) == 1, links
        link = links[0]
        assert re.fullmatch(re.escape(base) + r"[a-z_A-Z]+/[a-z_]+/\d{6}\.html", link)   # no household data
        page = out / link[len(base):]   # follow it into the exported site
        assert page.is_file(), link
        doc = _doc(page)
        assert (doc.get("lang"), doc.get("dir")) == ((code, "rtl") if code == "ar" else ("it", "ltr"))
        assert spec.municipality in flat(doc.xpath("string(//h1)"))
        assert doc.xpath('string(//p[@class="kicker"])').strip()   # the stage, named as in the pack
    said = result.specs[0].content.text("it", "label.web_qr")[0]   # (Arabic comes back as presentation forms)
    assert flat(said) in flat(pdftotext(result.pdf, tmp_path))   # the pack says what the code opens


def test_without_a_public_address_the_pack_has_no_web_qr_and_says_nothing_of_a_site(exported, tmp_path):
    ctx, _, _, _ = exported
    with ctx.sessions() as session:
        result = service_for(ctx, session).render([PackRequest("accesso", "Abbiategrasso", ("en",))])
    assert _codes_on_page_one(result.pdf, tmp_path, 1) == []
    said = result.specs[0].content.text("en", "label.web_qr")[0]
    assert flat(said)[:30] not in flat(pdftotext(result.pdf, tmp_path))


def test_an_export_cut_short_is_finished_by_the_next_one(tmp_path):
    """A crash between the first manifest (complete: false) and the final sync: half-written pages are rewritten,
    not taken for a person's edits, and files of the old export the new one no longer has are removed."""
    import json

    folder = tmp_path / "portale"
    write_site(_tiny({"index.html": b"uno", "it/a.html": b"a", "it/b.html": b"b"}), folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["complete"] = False
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "it" / "a.html").write_bytes(b"")          # what a power cut can leave of a renamed file
    (folder / "it" / ".b.html.x1y2.tmp").write_bytes(b"b")   # and a temporary file
    done = write_site(_tiny({"index.html": b"uno", "it/a.html": b"a"}), folder)
    assert (folder / "it" / "a.html").read_bytes() == b"a"
    assert done.removed == ["it/b.html"] and sorted(p.name for p in (folder / "it").iterdir()) == ["a.html"]
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["complete"] is True


def test_a_service_missing_in_the_municipality_is_the_metropolitan_one_with_the_pack_s_note(exported, tmp_path):
    """Rho has no municipal housing office: page and pack both print the metropolitan city's, saying why."""
    ctx, out, _, _ = exported
    with ctx.sessions() as session:
        result = service_for(ctx, session).render([PackRequest("diffida", "Rho", ("en",))])
    spec = result.specs[0]
    content = spec.content
    reason = flat(content.paragraph("en", "label.fallback_reason", "Rho")[0])
    assert reason in flat(pdftotext(result.pdf, tmp_path))
    page = _doc(out / urls.contacts_page("en", "diffida", spec.istat_code))
    assert reason in flat(page.xpath("string(//main)"))
    metro = [r for r in spec.referents if r.service_kind == "housing_office" and r.scope_level == "metro"]
    assert metro and all(f"mailto:{m}" in page.xpath("//a/@href") for r in metro for m in r.emails)


def test_municipality_texts_only_on_the_municipality_page_which_opens_with_what_to_do_now(exported):
    """The stage page is shared by every municipality: a text naming "{municipality}" would read "comune di  "
    there. It is on the municipality's page (what the QR opens), filled in, after page 1's action box."""
    ctx, out, _, _ = exported
    from app.leaflets.content import effective_content
    from app.leaflets.site.text import paragraph, plain

    with ctx.sessions() as session:
        content = effective_content(session, ctx.paths.i18n / "leaflets")
    for code in ("it", "ar", "ta"):
        for stage in content.structure.stages:
            keys = [b.key for b in content.blocks(stage) if "{municipality}" in content.master.get(b.key, "")]
            assert keys, stage
            shared = flat(_doc(out / urls.stage_page(code, stage)).xpath("string(//main)"))
            page = _doc(out / urls.contacts_page(code, stage, "015002"))
            mine = flat(page.xpath("string(//main)"))
            for key in keys:
                assert flat(plain(paragraph(content, code, key, "")[0])) not in shared, (code, stage, key)
                assert flat(plain(paragraph(content, code, key, "Abbiategrasso")[0])) in mine, (code, stage, key)
            deadline = next(b.key for b in content.blocks(stage) if b.kind == "deadline")
            box = flat(page.xpath('string(//section[@class="box"])'))
            assert flat(plain(paragraph(content, code, deadline, "Abbiategrasso")[0])) in box, (code, stage)
            assert page.xpath('//p[@class="kicker"]/a/@href') == [f"../{stage}.html"]


def test_a_second_export_of_the_same_data_rewrites_nothing(exported):
    """Same content and directory, same bytes (the font subsets keep their source's timestamp): the portal's copy
    changes only where the texts or the contacts did."""
    import time

    from app.leaflets.site.export import export_site

    ctx, out, _, _ = exported
    time.sleep(1.1)   # a font timestamp is in seconds
    _, again = export_site(ctx, out)
    assert (again.written, again.removed) == (0, []) and again.unchanged == len(read_manifest(out))


def test_the_two_unep_offices_are_one_card_on_the_site_as_in_the_pack(exported):
    """Same card model as the pack: the UNEP's two offices on one card, each person under their office's name,
    the web address they share once."""
    ctx, out, _, _ = exported
    with ctx.sessions() as session:
        spec = service_for(ctx, session).spec(PackRequest("accesso", "Rho", ("en",)))
    offices = [r for r in spec.referents if r.service_kind == "unep"]
    assert len({r.service_label for r in offices}) == 2 and len({r.institution for r in offices}) == 1
    page = _doc(out / urls.contacts_page("en", "accesso", spec.istat_code))
    cards = [c for c in page.xpath("//main//article") if offices[0].institution in flat(c.text_content())]
    assert len(cards) == 1
    text = flat(cards[0].text_content())
    assert all(r.service_label in text and all(p in text for p in r.phones) for r in offices)
    assert len(cards[0].xpath(f'.//a[@href="{offices[0].website}"]')) == 1
