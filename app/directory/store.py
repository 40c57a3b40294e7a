"""Create, edit and retire entries, keeping every revision (who and when), and bump the directory version.

An entry travels as a plain dict (the *entry data*, also the snapshot and the
revision format). :func:`clean_entry` checks and normalizes one, collecting
Italian messages per field so that the editor can show them inline.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from app.caches import memo
from app.directory.contacts import ContactError, normalize_email, normalize_phone, normalize_website
from app.directory.fields import (
    DATE,
    EMAILS,
    FIELDS,
    FLAG,
    INSTITUTION,
    NAMES,
    PLACE_FIELDS,
    REFERENT,
    REFERENT_COLUMNS,
    SCOPE,
    SERVICE,
    TEXT,
    by_kind,
    from_column,
)
from app.directory.hours import HoursError, validate_slots
from app.directory.identity import duplicate_message, identity_key
from app.directory.kinds import SCOPE_LEVELS, SERVICE_KINDS
from app.directory.models import Institution, Referent, Revision, Scope, Service
from app.directory.resolve import bump_version
from app.untrusted import CONTROL_CHARACTERS as _CONTROL
from app.untrusted import control_problem

_TEXTS = by_kind(TEXT)
_EMAILS = by_kind(EMAILS)
_DATES = by_kind(DATE)
_FLAGS = by_kind(FLAG)


class DirectoryDataError(ValueError):
    """Directory data that cannot be used; the message is Italian and names the entry and the problem."""


@dataclass(frozen=True)
class Known:
    """The territory entries may refer to: ISTAT codes, Ambito names and courts (Tribunali)."""

    codes: frozenset[str]
    ambiti: frozenset[str]
    courts: frozenset[str] = frozenset()

    @classmethod
    def from_session(cls, session: Session) -> Known:
        from app.territory.models import Ambito, Municipality

        return cls(frozenset(session.scalars(select(Municipality.istat_code))),
                   frozenset(session.scalars(select(Ambito.name))),
                   frozenset(c for c in session.scalars(select(Municipality.tribunale).distinct()) if c))


def new_uid() -> str:
    return uuid.uuid4().hex


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATES: dict[str, date] = {}  # a directory holds few distinct dates, each in thousands of entries


def _date(value: Any, label: str, errors: dict[str, str], key: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    known = _ISO_DATES.get(text)
    if known is not None:
        return known
    if _ISO_DATE.fullmatch(text):  # what snapshots hold; strptime costs ~40 us a call
        try:
            parsed = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if len(_ISO_DATES) > 20000:
                _ISO_DATES.clear()
            _ISO_DATES[text] = parsed
            return parsed
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors[key] = f"{label} non valida: «{text}» (usare GG/MM/AAAA)"
    return None


def _list(value: Any) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


_SLOTS: dict[tuple, list[dict[str, Any]]] = {}  # valid opening hours, as (days, from, to) -> validated


def _slots(slots: list) -> list[dict[str, Any]]:
    """``validate_slots``, remembering valid answers: thousands of entries share a handful of timetables."""
    try:
        key = tuple((tuple(s["days"]), s["from"], s["to"]) for s in slots
                    if type(s) is dict and type(s["from"]) is str and type(s["to"]) is str)
        valid = _SLOTS.get(key) if len(key) == len(slots) else None
    except (KeyError, TypeError):  # not the plain form (or unhashable days): no memory
        return validate_slots(slots)
    if len(key) != len(slots):
        return validate_slots(slots)
    if valid is None:
        valid = validate_slots(slots)
        if len(_SLOTS) > 5000:
            _SLOTS.clear()
        _SLOTS[key] = valid
    return [{"days": list(s["days"]), "from": s["from"], "to": s["to"]} for s in valid]


def _istat_code(text: str) -> str:
    return text.zfill(6)  # "15146" from a spreadsheet that dropped the leading zero


def _tidy(value: Any, tidy: Callable[[str], str]) -> list[str]:
    """The distinct values of a list field that are not blank, each stripped then through ``tidy``, sorted."""
    items = tuple(_list(value))
    try:
        return list(_tidy_remembered(tidy, items))
    except TypeError:  # unhashable items: nothing to remember them by
        return list(_tidy_items(tidy, items))


def _tidy_items(tidy: Callable[[str], str], items: tuple) -> tuple[str, ...]:
    return tuple(sorted({tidy(text) for text in (str(x).strip() for x in items) if text}))


# Thousands of entries share a few lists of languages, municipalities and Ambiti.
_tidy_remembered = memo(20000)(_tidy_items)


def check_entry(data: dict[str, Any], known: Known | None = None, *,
                phone: Callable[[str], str] = normalize_phone) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalize an entry; return (clean data, {field: Italian message}) - no message means valid.

    ``phone`` checks one number (raising ContactError); snapshots pass :func:`published_phone`.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {"uid": str(data.get("uid") or "") or new_uid()}
    for f in _TEXTS:
        key = f.name
        clean[key] = " ".join(str(data.get(key) or "").split())
        if len(clean[key]) > f.limit:
            errors[key] = f"testo troppo lungo (massimo {f.limit} caratteri)"
        elif _CONTROL.search(clean[key]):  # an ESC or NUL would break every export on every workstation
            errors[key] = f"testo non valido: {control_problem(clean[key])}"
    for key, label in (("institution", "l'ente"), ("name", "il nome del referente o dell'ufficio")):
        if not clean[key]:
            errors[key] = f"manca {label}"
    kind = str(data.get("kind") or "")
    if kind not in SERVICE_KINDS:
        errors["kind"] = f"tipo di servizio sconosciuto: «{kind}»"
    clean["kind"] = kind
    if not clean["service"]:
        from app.directory.kinds import kind_label

        clean["service"] = kind_label(kind)
    phones = []
    for p in _list(data.get("phones")):
        try:
            phones.append(phone(str(p)))
        except ContactError as exc:
            errors["phones"] = str(exc)
    clean["phones"] = list(dict.fromkeys(phones))
    for f in _EMAILS:
        key = f.name
        values = []
        for e in _list(data.get(key)):
            try:
                values.append(normalize_email(str(e), f.label))
            except ContactError as exc:
                errors[key] = str(exc)
        clean[key] = list(dict.fromkeys(values))
    try:
        clean["website"] = normalize_website(data.get("website"))
    except ContactError as exc:
        errors["website"] = str(exc)
        clean["website"] = ""
    try:
        clean["hours"] = _slots(list(data.get("hours") or []))
    except (HoursError, TypeError, ValueError, AttributeError) as exc:
        errors["hours"] = str(exc) if isinstance(exc, HoursError) else "orari non validi"
        clean["hours"] = []
    clean["languages"] = _tidy(data.get("languages"), str.lower)
    bad = [x for x in clean["languages"] if not (2 <= len(x) <= 3 and x.isalpha())]
    if bad:
        errors["languages"] = f"codice di lingua non valido: «{bad[0]}» (usare it, en, fr, ...)"
    level = str(data.get("scope_level") or "")
    codes = _tidy(data.get("municipalities"), _istat_code)
    ambiti = _tidy(data.get("ambiti"), str)
    courts = _tidy(data.get("tribunali"), str)
    if level not in SCOPE_LEVELS:
        errors["scope_level"] = f"ambito territoriale non valido: «{level}»"
    elif level == "municipality" and not codes:
        errors["municipalities"] = "indicare almeno un comune"
    elif level == "ambito" and not ambiti:
        errors["ambiti"] = "indicare almeno un Ambito"
    elif level == "tribunale" and not courts:
        errors["tribunali"] = "indicare almeno un tribunale (Milano, Monza, Lodi, Busto Arsizio...)"
    # an entry has the one list its level uses
    codes = codes if level == "municipality" else []
    ambiti = ambiti if level == "ambito" else []
    courts = courts if level == "tribunale" else []
    if known is not None:
        errors.update(territory_errors(codes, ambiti, known, courts))
    clean.update(scope_level=level, municipalities=codes, ambiti=ambiti, tribunali=courts)
    for f in _DATES:
        clean[f.name] = _date(data.get(f.name), f.label, errors, f.name)
    if clean["valid_from"] and clean["valid_to"] and clean["valid_to"] < clean["valid_from"]:
        errors["valid_to"] = "la fine della validità precede l'inizio"
    for f in _FLAGS:
        clean[f.name] = bool(data.get(f.name, False))
    return {name: clean[name] for name in NAMES}, errors  # declared order; a field not normalized above: KeyError


def territory_errors(codes: list[str], ambiti: list[str], known: Known, courts: list[str] = ()) -> dict[str, str]:
    """The part of :func:`check_entry` that depends on the territory: unknown ISTAT codes, Ambiti and courts."""
    if known.codes.issuperset(codes) and known.ambiti.issuperset(ambiti) and known.courts.issuperset(courts):
        return {}  # the common case, checked for thousands of entries per sync
    errors: dict[str, str] = {}
    unknown = [c for c in codes if c not in known.codes]
    if unknown:
        errors["municipalities"] = f"codice ISTAT sconosciuto: {unknown[0]}"
    unknown = [a for a in ambiti if a not in known.ambiti]
    if unknown:
        errors["ambiti"] = f"Ambito sconosciuto: «{unknown[0]}»"
    unknown = [c for c in courts if c not in known.courts]
    if unknown:
        errors["tribunali"] = (f"tribunale sconosciuto: «{unknown[0]}» (tribunali del territorio: "
                               f"{', '.join(sorted(known.courts))})")
    return errors


def clean_entry(data: dict[str, Any], known: Known | None = None) -> dict[str, Any]:
    clean, errors = check_entry(data, known)
    if errors:
        who = clean.get("name") or "voce senza nome"
        raise DirectoryDataError(f"{who}: " + "; ".join(errors.values()))
    return clean


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, for JSON columns and snapshots."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def entry_data(row: Referent) -> dict[str, Any]:
    """The entry data of an ORM row (the editor's save compares it with what the user asked for)."""
    service = row.service
    tables = {REFERENT: row, SERVICE: service, INSTITUTION: service.institution}
    places: dict[str, list[str]] = {f.scope: [] for f in PLACE_FIELDS}
    for s in row.scopes:
        places.setdefault(s.kind, []).append(s.value)
    return {f.name: sorted(places[f.scope]) if f.stored == SCOPE
            else from_column(f.kind, getattr(tables[f.stored], f.column or f.name)) for f in FIELDS}


def entry_label(data: dict[str, Any]) -> str:
    return f"{data['name']} ({data['institution']}, {data['service']})"


@dataclass
class Cache:
    """Institutions and services by name, so bulk writes do not query once per row."""

    institutions: dict[str, Institution] = field(default_factory=dict)
    services: dict[tuple[str, str], Service] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Cache:
        cache = cls()
        for inst in session.scalars(select(Institution).options(selectinload(Institution.services))):
            cache.institutions[inst.name] = inst
            for s in inst.services:
                cache.services[(inst.name, s.name)] = s
        return cache

    def service(self, session: Session, institution: str, name: str, kind: str) -> Service:
        inst = self.institutions.get(institution)
        if inst is None:
            inst = Institution(name=institution, website="")
            session.add(inst)
            self.institutions[institution] = inst
        svc = self.services.get((institution, name))
        if svc is None:
            svc = Service(institution=inst, name=name, kind=kind)
            session.add(svc)
            self.services[(institution, name)] = svc
        svc.kind = kind
        return svc


def write_entry(session: Session, row: Referent | None, data: dict[str, Any], user: str, action: str,
                cache: Cache | None = None, now: datetime | None = None) -> Referent:
    """Store clean entry data on a new or existing row and record the revision; the caller commits."""
    cache = cache or Cache.load(session)
    now = now or datetime.now().replace(microsecond=0)
    if row is None:
        row = Referent(uid=data["uid"])
        session.add(row)
    row.service = cache.service(session, data["institution"], data["service"], data["kind"])
    for key in REFERENT_COLUMNS:
        setattr(row, key, data[key])
    wanted = {(f.scope, value) for f in PLACE_FIELDS for value in data.get(f.name, ())}
    for scope in list(row.scopes):
        if (scope.kind, scope.value) not in wanted:
            row.scopes.remove(scope)
    have = {(s.kind, s.value) for s in row.scopes}
    for kind, value in sorted(wanted - have):
        row.scopes.append(Scope(kind=kind, value=value))
    row.identity_key = identity_key(data)
    flag_modified(row, "identity_key")  # written even when unchanged: an import may have cleared it first
    row.updated_at = now
    row.updated_by = user
    session.add(Revision(referent_uid=data["uid"], at=now, user=user, action=action, data=to_json(data),
                         summary=entry_label(data)))
    return row


def get_referent(session: Session, uid: str) -> Referent | None:
    return session.scalar(select(Referent).where(Referent.uid == uid))


WRITE_LOCK = "directory"
"""Name of the write lock (app.db.locks) every read-check-write of the directory takes."""


def check_not_duplicate(session: Session, data: dict[str, Any]) -> None:
    """Raise DirectoryDataError if another active entry is the same referent (app.directory.identity)."""
    key = identity_key(data)
    if key is None:
        return
    other = session.scalar(select(Referent.uid).where(Referent.identity_key == key, Referent.uid != data["uid"]))
    if other is not None:
        raise DirectoryDataError(duplicate_message(data))


def flush_unique(session: Session, data: dict[str, Any]) -> None:
    """Flush, turning the database's refusal of a second copy of a referent into an Italian message."""
    try:
        session.flush()
    except IntegrityError as exc:
        if "identity_key" not in str(exc.orig):
            raise
        raise DirectoryDataError(duplicate_message(data)) from exc


def save_entry(session: Session, data: dict[str, Any], user: str, known: Known | None = None) -> Referent:
    """Create or edit one entry from the editor; raises DirectoryDataError. The caller commits."""
    from app.db.locks import serialise_writers

    clean = clean_entry(data, known or Known.from_session(session))
    serialise_writers(session, WRITE_LOCK)
    row = get_referent(session, clean["uid"]) if data.get("uid") else None
    if row is not None and entry_data(row) == clean:
        return row
    check_not_duplicate(session, clean)
    row = write_entry(session, row, clean, user, "edit" if row is not None else "create")
    flush_unique(session, clean)
    bump_version(session)
    return row


def set_retired(session: Session, uid: str, user: str, retired: bool = True) -> Referent:
    """Retire (hide from packs and lists, never delete) or bring back an entry."""
    from app.db.locks import serialise_writers

    serialise_writers(session, WRITE_LOCK)
    row = get_referent(session, uid)
    if row is None:
        raise DirectoryDataError("voce della rubrica non trovata")
    if row.retired != retired:
        data = entry_data(row)
        data["retired"] = retired
        check_not_duplicate(session, data)  # bringing one back while another copy is active
        write_entry(session, row, data, user, "retire" if retired else "restore")
        flush_unique(session, data)
        bump_version(session)
    return row


def history(session: Session, uid: str) -> list[Revision]:
    """Every revision of an entry, newest first."""
    return list(session.scalars(select(Revision).where(Revision.referent_uid == uid)
                                .order_by(Revision.at.desc(), Revision.id.desc())))


def all_entries(session: Session) -> list[dict[str, Any]]:
    """Every entry as entry data, sorted by institution, service, name."""
    from app.directory.loading import load_entry_dicts

    entries = load_entry_dicts(session)
    for e in entries:
        del e["_institution_website"]
    return sorted(entries, key=lambda d: (d["institution"], d["service"], d["name"], d["uid"]))
