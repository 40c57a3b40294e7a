#!/usr/bin/env python3
"""Plain Italian, measured: Gulpease index and sentence lengths of every block of the leaflets.

Every block of every stage (and every label) is measured as the Italian master
prints it: placeholders filled (figures written in Italian, the municipality
"Milano"), a glossary line as "term: explanation". The rules, from issue 11:

  - every block scores Gulpease 60 or more;
  - no sentence has more than 20 words, except in a list of citations (kind "law").

Gulpease = 89 + (300 * sentences - 10 * letters) / words. How words, letters and
sentences are counted is written in app/leaflets/readability.py (words split on
white space, apostrophes and hyphens do not split; letters are alphabetic
characters only; a sentence ends at . ! ? before a capital, a digit or the end,
never after abbreviations such as "art." or "L."). Short labels score above 100:
the formula has no ceiling.

Usage:
    python scripts/readability.py [--dir i18n/leaflets] [--blocks]
Exit status 1 when a block breaks a rule; the offending blocks are listed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.leaflets.content import ContentError, load_content, shipped_files  # noqa: E402
from app.leaflets.readability import LABEL_GROUP, MAX_WORDS, MIN_GULPEASE, measure_content, score  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "i18n" / "leaflets")
    parser.add_argument("--blocks", action="store_true", help="una riga per ogni blocco")
    args = parser.parse_args(argv)
    try:
        content = load_content(shipped_files(args.dir))
    except ContentError as exc:
        print(f"ERRORE: {exc}")
        return 1
    scores = measure_content(content)
    print(f"Leggibilità dei testi {content.version} (Gulpease minimo {MIN_GULPEASE:.0f}, "
          f"al massimo {MAX_WORDS} parole per frase tranne le citazioni)")
    print(f"{'gruppo':<15} {'blocchi':>7} {'parole':>6} {'frasi':>5} {'più lunga':>9}  "
          f"{'Gulpease min-max':>16}  {'testo intero':>12}")
    failures = 0
    for group in dict.fromkeys(s.group for s in scores):
        mine = [s for s in scores if s.group == group]
        whole = score(" ".join(s.text for s in mine))
        low, high = min(s.score.gulpease for s in mine), max(s.score.gulpease for s in mine)
        longest = max((n for s in mine if s.kind != "law" for n in s.score.lengths), default=0)
        overall = "-" if group == LABEL_GROUP else f"{whole.gulpease:.1f}"  # labels are not one text
        print(f"{group:<15} {len(mine):>7} {whole.words:>6} {len(whole.sentences):>5} {longest:>9}  "
              f"{low:>7.1f} - {high:<6.1f}  {overall:>12}")
        if args.blocks:
            for s in mine:
                print(f"    {s.key:<34} {s.kind:<8} {s.score.words:>4} parole, {len(s.score.sentences):>2} frasi, "
                      f"più lunga {s.score.longest:>2}, Gulpease {s.score.gulpease:.1f}")
    for s in scores:
        for problem in s.problems:
            failures += 1
            where = "etichetta" if s.group == LABEL_GROUP else f"fase {s.group}"
            print(f"ERRORE: {where}, blocco {s.key}: {problem}")
    print(f"{len(scores)} blocchi misurati, {failures} errori")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
