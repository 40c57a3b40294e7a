"""Open Referral HSDS 3.0 JSON: organizations (the institutions) and services (one per directory entry).

Identifiers are UUIDv5 derived from our stable ids, so two exports of the same
data are identical and consumers can follow an entry across versions. Each
entry's territorial scope becomes service areas (municipalities carry their
ISTAT code; HSDS allows extra fields), its structured hours become weekly
schedules, the referent becomes a contact with its phones.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.contacts import display_phone
from app.directory.hours import format_hours
from app.directory.kinds import kind_label
from app.directory.models import Institution
from app.directory.resolve import directory_version
from app.directory.store import all_entries
from app.safe_output import write_output
from app.territory import Territory

HSDS_VERSION = "3.0"
_NAMESPACE = uuid.UUID("5b0f7c2e-3c55-4d8e-9a51-7a1f0d6c2b10")  # Raccordo's own namespace for UUIDv5 ids
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LANGUAGE_NAMES = {"it": "Italiano", "en": "English", "fr": "Français", "es": "Español", "ar": "العربية",
                   "zh": "中文", "tl": "Tagalog", "si": "සිංහල", "ta": "தமிழ்", "ro": "Română", "uk": "Українська",
                   "bn": "বাংলা", "sq": "Shqip", "ur": "اردو"}


def hsds_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _service(e: dict[str, Any], org_id: str, territory: Territory, today: date) -> dict[str, Any]:
    sid = hsds_id("service", e["uid"])
    in_force = not e["retired"] and (e["valid_to"] is None or e["valid_to"] >= today)
    phones = [{"id": hsds_id("phone", e["uid"], p), "service_id": sid, "number": display_phone(p), "type": "voice"}
              for p in e["phones"]]
    contact_id = hsds_id("contact", e["uid"])
    contact: dict[str, Any] = {"id": contact_id, "service_id": sid, "name": e["name"], "title": e["role"] or None,
                               "department": e["service"],
                               "phones": [{**p, "id": hsds_id("contact-phone", e["uid"], p["number"]),
                                           "contact_id": contact_id} for p in phones]}
    if e["emails"]:
        contact["email"] = e["emails"][0]
    areas: list[dict[str, Any]] = []
    if e["scope_level"] == "metro":
        areas.append({"id": hsds_id("area", e["uid"], "metro"), "service_id": sid,
                      "name": "Città Metropolitana di Milano", "description": "Tutti i comuni"})
    for code in e["municipalities"]:
        m = territory.by_code(code)
        areas.append({"id": hsds_id("area", e["uid"], code), "service_id": sid, "name": m.name if m else code,
                      "description": "Comune", "istat_code": code})
    for name in e["ambiti"]:
        areas.append({"id": hsds_id("area", e["uid"], name), "service_id": sid, "name": f"Ambito {name}",
                      "description": "Ambito territoriale sociale"})
    for name in e.get("tribunali", ()):
        areas.append({"id": hsds_id("area", e["uid"], "tribunale", name), "service_id": sid,
                      "name": f"Circondario del Tribunale di {name}", "description": "Circondario del tribunale"})
    schedules = []
    for i, slot in enumerate(e["hours"]):
        schedules.append({
            "id": hsds_id("schedule", e["uid"], str(i)), "service_id": sid, "freq": "WEEKLY", "wkst": "MO",
            "byday": ",".join(_BYDAY[d] for d in slot["days"]), "opens_at": slot["from"], "closes_at": slot["to"],
            "valid_from": e["valid_from"].isoformat() if e["valid_from"] else None,
            "valid_to": e["valid_to"].isoformat() if e["valid_to"] else None,
            "description": format_hours([slot]), "notes": e["hours_note"] or None,
        })
    if not schedules and e["hours_note"]:
        schedules.append({"id": hsds_id("schedule", e["uid"], "note"), "service_id": sid,
                          "description": e["hours_note"]})
    service: dict[str, Any] = {
        "id": sid, "organization_id": org_id, "name": f"{e['service']} - {e['name']}",
        "alternate_name": kind_label(e["kind"]),
        "description": f"{kind_label(e['kind'])}: {e['service']} ({e['institution']}). Referente: {e['name']}"
                       + (f", {e['role']}" if e["role"] else "") + (". DATI DIMOSTRATIVI, NON REALI." if e["is_demo"]
                                                                    else "."),
        "status": "active" if in_force else "inactive",
        "assured_date": e["last_verified"].isoformat() if e["last_verified"] else None,
        "last_modified": None,
        "phones": phones, "contacts": [contact], "service_areas": areas, "schedules": schedules,
        "languages": [{"id": hsds_id("language", e["uid"], code), "service_id": sid, "code": code,
                       "name": _LANGUAGE_NAMES.get(code, code)} for code in e["languages"]],
        "attributes": [], "metadata": [],
    }
    if e["website"]:
        service["url"] = e["website"]
    if e["emails"]:
        service["email"] = e["emails"][0]
    if e["address"]:
        location_id = hsds_id("location", e["uid"])
        service["service_at_locations"] = [{
            "id": hsds_id("sal", e["uid"]), "service_id": sid, "location_id": location_id,
            "location": {"id": location_id, "location_type": "physical", "name": e["address"],
                         "description": e["address"]},
        }]
    return service


def _prune(value: Any) -> Any:
    """Drop null fields everywhere: HSDS types its optional fields as strings, not nullable."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def build_hsds(entries: list[dict[str, Any]], websites: dict[str, str], territory: Territory, version: str,
               today: date) -> dict[str, Any]:
    orgs = {}
    for name in sorted({e["institution"] for e in entries}):
        org = {"id": hsds_id("organization", name), "name": name,
               "description": f"Ente che indica referenti nel protocollo sulle esecuzioni di rilascio: {name}."}
        if websites.get(name):
            org["website"] = websites[name]
        orgs[name] = org
    services = [_prune(_service(e, orgs[e["institution"]]["id"], territory, today)) for e in entries]
    return {
        "hsds_version": HSDS_VERSION,
        "publisher": "Raccordo",
        "data_version": version,
        "generated": today.isoformat(),
        "organizations": list(orgs.values()),
        "services": services,
    }


def export_hsds(session: Session, path: Path, today: date | None = None) -> int:
    entries = all_entries(session)
    websites = {i.name: i.website for i in session.scalars(select(Institution))}
    data = build_hsds(entries, websites, Territory.load(session), directory_version(session), today or date.today())
    write_output(path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    return len(data["services"])
