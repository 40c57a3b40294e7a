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
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.directory.xlsx_reader import BOUNDS, Bounds, check_cell, check_column, check_line
from app.untrusted import InputRefused, check_zip, read_limited, strip_controls

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
    except Exception:  # an unusual but valid file: let openpyxl try, it knows more variants
        log.info("Fast xlsx reader failed on %s, using openpyxl", name, exc_info=True)
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(source) as archive:
            check_zip(archive, max_total=bounds.unzipped_bytes, max_members=bounds.members, what="foglio Excel")
        wb = load_workbook(source, read_only=True, data_only=True)
    except InputRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportError_(f"il file {name} non è un foglio Excel leggibile ({exc.__class__.__name__})") from exc
    try:
        sheet = wb.worksheets[0]
        rows = []
        # Bounded by max_row/max_col: openpyxl pads every row to the width the file declares, and fills gaps.
        for line, row in enumerate(sheet.iter_rows(max_row=bounds.lines + 1, max_col=bounds.columns + 1,
                                                   values_only=True), start=1):
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            if row:
                check_line(line, bounds)
                check_column(len(row) - 1, line, bounds)
            for value in row:
                check_cell(value, line, bounds)
            rows.append((line, row))
        while rows and not rows[-1][1]:
            rows.pop()
        return rows
    finally:
        wb.close()


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
