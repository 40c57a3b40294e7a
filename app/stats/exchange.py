"""Gathering an office without a server: checksummed event files a supervisor imports.

A file holds a workstation's events as JSON plus a SHA-256 of their canonical
form. Import checks the checksum and every value against the closed lists before
writing anything, then merges the events in one transaction
(:mod:`app.stats.merge`): a damaged file is rejected whole, a file imported twice
changes nothing, and an event id that comes back with other content (in the same
file or against the store) refuses the file and names the id.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.stats.merge import EventConflict, EventRows, merge_events
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES, is_language_code
from app.territory.models import Municipality

FORMAT = "raccordo-stats-events"
VERSION = 2
"""2: the day of recording instead of its time, workstation codes keyed (issue 15). Files of version 1 are
still read: their times are cut to the day and their unkeyed workstation codes replaced on import."""
READABLE = (1, 2)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TOKEN = re.compile(r"[0-9a-f]{12}")


class ImportRejected(ValueError):
    """The whole file is refused; the message is Italian and names the file and the reason."""


def _canonical(events: dict) -> bytes:
    return json.dumps(events, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _dump_events(session: Session) -> dict:
    langs: dict[str, list[str]] = {}
    for delivery_id, language in session.execute(
            select(DeliveryLanguage.delivery_id, DeliveryLanguage.language).order_by(DeliveryLanguage.language)):
        langs.setdefault(delivery_id, []).append(language)
    return {
        "deliveries": [
            [d.id, d.day.isoformat(), d.recorded_at.date().isoformat(), d.stage, d.istat_code, d.mode, d.cause,
             d.workstation, langs.get(d.id, [])]
            for d in session.scalars(select(Delivery).order_by(Delivery.recorded_at, Delivery.id))
        ],
        "outcomes": [
            [o.id, o.day.isoformat(), o.recorded_at.date().isoformat(), o.istat_code, o.outcome, o.social_services,
             o.workstation]
            for o in session.scalars(select(AccessOutcome).order_by(AccessOutcome.recorded_at, AccessOutcome.id))
        ],
        "scheduled": [
            [a.id, a.access_day.isoformat(), a.recorded_at.date().isoformat(), a.istat_code, a.workstation]
            for a in session.scalars(select(ScheduledAccess).order_by(ScheduledAccess.recorded_at,
                                                                      ScheduledAccess.id))
        ],
    }


def export_events(session: Session, out: Path, *, workstation_token: str) -> dict[str, int]:
    """Write every event of ``session``'s store to ``out``; return how many of each kind."""
    events = _dump_events(session)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "workstation": workstation_token,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sha256": hashlib.sha256(_canonical(events)).hexdigest(),
        "events": events,
    }
    from app.safe_output import write_output

    write_output(Path(out), json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii"))
    return {kind: len(rows) for kind, rows in events.items()}


@dataclass
class ImportResult:
    path: Path
    new: int
    already: int
    repeated: int = 0  # identical copies of one event inside the file: harmless, counted once

    @property
    def message(self) -> str:
        text = f"{self.path.name}: {self.new} eventi nuovi, {self.already} già presenti"
        if self.repeated:
            text += f", {self.repeated} copie identiche nel file ignorate"
        return text + "."


def _fail(path: Path, reason: str) -> ImportRejected:
    return ImportRejected(f"File «{path.name}» rifiutato, nessun dato importato: {reason}.")


WRITE_LOCK = "stats"
IMPORT_WAIT = 300
"""Seconds an import waits for another writer (an import of a year of events takes a while) before giving up."""
MAX_FILE_BYTES = 50_000_000
"""An office's year of events is a few MB; a larger file is refused before it is read."""
MAX_DEPTH = 5  # document > events > list of events > one event > its list of languages


def _read(path: Path) -> dict:
    from app.errors import explain
    from app.untrusted import InputRefused, load_json, read_limited

    try:
        raw = read_limited(path, MAX_FILE_BYTES, "il file è")
        raw.decode("ascii")  # what export_events writes; anything else is not ours
        document = load_json(raw, max_depth=MAX_DEPTH, what="il file")
    except InputRefused as exc:
        raise _fail(path, str(exc)) from exc
    except OSError as exc:
        raise _fail(path, f"impossibile leggerlo: {explain(exc).message}") from exc
    except ValueError as exc:  # not JSON (UnicodeDecodeError is one)
        raise _fail(path, "è danneggiato o non è un file di statistiche di Raccordo") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(path, "non è un file di statistiche di Raccordo")
    if document.get("version") not in READABLE:
        raise _fail(path, f"versione {document.get('version')!r} non supportata: aggiornare Raccordo")
    events = document.get("events")
    if not isinstance(events, dict) or hashlib.sha256(_canonical(events)).hexdigest() != document.get("sha256"):
        raise _fail(path, "il codice di controllo non corrisponde (file danneggiato o modificato)")
    if document["version"] == 1:
        events = _rekeyed(events)
    return events


def _rekeyed(events: dict) -> dict:
    """A version-1 file's workstation codes (unkeyed hashes of computer names) replaced by random ones.

    Each code of the file gets one new random code, so workstations stay told apart; the old code, which could
    be traced back to a computer name, is never stored.
    """
    fresh: dict[str, str] = {}
    out = {}
    for kind, position in (("deliveries", 7), ("outcomes", 6), ("scheduled", 4)):
        rows = []
        for row in events.get(kind, []):
            if isinstance(row, list) and len(row) > position and isinstance(row[position], str):
                row = [*row]
                row[position] = fresh.setdefault(row[position], secrets.token_hex(6))
            rows.append(row)
        out[kind] = rows
    return out


def _day(value, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} non valida: {value!r}") from exc


def _stamp(value) -> datetime:
    """The day of recording (version 2 writes a date; version 1 a time, of which only the day is kept)."""
    try:
        return datetime.combine(datetime.fromisoformat(value).date(), time())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"data di registrazione non valida: {value!r}") from exc


def _one_of(value, allowed, what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} non ammesso: {value!r}")
    return value


def _language(value) -> str:
    """A language code of the right shape (a language that arrived by sync is as good as a shipped one)."""
    if not is_language_code(value):
        raise ValueError(f"lingua non ammessa: {value!r}")
    return value


def _rows(events: dict, codes: set[str]) -> EventRows:
    def ident(value) -> str:
        if not isinstance(value, str) or not _UUID.fullmatch(value):
            raise ValueError(f"identificativo non valido: {value!r}")
        return value

    def token(value) -> str:
        if not isinstance(value, str) or not _TOKEN.fullmatch(value):
            raise ValueError("postazione non valida")
        return value

    def code(value) -> str:
        return _one_of(value, codes, "codice ISTAT")

    out = EventRows()
    for item in events.get("deliveries", []):
        eid, day, rec, stage, istat, mode, cause, ws, langs = item
        if not isinstance(langs, list) or not langs:
            raise ValueError("consegna senza lingue")
        out.deliveries.append({
            "id": ident(eid), "day": _day(day, "data"), "recorded_at": _stamp(rec),
            "stage": _one_of(stage, STAGES, "fase"), "istat_code": code(istat),
            "mode": _one_of(mode, DELIVERY_MODES, "modalità"), "cause": _one_of(cause, CAUSES, "causa"),
            "workstation": token(ws), "languages": [_language(lang) for lang in langs]})
    for eid, day, rec, istat, outcome, social, ws in events.get("outcomes", []):
        out.outcomes.append({"id": ident(eid), "day": _day(day, "data"), "recorded_at": _stamp(rec),
                             "istat_code": code(istat), "outcome": _one_of(outcome, OUTCOMES, "esito"),
                             "social_services": _one_of(social, SOCIAL_SERVICES, "servizi sociali"),
                             "workstation": token(ws)})
    for eid, day, rec, istat, ws in events.get("scheduled", []):
        out.scheduled.append({"id": ident(eid), "access_day": _day(day, "data dell'accesso"),
                              "recorded_at": _stamp(rec), "istat_code": code(istat), "workstation": token(ws)})
    return out


def import_file(session: Session, path: Path) -> ImportResult:
    """Check ``path`` whole, then add its events not yet present; the caller owns the transaction.

    Raises ImportRejected (and writes nothing the caller should keep) for a damaged file, a value outside the
    closed lists, or an event id that comes back with other content, in the file or against the store.
    """
    path = Path(path)
    events = _read(path)
    codes = set(session.scalars(select(Municipality.istat_code)))
    try:
        rows = _rows(events, codes)
    except (ValueError, TypeError) as exc:
        raise _fail(path, f"contenuto non valido ({exc})") from exc
    from app.db.locks import serialise_writers

    serialise_writers(session, WRITE_LOCK, wait=IMPORT_WAIT)  # another import first: wait its end, then compare
    try:
        merged = merge_events(session, rows)
    except EventConflict as exc:  # the caller's transaction rolls back: rows written before the conflict go too
        raise _fail(path, str(exc)) from exc
    return ImportResult(path, merged.new, merged.already, merged.repeated)
