"""Read the rows of a referent spreadsheet (xlsx or csv) someone else wrote, within bounds, cells cleaned.

Every cell comes back as a value (text, number, date) or None; text is stripped
of non-breaking spaces and of control characters (C0 but tab and newline, DEL,
C1), which could never be exported again, and the lines where that happened are
returned so the preview can say so. The file is refused whole (ImportError_ from
the importer, with an Italian message) when it is larger than a referent table
can be: see :class:`app.directory.xlsx_reader.Bounds`.

CSV files are read strictly: a quote opened and never closed would otherwise
swallow the rest of the file into one cell, silently; here it is refused with
the line where it starts.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.directory.xlsx_reader import BOUNDS, Bounds, check_cell, check_column, check_line
from app.untrusted import InputRefused, read_limited, strip_controls

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20_000_000  # a 20,000-row table is a few MB as xlsx or csv
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what strip_controls removes (CR included)
MAX_LINES_PER_CELL = 20  # a quoted csv cell may hold a few lines (opening hours); more is an unclosed quote


@dataclass
class SheetRows:
    rows: list[tuple[int, list[Any]]]
    cleaned_lines: list[int] = field(default_factory=list)  # where control characters were removed


class _Cleaner:
    def __init__(self) -> None:
        self.lines: list[int] = []

    def row(self, line: int, cells) -> list[Any]:
        out = []
        dirty = False
        for value in cells:
            if isinstance(value, str):
                if "\u00a0" in value:
                    value = value.replace("\u00a0", " ")
                if _SUSPECT.search(value):  # rare: only then the full clean-up (a 2,000-row preview has a budget)
                    value, removed = strip_controls(value)
                    dirty = dirty or removed
                value = value.strip() or None
            out.append(value)
        if dirty:
            self.lines.append(line)
        return out


def read_sheet(path: Path, bounds: Bounds = BOUNDS) -> SheetRows:
    """(line number, cells) for every row of the first sheet or of the csv file; raises InputRefused, OSError,
    or ValueError with an Italian message for a file that cannot be read."""
    from app.directory.importer import ImportError_

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise ImportError_(f"formato non supportato: {path.suffix or path.name} (usare .xlsx o .csv)")
    cleaner = _Cleaner()
    if suffix in (".xlsx", ".xlsm"):
        raw = read_limited(path, MAX_FILE_BYTES, f"il file {path.name} è")
        rows = [(n, cleaner.row(n, row)) for n, row in _xlsx(io.BytesIO(raw), path.name, bounds)]
    else:
        rows = [(n, cleaner.row(n, row)) for n, row in _csv(read_limited(path, MAX_FILE_BYTES,
                                                                         f"il file {path.name} è"), path.name, bounds)]
    return SheetRows(rows, cleaner.lines)


def _xlsx(source: io.BytesIO, name: str, bounds: Bounds) -> list[tuple[int, list[Any]]]:
    from app.directory.importer import ImportError_
    from app.directory.xlsx_reader import read_first_sheet

    try:
        return read_first_sheet(source, bounds)
    except InputRefused:
        raise
    except Exception as exc:  # zipfile, XML and missing-part errors of a damaged or foreign file
        log.info("Unreadable xlsx %s", name, exc_info=True)
        raise ImportError_(f"il file {name} non è un foglio Excel leggibile ({exc.__class__.__name__})") from exc


def _csv(raw: bytes, name: str, bounds: Bounds) -> list[tuple[int, list[Any]]]:
    from app.directory.importer import ImportError_

    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined
        raise ImportError_(f"codifica del file {name} non riconosciuta (usare UTF-8 o Windows-1252)")
    sample = text[:5000]
    delimiter = max(";,\t", key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    physical = 0
    try:
        for line, row in enumerate(reader, start=1):
            if reader.line_num - physical > MAX_LINES_PER_CELL:
                raise ImportError_(f"riga {line}: virgolette aperte e mai chiuse (la cella continua per "
                                   f"{reader.line_num - physical} righe): correggere il file")
            physical = reader.line_num
            check_line(line, bounds)
            if len(row) > bounds.columns:
                check_column(len(row) - 1, line, bounds)
            for value in row:
                check_cell(value, line, bounds)
            rows.append((line, row))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise InputRefused(f"cella troppo lunga alla riga {len(rows) + 1} (più di {bounds.cell_chars} "
                               "caratteri)") from exc
        raise ImportError_(f"riga {len(rows) + 1}: virgolette fuori posto o non chiuse (correggere il file: "
                           "una cella che contiene il separatore va racchiusa tra virgolette)") from exc
    return rows


__all__ = ["MAX_FILE_BYTES", "SheetRows", "read_sheet"]
