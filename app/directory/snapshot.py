"""The whole directory as one JSON-serialisable dict, for the signed sync bundle.

``export_snapshot`` writes it, ``validate_snapshot`` checks it before anything
is touched, ``replace_from_snapshot`` makes the database equal to it while
recording a revision for every entry added, changed or removed (history is
kept even for removed entries, keyed by their uid). The caller owns the
transaction: nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from app.db.bulk import executemany
from app.directory.contacts import published_phone
from app.directory.fields import PLACE_FIELDS, REFERENT_COLUMNS, complete
from app.directory.identity import identity, identity_key
from app.directory.kinds import SERVICE_KINDS
from app.directory.loading import load_entry_dicts
from app.directory.models import Institution, Referent, Revision, Scope, Service
from app.directory.resolve import bump_version, directory_version
from app.directory.store import (
    Cache,
    DirectoryDataError,
    Known,
    all_entries,
    check_entry,
    entry_label,
    territory_errors,
    to_json,
)

FORMAT = "raccordo-directory"
FORMAT_VERSION = 1

__all__ = ["DirectoryChanges", "DirectoryDataError", "ValidatedDirectory", "export_snapshot", "validate_snapshot",
           "replace_from_snapshot"]


@dataclass
class DirectoryChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def export_snapshot(session: Session) -> dict[str, Any]:
    """Everything: institutions, services, entries with contacts, scopes, hours, validity, verification, demo flag."""
    institutions = list(session.scalars(select(Institution).options(selectinload(Institution.services))
                                        .order_by(Institution.name)))
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": directory_version(session),
        "institutions": [{"name": i.name, "website": i.website} for i in institutions],
        "services": [{"institution": i.name, "name": s.name, "kind": s.kind}
                     for i in institutions for s in sorted(i.services, key=lambda s: s.name)],
        "referents": [to_json(complete(e)) for e in all_entries(session)],
    }


@dataclass(frozen=True)
class ValidatedDirectory:
    """A snapshot that passed :func:`validate_snapshot`: its entries already cleaned, ready to apply.

    Hand it to :func:`replace_from_snapshot` instead of the raw dict and nothing is cleaned twice: only the
    territory check is redone there, against the territory in the database at that moment.
    """

    version: str
    websites: dict[str, str]
    services: tuple[tuple[str, str, str], ...]  # (institution, name, kind)
    entries: tuple[dict[str, Any], ...]


def validate_snapshot(data: dict[str, Any], known: Known | None = None) -> ValidatedDirectory:
    """Raise DirectoryDataError (Italian) unless ``data`` is a complete, consistent directory.

    ``known`` gives the ISTAT codes and Ambito names of the territory; without it
    only their form is checked (six digits, a non-empty name). Returns the cleaned
    directory, for :func:`replace_from_snapshot`.
    """
    websites, kinds, entries = _clean_all(data, known)
    return ValidatedDirectory(str(data.get("version") or ""), websites,
                              tuple((inst, name, kind) for (inst, name), kind in kinds.items()), tuple(entries))


def _clean_all(data: dict[str, Any], known: Known | None
               ) -> tuple[dict[str, str], dict[tuple[str, str], str], list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DirectoryDataError("i dati non sono una rubrica di Raccordo")
    if data.get("format_version") != FORMAT_VERSION:
        raise DirectoryDataError(f"versione del formato della rubrica non supportata: {data.get('format_version')}")
    try:
        institutions = list(data["institutions"])
        services = list(data["services"])
        referents = list(data["referents"])
    except (KeyError, TypeError) as exc:
        raise DirectoryDataError(f"rubrica incompleta: manca {exc}") from exc
    websites: dict[str, str] = {}
    for inst in institutions:
        name = str(inst.get("name") or "").strip() if isinstance(inst, dict) else ""
        if not name:
            raise DirectoryDataError("ente senza nome nella rubrica")
        if name in websites:
            raise DirectoryDataError(f"ente ripetuto: «{name}»")
        websites[name] = str(inst.get("website") or "")
    kinds: dict[tuple[str, str], str] = {}
    for svc in services:
        key = (str(svc.get("institution")), str(svc.get("name")))
        if key[0] not in websites:
            raise DirectoryDataError(f"il servizio «{key[1]}» rimanda a un ente sconosciuto: «{key[0]}»")
        if svc.get("kind") not in SERVICE_KINDS:
            raise DirectoryDataError(f"servizio «{key[1]}»: tipo sconosciuto «{svc.get('kind')}»")
        if key in kinds:
            raise DirectoryDataError(f"servizio ripetuto: «{key[1]}» di {key[0]}")
        kinds[key] = svc["kind"]
    clean: list[dict[str, Any]] = []
    uids: set[str] = set()
    active: dict[tuple[str, str, str], str] = {}  # identity -> uid, for entries not retired
    for raw in referents:
        if not isinstance(raw, dict) or not raw.get("uid"):
            raise DirectoryDataError("voce della rubrica senza identificativo")
        entry, errors = _check(raw, known)
        who = entry.get("name") or raw.get("uid")
        if errors:
            raise DirectoryDataError(f"{who}: " + "; ".join(errors.values()))
        if entry["uid"] in uids:
            raise DirectoryDataError(f"identificativo ripetuto: {entry['uid']} ({who})")
        uids.add(entry["uid"])
        service_kind = kinds.get((entry["institution"], entry["service"]))
        if service_kind is None:
            raise DirectoryDataError(f"{who}: servizio sconosciuto «{entry['service']}» di {entry['institution']}")
        if service_kind != entry["kind"]:
            raise DirectoryDataError(f"{who}: il tipo del servizio non corrisponde")
        if not entry["retired"]:
            same = active.setdefault(identity(entry), entry["uid"])
            if same != entry["uid"]:
                raise DirectoryDataError(f"referente ripetuto: {entry_label(entry)} (voci {same} e {entry['uid']})")
        clean.append(entry)
    return websites, kinds, clean


def _check(raw: dict[str, Any], known: Known | None) -> tuple[dict[str, Any], dict[str, str]]:
    """``check_entry`` for one snapshot entry; without a territory, the form of the ISTAT codes."""
    entry, errors = check_entry(raw, known, phone=published_phone)
    if known is None:
        bad = [c for c in entry["municipalities"] if not (len(c) == 6 and c.isdigit())]
        if bad:
            errors["municipalities"] = f"codice ISTAT non valido: «{bad[0]}»"
    return entry, errors


def _check_territory(entries: tuple[dict[str, Any], ...], known: Known) -> None:
    """The territory part of the check, for entries cleaned earlier (the territory may have changed since)."""
    for entry in entries:
        errors = territory_errors(entry["municipalities"], entry["ambiti"], known, entry.get("tribunali", ()))
        if errors:
            raise DirectoryDataError(f"{entry['name']}: " + "; ".join(errors.values()))


_ROW_FIELDS = REFERENT_COLUMNS  # what the bulk writer sets on a referent row, as write_entry does
_CHUNK = 500  # ids per IN (...) list, well under every database's parameter limit


def _existing(session: Session) -> dict[str, tuple[int, datetime, dict[str, Any]]]:
    """uid -> (row id, updated_at, entry data) for every entry, with Core queries (no ORM objects), by id."""
    r = Referent.__table__
    entries = {}
    for e in load_entry_dicts(session):
        del e["_institution_website"]
        entries[e["uid"]] = e
    return {uid: (row_id, updated_at, entries[uid])
            for uid, row_id, updated_at in session.execute(select(r.c.uid, r.c.id, r.c.updated_at).order_by(r.c.id))}


def _chunks(values: list) -> list[list]:
    return [values[i:i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _scope_rows(referent_id: int, entry: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(referent_id, f.scope, value) for f in PLACE_FIELDS for value in entry[f.name]]


def replace_from_snapshot(session: Session, data: dict[str, Any] | ValidatedDirectory,
                          user: str = "sincronizzazione") -> DirectoryChanges:
    """Make the database hold exactly ``data``; revisions keep the history. Does not commit.

    ``data`` is a raw snapshot (checked here in full) or what :func:`validate_snapshot` returned for it (only
    the territory is checked again). Institutions and services (a few dozen) go through the ORM; entries, scopes
    and revisions (thousands) are compared as plain dicts and written with bulk statements, so an unchanged
    entry costs no write at all.
    """
    from app.db.locks import serialise_writers
    from app.directory.store import WRITE_LOCK

    known = Known.from_session(session)
    if isinstance(data, ValidatedDirectory):
        _check_territory(data.entries, known)
        valid = data
    else:
        valid = validate_snapshot(data, known)
    websites, entries = valid.websites, valid.entries
    changes = DirectoryChanges()
    session.flush()  # pending ORM work first: entries below are written with Core in the same transaction
    serialise_writers(session, WRITE_LOCK)
    cache = Cache.load(session)
    for name, website in websites.items():
        inst = cache.institutions.get(name)
        if inst is None:
            inst = Institution(name=name, website=website)
            session.add(inst)
            cache.institutions[name] = inst
            changes.added.append(f"Ente {name}")
        elif inst.website != website:
            inst.website = website
            changes.changed.append(f"Ente {name}")
    for inst_name, svc_name, kind in valid.services:
        cache.service(session, inst_name, svc_name, kind)
    session.flush()  # ids of new institutions and services
    existing = _existing(session)
    now = datetime.now().replace(microsecond=0)
    added: list[dict[str, Any]] = []
    changed: list[tuple[int, dict[str, Any]]] = []
    written: list[dict[str, Any]] = []  # added or changed, in the snapshot's order (as their revisions)
    wanted = set()
    for entry in entries:
        wanted.add(entry["uid"])
        found = existing.get(entry["uid"])
        if found is None:
            added.append(entry)
            written.append(entry)
            changes.added.append(entry_label(entry))
        elif found[2] != entry:
            changed.append((found[0], entry))
            written.append(entry)
            changes.changed.append(entry_label(entry))
    removed = [found for uid, found in existing.items() if uid not in wanted]
    _write_entries(session, cache, added, changed, removed, written, user, now)
    for _, _, old in removed:
        changes.removed.append(entry_label(old))
    _forget_loaded_entries(session)
    r = Referent.__table__
    used = set(session.scalars(select(r.c.service_id).distinct()))
    keep_services = {(inst_name, svc_name) for inst_name, svc_name, _ in valid.services}
    for (inst_name, svc_name), svc in cache.services.items():
        if (inst_name, svc_name) not in keep_services and svc.id not in used:
            session.delete(svc)
    session.flush()
    for name, inst in cache.institutions.items():
        if name not in websites:
            session.delete(inst)
            changes.removed.append(f"Ente {name}")
    session.flush()
    if changes or (valid.version and valid.version != directory_version(session)):
        bump_version(session, valid.version or None)
    return changes


def _write_entries(session: Session, cache: Cache, added: list[dict[str, Any]],
                   changed: list[tuple[int, dict[str, Any]]], removed: list[tuple[int, datetime, dict[str, Any]]],
                   written: list[dict[str, Any]], user: str, now: datetime) -> None:
    """Insert, update and delete entries with their scopes, one revision each (as write_entry would record)."""
    r, sc, rev = Referent.__table__, Scope.__table__, Revision.__table__
    columns = (*_ROW_FIELDS, "service_id", "updated_at", "updated_by", "identity_key")

    def values(entry: dict[str, Any]) -> list[Any]:
        row = [entry[key] for key in _ROW_FIELDS]
        row += (cache.services[(entry["institution"], entry["service"])].id, now, user, identity_key(entry))
        return row

    # The UNIQUE identity_key: entries removed or changed give up their key before any entry takes one (a referent
    # deleted and created again under a new uid, two entries swapping names). Removed rows are deleted last, so
    # SQLite never hands a new entry the id of one removed in the same apply.
    for ids in _chunks([row_id for row_id, _, _ in removed] + [row_id for row_id, _ in changed]):
        session.execute(update(r).where(r.c.id.in_(ids)).values(identity_key=None))
    scopes: list[tuple[Any, ...]] = []
    if changed:
        executemany(session, r, (*columns, "id"), [(*values(entry), row_id) for row_id, entry in changed],
                     update_by="id")
        for ids in _chunks([row_id for row_id, _ in changed]):
            session.execute(delete(sc).where(sc.c.referent_id.in_(ids)))
        for row_id, entry in changed:
            scopes.extend(_scope_rows(row_id, entry))
    if added:
        executemany(session, r, (*columns, "uid"), [(*values(entry), entry["uid"]) for entry in added])
        # Every uid's id in one plain query: cheaper than asking for the new ones in IN lists of 500.
        ids: dict[str, int] = {uid: row_id for uid, row_id in session.execute(select(r.c.uid, r.c.id))}
        for entry in added:
            scopes.extend(_scope_rows(ids[entry["uid"]], entry))
    executemany(session, sc, ("referent_id", "kind", "value"), scopes)
    # Entry data as it is: the engine's JSON serializer writes its dates as ISO text, as to_json would.
    revisions = [(entry["uid"], now, user, "sync", entry, entry_label(entry)) for entry in written]
    revisions += [(old["uid"], updated_at, user, "remove", old, entry_label(old)) for _, updated_at, old in removed]
    if removed:
        for ids_chunk in _chunks([row_id for row_id, _, _ in removed]):
            session.execute(delete(sc).where(sc.c.referent_id.in_(ids_chunk)))
            session.execute(delete(r).where(r.c.id.in_(ids_chunk)))
    executemany(session, rev, ("referent_uid", "at", "user", "action", "data", "summary"), revisions)


def _forget_loaded_entries(session: Session) -> None:
    """Entries and scopes the session had loaded no longer match the rows written with Core: reload on access."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (Referent, Scope)):
            session.expire(obj)
        elif isinstance(obj, Service):
            session.expire(obj, ["referents"])
