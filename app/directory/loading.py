"""Read every entry as plain dicts with three Core queries (no ORM objects).

Building 5,000 ORM referents with their scopes, services and institutions
took seconds; previews, exports, the view and resolution only need values.
Which column holds which field is app.directory.fields' declaration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.fields import FIELDS, INSTITUTION, REFERENT, SCOPE, SERVICE, from_column
from app.directory.models import Institution, Referent, Scope, Service


def load_entry_dicts(session: Session) -> list[dict[str, Any]]:
    """Every entry in the entry-data format (app.directory.fields), plus ``_institution_website`` (for packs)."""
    r, s, i = Referent.__table__, Service.__table__, Institution.__table__
    scopes: dict[int, dict[str, list[str]]] = {}
    for referent_id, kind, value in session.execute(select(Scope.referent_id, Scope.kind, Scope.value)):
        scopes.setdefault(referent_id, {}).setdefault(kind, []).append(value)
    tables = {REFERENT: r, SERVICE: s, INSTITUTION: i}
    stored = [f for f in FIELDS if f.stored != SCOPE]
    columns = [tables[f.stored].c[f.column or f.name].label(f.name) for f in stored]
    query = select(r.c.id, *columns, i.c.website.label("_institution_website")).join(
        s, r.c.service_id == s.c.id).join(i, s.c.institution_id == i.c.id)
    entries = []
    for row in session.execute(query).mappings():
        scope = scopes.get(row["id"], _NONE)
        entry = {f.name: sorted(scope.get(f.scope, ())) if f.stored == SCOPE else from_column(f.kind, row[f.name])
                 for f in FIELDS}
        entry["_institution_website"] = row["_institution_website"]
        entries.append(entry)
    return entries


_NONE: dict[str, list[str]] = {}
