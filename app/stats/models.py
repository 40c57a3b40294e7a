"""The statistics tables: three kinds of event, each a row keyed by a UUID, closed lists and a date.

Every string column has a CHECK constraint (here and in migration 0300_stats); the
schema privacy test fails if one is ever added without.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base
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


class Delivery(Base):
    """A leaflet pack delivered at one stage of a procedure."""

    __tablename__ = "stats_delivery"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(in_list("stage", STAGES), name="stage"),
        CheckConstraint(in_list("mode", DELIVERY_MODES), name="mode"),
        CheckConstraint(in_list("cause", CAUSES), name="cause"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_delivery_day", "day", "stage", "istat_code", "cause", "mode"),
        Index("ix_stats_delivery_groups", "istat_code", "stage", "cause", "mode", "day"),
        Index("ix_stats_delivery_stage_day", "stage", "day"),  # the trend's per-month counts
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    stage: Mapped[str] = mapped_column(String(20))
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    mode: Mapped[str] = mapped_column(String(30))
    cause: Mapped[str] = mapped_column(String(20))
    workstation: Mapped[str] = mapped_column(String(12))


class DeliveryLanguage(Base):
    """One language of a delivered pack; day and municipality repeated so counts need no join."""

    __tablename__ = "stats_delivery_language"
    __table_args__ = (
        CheckConstraint(language_check("language"), name="language"),
        Index("ix_stats_delivery_language_day", "day", "istat_code", "language"),
        Index("ix_stats_delivery_language_groups", "istat_code", "language", "day"),
    )

    delivery_id: Mapped[str] = mapped_column(String(36), ForeignKey("stats_delivery.id", ondelete="CASCADE"),
                                             primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))


class AccessOutcome(Base):
    """What happened at an access, entered by the bailiff afterwards."""

    __tablename__ = "stats_outcome"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(in_list("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(in_list("social_services", SOCIAL_SERVICES), name="social_services"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_outcome_day", "day", "istat_code", "outcome", "social_services"),
        Index("ix_stats_outcome_groups", "istat_code", "outcome", "social_services", "day"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    outcome: Mapped[str] = mapped_column(String(30))
    social_services: Mapped[str] = mapped_column(String(10))
    workstation: Mapped[str] = mapped_column(String(12))


class ScheduledAccess(Base):
    """An access date announced by an avviso di sloggio: date and municipality, nothing else."""

    __tablename__ = "stats_scheduled_access"
    __table_args__ = (
        CheckConstraint(uuid_check("id"), name="id_uuid"),
        CheckConstraint(token_check("workstation"), name="workstation"),
        Index("ix_stats_scheduled_access_access_day", "access_day", "istat_code"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    access_day: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    istat_code: Mapped[str] = mapped_column(String(6), ForeignKey(MUNICIPALITY_FK))
    workstation: Mapped[str] = mapped_column(String(12))


class Pushed(Base):
    """In a workstation's local outbox: an event already copied to the shared database."""

    __tablename__ = "stats_pushed"
    __table_args__ = (CheckConstraint(uuid_check("id"), name="id_uuid"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pushed_at: Mapped[datetime] = mapped_column(DateTime)


EVENT_TABLES = (Delivery.__table__, DeliveryLanguage.__table__, AccessOutcome.__table__, ScheduledAccess.__table__)
