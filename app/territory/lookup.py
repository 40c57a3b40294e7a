"""An in-memory view of the territory for type-ahead and name/ISTAT lookup.

133 municipalities fit easily in memory; loading them once lets the UI filter
on every keystroke without touching the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.territory.models import Ambito, Municipality


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Cassano d’Adda" -> "cassano d adda"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", stripped).strip()


@dataclass(frozen=True)
class AmbitoInfo:
    id: int
    name: str
    capofila: str | None
    capofila_verified: bool


@dataclass(frozen=True)
class MunicipalityInfo:
    istat_code: str
    name: str
    ambito_id: int
    ambito_name: str
    ambito_verified: bool
    tribunale: str
    tribunale_verified: bool

    @property
    def key(self) -> str:
        return normalize(self.name)


class Territory:
    def __init__(self, municipalities: list[MunicipalityInfo], ambiti: list[AmbitoInfo]):
        self.municipalities = sorted(municipalities, key=lambda m: m.key)
        self.ambiti = sorted(ambiti, key=lambda a: normalize(a.name))
        self._by_code = {m.istat_code: m for m in self.municipalities}
        self._by_key = {m.key: m for m in self.municipalities}
        self._ambito_by_id = {a.id: a for a in self.ambiti}

    @classmethod
    def load(cls, session: Session) -> Territory:
        ambiti = [
            AmbitoInfo(a.id, a.name, a.capofila, a.capofila_verified) for a in session.scalars(select(Ambito))
        ]
        names = {a.id: a.name for a in ambiti}
        municipalities = [
            MunicipalityInfo(m.istat_code, m.name, m.ambito_id, names[m.ambito_id], m.ambito_verified,
                             m.tribunale, m.tribunale_verified)
            for m in session.scalars(select(Municipality))
        ]
        return cls(municipalities, ambiti)

    def __len__(self) -> int:
        return len(self.municipalities)

    def by_code(self, istat_code: str) -> MunicipalityInfo | None:
        return self._by_code.get(istat_code)

    def ambito(self, ambito_id: int) -> AmbitoInfo | None:
        return self._ambito_by_id.get(ambito_id)

    def courts(self) -> list[str]:
        """The courts (Tribunali) whose areas (circondari) the municipalities belong to: "Lodi", "Milano"..."""
        return sorted({m.tribunale for m in self.municipalities if m.tribunale})

    def members(self, ambito_id: int) -> list[MunicipalityInfo]:
        return [m for m in self.municipalities if m.ambito_id == ambito_id]

    def find(self, text: str) -> MunicipalityInfo | None:
        """Exact match on ISTAT code (with or without leading zeros) or on the normalized name."""
        text = text.strip()
        if text.isdigit():
            return self._by_code.get(text.zfill(6))
        key = normalize(text)
        found = self._by_key.get(key)
        if found is None:
            matches = self.search(text, limit=2)
            if len(matches) == 1:
                found = matches[0]
        return found

    def served(self, entries: list[str]) -> tuple[list[MunicipalityInfo], list[str]]:
        """The office's municipalities from the machine-wide setting (codes or names); empty means all.

        Returns the municipalities and the entries that match none, so a typo in
        IT's file is reported instead of silently shrinking the office's area.
        """
        if not entries:
            return list(self.municipalities), []
        found: dict[str, MunicipalityInfo] = {}
        unknown: list[str] = []
        for entry in entries:
            match = self.find(entry)
            if match is None:
                unknown.append(entry)
            else:
                found[match.istat_code] = match
        return sorted(found.values(), key=lambda m: m.key), unknown

    def search(self, text: str, limit: int = 20) -> list[MunicipalityInfo]:
        """Type-ahead: names starting with the query first, then names with a word starting with it."""
        key = normalize(text)
        if not key:
            return self.municipalities[:limit]
        if key.isdigit():
            return [m for m in self.municipalities if m.istat_code.endswith(key) or m.istat_code == key][:limit]
        starts = [m for m in self.municipalities if m.key.startswith(key)]
        words = [m for m in self.municipalities if not m.key.startswith(key) and f" {key}" in f" {m.key}"]
        return (starts + words)[:limit]
