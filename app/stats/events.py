"""Recording statistics events: leaflet deliveries, access outcomes, scheduled accesses.

Every function takes a ``Session`` and only adds or deletes rows: the caller owns
the transaction (the print use case commits the delivery with the pack, the
office layer decides which database the session talks to). Values are checked
here against the closed lists so the caller gets a clear Italian message; the
database's CHECK constraints are the second line.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.caches import cached
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.vocab import (
    CAUSES,
    DELIVERY_MODES,
    OUTCOMES,
    SOCIAL_SERVICES,
    STAGES,
    is_language_code,
    workstation_token,
)
from app.territory.models import Municipality

__all__ = [
    "CAUSES", "DELIVERY_MODES", "OUTCOMES", "SOCIAL_SERVICES", "STAGES", "UNDO_WINDOW",
    "StatsInputError", "record_delivery", "record_outcome", "schedule_access", "undo_delivery", "undo_event",
]

UNDO_WINDOW = timedelta(minutes=5)
"""How long after recording an event the bailiff can still take it back (a pack printed by mistake)."""


class StatsInputError(ValueError):
    """A value outside the closed lists; the message is short, Italian and names the value."""


def _utcnow() -> datetime:
    """Naive UTC (both SQLite and PostgreSQL ``timestamp without time zone`` store it as is)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise StatsInputError(f"{what} non valido: «{value}». Valori ammessi: {', '.join(allowed)}.")
    return value


def _check_municipality(session: Session, istat_code: str) -> str:
    code = str(istat_code).strip()
    # ISTAT codes already seen to exist in this context's database (never removed while events point to them: the
    # foreign key forbids it): recording a delivery stays within its 5 ms (bench_stats) without a query each time.
    known = cached(session, "stats.known_codes", "", set)
    if code in known:
        return code
    if len(code) != 6 or not code.isdigit() or session.get(Municipality, code) is None:
        raise StatsInputError(f"Comune sconosciuto: codice ISTAT «{istat_code}».")
    known.add(code)
    return code


def _token(workstation: str) -> str:
    if not workstation or not workstation.strip():
        raise StatsInputError("Postazione mancante.")
    return workstation_token(workstation)


def record_delivery(session: Session, *, stage: str, istat_code: str, languages: Sequence[str],
                    mode: str = "in_person", cause: str = "unknown", workstation: str,
                    when: date | None = None) -> str:
    """Record a pack handed over or attached at ``stage``; return the event id (a UUID string).

    ``workstation`` is the workstation name; only an opaque token of it is stored.
    """
    _check(stage, STAGES, "Fase")
    _check(mode, DELIVERY_MODES, "Modalità di consegna")
    _check(cause, CAUSES, "Causa")
    langs = list(dict.fromkeys(languages))
    if not langs:
        raise StatsInputError("Indicare almeno una lingua.")
    for code in langs:
        if not is_language_code(code):
            raise StatsInputError(f"Lingua non valida: «{code}». Serve un codice di lingua (es. «ar», «zh_Hans»).")
    code = _check_municipality(session, istat_code)
    day = when or date.today()
    event_id = str(uuid.uuid4())
    # Core inserts: half the time of ORM objects, and recording has a 5 ms budget.
    session.execute(insert(Delivery.__table__), {"id": event_id, "day": day, "recorded_at": _utcnow(), "stage": stage,
                                       "istat_code": code, "mode": mode, "cause": cause,
                                       "workstation": _token(workstation)})
    session.execute(insert(DeliveryLanguage.__table__),
                    [{"delivery_id": event_id, "language": lang, "day": day, "istat_code": code} for lang in langs])
    return event_id


def record_outcome(session: Session, *, istat_code: str, outcome: str, social_services: str = "unknown",
                   workstation: str, when: date | None = None) -> str:
    """Record the outcome of an access; return the event id."""
    _check(outcome, OUTCOMES, "Esito")
    _check(social_services, SOCIAL_SERVICES, "Contatto con i servizi sociali")
    code = _check_municipality(session, istat_code)
    event_id = str(uuid.uuid4())
    session.add(AccessOutcome(id=event_id, day=when or date.today(), recorded_at=_utcnow(), istat_code=code,
                              outcome=outcome, social_services=social_services, workstation=_token(workstation)))
    return event_id


def schedule_access(session: Session, *, istat_code: str, access_day: date, workstation: str) -> str:
    """Record the access date announced by an avviso di sloggio (feeds the forecast); return the event id."""
    if not isinstance(access_day, date):
        raise StatsInputError("Data dell'accesso non valida.")
    code = _check_municipality(session, istat_code)
    event_id = str(uuid.uuid4())
    session.add(ScheduledAccess(id=event_id, access_day=access_day, recorded_at=_utcnow(), istat_code=code,
                                workstation=_token(workstation)))
    return event_id


def undo_event(session: Session, event_id: str, *, now: datetime | None = None) -> bool:
    """Delete any event recorded less than ``UNDO_WINDOW`` ago; False if unknown or too old."""
    limit = (now or _utcnow()) - UNDO_WINDOW
    for model in (Delivery, AccessOutcome, ScheduledAccess):
        row = session.get(model, event_id)
        if row is None:
            continue
        if row.recorded_at < limit:
            return False
        if model is Delivery:
            session.execute(delete(DeliveryLanguage).where(DeliveryLanguage.delivery_id == event_id))
        session.delete(row)
        session.flush()
        return True
    return False


def undo_delivery(session: Session, event_id: str, *, now: datetime | None = None) -> bool:
    """Take back a delivery recorded by mistake, within ``UNDO_WINDOW``; True if it was removed."""
    if session.scalar(select(Delivery.id).where(Delivery.id == event_id)) is None:
        return False
    return undo_event(session, event_id, now=now)
