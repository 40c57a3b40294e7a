"""The whole directory as one JSON-serialisable dict, for the signed sync bundle.

``export_snapshot`` writes it, ``validate_snapshot`` checks it before anything
is touched, ``replace_from_snapshot`` makes the database equal to it while
recording a revision for every entry added, changed or removed (history is
kept even for removed entries, keyed by their uid). The caller owns the
transaction: nothing here commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

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

__all__ = ["DirectoryChanges", "DirectoryDataError", "export_snapshot", "validate_snapshot", "replace_from_snapshot"]


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
        "referents": [to_json(e) for e in all_entries(session)],
    }


def validate_snapshot(data: dict[str, Any], known: Known | None = None) -> None:
    """Raise DirectoryDataError (Italian) unless ``data`` is a complete, consistent directory.

    ``known`` gives the ISTAT codes and Ambito names of the territory; without it
    only their form is checked (six digits, a non-empty name).
    """
    _clean_all(data, known)


def _clean_all(data: dict[str, Any], known: Known | None) -> tuple[dict[str, str], list[dict[str, Any]]]:
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
    for raw in referents:
        if not isinstance(raw, dict) or not raw.get("uid"):
            raise DirectoryDataError("voce della rubrica senza identificativo")
        entry, errors = _check(raw, known)
        who = entry.get("name") or raw.get("uid")
        if known is None:
            bad = [c for c in entry["municipalities"] if not (len(c) == 6 and c.isdigit())]
            if bad:
                errors["municipalities"] = f"codice ISTAT non valido: «{bad[0]}»"
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
        clean.append(entry)
    return websites, clean


# Valid entries already cleaned, by their exact JSON text: a sync validates the bundle before its transaction
# and replace_from_snapshot must check the same entries again inside it (against the territory it may just have
# replaced), which would otherwise parse every phone number and date twice.
_CLEAN_CACHE: dict[str, dict[str, Any]] = {}
_CLEAN_CACHE_MAX = 20000


def _check(raw: dict[str, Any], known: Known | None) -> tuple[dict[str, Any], dict[str, str]]:
    """``check_entry`` for one snapshot entry, remembering valid results; the territory check is always redone."""
    try:
        key: str | None = json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError):  # not plain JSON (e.g. dates from a caller): no caching
        key = None
    cached = _CLEAN_CACHE.get(key) if key is not None else None
    if cached is not None:
        entry = _copy_entry(cached)
        return entry, territory_errors(entry["municipalities"], entry["ambiti"], known) if known else {}
    entry, errors = check_entry(raw, known)
    if key is not None and not errors:
        if len(_CLEAN_CACHE) >= _CLEAN_CACHE_MAX:
            _CLEAN_CACHE.clear()
        _CLEAN_CACHE[key] = _copy_entry(entry)
    return entry, errors


def _copy_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A copy sharing nothing mutable (lists, and the hours' dicts and day lists)."""
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in entry.items()}
    out["hours"] = [dict(s, days=list(s["days"])) for s in entry["hours"]]
    return out


_ROW_FIELDS = ("name", "role", "phones", "emails", "pecs", "website", "address", "hours", "hours_note", "languages",
               "scope_level", "valid_from", "valid_to", "last_verified", "source", "is_demo", "retired")
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


def _scope_rows(referent_id: int, entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"referent_id": referent_id, "kind": "municipality", "value": c} for c in entry["municipalities"]] + \
        [{"referent_id": referent_id, "kind": "ambito", "value": a} for a in entry["ambiti"]]


def replace_from_snapshot(session: Session, data: dict[str, Any], user: str = "sincronizzazione") -> DirectoryChanges:
    """Make the database hold exactly ``data``; revisions keep the history. Does not commit.

    Institutions and services (a few dozen) go through the ORM; entries, scopes and revisions (thousands) are
    compared as plain dicts and written with bulk Core statements, so an unchanged entry costs no write at all.
    """
    websites, entries = _clean_all(data, Known.from_session(session))
    changes = DirectoryChanges()
    session.flush()  # pending ORM work first: entries below are written with Core in the same transaction
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
    for svc in data["services"]:
        cache.service(session, svc["institution"], svc["name"], svc["kind"])
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
    keep_services = {(s["institution"], s["name"]) for s in data["services"]}
    for (inst_name, svc_name), svc in cache.services.items():
        if (inst_name, svc_name) not in keep_services and svc.id not in used:
            session.delete(svc)
    session.flush()
    for name, inst in cache.institutions.items():
        if name not in websites:
            session.delete(inst)
            changes.removed.append(f"Ente {name}")
    session.flush()
    version = str(data.get("version") or "")
    if changes or (version and version != directory_version(session)):
        bump_version(session, version or None)
    return changes


def _write_entries(session: Session, cache: Cache, added: list[dict[str, Any]],
                   changed: list[tuple[int, dict[str, Any]]], removed: list[tuple[int, datetime, dict[str, Any]]],
                   written: list[dict[str, Any]], user: str, now: datetime) -> None:
    """Insert, update and delete entries with their scopes, one revision each (as write_entry would record)."""
    r, sc, rev = Referent.__table__, Scope.__table__, Revision.__table__

    def values(entry: dict[str, Any]) -> dict[str, Any]:
        row = {key: entry[key] for key in _ROW_FIELDS}
        row.update(service_id=cache.services[(entry["institution"], entry["service"])].id, updated_at=now,
                   updated_by=user)
        return row

    scopes: list[dict[str, Any]] = []
    if changed:
        session.execute(update(r).where(r.c.id == bindparam("row_id")),
                        [dict(values(entry), row_id=row_id) for row_id, entry in changed])
        for ids in _chunks([row_id for row_id, _ in changed]):
            session.execute(delete(sc).where(sc.c.referent_id.in_(ids)))
        for row_id, entry in changed:
            scopes.extend(_scope_rows(row_id, entry))
    if added:
        session.execute(insert(r), [dict(values(entry), uid=entry["uid"]) for entry in added])
        ids: dict[str, int] = {}
        for uids in _chunks([entry["uid"] for entry in added]):
            ids.update((uid, row_id) for uid, row_id in session.execute(select(r.c.uid, r.c.id)
                                                                       .where(r.c.uid.in_(uids))))
        for entry in added:
            scopes.extend(_scope_rows(ids[entry["uid"]], entry))
    if scopes:
        session.execute(insert(sc), scopes)
    revisions = [{"referent_uid": entry["uid"], "at": now, "user": user, "action": "sync", "data": to_json(entry),
                  "summary": entry_label(entry)} for entry in written]
    revisions += [{"referent_uid": old["uid"], "at": updated_at, "user": user, "action": "remove",
                   "data": to_json(old), "summary": entry_label(old)} for _, updated_at, old in removed]
    if removed:
        for ids_chunk in _chunks([row_id for row_id, _, _ in removed]):
            session.execute(delete(sc).where(sc.c.referent_id.in_(ids_chunk)))
            session.execute(delete(r).where(r.c.id.in_(ids_chunk)))
    if revisions:
        session.execute(insert(rev), revisions)


def _forget_loaded_entries(session: Session) -> None:
    """Entries and scopes the session had loaded no longer match the rows written with Core: reload on access."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (Referent, Scope)):
            session.expire(obj)
        elif isinstance(obj, Service):
            session.expire(obj, ["referents"])
