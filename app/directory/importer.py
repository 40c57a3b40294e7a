"""Import the technical table's spreadsheet (xlsx or csv): preview first, then an all-or-nothing apply.

Real files are messy: a title above the header, two header rows where
"Contatti" is merged over "Telefono" and "Email", empty rows, numbers saved as
floats, several numbers in one cell, stray spaces, Windows-1252 csv files. The
header is found by scoring the first rows against the Italian names people use;
every row ends up in exactly one bucket (added, changed, unchanged, rejected
with a reason), and columns that are not understood are reported, so nothing
is silently dropped.

Rows are matched to existing entries by the ``ID`` column when the file has it
(our own exports do), otherwise by institution + service + name. A column the
file does not have leaves that field as it is; entries missing from the file
are left alone (a file may cover one institution only).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.caches import memo
from app.directory.contacts import ContactError, split_emails, split_phones
from app.directory.fields import DATE, EMAILS, FIELDS, FLAG, TEXT, UID, URL, by_kind
from app.directory.hours import parse_hours
from app.directory.identity import identity
from app.directory.kinds import guess_kind
from app.directory.models import Referent
from app.directory.resolve import bump_version
from app.directory.store import (
    WRITE_LOCK,
    Cache,
    Known,
    all_entries,
    check_entry,
    entry_label,
    get_referent,
    write_entry,
)
from app.territory import Territory
from app.territory import normalize as _normalize

# Rows repeat the same institutions, services and towns: normalizing each distinct text once saves ~1 s per 2,000 rows.
normalize = memo(65536)(_normalize)

log = logging.getLogger(__name__)

HEADERS: dict[str, tuple[str, ...]] = {
    **{f.name: (f.header.lower(), *f.aliases) for f in FIELDS},
    # Not a field: a second phone column, whose numbers join the field's (app.directory.fields.PHONES).
    "mobiles": ("cellulare", "cell", "mobile", "telefono cellulare", "cellulare di servizio"),
}
_BY_HEADER = {normalize(h): key for key, names in HEADERS.items() for h in names}
_LANGUAGE_NAMES = {
    "italiano": "it", "inglese": "en", "francese": "fr", "spagnolo": "es", "arabo": "ar", "cinese": "zh",
    "tagalog": "tl", "filippino": "tl", "singalese": "si", "tamil": "ta", "rumeno": "ro", "romeno": "ro",
    "ucraino": "uk", "bengalese": "bn", "albanese": "sq", "urdu": "ur", "russo": "ru", "portoghese": "pt",
    "tedesco": "de",
}
_SCOPE_WORDS = {"comune": "municipality", "comunale": "municipality", "ambito": "ambito",
                "citta metropolitana": "metro", "metropolitano": "metro", "metropolitana": "metro", "metro": "metro",
                "tutti": "metro", "tutti i comuni": "metro", "area metropolitana": "metro",
                "tribunale": "tribunale", "circondario": "tribunale", "circondario del tribunale": "tribunale"}
_MAX_HEADER_SCAN = 15
MAX_ROWS = 20000


class ImportError_(ValueError):
    """A file that cannot be read at all; the message is Italian."""


@dataclass
class RowResult:
    line: int                   # line in the file (1-based, as a spreadsheet shows it)
    status: str                 # added | changed | unchanged | rejected
    label: str
    reasons: list[str] = field(default_factory=list)   # why rejected, or which fields change
    data: dict[str, Any] | None = None


@dataclass
class ImportPreview:
    file: str
    rows: list[RowResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # header as written -> field
    source: list[tuple[int, list[Any]]] = field(default_factory=list, repr=False)  # the rows read, for the re-check

    def by_status(self, status: str) -> list[RowResult]:
        return [r for r in self.rows if r.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.by_status(s)) for s in ("added", "changed", "unchanged", "rejected")}

    @property
    def has_changes(self) -> bool:
        return any(r.status in ("added", "changed") for r in self.rows)


STATUS_LABELS = {"added": "da aggiungere", "changed": "da modificare", "unchanged": "invariata", "rejected": "scartata"}


# ---------------------------------------------------------------- reading files

def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number, cells) for every row of the first sheet or of the csv file (see app.directory.sheet)."""
    return _read(path).rows


def _read(path: Path):
    from app.directory.sheet import read_sheet
    from app.untrusted import InputRefused

    try:
        return read_sheet(path)
    except InputRefused as exc:
        raise ImportError_(f"il file {path.name} è rifiutato: {exc}") from exc


def _header_key(value: Any) -> str | None:
    if value is None:
        return None
    key = normalize(str(value))
    if key in _BY_HEADER:
        return _BY_HEADER[key]
    key = re.sub(r"\b(del|della|dello|dei|delle|di|e|n|nr|num)\b", " ", key)
    return _BY_HEADER.get(" ".join(key.split()))


def find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str], list[str]]:
    """Index of the header row, {column: field}, and the headers not understood."""
    best = (-1, {}, [])
    for index, (_line, cells) in enumerate(rows[:_MAX_HEADER_SCAN]):
        mapping: dict[int, str] = {}
        unknown: list[str] = []
        for col, value in enumerate(cells):
            key = _header_key(value)
            if key and key not in mapping.values():
                mapping[col] = key
            elif value is not None:
                unknown.append(str(value))
        if len(mapping) > len(best[1]):
            best = (index, mapping, unknown)
    index, mapping, unknown = best
    if "name" not in mapping.values() or len(mapping) < 3:
        raise ImportError_("intestazione non trovata: servono almeno le colonne Ente, Referente e un contatto "
                           "(Telefono o Email)")
    return index, mapping, unknown


# ---------------------------------------------------------------- one row to entry data

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _split(value: Any, commas: bool = True) -> list[str]:
    pattern = r"[;\n/]+|,(?!\d)" if commas else r"[;\n]+"
    return [p.strip() for p in re.split(pattern, _text(value)) if p.strip()]


class _RowError(ValueError):
    pass


def _yes(value: Any) -> bool:
    return normalize(_text(value)) in ("si", "s", "x", "1", "true", "vero", "yes", "ritirato", "cessato", "ritirata")


# Fields read by kind; PHONES, SLOTS, LANGUAGES, SERVICE_KIND and the scope (LEVEL, PLACES) by RowReader itself.
_AS_TEXT = by_kind(UID, TEXT, URL)
_EMAIL_FIELDS = by_kind(EMAILS)
_DATE_FIELDS = by_kind(DATE)
_FLAG_FIELDS = by_kind(FLAG)


class RowReader:
    """Turn one spreadsheet row into entry data, resolving municipalities and Ambiti against the territory."""

    def __init__(self, territory: Territory):
        self.territory = territory
        self.ambiti = {normalize(a.name): a.name for a in territory.ambiti}
        for a in territory.ambiti:  # "Sud Est Milano (Distretto ...)" is also found as "Sud Est Milano"
            self.ambiti.setdefault(normalize(a.name.split(" (")[0]), a.name)
        self.courts = {normalize(c): c for c in territory.courts()}

    def municipality(self, text: str) -> str:
        found = self.territory.find(text)
        if found is None:
            raise _RowError(f"comune sconosciuto: «{text}»")
        return found.istat_code

    def ambito(self, text: str) -> str:
        key = normalize(text).removeprefix("ambito ").strip()
        name = self.ambiti.get(key)
        if name is None:
            raise _RowError(f"Ambito sconosciuto: «{text}»")
        return name

    def court(self, text: str) -> str:
        """"Monza", "Tribunale di Monza" -> "Monza" (a court of the territory's circondari)."""
        key = normalize(text).removeprefix("tribunale di ").removeprefix("tribunale ").strip()
        name = self.courts.get(key)
        if name is None:
            raise _RowError(f"tribunale sconosciuto: «{text}» (tribunali del territorio: "
                            f"{', '.join(self.courts.values())})")
        return name

    def read(self, cells: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for f in _AS_TEXT:
            if f.name in cells:
                data[f.name] = _text(cells[f.name])
        try:
            if "phones" in cells or "mobiles" in cells:
                data["phones"] = split_phones(_phone_cell(cells.get("phones"))) + split_phones(
                    _phone_cell(cells.get("mobiles")))
            for f in _EMAIL_FIELDS:
                if f.name in cells:
                    data[f.name] = split_emails(_text(cells[f.name]), f.label)
        except ContactError as exc:
            raise _RowError(str(exc)) from exc
        if "hours" in cells:
            slots, leftover = parse_hours(_text(cells["hours"]))
            data["hours"] = slots
            if leftover:  # kept as the note, never dropped
                note = data.get("hours_note", "")
                data["hours_note"] = f"{leftover}; {note}" if note and note != leftover else leftover
        if "languages" in cells:
            langs = []
            for part in re.split(r"[\s,;/]+", _text(cells["languages"]).lower()):
                if part and part not in ("e",):
                    langs.append(_LANGUAGE_NAMES.get(normalize(part), part))
            data["languages"] = langs
        if "kind" in cells and _text(cells["kind"]):
            kind = guess_kind(_text(cells["kind"]))
            if kind is None:
                raise _RowError(f"tipo di servizio sconosciuto: «{_text(cells['kind'])}»")
            data["kind"] = kind
        for f in _DATE_FIELDS:
            if f.name in cells:
                data[f.name] = cells[f.name] if isinstance(cells[f.name], (date, datetime)) else _text(cells[f.name])
        for f in _FLAG_FIELDS:
            if f.name in cells:
                data[f.name] = _yes(cells[f.name])
        self._scope(cells, data)
        return data

    def _scope(self, cells: dict[str, Any], data: dict[str, Any]) -> None:
        if not any(k in cells for k in ("municipalities", "ambiti", "tribunali", "scope_level")):
            return
        codes = [self.municipality(t) for t in _split(cells.get("municipalities"))]
        level_text = normalize(_text(cells.get("scope_level")))
        ambito_texts = _split(cells.get("ambiti"), commas=False)  # "Lodi (ATS Milano, ASST Lodi)" is one name
        if len(ambito_texts) == 1 and normalize(ambito_texts[0]) in _SCOPE_WORDS and \
                _SCOPE_WORDS[normalize(ambito_texts[0])] == "metro":
            level_text, ambito_texts = "metro", []
        ambiti = [self.ambito(t) for t in ambito_texts]
        courts = [self.court(t) for t in _split(cells.get("tribunali"))]
        level = _SCOPE_WORDS.get(level_text) if level_text else None
        if level_text and level is None:
            raise _RowError(f"livello territoriale sconosciuto: «{_text(cells.get('scope_level'))}»")
        if level is None:
            level = "municipality" if codes else "ambito" if ambiti else "tribunale" if courts else "metro"
        if level == "municipality" and ambiti:
            outside = [c for c in codes if self.territory.by_code(c).ambito_name not in ambiti]
            if outside:
                name = self.territory.by_code(outside[0]).name
                raise _RowError(f"il comune {name} non appartiene all'Ambito indicato")
        data.update(scope_level=level, municipalities=codes if level == "municipality" else [],
                    ambiti=ambiti if level == "ambito" else [], tribunali=courts if level == "tribunale" else [])


def _phone_cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    return _text(value)


# ---------------------------------------------------------------- preview and apply

_key = identity  # rows without an ID match the entry that is the same referent (app.directory.identity)


_FIELD_LABELS = {f.name: f.label for f in FIELDS if f.kind != UID}  # what the preview says changes
_NEW_DEFAULTS: dict[str, Any] = {f.name: f.empty for f in FIELDS if f.kind != UID}  # a row without the column


def preview_rows(rows: list[tuple[int, list[Any]]], existing: list[dict[str, Any]], territory: Territory,
                 known: Known, file_label: str = "") -> ImportPreview:
    """Classify every data row; pure over its inputs (the database is read by the caller)."""
    preview = ImportPreview(file_label, source=rows)
    header_index, mapping, unknown = find_header(rows)
    header_cells = rows[header_index][1]
    preview.columns = {str(header_cells[c]): f for c, f in mapping.items()}
    for name in unknown:
        preview.warnings.append(f"colonna non riconosciuta, ignorata: «{name}»")
    if len(rows) - header_index - 1 > MAX_ROWS:
        raise ImportError_(f"file troppo grande: più di {MAX_ROWS} righe")
    by_uid = {e["uid"]: e for e in existing}
    by_key: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in existing:
        if not e["retired"] or _key(e) not in by_key:
            by_key[_key(e)] = e
    active = {_key(e): e["uid"] for e in existing if not e["retired"]}
    taken: dict[tuple[str, str, str], int] = {}
    reader = RowReader(territory)
    seen: dict[str | tuple[str, str, str], int] = {}  # an entry's uid, or the identity of a new one
    extra_columns = {c for c in range(max((len(r[1]) for r in rows), default=0)) if c not in mapping}
    for line, cells in rows[header_index + 1:]:
        if all(v is None for v in cells):
            continue
        values = {f: (cells[c] if c < len(cells) else None) for c, f in mapping.items()}
        stray = [cells[c] for c in extra_columns if c < len(cells) and cells[c] is not None]
        label = " - ".join(_text(values.get(k)) for k in ("name", "institution") if values.get(k)) or f"riga {line}"
        try:
            data = reader.read(values, preview.warnings)
        except _RowError as exc:
            preview.rows.append(RowResult(line, "rejected", label, [str(exc)]))
            continue
        current = by_uid.get(data.get("uid", "")) if data.get("uid") else None
        if current is None:
            current = by_key.get(_key(data))
        if current is not None:
            merged = {**current, **{k: v for k, v in data.items() if k != "uid"}}
        else:
            merged = {**_NEW_DEFAULTS, "source": f"Importazione da {file_label}" if file_label else "Importazione",
                      **data}
            merged["uid"] = data.get("uid") or ""
            if not merged["scope_level"]:  # a file without any scope column: the whole metropolitan city
                merged["scope_level"] = "metro"
            if not merged.get("kind"):
                merged["kind"] = guess_kind(merged.get("service", "")) or guess_kind(
                    merged.get("institution", "")) or "other"
                if merged["kind"] == "other":
                    preview.warnings.append(f"riga {line}: tipo di servizio non riconosciuto, indicato come «Altro»")
        clean, errors = check_entry(merged, known)
        if errors:
            preview.rows.append(RowResult(line, "rejected", label, list(errors.values())))
            continue
        if stray:
            preview.warnings.append(f"riga {line}: valori in colonne senza intestazione ignorati: "
                                    + ", ".join(_text(v) for v in stray))
        key = _key(clean)
        target = current["uid"] if current is not None else key
        if target in seen:
            preview.rows.append(RowResult(line, "rejected", entry_label(clean),
                                          [f"voce ripetuta: è già alla riga {seen[target]}"]))
            continue
        if not clean["retired"]:  # what the database's identity_key would refuse, said here with the line
            if active.get(key, clean["uid"]) != clean["uid"] or key in taken:
                where = f"alla riga {taken[key]}" if key in taken else "nella rubrica"
                preview.rows.append(RowResult(line, "rejected", entry_label(clean),
                                              [f"stesso ente, servizio e nome di un'altra voce attiva {where}"]))
                continue
            taken[key] = line
        seen[target] = line
        if current is None:
            preview.rows.append(RowResult(line, "added", entry_label(clean), [], clean))
            continue
        diffs = [_FIELD_LABELS[k] for k in _FIELD_LABELS if current.get(k) != clean.get(k)]
        status = "changed" if diffs else "unchanged"
        preview.rows.append(RowResult(line, status, entry_label(clean), diffs, clean))
    return preview


def preview_file(session: Session, path: Path) -> ImportPreview:
    """Read ``path`` and classify every row against the database; changes nothing."""
    sheet = _read(path)
    preview = preview_rows(sheet.rows, all_entries(session), Territory.load(session), Known.from_session(session),
                           path.name)
    if sheet.cleaned_lines:
        shown = ", ".join(str(n) for n in sheet.cleaned_lines[:10])
        more = f" e altre {len(sheet.cleaned_lines) - 10}" if len(sheet.cleaned_lines) > 10 else ""
        preview.warnings.insert(0, f"caratteri di controllo (invisibili) rimossi alle righe {shown}{more}")
    return preview


APPLY_WAIT = 120
"""Seconds an apply waits for another writer of the database (a long import) before giving up."""


class ImportRefused(ValueError):
    """Apply refused as a whole; the message is Italian."""


def _same_plan(approved: RowResult, now: RowResult) -> bool:
    """The row would write the same thing as when the user approved it (an added row's new uid aside)."""
    if approved.status != now.status or approved.data is None or now.data is None:
        return False
    if approved.status == "added":
        return {**approved.data, "uid": ""} == {**now.data, "uid": ""}
    return approved.data == now.data


def _recheck(session: Session, preview: ImportPreview) -> list[RowResult]:
    """The rows to write now: the preview computed again on the current state, compared with the approved one.

    A row another writer already made identical is skipped; any other difference means the user approved
    something that is no longer what would happen, so the whole import is refused.
    """
    if not preview.source:  # a preview built by hand (tests, tools): trust it as it is
        return [r for r in preview.rows if r.status in ("added", "changed") and r.data is not None]
    current = preview_rows(preview.source, all_entries(session), Territory.load(session),
                           Known.from_session(session), preview.file)
    now_by_line = {r.line: r for r in current.rows}
    todo = []
    for row in preview.rows:
        if row.status not in ("added", "changed"):
            continue
        now = now_by_line.get(row.line)
        if now is not None and now.status == "unchanged":
            continue  # done in the meantime (another import of the same file), exactly as approved
        if now is None or not _same_plan(row, now):
            raise ImportRefused(f"la rubrica è cambiata dopo l'anteprima (riga {row.line}: {row.label}): "
                                "ripetere l'importazione per vedere l'anteprima aggiornata; nessuna modifica applicata")
        todo.append(row)
    return todo


def apply_preview(session: Session, preview: ImportPreview, user: str, skip_rejected: bool = False) -> int:
    """Write every added/changed row, or none: the caller commits or rolls back. Returns rows written.

    The preview the user approved may be minutes old: under the directory's write lock the file's rows are
    classified again against the current state, so two imports of the same file at once, or an import racing
    an edit, never write a referent twice or overwrite a change they did not see.
    """
    from app.db.locks import serialise_writers

    rejected = preview.by_status("rejected")
    if rejected and not skip_rejected:
        raise ImportRefused(f"{len(rejected)} righe scartate: correggere il file (nessuna modifica applicata)")
    serialise_writers(session, WRITE_LOCK, wait=APPLY_WAIT)
    todo = _recheck(session, preview)
    cache = Cache.load(session)
    changing = [row.data["uid"] for row in todo if row.status == "changed"]
    if changing:  # their keys are written again below: none may collide with another's old key meanwhile
        session.execute(update(Referent).where(Referent.uid.in_(changing)).values(identity_key=None))
    written = 0
    for row in todo:
        current = get_referent(session, row.data["uid"]) if row.status == "changed" else None
        if row.status == "changed" and current is None:
            raise ImportRefused(f"riga {row.line}: la voce è stata eliminata nel frattempo; ripetere l'anteprima")
        write_entry(session, current, row.data, user, "import", cache)
        written += 1
    if written:
        try:
            session.flush()
        except IntegrityError as exc:  # a writer that skipped the lock added the same referent: refuse, never twice
            if "identity_key" not in str(exc.orig):
                raise
            raise ImportRefused("una voce del file è stata aggiunta nel frattempo da un'altra operazione: "
                                "ripetere l'importazione; nessuna modifica applicata") from exc
        bump_version(session)
    return written
