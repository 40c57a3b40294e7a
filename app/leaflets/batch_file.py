"""A round of packs written in a file, for ``pack --batch``: one process for the whole round.

A command-line pack costs about a second of start-up (Python, SQLAlchemy, ReportLab, the fonts) and ~0.1 s of
work: a script that calls ``pack`` thirty times for tomorrow's round pays the start-up thirty times. With a file
it pays it once and gets one PDF, the packs in the file's order, one delivery recorded per pack (as the window's
batch does).

The file is the round as a bailiff writes it in a spreadsheet and saves as CSV (";" separates columns, as in
Italian Excel; "," is accepted too), one pack per line, no household data::

    fase;comune;lingue;caratteri grandi;copie
    accesso;Milano;ar;no;1
    precetto;Rho;bn+en;;
    diffida;015146;;sì;2

Languages are separated by "+" or spaces (none: an Italian-only pack); the last two columns may be left out. A
header line, empty lines and lines starting with "#" are skipped. Every line is checked before anything is
rendered: a mistake is reported with its line and nothing is written or recorded.
"""

from __future__ import annotations

import csv
import io

from app.leaflets.languages import parse_codes
from app.leaflets.pack import PackRequest
from app.vocab import STAGES

MAX_BYTES = 200_000
MAX_PACKS = 200  # a day's round is ~30; more is a wrong file, not a round
MAX_COPIES = 50
YES = ("sì", "si", "s", "yes", "y", "1", "x", "vero", "true")
NO = ("", "no", "n", "0", "falso", "false")
HEADER = ("fase", "stage")


class BatchFileError(ValueError):
    """A batch file that cannot be used; the message is Italian and names the line."""


def parse_batch(text: str) -> list[PackRequest]:
    """The packs of a batch file, in order; raises BatchFileError naming the first wrong line."""
    text = text.removeprefix("\ufeff")  # Excel's UTF-8 CSV starts with a byte-order mark
    lines = text.splitlines()
    delimiter = ";" if any(";" in line for line in lines) else ","
    requests: list[PackRequest] = []
    for number, cells in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#") or (not requests and cells[0].casefold() in HEADER):
            continue
        if len(requests) == MAX_PACKS:
            raise BatchFileError(f"più di {MAX_PACKS} fogli nel file: dividerlo in più lotti")
        requests.append(_request(number, cells))
    if not requests:
        raise BatchFileError("nessun foglio nel file (una riga per foglio: fase;comune;lingue)")
    return requests


def _request(number: int, cells: list[str]) -> PackRequest:
    def wrong(message: str) -> BatchFileError:
        return BatchFileError(f"riga {number}: {message}")

    if len(cells) < 2 or len(cells) > 5:
        raise wrong("servono da 2 a 5 colonne: fase;comune;lingue;caratteri grandi;copie")
    stage, municipality, *rest = cells
    rest += [""] * (3 - len(rest))
    languages, large, copies = rest
    if stage.casefold() not in STAGES:
        raise wrong(f"fase «{stage}» sconosciuta ({', '.join(STAGES)})")
    if not municipality:
        raise wrong("manca il comune")
    try:
        codes = parse_codes(",".join(languages.replace("+", " ").split()))
    except ValueError as exc:
        raise wrong(str(exc)) from exc
    if len(codes) > 2:
        raise wrong("al massimo due lingue del nucleo per foglio")
    if large.casefold() not in YES + NO:
        raise wrong(f"caratteri grandi: «{large}» (scrivere sì o no)")
    if copies and not (copies.isdigit() and 1 <= int(copies) <= MAX_COPIES):
        raise wrong(f"copie: «{copies}» (un numero da 1 a {MAX_COPIES})")
    return PackRequest(stage.casefold(), municipality, tuple(codes), large.casefold() in YES,
                       int(copies) if copies else 1)
