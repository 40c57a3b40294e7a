"""Hostile files, generated on the spot: tiny spreadsheets that declare huge sheets, zip bombs, deep JSON.

Each is written streaming, so making a bomb never costs the test the memory the bomb would cost its victim.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')
_HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Ente</t></is></c><c r="B1" t="inlineStr"><is><t>Servizio</t>'
           '</is></c><c r="C1" t="inlineStr"><is><t>Referente</t></is></c><c r="D1" t="inlineStr"><is><t>Telefono'
           '</t></is></c></row>')


def xlsx(path: Path, rows: Iterable[str], *, dimension: str = "A1:D2", shared: Iterable[str] | None = None) -> Path:
    """An xlsx whose first sheet holds ``rows`` (``<row>`` XML, streamed) and optional shared strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                     b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     + f'<dimension ref="{dimension}"/><sheetData>'.encode() + _HEADER.encode())
            for row in rows:
                fh.write(row.encode("utf-8"))
            fh.write(b"</sheetData></worksheet>")
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8"?>'
                         b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for chunk in shared:
                    fh.write(chunk.encode("utf-8"))
                fh.write(b"</sst>")
    return path


def _row(n: int, last_col: str = "D") -> str:
    return (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Comune di Rho</t></is></c>'
            f'<c r="C{n}" t="inlineStr"><is><t>Referente {n}</t></is></c>'
            f'<c r="{last_col}{n}" t="inlineStr"><is><t>02 0000 7001</t></is></c></row>')


def wide_xlsx(path: Path, rows: int = 20_000) -> Path:
    """A few KB that ask for a sheet 16,384 columns wide (every row has a cell in column XFD)."""
    return xlsx(path, (_row(n, "XFD") for n in range(2, rows + 2)), dimension="A1:XFD20001")


def tall_xlsx(path: Path) -> Path:
    """A few hundred bytes that ask for a sheet a million rows tall (one cell on the last row)."""
    return xlsx(path, [_row(2), _row(1_048_576)], dimension="A1:D1048576")


def bomb_xlsx(path: Path, megabytes: int = 300) -> Path:
    """A shared-strings part that decompresses to ``megabytes`` MB from well under 1 MB."""
    one = "<si><t>" + "A" * 65_000 + "</t></si>"
    count = megabytes * 1_000_000 // len(one)
    return xlsx(path, [_row(2)], shared=(one for _ in range(count)))


def long_cell_xlsx(path: Path, chars: int = 1_000_000) -> Path:
    return xlsx(path, [f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"x" * chars}</t></is></c></row>'])


def nested_json(depth: int = 100_000) -> bytes:
    return b'{"format":"raccordo-stats-events","version":1,"events":' + b"[" * depth + b"]" * depth + b"}"
