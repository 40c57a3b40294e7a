"""Languages as data (content.toml ``languages``) and figures written the household's way (Babel/CLDR).

The names in the data must be CLDR's (Babel) so the card and the screen say what the household and the
bailiff expect; each script must have a bundled font that really draws it (Russian and Ukrainian: Noto Sans's
Cyrillic); figures come out of Babel in each language's format, Latin digits unless the term base chooses
another system, Italian formats in the Italian text.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from babel import Locale

from app.leaflets import languages
from app.leaflets.content import load_content, shipped_files
from app.leaflets.fonts import FAMILIES, Fonts
from app.leaflets.languages import SCRIPT_FONTS, LanguageError, parse_languages
from app.leaflets.termbase import parse_rules, parse_termbase
from app.paths import install_root

SHIPPED = install_root() / "i18n" / "leaflets"
LANGUAGE_CODES = ("ar", "ur", "fr", "es", "en", "ro", "sq", "zh_Hans", "bn", "si", "ta", "uk", "ru", "tl")
# A sample of each ISO 15924 script's letters, for the font check.
SAMPLES = {"Latn": "ĂăÂâÎîȘșȚțËëÇçÑñÁáÉé", "Cyrl": "АБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяʼ’",
           "Arab": "ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژکگںھہۓے", "Hans": "驱逐通知书执行催告", "Beng": "অআইঈউকখগঘ",
           "Sinh": "අආඇඈඉකඛගඝ", "Taml": "அஆஇஈஉகஙசஞட"}


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_files(SHIPPED))


def test_fifteen_languages_in_card_order_italian_first_russian_last(content):
    codes = [lang.code for lang in content.languages]
    assert codes == ["it", "en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ta", "ro", "uk", "bn", "sq", "ur", "ru"]
    assert [lang.key for lang in content.languages] == list("0123456789ABCDE")
    assert languages.codes() == tuple(codes) and languages.code_for_key("e") == "ru"
    russian = content.language("ru")
    assert (russian.native_name, russian.italian_name, russian.iso_script, russian.script, russian.rtl) == (
        "Русский", "russo", "Cyrl", "latin", False)
    assert [lang.code for lang in content.languages if lang.rtl] == ["ar", "ur"]
    assert languages.parse_codes("RU, zh, fil") == ["ru", "zh_Hans", "tl"]


def test_names_are_cldr_s(content):
    """The data repeats CLDR so that a language arriving by sync needs no Babel data; they must agree."""
    for lang in content.languages:
        locale = Locale.parse(lang.babel_locale)
        if lang.code == "tl":  # Babel calls it Filipino; households from the Philippines say Tagalog
            assert lang.babel_locale == "fil" and lang.native_name == "Tagalog"
            continue
        native = locale.display_name
        assert lang.native_name == (native if lang.code == "zh_Hans" else native[:1].upper() + native[1:]), lang.code
        assert lang.italian_name == locale.get_display_name("it"), lang.code
        assert lang.direction == ("rtl" if locale.character_order == "right-to-left" else "ltr"), lang.code


def test_every_script_in_the_data_is_drawn_by_a_bundled_font(content):
    """Noto Sans covers Cyrillic: Russian (and Ukrainian) use the Latin family, with no extra font."""
    fonts = Fonts()
    assert set(SCRIPT_FONTS.values()) <= set(FAMILIES)
    for script, family in SCRIPT_FONTS.items():
        for name in fonts.ensure(family):  # regular and bold
            face = fonts.face(name)
            missing = [ch for ch in SAMPLES[script] if ord(ch) not in face.charToGlyph]
            assert not missing, (script, name, missing)
    for lang in content.languages:
        face = fonts.face(fonts.ensure(lang.script)[0])
        drawn = [ch for ch in lang.native_name if unicodedata.category(ch)[0] == "L"]
        assert all(ord(ch) in face.charToGlyph for ch in drawn), lang.code


@pytest.mark.parametrize("entry, message", [
    ({"code": "Russian", "native": "Русский", "italian": "russo", "script": "Cyrl"}, "codice «Russian» non valido"),
    ({"code": "hi", "native": "हिन्दी", "italian": "hindi", "script": "Deva"}, "nessun carattere installato"),
    ({"code": "ru", "native": "", "italian": "russo", "script": "Cyrl"}, "manca «native»"),
    ({"code": "ru", "native": "Русский", "italian": "russo", "script": "Cyrl", "direction": "up"}, "direzione"),
    ({"code": "ru", "native": "Русский", "italian": "russo", "script": "Cyrl", "flag": "x"}, "campo non previsto"),
    ({"code": "en", "native": "English", "italian": "inglese", "script": "Latn"}, "ripetuta"),
])
def test_a_bad_language_entry_is_refused_in_italian(entry, message):
    base = [{"code": "it", "native": "Italiano", "italian": "italiano", "script": "Latn"},
            {"code": "en", "native": "English", "italian": "inglese", "script": "Latn"}]
    with pytest.raises(LanguageError, match=message):
        parse_languages([*base, entry])


def test_italian_comes_first_and_holds_key_0():
    with pytest.raises(LanguageError, match="la prima lingua deve essere l'italiano"):
        parse_languages([{"code": "en", "native": "English", "italian": "inglese", "script": "Latn"}])


def test_figures_are_written_for_each_language_with_latin_digits(content):
    expected = {  # CLDR through Babel; whole amounts without cents, amounts with cents with them
        "it": ("26.000 euro", "13.659,64 euro", "novembre 2026"),
        "en": ("26,000 euros", "13,659.64 euros", "November 2026"),
        "fr": ("26\u202f000 euros", "13\u202f659,64 euros", "novembre 2026"),
        "ar": ("26,000 يورو", "13,659.64 يورو", "نوفمبر 2026"),
        "ur": ("26,000 یورو", "13,659.64 یورو", "نومبر 2026"),
        "zh_Hans": ("26,000欧元", "13,659.64欧元", "2026年11月"),
        "bn": ("26,000 ইউরো", "13,659.64 ইউরো", "নভেম্বর 2026"),
        "si": ("යුරෝ26,000", "යුරෝ13,659.64", "2026 ඉල්"),
        "ta": ("26,000 யூரோக்கள்", "13,659.64 யூரோக்கள்", "நவம்பர் 2026"),
        "ru": ("26\xa0000 евро", "13\xa0659,64 евро", "ноябрь 2026\u202fг."),
        "tl": ("26,000 euro", "13,659.64 euros", "Nobyembre 2026"),
        "es": ("26.000 euros", "13.659,64 euros", "noviembre de 2026"),
        "uk": ("26\xa0000 євро", "13\xa0659,64 євро", "листопад 2026\u202fр."),
    }
    for code, (isee, legal_aid, month) in expected.items():
        values = content.values(code, "Rho")
        assert (values["fmi_isee_limit"], values["legal_aid_income_limit"], values["figures_checked"]) == (
            isee, legal_aid, month), code
        assert values["municipality"] == "Rho"
    for lang in content.languages:  # every language, Latin digits and the same amounts
        values = content.values(lang.code)
        for name in ("fmi_isee_limit", "fmi_ise_limit", "sap_isee_limit", "legal_aid_income_limit"):
            digits = re.sub(r"\D", "", values[name])
            assert digits.isascii() and digits in ("26000", "35000", "16000", "1365964"), (lang.code, name)


def test_a_language_may_choose_its_digits_in_the_term_base():
    files = shipped_files(SHIPPED)
    rules = {"ar": "arab", "ur": "arabext", "bn": "beng", "ta": "tamldec"}
    text = files["termbase.toml"]
    for code, digits in rules.items():
        text, count = re.subn(rf'(?m)^{code} = \{{ digits = "\w+"', f'{code} = {{ digits = "{digits}"', text)
        assert count == 1
    content = load_content({**files, "termbase.toml": text})
    assert content.values("ar")["fmi_isee_limit"] == "٢٦٬٠٠٠ يورو"
    assert content.values("ar")["legal_aid_income_limit"] == "١٣٬٦٥٩٫٦٤ يورو"
    assert content.values("ar")["figures_checked"] == "نوفمبر ٢٠٢٦"
    assert content.values("ur")["fmi_isee_limit"] == "۲۶٬۰۰۰ یورو"
    assert content.values("bn")["fmi_isee_limit"] == "২৬,০০০ ইউরো"
    assert content.values("ta")["fmi_isee_limit"] == "௨௬,௦௦௦ யூரோக்கள்"
    assert content.values("it")["fmi_isee_limit"] == "26.000 euro"  # the Italian copy keeps Italian formats


def test_the_italian_paragraph_standing_in_keeps_italian_figures():
    files = shipped_files(SHIPPED)
    files.pop("bn.po")  # no Bengali catalog: every Bengali paragraph prints in Italian
    content = load_content(files)
    text, fell_back = content.paragraph("bn", "shared.fund_conditions")
    assert fell_back and "26.000 euro" in text and "35.000 euro" in text


def test_a_language_whose_cldr_data_the_build_lacks_is_printed_with_italian_figures():
    """The bundle keeps Babel's data for the shipped languages only (build.spec): a language arriving by sync with
    a locale the install lacks must still print (Italian figures and dates), not fail on an unknown locale."""
    files = shipped_files(SHIPPED)
    text, count = re.subn(r'(\{ code = "ru",[^}]*)\}', r'\1, babel = "xx" }', files["content.toml"])
    assert count == 1
    content = load_content({**files, "content.toml": text})
    assert content.language("ru").babel_locale == "xx" and languages.cldr_locale("xx") == "it"
    assert content.values("ru")["fmi_isee_limit"] == content.values("it")["fmi_isee_limit"] == "26.000 euro"
    assert content.values("ru")["figures_checked"] == content.values("it")["figures_checked"]
    assert languages.cldr_locale("fil") == "fil"  # a locale the build carries is used as it is


@pytest.mark.parametrize("layout", ["section", "dotted", "subtables", "last", "string_with_bracket"])
def test_the_digits_rule_read_alone_is_the_whole_term_base_s(layout):
    """Printing reads only ``[rules]`` (the whole file costs a tenth of a command-line pack): however the table
    is written, the answer is the one the full parse gives."""
    text = shipped_files(SHIPPED)["termbase.toml"]
    text = re.sub(r'(?m)^bn = \{ digits = "\w+"', 'bn = { digits = "beng"', text)
    start = text.index("[rules]\n")
    end = text.index("\n[", start) + 1
    section, rest = text[start:end], text[:start] + text[end:]
    lines = [line for line in section.splitlines()[1:] if line and not line.startswith("#")]
    if layout == "section":
        text = rest[:start] + section + rest[start:]
    elif layout == "dotted":
        text = "\n".join(f"rules.{line}" for line in lines) + "\n" + rest
    elif layout == "subtables":
        text = rest + "".join(f"\n[rules.{line.split(' = ', 1)[0]}]\n" + _inline_to_lines(line) for line in lines)
    elif layout == "last":
        text = rest + "\n" + section
    else:  # a multi-line string in the section holding a line that starts with "["
        text = rest[:start] + section.replace("[rules]\n", '[rules]\nzz_note = """\n[non una tabella]\n"""\n') \
            + rest[start:]
    full = parse_termbase(text, LANGUAGE_CODES, other_languages="ignore").rules
    assert parse_rules(text, LANGUAGE_CODES) == full
    assert full["bn"].digits == "beng" and full["ar"].digits == "latn"


def _inline_to_lines(line: str) -> str:
    body = line.split(" = ", 1)[1].strip()[1:-1]
    digits, stopwords = body.split(", stopwords = ")
    return f"{digits.strip()}\nstopwords = {stopwords.strip()}\n"
