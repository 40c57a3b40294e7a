"""Plain language, measured: the counting rules on hand-checked examples, and the shipped texts pass."""

from __future__ import annotations

import pytest

from app.leaflets.readability import score, sentences, words
from app.paths import install_root
from scripts import readability as script

SHIPPED = install_root() / "i18n" / "leaflets"


def test_sentences_split_at_full_stops_but_not_after_legal_abbreviations():
    text = ("Artt. 657-669 c.p.c. (intimazione). Art. 55 L. 392/1978 (termine di grazia). Il limite è 13.659,64 "
            "euro. Vada! «Liberi» vuol dire così. Corte cost. n. 205/2021. Sigle: c.c. codice civile, L. legge.")
    assert sentences(text) == [
        "Artt. 657-669 c.p.c. (intimazione).", "Art. 55 L. 392/1978 (termine di grazia).",
        "Il limite è 13.659,64 euro.", "Vada!", "«Liberi» vuol dire così.", "Corte cost. n. 205/2021.",
        "Sigle: c.c. codice civile, L. legge."]
    assert sentences("Cosa fare adesso") == ["Cosa fare adesso"]  # a heading is one sentence


def test_words_and_letters_are_counted_as_documented():
    # apostrophes and hyphens do not split; numbers are words without letters; punctuation is no word
    assert words("Dell'udienza: artt. 657-669 – 13.659,64 euro.") == ["Dell'udienza:", "artt.", "657-669",
                                                                        "13.659,64", "euro."]
    counted = score("Vada all'udienza. Porti l'atto.")  # Vada + alludienza + Porti + latto = 4 + 10 + 5 + 5 letters
    assert (counted.words, counted.letters, len(counted.sentences)) == (4, 24, 2)
    # 89 + (300 * 2 - 10 * 24) / 4 = 89 + 90 = 179: short texts exceed 100, the formula has no ceiling
    assert counted.gulpease == pytest.approx(179.0)
    assert counted.lengths == (2, 2) and counted.longest == 2


def test_gulpease_of_a_known_paragraph():
    text = "Ha ricevuto un'intimazione di sfratto. Il proprietario chiede al giudice di riavere l'alloggio."
    counted = score(text)
    assert (counted.words, counted.letters, len(counted.sentences)) == (13, 79, 2)
    assert counted.gulpease == pytest.approx(89 + (600 - 790) / 13)


def test_every_shipped_block_is_plain_enough(capsys):
    """Gulpease 60 or more in every block, no sentence over 20 words except in citation lists."""
    assert script.main(["--dir", str(SHIPPED)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    for stage in ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"):
        assert stage in out
    assert "0 errori" in out


def test_the_script_names_the_block_that_fails(tmp_path, capsys):
    import shutil

    folder = tmp_path / "leaflets"
    shutil.copytree(SHIPPED, folder)
    pot = (folder / "leaflets.pot").read_text(encoding="utf-8")
    hard = ("Contestualmente all'instaurazione del procedimento, l'intimato, qualora intenda avvalersi della "
            "facoltà concessagli, provvederà tempestivamente alla predisposizione della documentazione "
            "giustificativa necessaria all'ottenimento dell'ammissione.")
    start = pot.index('msgctxt "precetto.what"')
    line = pot.index("msgid ", start)
    end = pot.index("\n", line)
    (folder / "leaflets.pot").write_text(pot[:line] + f'msgid "{hard}"' + pot[end:], encoding="utf-8")
    assert script.main(["--dir", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "ERRORE: fase precetto, blocco precetto.what: Gulpease" in out
    assert "frase di 21 parole (massimo 20)" in out
