"""Packs read back like a user would: pypdf for pages and fonts, pdftotext for the words, pdftoppm for the eye."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest

from app.leaflets.content import load_content, shipped_files
from app.leaflets.fonts import Fonts
from app.leaflets.languages import household_codes, language
from app.leaflets.render import DEMO_TEXT, PackSpec, render_document, render_language_card, render_packs
from app.paths import install_root
from app.vocab import STAGES
from tests.leaflets.helpers import flat, pdf_fonts, pdftotext, referent, ten_referents

SHIPPED = install_root() / "i18n" / "leaflets"
FONT_OF = {"latin": "NotoSans-Regular", "arabic": "NotoSansArabic-Regular", "bengali": "NotoSansBengali-Regular",
           "sinhala": "NotoSansSinhala-Regular", "tamil": "NotoSansTamil-Regular", "cjk": "DroidSansFallback"}
# Scripts whose text pdftotext gives back as written (Indic shaping reorders glyphs, Arabic uses presentation forms).
EXTRACTABLE = {"latin", "cjk"}
# Conjuncts of Indic scripts are glyphs without a Unicode value: extraction shows U+FFFD for them even though
# they print correctly, so for those scripts tofu is ruled out by checking font coverage instead.
NO_TOFU_BY_EXTRACTION = {"latin", "cjk", "arabic"}


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_files(SHIPPED))


def spec(content, stage: str, languages: tuple[str, ...], referents=None, **kw) -> PackSpec:
    return PackSpec(stage=stage, municipality="Cernusco sul Naviglio", istat_code="015070", languages=languages,
                    referents=ten_referents() if referents is None else referents, directory_version="2026.11.3",
                    content=content, printed_on=date(2026, 11, 25), **kw)


@pytest.mark.parametrize("code", household_codes())
def test_every_stage_in_every_language(content, code, tmp_path):
    specs = [spec(content, stage, (code,)) for stage in STAGES]
    pdf = render_packs(specs, Fonts())
    pages, used, embedded = pdf_fonts(pdf)
    assert pages >= 3 * len(STAGES)
    assert used == embedded, f"fonts not embedded: {used - embedded}"
    script = language(code).script
    assert FONT_OF[script] in embedded and "NotoSans-Regular" in embedded
    text = flat(pdftotext(pdf, tmp_path))
    if script in NO_TOFU_BY_EXTRACTION:
        assert "\ufffd" not in text  # pdftotext prints U+FFFD for a glyph the font lacks
    else:
        assert_covered(content, code)
    for stage in STAGES:
        assert flat(content.text("it", f"{stage}.title")[0]) in text  # the Italian version is always there
        if script in EXTRACTABLE:
            assert flat(content.text(code, f"{stage}.title")[0]) in text
    assert "02 8800 1200" in text and "ufficio3@comune.example.it" in text
    assert f"Versione dei testi {content.version}" in text and "25 novembre 2026" in text
    assert "Cernusco sul Naviglio" in text


def assert_covered(content, code: str) -> None:
    from app.leaflets.textflow import covers
    from app.leaflets.typeset import Scale, Typesetter

    ts = Typesetter(code, Fonts(), Scale.of(False))
    for key in content.structure.all_keys():
        for ch in content.text(code, key)[0]:
            assert covers(ts.regular, ch) or covers(ts.latin, ch), f"{code} {key}: no glyph for {ch!r}"


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_rtl_pack_keeps_phone_numbers_and_latin_runs_in_reading_order(content, code, tmp_path):
    referents = ten_referents()
    pdf = render_packs([spec(content, "accesso", (code,), referents)], Fonts())
    text = pdftotext(pdf, tmp_path).replace("\u00a0", " ")
    assert "\ufffd" not in text
    for r in referents:
        for phone in r.phones:
            assert phone in text, phone
        for email in r.emails:
            assert email in text
    # Numbers and citations come out in order, digit for digit, also in an Italian paragraph printed inside the
    # Arabic section because its translation is missing.
    arabic_section = flat(pdftotext(pdf, tmp_path).split(flat(content.text("it", "label.referents_title")[0]
                                                              .split("{")[0]))[0])
    assert "art. 608 c.p.c." in arabic_section


def test_rtl_paragraph_with_phone_email_and_time_range(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from app.leaflets.typeset import Scale, Typesetter

    ts = Typesetter("ar", Fonts(), Scale.of(False))
    out = tmp_path / "p.pdf"
    line = "اتصل بالرقم 02\u00a08845\u00a01234 أو اكتب إلى info@comune.milano.it من 9:00–12:00 (lunedì) اليوم."
    SimpleDocTemplate(str(out), pagesize=A4).build([ts.block("para", line), ts.block("bullet", line * 3)])
    text = pdftotext(out.read_bytes(), tmp_path)
    assert "\ufffd" not in text
    assert text.count("02 8845 1234") == 4
    assert text.count("info@comune.milano.it") == 4
    # pdftotext reorders right-to-left lines by its own rules: the order on the page is checked in test_bidi.py;
    # here every number and word must come out whole
    assert text.count("12:00") == 4 and text.count("9:00") >= 4
    assert text.count("lunedì") == 4


def test_demo_referents_mark_every_page(content, tmp_path):
    pdf = render_packs([spec(content, "precetto", ("en", "ar"), ten_referents(demo=True))], Fonts())
    pages = pdftotext(pdf, tmp_path).split("\f")[:-1]
    assert len(pages) >= 4
    assert all(DEMO_TEXT in page for page in pages)
    clean = render_packs([spec(content, "precetto", ("en",))], Fonts())
    assert DEMO_TEXT not in pdftotext(clean, tmp_path)


def test_missing_local_referents_get_metro_ones_and_a_note(content, tmp_path):
    referents = [referent("social_services", "Servizi sociali", scope="metro"),
                 referent("legal_aid", "Patrocinio", scope="metro")]
    pdf = render_packs([spec(content, "accesso", ("en",), referents)], Fonts())
    text = flat(pdftotext(pdf, tmp_path))
    # each metropolitan card standing in for the municipality says why, in both sections, in the section's language
    for code in ("en", "it"):
        reason = flat(content.paragraph(code, "label.fallback_reason", "Cernusco sul Naviglio")[0])
        assert text.count(reason) == 1, code
    # emergency housing (page 1) and the housing office (other contacts) have no referent, in both sections
    for code in ("en", "it"):
        assert text.count(flat(content.text(code, "label.no_referent")[0])) == 2


def test_qr_codes_only_when_urls_exist(content, tmp_path):
    with_urls = spec(content, "diffida", ("es",), municipality_url="https://www.comune.example.it/aiuto-casa",
                     directory_url="https://unep.example.it/referenti")
    text = flat(pdftotext(render_packs([with_urls], Fonts()), tmp_path))
    assert "unep.example.it/referenti" in text
    assert flat(content.text("it", "label.qr_directory")[0]) in text
    without = flat(pdftotext(render_packs([spec(content, "diffida", ("es",))], Fonts()), tmp_path))
    assert flat(content.text("it", "label.qr_directory")[0]) not in without


def test_two_household_languages_come_before_italian_and_large_print_is_larger(content, tmp_path):
    normal = spec(content, "intimazione", ("en", "uk"))
    pdf = render_packs([normal], Fonts())
    text = flat(pdftotext(pdf, tmp_path))
    en, uk = (text.index(flat(content.text(c, "intimazione.title")[0])) for c in ("en", "uk"))
    it = text.index(flat(content.text("it", "label.italian_version")[0]))
    assert en < uk < it
    large = render_packs([spec(content, "intimazione", ("en", "uk"), large_print=True)], Fonts())
    assert pdf_fonts(large)[0] > pdf_fonts(pdf)[0]


def test_copies_and_batch_in_one_pdf(content):
    single = pdf_fonts(render_packs([spec(content, "accesso", ("ro",))], Fonts()))[0]
    batch = render_packs([spec(content, "accesso", ("ro",), copies=2), spec(content, "diffida", ("sq",))], Fonts())
    assert pdf_fonts(batch)[0] > 2 * single


def test_language_card_is_one_page_with_every_language(content, tmp_path):
    pdf = render_language_card(content, Fonts(), tuple(["it", *household_codes()]))
    pages, used, embedded = pdf_fonts(pdf)
    assert pages == 1 and used == embedded
    assert {FONT_OF[s] for s in FONT_OF} <= embedded
    text = pdftotext(pdf, tmp_path)
    for name in ("English", "Français", "Español", "Tagalog", "Română", "Українська", "Shqip", "中文"):
        assert name in text


def test_language_card_numbers_the_languages_as_the_screen_does(content, tmp_path):
    """The household points at a cell, the bailiff types the key printed in it: keys in the content order, 0 Italian."""
    codes = tuple(["it", *household_codes()])
    text = pdftotext(render_language_card(content, Fonts(), codes), tmp_path, layout=True)
    keys = re.findall(r"(?<!\S)([0-9A-Z])(?= )", text)
    assert keys == [language(c).key for c in codes] == list("0123456789ABCDE")
    for code in ("en", "ro", "uk", "sq", "ru"):  # Latin and Cyrillic names come back as written: key, then the name
        assert re.search(rf"(?<!\S){language(code).key} +{language(code).native_name}", text)
    # a language missing from the card (its font is gone) leaves a gap: the others keep their keys
    without_tamil = pdftotext(render_language_card(content, Fonts(), tuple(c for c in codes if c != "ta")), tmp_path,
                              layout=True)
    assert re.findall(r"(?<!\S)([0-9A-Z])(?= )", without_tamil) == list("01234567" "9ABCDE")


def test_page_one_pictures(content, artifacts, tmp_path):
    """Page 1 of four scripts as PNG in test-artifacts/ (looked at by a person before release)."""
    for code in ("ar", "bn", "zh_Hans", "si"):
        pdf = tmp_path / f"pack-{code}.pdf"
        pdf.write_bytes(render_packs([spec(content, "accesso", (code,), ten_referents(demo=True))], Fonts()))
        target = artifacts / f"leaflet-{code}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                       check=True)
        png = target.with_suffix(".png")
        assert png.stat().st_size > 10_000
        assert re.match(rb"\x89PNG", png.read_bytes()[:4])


def test_duplex_batch_starts_every_pack_on_a_front_page(content, tmp_path):
    specs = [spec(content, "diffida", ("en",), copies=2), spec(content, "accesso", ("ro",))]
    pdf = render_packs(specs, Fonts(), duplex=True)
    pages = pdftotext(pdf, tmp_path).split("\f")[:-1]
    starts = [i for i, page in enumerate(pages) if page.lstrip().startswith(("English", "Română"))]
    assert len(starts) == 3
    assert all(i % 2 == 0 for i in starts), starts  # 0-based: page 1, 3, 5... are front sides
    plain = render_document(specs, Fonts()).pages
    per_pack = [sum(1 for p in plain if p.pack == n) for n in range(3)]
    blanks = sum(count % 2 for count in per_pack[:-1])  # a pack with an odd number of pages gets a blank back
    duplex = render_document(specs, Fonts(), duplex=True).pages
    assert len(pages) == len(plain) + blanks == len(duplex)
    assert sum(p.blank for p in duplex) == blanks


def _runs(pdf: bytes, page: int = 0) -> list[tuple[str, str]]:
    """(font name, text) of each text run on a page, in drawing order (pypdf's visitor)."""
    import io

    from pypdf import PdfReader

    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            runs.append((str(font.get("/BaseFont", "")).split("+")[-1], text))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("stage", STAGES)
def test_italian_pack_opens_with_the_action_box_then_the_layers_then_the_contacts(content, stage, tmp_path):
    pdf = render_packs([spec(content, stage, ())], Fonts())
    pages = pdftotext(pdf, tmp_path).split("\f")
    first = flat(pages[0])
    assert first.startswith("Testo in italiano · Cernusco sul Naviglio " + flat(content.text("it", f"{stage}.title")[0]))
    deadline, steps = content.structure.box(stage)
    deadline_text = flat(content.paragraph("it", deadline.key)[0])
    # page 1, in this order: the box heading, the deadline, the numbered steps, then whom to call
    order = [first.index("Cosa fare adesso"), first.index(deadline_text)]
    order += [first.index(f"{n} {flat(content.paragraph('it', step.key)[0])[:30]}")
              for n, step in enumerate(steps, 1)]
    order.append(first.index(flat(content.text("it", "label.call_first")[0])))
    assert order == sorted(order)
    # then the layers, the other contacts after rights and help, and the glossary and legal basis last
    text = flat(pdftotext(pdf, tmp_path, raw=True))  # the explanations are in two columns: read them in order
    marks = [flat(content.text("it", key)[0]) for key in (
        "label.call_first", "common.h_what", "common.h_next", "common.h_help", "label.other_contacts",
        "common.h_terms", "common.h_law")]
    positions = [text.index(m) for m in marks]
    assert positions == sorted(positions), list(zip(marks, positions, strict=True))
    # the deadline is set in bold, the steps are not; the steps' numbers are drawn in badges
    fonts = {}
    for font, run in _runs(pdf):
        fonts.setdefault(flat(run)[:20], font)
    assert fonts[deadline_text[:20]] == "NotoSans-Bold"
    assert {"1", "2"} <= {flat(r) for _, r in _runs(pdf)}
    # the box is drawn: a tinted rounded rectangle (#eef4fa) behind it
    import io

    from pypdf import PdfReader

    stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert ".933333 .956863 .980392 rg" in stream


def test_a_household_section_keeps_glossary_terms_in_italian(tmp_path):
    files = shipped_files(SHIPPED)
    # a paragraph the catalog does not translate (yet): the English catalog is complete, so one is emptied here
    files["en.po"], emptied = re.subn(r'(msgctxt "intimazione\.deadline"\nmsgid "[^"]*"\nmsgstr )"[^"]*"', r'\1""',
                                      files["en.po"])
    assert emptied == 1
    partial = load_content(files)
    pdf = render_packs([spec(partial, "intimazione", ("en",))], Fonts())
    english = flat(pdftotext(pdf, tmp_path).split("Testo in italiano")[0])
    assert english.startswith("English")
    assert flat(partial.text("en", "common.h_what")[0]) == "What this document means"
    assert "What this document means" in english  # translated: printed in English
    # an untranslated paragraph falls back to Italian; glossary words stay Italian, explained in English
    assert flat(partial.paragraph("it", "intimazione.deadline")[0]) in english
    assert "convalida " + flat(partial.paragraph("en", "glossary.convalida")[0]) in english


def test_footer_says_page_n_of_m_the_stage_in_words_and_the_directory_date(content, tmp_path):
    specs = [spec(content, "avviso_sloggio", ("ar",)), spec(content, "diffida", ())]
    specs[0].directory_version = specs[1].directory_version = "20261130T195558352980Z"
    rendered = render_document(specs, Fonts())
    pages = pdftotext(rendered.pdf, tmp_path).split("\f")[:-1]
    first_pack = sum(1 for p in rendered.pages if p.pack == 0)
    second_pack = len(pages) - first_pack
    for n, page in enumerate(pages[:first_pack], 1):
        assert f"Pagina {n} di {first_pack}" in page
        assert "Preavviso di rilascio (avviso di sloggio)" in page and "avviso_sloggio" not in page
        assert "Elenco dei referenti del 30 novembre 2026" in page
    assert f"Pagina 1 di {second_pack}" in pages[first_pack]


def test_page_one_has_a_place_for_the_web_versions_qr_code_and_prints_nothing_without_it(content):
    import io

    from pypdf import PdfReader

    def rectangles(pdf: bytes) -> int:
        stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
        return len(re.findall(r"\sre\s", stream))

    plain = render_packs([spec(content, "accesso", ("en",))], Fonts())
    with_web = render_packs([spec(content, "accesso", ("en",), web_url="https://unep.example.it/f/abc")], Fonts())
    assert rectangles(with_web) > rectangles(plain) + 50  # the QR code's modules, beside the title


@pytest.mark.parametrize(("code", "label"), [("zh_Hans", "意大利语"), ("bn", "ইতালীয় ভাষায়")])
def test_hours_note_keeps_the_glyphs_of_its_translated_in_italian_mark(code, label, tmp_path):
    """A free-text hours note stays in Italian, marked "in italiano" in the household's language: the mark is
    set in the directory data's Latin font, so its Chinese or Bengali letters need the section's fonts after it."""
    from app.leaflets.textflow import glyph_audit
    from tests.leaflets.helpers import contact

    files = dict(shipped_files(SHIPPED))
    files[f"{code}.po"] = re.sub(r'(msgctxt "label\.in_italian"\nmsgid "[^"]*"\nmsgstr )"[^"]*"',
                                 lambda m: f'{m.group(1)}"{label}"', files[f"{code}.po"])
    planted = load_content(files)
    assert planted.paragraph(code, "label.in_italian")[0] == label
    office = contact("housing_office", "Ufficio casa", note="su appuntamento il pomeriggio")
    with glyph_audit() as missing:
        pdf = render_packs([spec(planted, "diffida", (code,), referents=[office])], Fonts())
    assert not [ch for _, ch, text in missing if label in text]
    if code == "zh_Hans":
        assert f"su appuntamento il pomeriggio ({label})" in flat(pdftotext(pdf, tmp_path))


def _two_unep_offices():
    from tests.leaflets.helpers import contact

    site = "https://unep.example.it/milano"
    return [contact("unep", "Ufficio esecuzioni", scope="metro", n=4, institution="UNEP presso la Corte d'Appello",
                    website=site),
            contact("unep", "Ufficio notificazioni", scope="metro", n=5, institution="UNEP presso la Corte d'Appello",
                    website=site)]


def test_two_offices_of_one_institution_share_one_card_each_under_its_name(content, tmp_path):
    """The UNEP's two offices (same service, same institution): one card, the institution once, each person under
    their office's name with their own phones, and the web address they share said once (a section was a card
    heading, a service line and a repeated web address longer than its two pages)."""
    from app.leaflets.card_model import Labels, other_cards

    offices = _two_unep_offices()
    cards = other_cards(Labels(content, "en", "Prova"), offices)
    assert len(cards) == 1
    joined = cards[0]
    assert joined.service == "UNEP presso la Corte d'Appello"
    assert [p.office for p in joined.people] == ["Ufficio esecuzioni", "Ufficio notificazioni"]
    assert joined.website == "https://unep.example.it/milano" and not any(p.website for p in joined.people)
    assert [p.address for p in joined.people] == ["Via Roma 5, Prova", "Via Roma 6, Prova"]  # not shared: each
    # large print keeps a card per office (its cards stand in rows of two)
    assert len(other_cards(Labels(content, "en", "Prova"), offices, join_offices=False)) == 2

    pdf = render_packs([spec(content, "accesso", ("en",), referents=offices)], Fonts())
    text = flat(pdftotext(pdf, tmp_path))
    english = text[:text.index(flat(content.text("it", "label.italian_version")[0]))]
    assert english.count("UNEP presso la Corte d'Appello") == 1   # the institution once, for both offices
    for r in offices:   # each office's name over its person, with its phones
        assert f"{r.service_label} {r.name}" in english
        assert all(p in english for p in r.phones)
    assert english.count("unep.example.it/milano") == 1


def test_the_directorys_qr_is_left_out_when_page_one_has_the_sites(content, tmp_path):
    """Page 1's code opens the municipality's updated contacts on the site: a second code to the site's front page
    would be a second way to the same cards, a quarter of a column long."""
    both = spec(content, "diffida", ("es",), municipality_url="https://www.comune.example.it/aiuto-casa",
                directory_url="https://unep.example.it/f", web_url="https://unep.example.it/f")
    text = flat(pdftotext(render_packs([both], Fonts()), tmp_path))
    assert flat(content.text("it", "label.qr_directory")[0]) not in text
    assert flat(content.text("it", "label.qr_municipality")[0]) in text
