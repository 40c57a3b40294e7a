"""The term base and the catalog rules (issue 13): each planted fault fails with the language, the block, the rule.

Faults are planted in a copy of the shipped texts (catalogs and ``termbase.toml``), then the check script runs
on it as the suite and a translator run it; the same catalogs offered by sync are refused, and the texts in
force stay. Assertions look at the planted block only: the shipped catalogs are being translated meanwhile.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.leaflets.catalog_check import CatalogReport, check_termbase, first_mentions
from app.leaflets.content import (
    ContentError,
    effective_content,
    load_content,
    replace_catalogs,
    shipped_files,
    validate_catalogs,
)
from app.leaflets.termbase import parse_termbase, words
from app.paths import install_root
from scripts import check_leaflet_catalogs as check

SHIPPED = install_root() / "i18n" / "leaflets"

# English names for the test only (the real ones are the translators' lines in termbase.toml).
EN_ACTS = {"diffida": "formal demand", "intimazione": "eviction summons", "precetto": "order to vacate",
           "preavviso": "notice of the access date", "accesso": "bailiff's visit"}


def set_term(folder: Path, concept: str, lang: str, term: str, forms: tuple[str, ...] = ()) -> None:
    """Write ``lang``'s line of ``[concept.<concept>]``, whatever it said before."""
    path = folder / "termbase.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[concept.{concept}]\n")
    end = text.find("\n[", start + 1)
    end = len(text) if end < 0 else end
    forms_toml = ", ".join(f'"{f}"' for f in forms)
    section, count = re.subn(rf"(?m)^{lang} = .*$", f'{lang} = {{ term = "{term}", forms = [{forms_toml}] }}',
                             text[start:end], count=1)
    assert count == 1, (concept, lang)
    path.write_text(text[:start] + section + text[end:], encoding="utf-8")


def set_message(folder: Path, lang: str, key: str, translation: str, *, fuzzy: bool = False) -> None:
    """Give ``key`` this translation in ``<lang>.po`` (not fuzzy unless asked), keeping its msgid."""
    path = folder / f"{lang}.po"
    entries = path.read_text(encoding="utf-8").split("\n\n")
    for i, entry in enumerate(entries):
        lines = entry.split("\n")
        if f'msgctxt "{key}"' not in lines:
            continue
        keep = [line for line in lines if not line.startswith(("#,", "#|"))]
        at = next(n for n, line in enumerate(keep) if line.startswith("msgstr"))
        escaped = translation.replace("\\", "\\\\").replace('"', '\\"')
        entries[i] = "\n".join([*keep[:at], *(["#, fuzzy"] if fuzzy else []), f'msgstr "{escaped}"'])
        if fuzzy:  # the flag goes before msgctxt
            body = entries[i].split("\n")
            body.remove("#, fuzzy")
            entries[i] = "\n".join(["#, fuzzy", *body])
        break
    else:
        raise AssertionError(f"{key} not in {lang}.po")
    path.write_text("\n\n".join(entries), encoding="utf-8")


PLANTED = ("en", "uk", "ar")  # the languages whose catalog and term-base lines the tests write from scratch


def empty_catalog(folder: Path, lang: str) -> None:
    """``<lang>.po`` as a new language starts: the template's messages, all untranslated, a valid header."""
    template = (folder / "leaflets.pot").read_text(encoding="utf-8")
    body = template[template.index('msgid ""'):]
    header, rest = body.split("\n\n", 1)
    kept = [line for line in header.split("\n") if not line.startswith(('"Last-Translator:', '"Language-Team:'))]
    fields = {"Last-Translator": "test", "Language": lang, "X-Review-Status": "draft",
              "X-Translator-Note": "test catalog"}
    header = "\n".join([*kept, *(f'"{name}: {value}\\n"' for name, value in fields.items())])
    (folder / f"{lang}.po").write_text(header + "\n\n" + rest, encoding="utf-8")


@pytest.fixture
def folder(tmp_path) -> Path:
    """The shipped texts with en, uk and ar catalogs and term-base lines emptied (the translators' real work
    changes meanwhile), then the English act names above."""
    target = tmp_path / "leaflets"
    shutil.copytree(SHIPPED, target)
    path = target / "termbase.toml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^({'|'.join(PLANTED)}) = {{ term = .*$", r'\1 = { term = "", forms = [] }', text)
    text = re.sub(rf"(?m)^({'|'.join(PLANTED)}) = {{ digits = .*$", r'\1 = { digits = "latn", stopwords = [] }',
                  text)
    path.write_text(text, encoding="utf-8")
    for lang in PLANTED:
        empty_catalog(target, lang)
    for concept, term in EN_ACTS.items():
        set_term(target, concept, "en", term)
    set_term(target, "rilascio", "en", "vacating", ("vacate",))
    set_term(target, "ufficiale_giudiziario", "en", "bailiff")
    set_term(target, "sfratto", "en", "eviction")
    set_term(target, "udienza", "en", "hearing")
    return target


def run(folder: Path, capsys) -> tuple[int, list[str]]:
    status = check.main(["--dir", str(folder), "--today", "2026-12-01"])
    out = capsys.readouterr().out
    return status, [line.removeprefix("ERRORE: ") for line in out.splitlines() if line.startswith("ERRORE: ")]


def errors_for(errors: list[str], file: str, key: str | None = None) -> list[str]:
    prefix = f"{file}, blocco {key}:" if key else f"{file}:"
    return [e for e in errors if e.startswith(prefix)]


def test_a_wrong_term_fails_naming_language_block_and_rule(folder, capsys):
    set_message(folder, "en", "precetto.title", "Demand to leave with the goods (atto di precetto)")
    status, errors = run(folder, capsys)
    assert status == 1
    assert errors_for(errors, "en.po", "precetto.title") == [
        "en.po, blocco precetto.title: il testo italiano dice «atto di precetto» (precetto): la traduzione deve "
        "usare «order to vacate» (regola: termine)",
        "en.po, blocco precetto.title: il testo italiano dice «rilascio» (rilascio): la traduzione deve usare "
        "«vacating» o una delle forme vacate (regola: termine)"]
    # the right terms, in any case and with the Italian name in brackets, pass
    set_message(folder, "en", "precetto.title", "Order to vacate (atto di precetto)")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "en.po", "precetto.title") == []


def test_inflected_forms_and_stems_count_as_the_term(folder, capsys):
    """Ukrainian declines nouns: the term base lists the stem, any ending matches."""
    set_term(folder, "udienza", "uk", "судове засідання", ("засіданн",))
    set_message(folder, "uk", "intimazione.help_date",
                "На засіданні можна попросити пізнішу дату: суддя враховує вашу ситуацію. Принесіть докази: "
                "діти, хвороби, вік, інвалідність.")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "uk.po", "intimazione.help_date") == []
    set_message(folder, "uk", "intimazione.help_date",
                "На слуханні можна попросити пізнішу дату: суддя враховує вашу ситуацію. Принесіть докази: "
                "діти, хвороби, вік, інвалідність.")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "uk.po", "intimazione.help_date") == [
        "uk.po, blocco intimazione.help_date: il testo italiano dice «udienza» (udienza): la traduzione deve usare "
        "«судове засідання» o una delle forme засіданн (regola: termine)"]


def test_one_word_for_two_acts_fails(folder, capsys):
    """The reviews' worst fault: uk "вимога" for the diffida and "виконавча вимога" for the precetto."""
    set_term(folder, "diffida", "uk", "вимога")
    set_term(folder, "precetto", "uk", "виконавча вимога")
    set_term(folder, "preavviso", "en", "eviction notice")
    set_term(folder, "intimazione", "en", "notice of eviction")
    status, errors = run(folder, capsys)
    assert status == 1
    assert ("termbase.toml: lingua uk: gli atti diffida («вимога») e precetto («виконавча вимога») hanno una parola "
            "in comune («вимога») (regola: nomi degli atti)") in errors
    assert ("termbase.toml: lingua en: gli atti intimazione («notice of eviction») e preavviso («eviction notice») "
            "hanno una parola in comune («notice») (regola: nomi degli atti)") in errors


def test_act_names_alike_by_inflection_or_a_shared_stem_fail(folder):
    text = (folder / "termbase.toml").read_text(encoding="utf-8")
    base = parse_termbase(text, load_content(shipped_files(folder)).household_codes)
    assert base.act_name_clashes("en") == []  # the fixture's five names are distinct
    set_term(folder, "diffida", "uk", "вимога")
    set_term(folder, "precetto", "uk", "виконавчі вимоги")  # another case of the same word
    set_term(folder, "diffida", "ar", "إنذار")
    set_term(folder, "precetto", "ar", "الإنذار التنفيذي")  # the same word with the article
    base = parse_termbase((folder / "termbase.toml").read_text(encoding="utf-8"),
                          load_content(shipped_files(folder)).household_codes)
    assert any("«вимога»" in p for p in base.act_name_clashes("uk"))
    assert any("«إنذار»" in p for p in base.act_name_clashes("ar"))
    # words of a name: grammatical words and short ones do not count; Chinese compares pairs of characters
    assert words("notice of the access date", {"the"}) == ["notice", "access", "date"]
    assert "催告" in words("执行催告书") and "催告" in words("催告函")


def test_the_first_mention_of_an_act_gives_the_italian_name_in_brackets(folder, capsys):
    content = load_content(shipped_files(folder))
    mentions = first_mentions(content.structure, content.master, content.termbase)
    # each stage's title names its act first; the diffida leaflet then names the intimazione in diffida.next,
    # the precetto leaflet the preavviso in precetto.next_notice, the avviso the accesso in its deadline
    assert mentions == {"diffida.title": ["diffida"], "diffida.next": ["intimazione"],
                        "intimazione.title": ["intimazione"], "precetto.title": ["precetto"],
                        "precetto.next_notice": ["preavviso"], "avviso_sloggio.title": ["preavviso"],
                        "avviso_sloggio.deadline": ["accesso"], "accesso.title": ["accesso"]}
    set_message(folder, "en", "diffida.title", "Formal demand to leave the home")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "en.po", "diffida.title") == [
        "en.po, blocco diffida.title: qui il foglio nomina per la prima volta l'atto diffida: dopo il nome nella "
        "lingua va il nome italiano tra parentesi, per esempio «(diffida)» (regola: nome italiano tra parentesi)"]
    set_message(folder, "en", "diffida.title", "Formal demand to leave the home (diffida)")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "en.po", "diffida.title") == []


def test_a_dropped_placeholder_fails(folder, capsys):
    set_message(folder, "en", "shared.referents", "The contacts for your town are in this leaflet. Call in the "
                "hours shown and say which act you received and on what date. If nobody answers, try the next one.")
    status, errors = run(folder, capsys)
    assert status == 1
    assert ("en.po, blocco shared.referents: segnaposto [] invece di ['municipality']; si stampa il paragrafo "
            "italiano (regola: segnaposto)") in errors


def test_a_changed_number_a_dropped_law_reference_and_foreign_digits_fail(folder, capsys):
    set_message(folder, "en", "intimazione.next_grace", "If you cannot pay at once, at the first hearing ask for a "
                "grace period (termine di grazia), with proof of your difficulties. It is at most 60 days.")
    set_message(folder, "en", "precetto.law", "Order to vacate (precetto): arts. 480 (at least 10 days), 481 (90 "
                "days), 482 (immediate eviction) and 605 c.p.c. Notice of the access date: art. 608 c.p.c. "
                "Agreement on the date: art. 608 c.p.c. Oppositions: arts. 615, 617 (20 days) and 624 c.p.c. Late "
                "opposition: art. 668 c.p.c. Date of vacating: art. 56 L. 392/1978.")
    set_message(folder, "ar", "intimazione.next_grace_120", "تصل إلى ١٢٠ يومًا فقط إذا لم يتجاوز التأخير في الدفع "
                "شهرين 2. وفقط إذا كان سببه البطالة أو المرض أو صعوبات خطيرة ظهرت بعد العقد.")
    status, errors = run(folder, capsys)
    assert status == 1
    assert ("en.po, blocco intimazione.next_grace: numeri mancanti o cambiati: ['90'] (regola: numeri)") in errors
    assert ("en.po, blocco precetto.law: riferimenti mancanti o cambiati: 608-bis (si scrivono come in italiano) "
            "(regola: riferimenti normativi)") in errors
    assert ("ar.po, blocco intimazione.next_grace_120: cifre arab: la base terminologica prevede «latn» per questa "
            "lingua (regola: cifre)") in errors
    # the digits rule is the term base's: with "arab" the same Arabic-Indic 120 is the number 120
    path = folder / "termbase.toml"
    path.write_text(re.sub(r'(?m)^ar = \{ digits = "latn"', 'ar = { digits = "arab"',
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    _, errors = run(folder, capsys)
    assert errors_for(errors, "ar.po", "intimazione.next_grace_120") == []


def test_invalid_gettext_fails(folder, capsys):
    path = folder / "en.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgctxt "label.phone"\nmsgid "Telefono"\nmsgstr "',
                                 'msgctxt "label.phone"\nmsgid "Telefono\nmsgstr "', 1), encoding="utf-8")
    status, errors = run(folder, capsys)
    assert status == 1
    gettext = errors_for(errors, "en.po")
    assert len(gettext) == 1 and gettext[0].startswith("en.po: catalogo non valido (")
    assert gettext[0].endswith("la lingua si stampa in italiano (regola: gettext)")


def test_a_repeated_msgctxt_fails(folder, capsys):
    path = folder / "fr.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '\nmsgctxt "label.phone"\nmsgid "Telefono"\nmsgstr "Téléphone"\n', encoding="utf-8")
    _, errors = run(folder, capsys)
    assert any(e.startswith("fr.po") and "(regola: gettext)" in e for e in errors)


def test_untranslated_and_fuzzy_messages_never_fail_an_incomplete_catalog(folder, capsys):
    """Translators at work: a fuzzy message with a wrong term prints in Italian, so it is not an error; the
    same text translated is."""
    set_message(folder, "en", "precetto.title", "Writ (atto di precetto)", fuzzy=True)
    _, errors = run(folder, capsys)
    assert errors_for(errors, "en.po", "precetto.title") == []
    content = load_content(shipped_files(folder))
    assert content.text("en", "precetto.title") == (content.master["precetto.title"], True)


def test_a_complete_catalog_needs_a_complete_term_base(folder):
    content = load_content(shipped_files(folder))
    base = content.termbase
    total = len(content.structure.all_keys())
    complete = CatalogReport("en", total, translated=total)
    incomplete = CatalogReport("en", total, translated=total - 1, empty=1)
    [done] = [f for f in check_termbase(base, {"en": complete}) if f.rule == "base terminologica"]
    assert done.error and "lingua en: mancano i termini di" in str(done) and "completa" in str(done)
    [working] = [f for f in check_termbase(base, {"en": incomplete}) if f.rule == "base terminologica"]
    assert not working.error and "catalogo ancora incompleto" in str(working)


def test_every_glossary_word_and_act_is_a_concept_of_the_shipped_term_base():
    content = load_content(shipped_files(SHIPPED))
    base = content.termbase
    assert base is not None
    assert set(content.structure.glossary) <= set(base.concepts)
    assert list(base.acts) == ["diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"]
    for concept in ("ufficiale_giudiziario", "udienza", "convalida", "termine_di_grazia", "patrocinio",
                    "servizi_sociali", "sap", "sat", "fondo", "isee", "ordine_avvocati"):
        assert concept in base.concepts and base.concepts[concept].note
    # a line per language of the content, in the translators' groups
    text = (SHIPPED / "termbase.toml").read_text(encoding="utf-8")
    section = text[text.index("[concept.diffida]"):text.index("[concept.intimazione]")]
    order = re.findall(r"(?m)^(\w+) = \{", section)
    assert order == ["ar", "ur", "fr", "es", "en", "zh_Hans", "bn", "si", "ta", "uk", "ro", "sq", "tl", "ru"]
    assert sorted(order) == sorted(content.household_codes)


def test_a_term_base_line_for_an_unknown_language_or_a_too_short_form_is_refused(folder):
    languages = load_content(shipped_files(folder)).household_codes
    text = (folder / "termbase.toml").read_text(encoding="utf-8")
    with pytest.raises(ContentError, match=r"«xx» non è una lingua di content.toml"):
        parse_termbase(re.sub(r"(?m)^ru = \{ term = .*$", 'xx = { term = "ab", forms = [] }', text, count=1),
                       languages)
    set_term(folder, "udienza", "ar", "جلسة", ("ج",))
    with pytest.raises(ContentError, match="forma «ج» troppo corta"):
        parse_termbase((folder / "termbase.toml").read_text(encoding="utf-8"), languages)


def test_a_synced_catalog_that_breaks_a_rule_is_refused_and_the_previous_stays(ctx, folder):
    set_message(folder, "en", "precetto.title", "Order to vacate (atto di precetto)")
    good = shipped_files(folder)
    validate_catalogs(good)
    with ctx.sessions.begin() as session:
        replace_catalogs(session, good)
    set_message(folder, "en", "precetto.title", "Demand to leave (atto di precetto)")
    bad = shipped_files(folder)
    with pytest.raises(ContentError, match=r"en.po, blocco precetto.title: .*\(regola: termine\)"):
        validate_catalogs(bad, known_good=good)
    with ctx.sessions.begin() as session, pytest.raises(ContentError, match="regola: termine"):
        replace_catalogs(session, bad)
    with ctx.sessions() as session:  # the texts in force are the previous good ones
        content = effective_content(session, SHIPPED)
        assert content.source == "sync" and content.files["en.po"] == good["en.po"]
        assert content.text("en", "precetto.title") == ("Order to vacate (atto di precetto)", False)


def test_a_new_term_base_checks_again_the_catalogs_known_to_be_good(folder):
    """Catalogs identical to the shipped ones are not parsed again, unless the bundle changes the term base."""
    set_message(folder, "en", "precetto.title", "Order to vacate (atto di precetto)")
    good = shipped_files(folder)
    validate_catalogs(good, known_good=good)
    set_term(folder, "precetto", "en", "writ of possession")
    new_base = {**good, "termbase.toml": (folder / "termbase.toml").read_text(encoding="utf-8")}
    with pytest.raises(ContentError, match=r"en.po, blocco precetto.title: .*«writ of possession»"):
        validate_catalogs(new_base, known_good=good)


def test_a_bundle_from_a_publisher_without_term_base_meets_this_program_s(folder):
    """An older publisher's bundle has no termbase.toml: its catalogs are checked with the installed term base
    (its lines for languages the bundle lacks left aside), not let through unchecked and not refused whole."""
    set_message(folder, "en", "precetto.title", "Order to vacate (atto di precetto)")
    installed = shipped_files(folder)
    older = {name: text for name, text in installed.items() if name != "termbase.toml"}
    validate_catalogs(older, known_good=installed)
    set_message(folder, "en", "precetto.title", "Demand to leave (atto di precetto)")
    older = {name: text for name, text in shipped_files(folder).items() if name != "termbase.toml"}
    with pytest.raises(ContentError, match="regola: termine"):
        validate_catalogs(older, known_good=installed)


def test_a_control_character_fails_the_check_script_naming_file_and_line(folder, capsys):
    """The translators' check finds what the sync refuses: an ESC pasted into a translation, msgfmt's \\033."""
    set_message(folder, "en", "precetto.title", "Order to vacate (atto di precetto)\x1b[0m")
    set_message(folder, "uk", "precetto.title", "MARKER")
    uk = folder / "uk.po"
    uk.write_text(uk.read_text(encoding="utf-8").replace('msgstr "MARKER"', 'msgstr "\\033[1m"'), encoding="utf-8")

    def line_of(lang: str, needle: str) -> int:
        text = (folder / f"{lang}.po").read_text(encoding="utf-8")
        return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)

    status, errors = run(folder, capsys)
    assert status == 1
    assert (f"en.po: riga {line_of('en', chr(27))}: carattere di controllo non ammesso (U+001B) "
            "(regola: caratteri di controllo)") in errors, errors
    assert any(e.startswith(f"uk.po: riga {line_of('uk', '033[1m')}: sequenza «\\033» non ammessa")
               for e in errors), errors
