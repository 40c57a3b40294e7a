"""A small, fast reader for the first sheet of an xlsx file: values only, as openpyxl would return them.

openpyxl's read-only mode spends ~40 µs per cell building cell objects; a
2,000-row table (24,000 cells) then takes most of the 2 s import budget. This
reader walks the sheet XML once with ``iterparse`` and keeps only values:
shared and inline strings, numbers (int when integral, like openpyxl), booleans,
and dates (numbers whose cell style has a date format). The importer falls back
to openpyxl if this reader fails on an unusual file.

The file comes from someone else, so it is read within :class:`Bounds`: the
archive's declared sizes are checked before anything is decompressed (a zip
bomb), and reading stops at the first row, column or cell past the limits (a
1.7 KB file declaring a cell in column XFD or on row 1,048,576), so a hostile
file is refused in well under a second with little memory.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from app.untrusted import InputRefused, check_zip


@dataclass(frozen=True)
class Bounds:
    """What a referent spreadsheet may hold; beyond, the file is refused (InputRefused, Italian)."""

    lines: int = 20_100          # rows of the sheet, title and header included
    columns: int = 100
    cell_chars: int = 10_000
    unzipped_bytes: int = 100_000_000  # all the archive's members, decompressed
    members: int = 1_000


BOUNDS = Bounds()


def check_line(line: int, bounds: Bounds) -> None:
    if line > bounds.lines:
        raise InputRefused(f"file troppo grande: più di {bounds.lines} righe (riga {line})")


def check_column(col: int, line: int, bounds: Bounds) -> None:
    if col >= bounds.columns:
        raise InputRefused(f"troppe colonne: la riga {line} arriva alla colonna {col + 1} "
                           f"(al massimo {bounds.columns})")


def check_cell(value: Any, line: int, bounds: Bounds) -> None:
    if isinstance(value, str) and len(value) > bounds.cell_chars:
        raise InputRefused(f"cella troppo lunga alla riga {line} (più di {bounds.cell_chars} caratteri)")

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def _column(ref: str) -> int:
    n = 0
    for ch in ref[:4]:  # XFD, the last Excel column, has three letters: a longer run is refused as too wide
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold (control characters) as ``_xHHHH_``, as openpyxl reads them."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text(si: ET.Element) -> str:
    """Text of a shared/inline string: plain <t> or rich runs <r><t>, never phonetic guides <rPh>."""
    t = si.find(f"{NS}t")
    if t is not None:
        return _unescape(t.text or "")
    return _unescape("".join((r.findtext(f"{NS}t") or "") for r in si.findall(f"{NS}r")))


_SMALL_PART = 5_000_000  # workbook.xml, its relationships, styles.xml: a few KB in real files


def _read_small(z: zipfile.ZipFile, name: str) -> bytes:
    if z.getinfo(name).file_size > _SMALL_PART:
        raise InputRefused(f"parte del foglio Excel troppo grande: {name}")
    return z.read(name)


def _first_sheet(z: zipfile.ZipFile) -> str:
    workbook = ET.fromstring(_read_small(z, "xl/workbook.xml"))
    sheet = workbook.find(f"{NS}sheets/{NS}sheet")
    rid = sheet.get(f"{REL_NS}id")
    rels = ET.fromstring(_read_small(z, "xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL_NS}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise ValueError("foglio non trovato")


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    try:
        styles = ET.fromstring(_read_small(z, "xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{NS}numFmt")}
    dates = set()
    xfs = styles.find(f"{NS}cellXfs")
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\[[^]]*]', "", custom.get(fmt, ""))
        if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _DATE_CODE.search(code)):
            dates.add(i)
    return dates


def _shared_strings(z: zipfile.ZipFile, bounds: Bounds) -> list[str]:
    """The shared strings, read incrementally (never the whole tree in memory)."""
    strings: list[str] = []
    with z.open("xl/sharedStrings.xml") as fh:
        for _event, el in ET.iterparse(fh, events=("end",)):
            if el.tag == f"{NS}si":
                text = _text(el)
                if len(text) > bounds.cell_chars:
                    raise InputRefused(f"cella troppo lunga (più di {bounds.cell_chars} caratteri)")
                strings.append(text)
                el.clear()
    return strings


def read_first_sheet(path: Path, bounds: Bounds = BOUNDS) -> list[tuple[int, list[Any]]]:
    with zipfile.ZipFile(path) as z:
        check_zip(z, max_total=bounds.unzipped_bytes, max_members=bounds.members, what="foglio Excel")
        names = set(z.namelist())
        shared = _shared_strings(z, bounds) if "xl/sharedStrings.xml" in names else []
        date_styles = _date_styles(z)
        workbook = _read_small(z, "xl/workbook.xml")
        epoch = _EPOCH_1904 if b'date1904="1"' in workbook or b"date1904='1'" in workbook else _EPOCH_1900
        rows: list[tuple[int, list[Any]]] = []
        with z.open(_first_sheet(z)) as sheet:
            line = 0
            for _event, el in ET.iterparse(sheet, events=("end",)):
                if el.tag != f"{NS}row":
                    continue
                line = int(el.get("r") or line + 1)
                check_line(line, bounds)
                values: list[Any] = []
                for c in el.iter(f"{NS}c"):
                    ref = c.get("r")
                    col = _column(ref) if ref else len(values)
                    check_column(col, line, bounds)
                    kind = c.get("t")
                    if kind == "inlineStr":
                        node = c.find(f"{NS}is")
                        value: Any = _text(node) if node is not None else None
                    else:
                        raw = c.findtext(f"{NS}v")
                        if raw is None:
                            value = None
                        elif kind == "s":
                            value = shared[int(raw)]
                        elif kind in ("str", "e"):
                            value = raw
                        elif kind == "b":
                            value = raw == "1"
                        else:
                            number = float(raw)
                            if int(c.get("s", "0")) in date_styles:
                                value = epoch + timedelta(days=number)
                            elif number.is_integer() and not any(ch in raw for ch in ".eE"):
                                value = int(raw)
                            else:
                                value = number
                    check_cell(value, line, bounds)
                    while len(values) < col:
                        values.append(None)
                    values.append(value)
                while len(rows) + 1 < line:  # rows Excel left out because they are empty
                    rows.append((len(rows) + 1, []))
                rows.append((line, values))
                el.clear()
        return rows
