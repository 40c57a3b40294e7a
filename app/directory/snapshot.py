"""The whole directory as one JSON-serialisable dict, for the signed sync bundle.

``export_snapshot`` writes it, ``validate_snapshot`` checks it before anything
is touched, ``replace_from_snapshot`` makes the database equal to it while
recording a revision for every entry added, changed or removed (history is
kept even for removed entries, keyed by their uid). The caller owns the
transaction: nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.directory.kinds import SERVICE_KINDS
from app.directory.models import Institution, Referent, Revision, Service
from app.directory.resolve import bump_version, directory_version
from app.directory.store import (
    Cache,
    DirectoryDataError,
    Known,
    all_entries,
    check_entry,
    entry_data,
    entry_label,
    to_json,
    write_entry,
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
        entry, errors = check_entry(raw, known)
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


def replace_from_snapshot(session: Session, data: dict[str, Any], user: str = "sincronizzazione") -> DirectoryChanges:
    """Make the database hold exactly ``data``; revisions keep the history. Does not commit."""
    websites, entries = _clean_all(data, Known.from_session(session))
    changes = DirectoryChanges()
    cache = Cache.load(session)
    existing = {r.uid: r for r in session.scalars(
        select(Referent).options(selectinload(Referent.scopes),
                                 selectinload(Referent.service).selectinload(Service.institution)))}
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
    wanted = set()
    for entry in entries:
        wanted.add(entry["uid"])
        row = existing.get(entry["uid"])
        if row is None:
            write_entry(session, None, entry, user, "sync", cache)
            changes.added.append(entry_label(entry))
        elif entry_data(row) != entry:
            write_entry(session, row, entry, user, "sync", cache)
            changes.changed.append(entry_label(entry))
    for uid, row in existing.items():
        if uid not in wanted:
            old = entry_data(row)
            session.add(Revision(referent_uid=uid, at=row.updated_at, user=user, action="remove", data=to_json(old),
                                 summary=entry_label(old)))
            changes.removed.append(entry_label(old))
            session.delete(row)
    session.flush()
    keep_services = {(s["institution"], s["name"]) for s in data["services"]}
    for (inst_name, svc_name), svc in cache.services.items():
        if (inst_name, svc_name) not in keep_services and not svc.referents:
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
