"""The two-level bidi rule on its own: what a right-to-left line looks like from left to right."""

from __future__ import annotations

from app.leaflets.bidi import LTR, NEUTRAL, RTL, Run, split_runs, visual_order


def line(text: str) -> list[Run]:
    runs: list[Run] = []
    for number, word in enumerate(text.split(" ")):
        if number:
            runs.append(Run(" ", NEUTRAL))
        runs.extend(split_runs(word))
    return runs


def visual(text: str) -> str:
    return "".join(run.visual_text(level) if run.direction != RTL else f"<{run.text}>"
                   for run, level in visual_order(line(text)))


def test_phone_number_keeps_its_order_between_arabic_words():
    assert visual("اتصل 02 8845 1234 الآن") == "<الآن> 02 8845 1234 <اتصل>"


def test_email_time_range_and_bracketed_latin():
    expected = "<اليوم.> 9:00–12:00 (lunedì) <من> info@comune.milano.it <اكتب>"
    assert visual("اكتب info@comune.milano.it من 9:00–12:00 (lunedì) اليوم.") == expected


def test_latin_in_brackets_after_arabic_reads_correctly():
    assert visual("إنذار (diffida)") == "(diffida) <إنذار>"


def test_runs_split_by_direction():
    runs = split_runs("بالرقم:02")
    assert [r.direction for r in runs] == [RTL, LTR]
    assert split_runs("1234.")[-1].direction == NEUTRAL  # the full stop belongs to the sentence, not the number
