"""Tables of the directory: institutions, their services, referents, territorial scopes, revisions.

Contact lists (phones, e-mails, PEC, languages) and the structured opening hours
are small JSON lists on the referent row: they are always read and written with
it. Revisions are keyed by the referent's stable ``uid`` and not by a foreign
key, so that history survives an entry removed by a sync.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class Institution(Base):
    __tablename__ = "directory_institution"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    website: Mapped[str] = mapped_column(String(300), default="")

    services: Mapped[list[Service]] = relationship(back_populates="institution")


class Service(Base):
    __tablename__ = "directory_service"
    __table_args__ = (UniqueConstraint("institution_id", "name", name="uq_directory_service_institution_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("directory_institution.id"))
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))

    institution: Mapped[Institution] = relationship(back_populates="services")
    referents: Mapped[list[Referent]] = relationship(back_populates="service")


class Referent(Base):
    __tablename__ = "directory_referent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    # Institution + service + name of an active entry (app.directory.identity); NULL once retired. UNIQUE: the
    # same referent can never be listed twice, whatever two writers do at the same moment.
    identity_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("directory_service.id"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)  # E.164
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    pecs: Mapped[list[str]] = mapped_column(JSON, default=list)
    website: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"days": [0..6], "from": "09:00", "to": "12:00"}]
    hours_note: Mapped[str] = mapped_column(String(300), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 639-1 codes
    scope_level: Mapped[str] = mapped_column(String(20))  # municipality | ambito | metro
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    last_verified: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(120), default="")

    service: Mapped[Service] = relationship(back_populates="referents")
    scopes: Mapped[list[Scope]] = relationship(back_populates="referent", cascade="all, delete-orphan",
                                               order_by="Scope.value")


class Scope(Base):
    """One municipality (ISTAT code) or one Ambito (name) an entry applies to; metro entries have none."""

    __tablename__ = "directory_scope"
    __table_args__ = (UniqueConstraint("referent_id", "kind", "value", name="uq_directory_scope_referent_kind_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referent_id: Mapped[int] = mapped_column(ForeignKey("directory_referent.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # municipality | ambito
    value: Mapped[str] = mapped_column(String(120))

    referent: Mapped[Referent] = relationship(back_populates="scopes")


class Revision(Base):
    __tablename__ = "directory_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referent_uid: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))  # create | edit | retire | restore | import | sync | remove
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # the entry as it was after the change (snapshot format)
    summary: Mapped[str] = mapped_column(Text, default="")
