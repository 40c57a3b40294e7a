"""How up to date each signatory's referents are, at a given date (Art. 3 of the agreement).

Every party undertakes to name its referents and to update the list promptly when they change (Art. 3); the
technical table wants to see which party has not. A referent counts as *verified* on a day when its
``last_verified`` date falls within ``directory.stale_after_days`` before that day (the same rule as the
directory screen's "da verificare"); an entry without a verification date is never verified.

The state of the directory on a past day comes from its revisions: every write (an edit, an import, a sync)
records the entry as it was after the change, so the last revision of each entry up to that day is the entry
as it stood then (a "remove" revision: gone). An entry with no revision at all (none is written without one
today) counts from its last update on.

Which signatory an entry belongs to is read from its institution's name and its territorial scope, in this
order: the named parties of the agreement (Prefettura, Corte d'Appello with its UNEP, Tribunale di Milano,
Città Metropolitana, ANCI Lombardia, Comune di Milano, the Ordini), then each Ambito for entries of an Ambito
or of one of its municipalities, then "Altri enti". Only counts per signatory leave this module: referents are
public employees, but the table needs no more than that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.loading import load_entry_dicts
from app.directory.models import Referent, Revision
from app.territory import Territory, normalize

OTHERS = "Altri enti"
MILAN_CODE = "015146"

# (words that must all appear in the normalised institution name, signatory), checked in order.
NAMED_PARTIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("prefettura",), "Prefettura di Milano"),
    (("corte", "appello"), "Corte d'Appello di Milano (e UNEP)"),
    (("unep",), "Corte d'Appello di Milano (e UNEP)"),
    (("tribunale", "milano"), "Tribunale di Milano"),
    (("citta", "metropolitana"), "Città Metropolitana di Milano"),
    (("anci",), "ANCI Lombardia"),
    (("ordine", "assistenti", "sociali"), "Ordine degli Assistenti Sociali"),
    (("ordine", "avvocati", "milano"), "Ordine degli Avvocati di Milano"),
    (("comune", "di", "milano"), "Comune di Milano"),
)
PARTY_ORDER = tuple(dict.fromkeys(name for _, name in NAMED_PARTIES))


@dataclass(frozen=True)
class SignatoryFreshness:
    """One signatory's referents on a day: how many, how many verified in time, how many never verified."""

    signatory: str
    referents: int
    verified: int
    never: int

    @property
    def share(self) -> float | None:
        return self.verified / self.referents if self.referents else None


@dataclass
class Freshness:
    """The directory on one day, per signatory; ``recorded`` is False when Raccordo held no entry yet then."""

    day: date
    stale_after_days: int
    rows: list[SignatoryFreshness] = field(default_factory=list)
    demo: int = 0  # demonstration entries among those counted

    @property
    def recorded(self) -> bool:
        return bool(self.rows)

    @property
    def referents(self) -> int:
        return sum(r.referents for r in self.rows)

    @property
    def verified(self) -> int:
        return sum(r.verified for r in self.rows)

    @property
    def never(self) -> int:
        return sum(r.never for r in self.rows)

    def of(self, signatory: str) -> SignatoryFreshness | None:
        return next((r for r in self.rows if r.signatory == signatory), None)


def signatories_of(entry: dict[str, Any], ambito_of: dict[str, str]) -> list[str]:
    """The signatories an entry counts for (one, or each Ambito an Ambito-wide entry serves)."""
    name = set(normalize(entry.get("institution", "")).split())
    for words, party in NAMED_PARTIES:
        if all(w in name for w in words):
            return [party]
    codes = entry.get("municipalities") or []
    if entry.get("scope_level") == "municipality" and codes == [MILAN_CODE]:
        return ["Comune di Milano"]
    ambiti = sorted(set(entry.get("ambiti") or []) | {ambito_of[c] for c in codes if c in ambito_of})
    # The Comune di Milano is an Ambito on its own, and a signatory under its own name.
    return list(dict.fromkeys("Comune di Milano" if a == "Milano" else f"Ambito {a}" for a in ambiti)) or [OTHERS]


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _history(session: Session) -> tuple[list[tuple[datetime, str, str, dict]], list[tuple[datetime, dict]]]:
    """Revisions in order, and the current entries that have none (with their last update)."""
    revisions = [(at, uid, action, data) for at, uid, action, data in session.execute(
        select(Revision.at, Revision.referent_uid, Revision.action, Revision.data)
        .order_by(Revision.at, Revision.id))]
    with_history = {uid for _, uid, _, _ in revisions}
    updated = {uid: at for uid, at in session.execute(select(Referent.uid, Referent.updated_at))}
    orphans = [(updated[e["uid"]], e) for e in load_entry_dicts(session)
               if e["uid"] not in with_history and e["uid"] in updated]
    return revisions, orphans


def freshness_on(session: Session, territory: Territory, days: list[date], stale_after_days: int) -> list[Freshness]:
    """The directory's freshness per signatory at the end of each of ``days`` (history read once)."""
    revisions, orphans = _history(session)
    ambito_of = {m.istat_code: m.ambito_name for m in territory.municipalities}
    out = []
    for day in days:
        until = datetime.combine(day + timedelta(days=1), time())
        state: dict[str, dict | None] = {}
        for at, uid, action, data in revisions:
            if at >= until:
                break
            state[uid] = None if action == "remove" else data
        for at, entry in orphans:
            if at < until:
                state.setdefault(entry["uid"], entry)
        limit = day - timedelta(days=stale_after_days)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        demo = 0
        for entry in state.values():
            if entry is None or entry.get("retired"):
                continue
            verified = _day(entry.get("last_verified"))
            demo += bool(entry.get("is_demo"))
            for signatory in signatories_of(entry, ambito_of):
                row = counts[signatory]
                row[0] += 1
                row[1] += verified is not None and limit <= verified <= day
                row[2] += verified is None
        rows = [SignatoryFreshness(name, *counts[name]) for name in _order(counts)]
        out.append(Freshness(day, stale_after_days, rows, demo))
    return out


def _order(counts: dict[str, list[int]]) -> list[str]:
    """Named parties in the agreement's order, then the Ambiti by name, then the others."""
    named = [p for p in PARTY_ORDER if p in counts]
    ambiti = sorted((s for s in counts if s not in PARTY_ORDER and s != OTHERS), key=str.casefold)
    return named + ambiti + ([OTHERS] if OTHERS in counts else [])
