"""Read every entry as plain dicts with three Core queries (no ORM objects).

Building 5,000 ORM referents with their scopes, services and institutions
took seconds; previews, exports, the view and resolution only need values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import Institution, Referent, Scope, Service


def load_entry_dicts(session: Session) -> list[dict[str, Any]]:
    """Every entry in the entry-data format (see app.directory.store), sorted by institution, service, name."""
    r, s, i = Referent.__table__, Service.__table__, Institution.__table__
    scopes: dict[int, dict[str, list[str]]] = {}
    for referent_id, kind, value in session.execute(select(Scope.referent_id, Scope.kind, Scope.value)):
        scopes.setdefault(referent_id, {}).setdefault(kind, []).append(value)
    query = select(r, s.c.kind, s.c.name.label("service_name"), i.c.name.label("institution_name"),
                   i.c.website.label("institution_website")).join(s, r.c.service_id == s.c.id).join(
        i, s.c.institution_id == i.c.id)
    entries = []
    for row in session.execute(query).mappings():
        scope = scopes.get(row["id"], {})
        entries.append({
            "uid": row["uid"], "institution": row["institution_name"], "service": row["service_name"],
            "kind": row["kind"], "name": row["name"], "role": row["role"], "phones": list(row["phones"]),
            "emails": list(row["emails"]), "pecs": list(row["pecs"]), "website": row["website"],
            "address": row["address"], "hours": [dict(h) for h in row["hours"]], "hours_note": row["hours_note"],
            "languages": list(row["languages"]), "scope_level": row["scope_level"],
            "municipalities": sorted(scope.get("municipality", ())), "ambiti": sorted(scope.get("ambito", ())),
            "tribunali": sorted(scope.get("tribunale", ())),
            "valid_from": row["valid_from"], "valid_to": row["valid_to"], "last_verified": row["last_verified"],
            "source": row["source"], "is_demo": bool(row["is_demo"]), "retired": bool(row["retired"]),
            "_institution_website": row["institution_website"],
        })
    return entries
