"""The text engine on its own: fonts per character cluster, Chinese line breaking, addresses and phones that
break only where they may, hours and phone labels in the household's language."""

from __future__ import annotations

import pytest

from app.leaflets.cards import breakable, localized_hours
from app.leaflets.fonts import Fonts
from app.leaflets.textflow import (
    NO_LINE_END,
    NO_LINE_START,
    TextBlock,
    assign_fonts,
    clusters,
    glyph_audit,
    layout,
    prepare,
)
from app.leaflets.typeset import Scale, typesetter


@pytest.fixture(scope="module")
def fonts():
    return Fonts()


@pytest.mark.parametrize(("code", "word", "italian"), [
    ("bn", "territoriale-এর", "territoriale-"),
    ("ta", "Milano-க்கும்", "Milano-"),
    ("bn", "sloggio-ও", "sloggio-"),
])
def test_a_word_mixing_italian_and_an_indic_suffix_gets_each_part_its_own_font(fonts, code, word, italian):
    """M1 of the review: the Italian part (and its hyphen) in the Latin font, the suffix in the Indic font."""
    ts = typesetter(code, fonts, Scale.of(False))
    parts = clusters(word)
    chosen = assign_fonts(parts, (ts.regular, ts.latin), ts.latin)
    split = len(clusters(italian))
    assert set(chosen[:split]) == {ts.latin}
    assert set(chosen[split:]) == {ts.regular}
    style = ts.style(10)
    prepared = prepare(f"Ambito {word} ok", style)
    assert prepared.missing == ()
    with glyph_audit() as missing:
        block = TextBlock(f"Ambito {word} ok", style)
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas("/dev/null")
        block.wrapOn(canvas, 300, 100)
        block.drawOn(canvas, 0, 0)
    assert missing == []


def test_chinese_lines_follow_the_kinsoku_rules(fonts):
    ts = typesetter("zh_Hans", fonts, Scale.of(False))
    style = ts.style(10)
    text = "在上门执行之前，您会收到通知。请注意：（重要）期限很短！请立即联系社会服务部门，并保留所有文件。" * 3
    prepared = prepare(text, style)
    for width in (61, 83, 97, 120, 143):
        lines = ["".join(p.text for p in line) for line in layout(prepared, width, style.size, style.latin)]
        assert len(lines) > 2
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (width, line)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (width, line)


def test_an_email_breaks_only_after_at_sign_dot_or_slash(fonts):
    ts = typesetter("it", fonts, Scale.of(False))
    style = ts.latin_style(9)
    email = "ufficio.emergenza.abitativa.e.politiche.sociali.sostegno@comune.esempio-lungo.it"
    lines = ["".join(p.text for p in line) for line in layout(prepare(breakable(email), style), 90, 9, style.latin)]
    assert len(lines) > 1 and "".join(lines) == email
    assert all(line[-1] in "@./" for line in lines[:-1]), lines


def test_a_phone_number_with_no_break_spaces_stays_on_one_line(fonts):
    ts = typesetter("it", fonts, Scale.of(False))
    style = ts.latin_style(10)
    text = "Chiamare il numero 02\u00a08845\u00a01234 oggi stesso, oppure il 333\u00a0100\u00a04000 domani"
    from app.leaflets.textflow import text_width

    narrowest = max(text_width("02\u00a08845\u00a01234", style), text_width("333\u00a0100\u00a04000", style))
    for width in range(int(narrowest) + 1, 240, 7):
        for line in layout(prepare(text, style), width, 10, style.latin):
            joined = "".join(p.text for p in line)
            assert ("8845" in joined) == ("02\u00a08845\u00a01234" in joined)
            assert ("333" in joined) == ("333\u00a0100\u00a04000" in joined)


def test_opening_hours_use_cldr_day_names_of_the_household_language():
    slots = (((0, 1, 2, 3, 4), "09:00", "12:00"), ((1, 3), "14:00", "16:30"))
    assert localized_hours(slots, "it") == "lunedì–venerdì 9:00–12:00; martedì e giovedì 14:00–16:30"
    assert localized_hours(slots, "en") == "Monday–Friday 9:00–12:00; Tuesday and Thursday 14:00–16:30"
    arabic = localized_hours(slots, "ar")
    assert "الاثنين" in arabic and "الجمعة" in arabic


def test_time_ranges_read_left_to_right_in_arabic_and_urdu():
    """Left alone, UAX #9 sets "14:00–16:30" in right-to-left text as "16:30–14:00": each range is isolated."""
    from bidi import get_display

    slots = (((0, 1, 2, 3, 4), "09:00", "12:00"), ((1, 3), "14:00", "16:30"))
    for code in ("ar", "ur"):
        shown = get_display(localized_hours(slots, code), base_dir="R")
        assert "9:00–12:00" in shown and "14:00–16:30" in shown, (code, shown)
        assert "12:00–9:00" not in shown and "16:30–14:00" not in shown, code
    assert "\u2066" not in localized_hours(slots, "it")  # left-to-right languages: nothing added


def test_phone_labels_come_from_the_numbering_plan():
    from app.directory.contacts import phone_kind

    assert phone_kind("02 8845 1234") == "fixed"
    assert phone_kind("333 100 4000") == "mobile"
    assert phone_kind("800 123 456") == "tollfree"
    assert phone_kind("02 8845 1234 interno 5 chiedere di Anna") == "other"


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_a_short_bracketed_italian_name_in_arabic_and_urdu_text_is_never_split(fonts, code):
    """Review m5: "(Ordine degli / Avvocati)" broken over two right-to-left lines leaves a lone mirrored bracket at
    each end. A bracketed Latin run of up to KEEP_BRACKETED characters goes to the next line whole."""
    ts = typesetter(code, fonts, Scale.of(False))
    style = ts.style(9)
    word = {"ar": "المحكمة", "ur": "عدالت"}[code]
    text = f"{word} {word} (patrocinio a spese dello Stato) {word} {word} (Ordine degli Avvocati) {word} {word}"
    prepared = prepare(text, style)
    broken = 0
    for width in range(150, 420, 7):  # each run fits a line of 150 pt at 9 pt
        for line in layout(prepared, width, style.size, style.latin):
            joined = "".join(p.text for p in line)
            broken += joined.count("(") != joined.count(")")
    assert broken == 0
    # a longer run (a title's double act name) may still break rather than overflow a narrow column
    long = f"{word} (preavviso di rilascio e avviso di sloggio per morosità) {word}"
    lines = layout(prepare(long, style), 150, style.size, style.latin)
    assert all(sum(p.width for p in line) <= 150.01 for line in lines)
