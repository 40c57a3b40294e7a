"""Territory data: read the shipped CSV files, validate, and load them into the database.

The same snapshot format (a plain dict) travels in the signed sync bundle, so
the publisher can correct an Ambito assignment without a new release.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.meta import get_meta, set_meta
from app.territory.lookup import normalize
from app.territory.models import Ambito, Municipality

VERSION_KEY = "territory.version"
_VERIFIED_PREFIXES = ("sourced", "high", "certain")


class TerritoryDataError(ValueError):
    """Territory data that cannot be used; the message is Italian and names the problem."""


def _verified(note: str) -> bool:
    return note.strip().lower().startswith(_VERIFIED_PREFIXES)


def read_shipped(folder: Path) -> dict[str, Any]:
    """Build a snapshot from ``comuni_mi.csv``, ``ambiti_mi.csv`` and ``territory.toml``."""
    meta = tomllib.loads((folder / "territory.toml").read_text(encoding="utf-8"))
    with open(folder / "ambiti_mi.csv", encoding="utf-8", newline="") as fh:
        ambiti = [
            {
                "name": row["ambito"].strip(),
                "capofila": row["capofila"].strip() or None,
                "capofila_verified": _verified(row["capofila_confidence"]),
                "capofila_note": row["capofila_confidence"].strip(),
                "capofila_source": row["capofila_source"].strip(),
                "declared_members": int(row["n_comuni"]),
            }
            for row in csv.DictReader(fh)
        ]
    with open(folder / "comuni_mi.csv", encoding="utf-8", newline="") as fh:
        municipalities = [
            {
                "istat_code": row["istat_code"].strip(),
                "name": row["name"].strip(),
                "ambito": row["ambito_sociale"].strip(),
                "ambito_verified": _verified(row["ambito_confidence"]),
                "ambito_note": row["ambito_confidence"].strip(),
                "ambito_source": row["ambito_source"].strip(),
                "zona_omogenea": row["zona_omogenea"].strip(),
                "tribunale": row["tribunale_circondario"].strip().rstrip("?").strip(),
                "tribunale_verified": not row["tribunale_circondario"].strip().endswith("?")
                and _verified(row["tribunale_confidence"]),
            }
            for row in csv.DictReader(fh)
        ]
    return {"version": str(meta["version"]), "date": str(meta["date"]), "source": meta.get("source", ""),
            "ambiti": ambiti, "municipalities": municipalities}


def validate_snapshot(snapshot: dict[str, Any]) -> None:
    """Raise TerritoryDataError unless every municipality has a valid code and exactly one known Ambito."""
    try:
        ambiti = snapshot["ambiti"]
        municipalities = snapshot["municipalities"]
        version = snapshot["version"]
    except (KeyError, TypeError) as exc:
        raise TerritoryDataError(f"dati del territorio incompleti: manca {exc}") from exc
    if not isinstance(version, str) or not version:
        raise TerritoryDataError("dati del territorio senza versione")
    names = [a.get("name") for a in ambiti]
    if len(set(names)) != len(names) or not all(names):
        raise TerritoryDataError("nomi degli Ambiti mancanti o ripetuti")
    codes: set[str] = set()
    members: dict[str, int] = dict.fromkeys(names, 0)
    for m in municipalities:
        code = str(m.get("istat_code", ""))
        if len(code) != 6 or not code.isdigit():
            raise TerritoryDataError(f"codice ISTAT non valido: «{code}»")
        if code in codes:
            raise TerritoryDataError(f"codice ISTAT ripetuto: {code}")
        codes.add(code)
        if not str(m.get("name", "")).strip():
            raise TerritoryDataError(f"comune {code} senza nome")
        if m.get("ambito") not in members:
            raise TerritoryDataError(f"il comune {m.get('name')} ({code}) rimanda a un Ambito sconosciuto: «{m.get('ambito')}»")
        members[m["ambito"]] += 1
    for ambito in ambiti:
        declared = ambito.get("declared_members")
        if declared is not None and declared != members[ambito["name"]]:
            raise TerritoryDataError(
                f"l'Ambito {ambito['name']} dichiara {declared} comuni ma ne ha {members[ambito['name']]}"
            )
    empty = [name for name, count in members.items() if count == 0]
    if empty:
        raise TerritoryDataError(f"Ambiti senza comuni: {', '.join(empty)}")


@dataclass
class TerritoryChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


_MUNICIPALITY_FIELDS = ("name", "ambito_verified", "ambito_note", "ambito_source", "zona_omogenea", "tribunale",
                        "tribunale_verified")
_AMBITO_DEFAULTS = {"capofila": None, "capofila_verified": False, "capofila_note": "", "capofila_source": ""}


def replace_from_snapshot(session: Session, snapshot: dict[str, Any]) -> TerritoryChanges:
    """Make the database hold exactly ``snapshot``; the caller owns the transaction."""
    validate_snapshot(snapshot)
    changes = TerritoryChanges()
    ambiti = {a.name: a for a in session.scalars(select(Ambito))}
    for data in snapshot["ambiti"]:
        row = ambiti.get(data["name"])
        if row is None:
            row = Ambito(name=data["name"])
            session.add(row)
            ambiti[row.name] = row
            changes.added.append(f"Ambito {row.name}")
        elif any(getattr(row, f) != data.get(f, d) for f, d in _AMBITO_DEFAULTS.items()):
            changes.changed.append(f"Ambito {row.name}")
        for f, default in _AMBITO_DEFAULTS.items():
            setattr(row, f, data.get(f, default))
    session.flush()
    existing = {m.istat_code: m for m in session.scalars(select(Municipality))}
    wanted = {m["istat_code"] for m in snapshot["municipalities"]}
    for data in snapshot["municipalities"]:
        row = existing.get(data["istat_code"])
        ambito_id = ambiti[data["ambito"]].id
        if row is None:
            row = Municipality(istat_code=data["istat_code"])
            session.add(row)
            changes.added.append(data["name"])
        elif row.ambito_id != ambito_id or any(getattr(row, f) != data[f] for f in _MUNICIPALITY_FIELDS):
            changes.changed.append(data["name"])
        row.ambito_id = ambito_id
        row.search_key = normalize(data["name"])
        for f in _MUNICIPALITY_FIELDS:
            setattr(row, f, data[f])
    for code, row in existing.items():
        if code not in wanted:
            changes.removed.append(row.name)
            session.delete(row)
    session.flush()
    keep = {a["name"] for a in snapshot["ambiti"]}
    for name, row in ambiti.items():
        if name not in keep:
            changes.removed.append(f"Ambito {name}")
            session.delete(row)
    set_meta(session, VERSION_KEY, snapshot["version"])
    return changes


def export_snapshot(session: Session) -> dict[str, Any]:
    ambiti = list(session.scalars(select(Ambito).order_by(Ambito.name)))
    names = {a.id: a.name for a in ambiti}
    return {
        "version": get_meta(session, VERSION_KEY, "") or "",
        "date": "",
        "source": "",
        "ambiti": [{"name": a.name, **{f: getattr(a, f) for f in _AMBITO_DEFAULTS}} for a in ambiti],
        "municipalities": [
            {"istat_code": m.istat_code, "ambito": names[m.ambito_id], **{f: getattr(m, f) for f in _MUNICIPALITY_FIELDS}}
            for m in session.scalars(select(Municipality).order_by(Municipality.istat_code))
        ],
    }


def seed_if_empty(session: Session, resources: Path) -> bool:
    """Load the shipped territory on first start; later versions arrive through sync."""
    if session.scalar(select(Municipality.istat_code).limit(1)) is not None:
        return False
    replace_from_snapshot(session, read_shipped(resources / "territory"))
    return True
