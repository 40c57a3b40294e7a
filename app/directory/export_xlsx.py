"""The directory as an xlsx table for the technical table; re-importing it changes nothing.

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
from sqlalchemy.orm import Session

from app.directory.contacts import display_phone
from app.directory.hours import format_hours
from app.directory.kinds import SCOPE_LABELS, kind_label
from app.directory.store import all_entries
from app.safe_output import write_output
from app.territory import Territory

# Headers are the ones the importer understands (app.directory.importer.HEADERS).
COLUMNS = ("ID", "Ente", "Servizio", "Tipo", "Referente", "Ruolo", "Telefono", "Email", "PEC", "Sito", "Indirizzo",
           "Orari", "Note orari", "Lingue", "Livello", "Comune", "Ambito", "Valido dal", "Valido fino al",
           "Verificato il", "Fonte", "Demo", "Stato", "Tribunale")
WIDTHS = (12, 34, 30, 22, 34, 26, 26, 34, 34, 30, 30, 24, 24, 10, 18, 30, 26, 12, 12, 12, 26, 6, 10, 16)


def row_values(entry: dict[str, Any], territory: Territory) -> list[Any]:
    def town(code: str) -> str:
        m = territory.by_code(code)
        return m.name if m else code

    return [
        entry["uid"], entry["institution"], entry["service"], kind_label(entry["kind"]), entry["name"], entry["role"],
        " / ".join(display_phone(p) for p in entry["phones"]), "; ".join(entry["emails"]), "; ".join(entry["pecs"]),
        entry["website"], entry["address"], format_hours(entry["hours"]), entry["hours_note"],
        ", ".join(entry["languages"]), SCOPE_LABELS[entry["scope_level"]],
        "; ".join(town(c) for c in entry["municipalities"]), "; ".join(entry["ambiti"]),
        entry["valid_from"], entry["valid_to"], entry["last_verified"], entry["source"],
        "sì" if entry["is_demo"] else "no", "ritirato" if entry["retired"] else "attivo",
        "; ".join(entry.get("tribunali", ())),  # last, so the older columns keep their places
    ]


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
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, h, bold=True) for h in COLUMNS])
    for entry in entries:
        sheet.append([_cell(sheet, v) for v in row_values(entry, territory)])
    write_output(path, wb.save)  # a failed export leaves the previous file as it was
    return len(entries)
