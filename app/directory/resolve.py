"""Which referents apply to a municipality: the one rule the leaflet packs rely on.

For each service kind, the entries scoped to the municipality; if there are
none, those of its Ambito; if none, those of its court's area (the circondario
of its Tribunale: the legal-aid desk of the competent Ordine degli Avvocati,
art. 124 DPR 115/2002); if none, the metropolitan-wide ones. Only entries
valid on the given day and not retired count. A referent reached through an
Ambito or a court whose assignment to the municipality is not verified in the
territory data comes back with ``area_verified=False``, to be shown "da
verificare". The rule itself is the pure
function :func:`resolve` over :class:`Entry` values, so it is tested without a
database; :func:`referents_for` loads the entries (cached per directory
version, which every change bumps) and calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from app.caches import cached
from app.db.meta import get_meta, set_meta
from app.directory.contacts import display_phone
from app.directory.hours import format_hours
from app.directory.kinds import HOUSEHOLD_KINDS, KIND_ORDER, SERVICE_KINDS, kind_label
from app.territory import Territory, normalize

VERSION_KEY = "directory.version"

__all__ = ["SERVICE_KINDS", "ResolvedReferent", "Entry", "DirectoryIndex", "resolve", "referents_for",
           "directory_version", "bump_version", "load_entries", "has_demo_referents"]


@dataclass(frozen=True)
class ResolvedReferent:
    service_kind: str          # one of SERVICE_KINDS
    service_label: str         # Italian label of the service, for the pack table
    institution: str
    name: str                  # person or office name
    role: str
    phones: tuple[str, ...]    # Italian national format, "02 8845 1234"
    emails: tuple[str, ...]    # e-mail and PEC
    website: str
    address: str
    hours: str                 # "lun-ven 9:00-12:00"
    scope_level: str           # "municipality" | "ambito" | "tribunale" | "metro"
    is_demo: bool
    last_verified: date | None
    area_verified: bool = True  # False: the municipality's Ambito or court, which brought this referent, is unverified
    # The opening hours as data, for printing them in the household's language: ((days Monday=0...), "09:00",
    # "12:00") per slot, and the free note (text the hours parser did not understand stays there, in Italian).
    hours_slots: tuple[tuple[tuple[int, ...], str, str], ...] = ()
    hours_note: str = ""


@dataclass(frozen=True)
class Entry:
    """A referent as loaded for resolution: what a pack prints plus where and when it applies.

    Built from the database, ``referent`` starts as None and is made from ``data`` the first time the entry
    is resolved: formatting phone numbers costs ~0.3 ms each, and a municipality needs a dozen entries,
    not all 5,000.
    """

    uid: str
    referent: ResolvedReferent | None
    municipalities: frozenset[str]   # ISTAT codes
    ambiti: frozenset[str]           # Ambito names
    valid_from: date | None
    valid_to: date | None
    retired: bool
    kind: str = ""
    data: dict | None = field(default=None, compare=False, hash=False, repr=False)
    courts: frozenset[str] = frozenset()  # court names ("Monza") of a "tribunale" entry

    def __post_init__(self) -> None:
        if not self.kind and self.referent is not None:
            object.__setattr__(self, "kind", self.referent.service_kind)  # frozen: set once, here

    @property
    def scope_level(self) -> str:
        return self.referent.scope_level if self.referent is not None else self.data["scope_level"]

    def resolved(self) -> ResolvedReferent:
        if self.referent is None:
            object.__setattr__(self, "referent", _referent_from_data(self.data))  # memo on a frozen value
        return self.referent

    def active_on(self, day: date) -> bool:
        if self.retired:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


def _sort_key(r: ResolvedReferent) -> tuple:
    return (KIND_ORDER.get(r.service_kind, len(KIND_ORDER)), normalize(r.name), normalize(r.institution),
            normalize(r.service_label))


class DirectoryIndex:
    """Entries grouped by scope, so one municipality is resolved without scanning every entry."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = list(entries)
        self.by_municipality: dict[str, list[Entry]] = {}
        self.by_ambito: dict[str, list[Entry]] = {}
        self.by_court: dict[str, list[Entry]] = {}
        self.metro: list[Entry] = []
        for e in self.entries:
            if e.scope_level == "municipality":
                for code in e.municipalities:
                    self.by_municipality.setdefault(code, []).append(e)
            elif e.scope_level == "ambito":
                for name in e.ambiti:
                    self.by_ambito.setdefault(name, []).append(e)
            elif e.scope_level == "tribunale":
                for name in e.courts:
                    self.by_court.setdefault(name, []).append(e)
            else:
                self.metro.append(e)

    def resolve(self, istat_code: str, ambito: str | None, on: date, court: str | None = None
                ) -> list[ResolvedReferent]:
        return resolve_layers([self.by_municipality.get(istat_code, []), self.by_ambito.get(ambito or "", []),
                               self.by_court.get(court or "", []), self.metro], on)


def resolve_layers(layers: list[list[Entry]], on: date) -> list[ResolvedReferent]:
    """Most specific layer first; a kind found in a layer is not taken from the layers after it."""
    taken: set[str] = set()
    result: list[ResolvedReferent] = []
    for layer in layers:
        found = {e.kind for e in layer if e.active_on(on)} - taken
        result.extend(e.resolved() for e in layer if e.kind in found and e.active_on(on))
        taken |= found
    return sorted(set(result), key=_sort_key)


def resolve(entries: Iterable[Entry], istat_code: str, ambito: str | None, on: date,
            court: str | None = None) -> list[ResolvedReferent]:
    """The pure rule: municipality, else its Ambito, else its court's area, else metropolitan-wide, per kind."""
    return DirectoryIndex(entries).resolve(istat_code, ambito, on, court)


def _referent_from_data(d: dict) -> ResolvedReferent:
    return ResolvedReferent(
        service_kind=d["kind"],
        service_label=d["service"] or kind_label(d["kind"]),
        institution=d["institution"],
        name=d["name"],
        role=d["role"],
        phones=tuple(display_phone(p) for p in d["phones"]),
        emails=tuple(d["emails"]) + tuple(d["pecs"]),
        website=d["website"] or d.get("_institution_website", ""),
        address=d["address"],
        hours=format_hours(d["hours"], d["hours_note"]),
        scope_level=d["scope_level"],
        is_demo=d["is_demo"],
        last_verified=d["last_verified"],
        hours_slots=tuple((tuple(s["days"]), s["from"], s["to"]) for s in d["hours"] or ()),
        hours_note=(d["hours_note"] or "").strip(),
    )


def entry_from_data(d: dict) -> Entry:
    return Entry(d["uid"], None, frozenset(d["municipalities"]), frozenset(d["ambiti"]), d["valid_from"],
                 d["valid_to"], d["retired"], kind=d["kind"], data=d, courts=frozenset(d.get("tribunali", ())))


def load_entries(session: Session) -> list[Entry]:
    from app.directory.loading import load_entry_dicts

    return [entry_from_data(d) for d in load_entry_dicts(session)]


def has_demo_referents(session: Session) -> bool:
    """True while the directory holds fictitious referents (the demo data): packs printed from it must not be
    handed over, and the leaflet screen says so before anything is chosen."""
    from sqlalchemy import exists, select

    from app.directory.models import Referent

    return bool(session.scalar(select(exists().where(Referent.is_demo.is_(True), Referent.retired.is_(False)))))


def directory_version(session: Session) -> str:
    """The data version of the directory ("" before any data); changes whenever any entry changes."""
    return get_meta(session, VERSION_KEY, "") or ""


def bump_version(session: Session, version: str | None = None) -> str:
    value = version or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    set_meta(session, VERSION_KEY, value)
    return value


def load_index(session: Session) -> DirectoryIndex:
    """The index of the session's database, kept by its context until the directory version changes.

    Loading 5,000 entries takes about 60 ms and a pack needs one municipality's dozen (``bench_directory``:
    "referents_for dal database"), so the index is one of the few values the context remembers (app/caches.py).
    """
    version = directory_version(session)
    if not version or session.new or session.dirty or session.deleted:
        return DirectoryIndex(load_entries(session))  # no data version yet, or uncommitted changes: never kept
    return cached(session, "directory.index", version, lambda: DirectoryIndex(load_entries(session)))


def referents_for(session: Session, territory: Territory, istat_code: str, on: date | None = None,
                  kinds: tuple[str, ...] | None = HOUSEHOLD_KINDS) -> list[ResolvedReferent]:
    """What a leaflet pack for this municipality lists (LookupError for a code not in the territory).

    By default only the household-facing kinds; ``kinds=None`` resolves every kind.
    """
    municipality = territory.by_code(istat_code)
    if municipality is None:
        raise LookupError(f"comune sconosciuto: «{istat_code}»")
    resolved = load_index(session).resolve(municipality.istat_code, municipality.ambito_name, on or date.today(),
                                           municipality.tribunale)
    unverified = {"ambito": not municipality.ambito_verified, "tribunale": not municipality.tribunale_verified}
    resolved = [replace(r, area_verified=False) if unverified.get(r.scope_level) else r for r in resolved]
    return resolved if kinds is None else [r for r in resolved if r.service_kind in kinds]
