"""The directory as an xlsx table for the technical table; re-importing it changes nothing.

One column per field of app.directory.fields, headed and ordered as declared there, so the importer
recognises every header and a spreadsheet exported by an older Raccordo keeps its columns.

Cells are typed (dates are dates, text is text) and no value can become a
formula: a text starting with "=" is forced to a string cell with the quote
prefix, as PLATFORM.md describes for openpyxl.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.directory.contacts import display_phone
from app.directory.fields import (
    DATE,
    EMAILS,
    FIELDS,
    FLAG,
    LANGUAGES,
    LEVEL,
    PHONES,
    PLACES,
    SERVICE_KIND,
    SLOTS,
    TEXT,
    UID,
    URL,
    Field,
)
from app.directory.hours import format_hours
from app.directory.kinds import SCOPE_LABELS, kind_label
from app.directory.store import all_entries
from app.safe_output import write_output
from app.territory import Territory

COLUMNS = tuple(f.header for f in FIELDS)  # the importer reads each back (app.directory.fields)
WIDTHS = tuple(f.width for f in FIELDS)


def row_values(entry: dict[str, Any], territory: Territory) -> list[Any]:
    """One cell per declared field, written the way the importer reads it back."""
    def town(code: str) -> str:
        m = territory.by_code(code)
        return m.name if m else code

    def cell(f: Field) -> Any:
        value = entry.get(f.name, f.empty)
        if f.kind in (UID, TEXT, URL, DATE):
            return value
        if f.kind == FLAG:
            return f.words[0] if value else f.words[1]
        if f.kind == PHONES:
            return " / ".join(display_phone(p) for p in value)
        if f.kind == EMAILS:
            return "; ".join(value)
        if f.kind == SLOTS:
            return format_hours(value)
        if f.kind == LANGUAGES:
            return ", ".join(value)
        if f.kind == SERVICE_KIND:
            return kind_label(value)
        if f.kind == LEVEL:
            return SCOPE_LABELS[value]
        if f.kind == PLACES:
            return "; ".join(town(c) for c in value) if f.scope == "municipality" else "; ".join(value)
        raise ValueError(f"campo {f.name}: tipo {f.kind} non esportabile")  # a new kind needs a rule here

    return [cell(f) for f in FIELDS]


def _cell(sheet, value: Any, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value if value not in ("",) else None)
    if isinstance(value, str) and value:
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value[0] in "=+-@":
            cell.quotePrefix = True
    elif isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    if bold:
        cell.font = Font(bold=True)
    return cell


def export_xlsx(session: Session, path: Path) -> int:
    """Write every entry (retired ones too, marked) to ``path``; returns the number of entries."""
    entries = all_entries(session)
    territory = Territory.load(session)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Referenti")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, h, bold=True) for h in COLUMNS])
    for entry in entries:
        sheet.append([_cell(sheet, v) for v in row_values(entry, territory)])
    write_output(path, wb.save)  # a failed export leaves the previous file as it was
    return len(entries)
