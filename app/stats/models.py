"""The statistics tables: three kinds of event, each a row keyed by a UUID, closed lists and a date.

Every string column has a CHECK constraint (here and in migration 0300_stats); the
schema privacy test fails if one is ever added without.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
from app.stats.disclosure import record_key
from app.stats.vocab import (
    CAUSES,
    DELIVERY_MODES,
    OUTCOMES,
    SOCIAL_SERVICES,
    STAGES,
    in_list,
    language_check,
    token_check,
    uuid_check,
)

MUNICIPALITY_FK = "territory_municipality.istat_code"


def _record_key_of(column: str):
    """Column default: the record key of the event id being inserted (``app.stats.disclosure.record_key``).

    Worked out on insert by whoever inserts (recording, an imported file, a push), never read from outside.
    """
    def default(context) -> int:
        return record_key(context.get_current_parameters()[column])
    return default


def _rkey(column: str = "id") -> Mapped[int]:
    return mapped_column(Integer, default=_record_key_of(column))


class Delivery(Base):
    """A leaflet pack delivered at one stage of a procedure."""

    __tablename__ = "stats_delivery"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(in_list("stage", STAGES), name="stage"),
        CheckConstraint(in_list("mode", DELIVERY_MODES), name="mode"),
        CheckConstraint(in_list("cause", CAUSES), name="cause"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_delivery_day", "day", "stage", "istat_code", "cause", "mode", "rkey"),
        Index("ix_stats_delivery_groups", "istat_code", "stage", "cause", "mode", "day", "rkey"),
        Index("ix_stats_delivery_stage_day", "stage", "day", "rkey"),  # the trend's per-month counts
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    stage: Mapped[str] = mapped_column(String(20))
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    mode: Mapped[str] = mapped_column(String(30))
    cause: Mapped[str] = mapped_column(String(20))
    workstation: Mapped[str] = mapped_column(String(12))
    rkey: Mapped[int] = _rkey()  # record key of the cell key method: published figures add these up


class DeliveryLanguage(Base):
    """One language of a delivered pack; day and municipality repeated so counts need no join."""

    __tablename__ = "stats_delivery_language"
    __table_args__ = (
        CheckConstraint(language_check("language"), name="language"),
        Index("ix_stats_delivery_language_day", "day", "istat_code", "language", "rkey"),
        Index("ix_stats_delivery_language_groups", "istat_code", "language", "day", "rkey"),
    )

    delivery_id: Mapped[str] = mapped_column(String(36), ForeignKey("stats_delivery.id", ondelete="CASCADE"),
                                             primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    rkey: Mapped[int] = _rkey("delivery_id")  # the delivery's own key: "italiano" is its deliveries, same number


class AccessOutcome(Base):
    """What happened at an access, entered by the bailiff afterwards."""

    __tablename__ = "stats_outcome"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(in_list("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(in_list("social_services", SOCIAL_SERVICES), name="social_services"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_outcome_day", "day", "istat_code", "outcome", "social_services", "rkey"),
        Index("ix_stats_outcome_groups", "istat_code", "outcome", "social_services", "day", "rkey"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    outcome: Mapped[str] = mapped_column(String(30))
    social_services: Mapped[str] = mapped_column(String(10))
    workstation: Mapped[str] = mapped_column(String(12))
    rkey: Mapped[int] = _rkey()


class ScheduledAccess(Base):
    """An access date announced by an avviso di sloggio: date and municipality, nothing else."""

    __tablename__ = "stats_scheduled_access"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_scheduled_access_access_day", "access_day", "istat_code", "recorded_at", "rkey"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    access_day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    workstation: Mapped[str] = mapped_column(String(12))
    rkey: Mapped[int] = _rkey()


# Monthly totals (migration 0305): the events of each month added up by what the monitoring indicators count, kept
# exact by triggers on the event tables (every insert and delete, whoever writes it: recording, undo, a merge, a
# migration's backfill), so the indicators of any calendar period read a few hundred rows instead of its events.
# ``month`` is the first day of the month; ``n`` the events, ``rkeys`` the sum of their record keys (a Tally).


class MonthStage(Base):
    """Deliveries per month, municipality and stage."""

    __tablename__ = "stats_month_stage"
    __table_args__ = (CheckConstraint(in_list("stage", STAGES), name="stage"),)

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    rkeys: Mapped[int] = mapped_column(BigInteger)


class MonthForeign(Base):
    """Deliveries per month and municipality whose pack held a language other than Italian (counted once)."""

    __tablename__ = "stats_month_foreign"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    rkeys: Mapped[int] = mapped_column(BigInteger)


class MonthOutcome(Base):
    """Access outcomes per month, municipality, outcome and contact with social services."""

    __tablename__ = "stats_month_outcome"
    __table_args__ = (
        CheckConstraint(in_list("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(in_list("social_services", SOCIAL_SERVICES), name="social_services"),
    )

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(30), primary_key=True)
    social_services: Mapped[str] = mapped_column(String(10), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    rkeys: Mapped[int] = mapped_column(BigInteger)


class MonthScheduled(Base):
    """Scheduled accesses per month of the access, month they were recorded in (``known``) and municipality."""

    __tablename__ = "stats_month_scheduled"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    known: Mapped[date] = mapped_column(Date, primary_key=True)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    rkeys: Mapped[int] = mapped_column(BigInteger)


class Pushed(Base):
    """In a workstation's local outbox: an event already copied to the shared database."""

    __tablename__ = "stats_pushed"
    __table_args__ = (CheckConstraint(uuid_check("id"), name="id_uuid"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pushed_at: Mapped[datetime] = mapped_column(DateTime)
