"""Hand a leaflet pack over: render it, print or save it, then record the delivery (undo included).

This is the one place where the leaflets and the statistics meet, so neither
part imports the other: the leaflet screen, its batch and the ``pack`` command
all go through here. The policy lives here too:

* a delivery is recorded only once the pack has really left Raccordo (the
  printer accepted every page, or the file was written): a cancelled or failed
  print records nothing;
* one delivery per pack handed over: copies of the same pack are one household,
  so they do not count; a batch of N packs records N deliveries;
* the languages recorded are the household's plus Italian, which every pack
  carries.

Every function here is Qt-free and opens its own sessions, so the UI may call
``render`` from a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from app.context import AppContext
from app.db.migrate import MigrationError
from app.leaflets.languages import MASTER
from app.leaflets.pack import PackRequest, PackResult, service_for
from app.leaflets.render import PackSpec
from app.stats import office
from app.stats.events import UNDO_WINDOW, StatsInputError, record_delivery
from app.territory import Territory

log = logging.getLogger(__name__)
T = TypeVar("T")

UNDO_SECONDS = int(UNDO_WINDOW.total_seconds())  # how long the "Undo delivery" button stays usable


class DeliveryError(RuntimeError):
    """The pack went out but its delivery could not be recorded; the message is Italian and says so.

    ``output`` is what the output step returned (pages printed, path written), when it ran.
    """

    output: object = None


@dataclass(frozen=True)
class Delivery:
    """One delivery as the statistics record it: no household data, only what the pack was."""

    stage: str
    istat_code: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Handover(Generic[T]):
    """What handing a rendered pack over did: the output's answer (pages printed, path written) and the events."""

    result: PackResult
    output: T
    events: tuple[str, ...]


def deliveries(specs: Sequence[PackSpec]) -> list[Delivery]:
    """The policy: one delivery per pack, whatever its copies; Italian is always among the languages."""
    return [Delivery(s.stage, s.istat_code, tuple(dict.fromkeys((*s.languages, MASTER)))) for s in specs]


def render(ctx: AppContext, requests: Sequence[PackRequest], *, duplex: bool = False,
           territory: Territory | None = None, on: date | None = None) -> PackResult:
    """Render the packs in one PDF (a session of its own: safe in a worker thread).

    Raises ``PackError`` (a request that cannot be printed), ``ContentError`` or ``FontError``.
    """
    with ctx.sessions() as session:
        return service_for(ctx, session, territory=territory).render(list(requests), on, duplex=duplex)


def record(ctx: AppContext, specs: Sequence[PackSpec], *, mode: str = "in_person") -> tuple[str, ...]:
    """Record the deliveries of packs already handed over, in one transaction; return the event ids.

    Raises ``DeliveryError`` with an Italian message when nothing could be recorded.
    """
    def write(session) -> tuple[str, ...]:
        return tuple(record_delivery(session, stage=d.stage, istat_code=d.istat_code, languages=list(d.languages),
                                     mode=mode, workstation=ctx.config.workstation())
                     for d in deliveries(specs))

    try:
        return office.record(ctx, write)  # a busy database keeps it in the outbox: never "printed, record lost"
    except StatsInputError as exc:
        raise DeliveryError(f"Consegna non registrata nelle statistiche: {exc}") from exc
    except (SQLAlchemyError, OSError, MigrationError) as exc:
        from app.errors import explain

        log.exception("Recording a delivery failed")
        raise DeliveryError(f"Il foglio è stato consegnato ma la consegna NON è stata registrata nelle statistiche. "
                            f"{explain(exc).message}") from exc


def hand_over(ctx: AppContext, result: PackResult, deliver: Callable[[bytes], T], *, mode: str = "in_person",
              record_it: bool = True) -> Handover[T]:
    """Give the rendered PDF to ``deliver`` (print it, write it) and, once it returned, record the deliveries.

    If ``deliver`` raises (printer gone, disk full), the exception goes to the caller and nothing is recorded.
    If recording fails after a successful output, ``DeliveryError`` is raised: the caller tells the user the pack
    went out but is not counted.
    """
    output = deliver(result.pdf)
    try:
        events = record(ctx, result.specs, mode=mode) if record_it else ()
    except DeliveryError as exc:
        exc.output = output
        raise
    return Handover(result, output, events)


SEAT = "015146"  # Milano, the seat of the court of appeal's UNEP: the rehearsal's municipality when the office has none
RECENT_DAYS = 90


def likely_request(ctx: AppContext, *, today: date | None = None) -> PackRequest:
    """The pack this office most likely asks for first: its most delivered stage and household language of the
    last 90 days (from the aggregate counts: no household data), for its first municipality. Rendered once in the
    background after start (the window's warm-up), it leaves ReportLab's code paths, the Italian copy's measured
    text and that language's shaping ready for the first real pack. With no deliveries yet: the first stage, an
    Italian-only pack."""
    from sqlalchemy import func, select

    from app.stats.models import Delivery as DeliveryRow
    from app.stats.models import DeliveryLanguage
    from app.vocab import STAGES

    since = (today or date.today()) - timedelta(days=RECENT_DAYS)
    with ctx.sessions() as session:
        stage = session.scalar(select(DeliveryRow.stage).where(DeliveryRow.day >= since)
                               .group_by(DeliveryRow.stage).order_by(func.count().desc(), DeliveryRow.stage).limit(1))
        language = session.scalar(select(DeliveryLanguage.language)
                                  .where(DeliveryLanguage.day >= since, DeliveryLanguage.language != MASTER)
                                  .group_by(DeliveryLanguage.language)
                                  .order_by(func.count().desc(), DeliveryLanguage.language).limit(1))
    municipalities = ctx.config["office.municipalities"]
    return PackRequest(stage or STAGES[0], str(municipalities[0]) if municipalities else SEAT,
                       (language,) if language else ())


def undo(ctx: AppContext, events: Sequence[str]) -> int:
    """Take back deliveries recorded within the undo window; return how many were taken back."""
    return sum(1 for event in events if office.undo(ctx, event))


__all__ = ["UNDO_SECONDS", "Delivery", "DeliveryError", "Handover", "deliveries", "hand_over", "likely_request",
           "record", "render", "undo"]
