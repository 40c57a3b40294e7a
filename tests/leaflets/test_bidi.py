"""The Unicode Bidirectional Algorithm from python-bidi, as the leaflets use it: levels per paragraph, L2 per line."""

from __future__ import annotations

from app.leaflets.bidi import embedding_levels, mirrored, reorder


def visual(text: str) -> str:
    """The line as drawn from left to right: runs of one level reordered, right-to-left runs reversed and
    mirrored (what HarfBuzz does for Arabic letters, here done for every character to read it as a string)."""
    levels = embedding_levels(text, True)
    runs: list[tuple[str, int]] = []
    for ch, level in zip(text, levels, strict=True):
        if runs and runs[-1][1] == level:
            runs[-1] = (runs[-1][0] + ch, level)
        else:
            runs.append((ch, level))
    return "".join(mirrored(t) if lv % 2 else t for t, lv in reorder(runs, [lv for _, lv in runs]))


def test_phone_number_with_no_break_spaces_keeps_its_order_between_arabic_words():
    # A no-break space is a common separator (CS): between digits it joins them into one number (rule W4).
    assert visual("اتصل 02\u00a08845\u00a01234 الآن") == "نآلا 02\u00a08845\u00a01234 لصتا"
    # With plain spaces each group is a number of its own, read right to left: why the cards use no-break spaces.
    assert visual("اتصل 02 8845 1234 الآن") == "نآلا 1234 8845 02 لصتا"


def test_paired_brackets_take_the_direction_of_their_context():
    # M7 of the review: the hand-written rule printed "art. 481 c.p.c. (90" as one run. Rule N0: a pair enclosing
    # Latin after Urdu takes the paragraph's direction, so "90" stays beside the Urdu word for days.
    shown = visual("کرایہ (art. 481 c.p.c.) 90 دن")
    assert "art. 481 c.p.c" in shown
    assert shown.index("90") < shown.index("art. 481")
    assert shown.count("(") == 1 and shown.count(")") == 1


def test_bracket_around_latin_after_urdu_does_not_swallow_the_next_latin_word():
    shown = visual("عوامی رہائش (servizi abitativi pubblici، SAP): ISEE")
    assert shown == "ISEE :(servizi abitativi pubblici، SAP) شئاہر یماوع"  # ISEE outside the brackets


def test_levels_are_per_character_and_latin_only_text_needs_no_call():
    assert embedding_levels("ciao (mondo)", False) == (0,) * len("ciao (mondo)")
    levels = embedding_levels("اسم (art. 481) يوما", True)
    assert len(levels) == len("اسم (art. 481) يوما")
    assert levels[0] == 1 and levels[5] == 2


def test_reorder_reverses_nested_runs():
    assert reorder(["a", "b", "c"], [1, 2, 2]) == ["b", "c", "a"]
