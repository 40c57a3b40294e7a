from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class Ambito(Base):
    __tablename__ = "territory_ambito"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    capofila: Mapped[str | None] = mapped_column(String(120))
    capofila_verified: Mapped[bool] = mapped_column(Boolean)
    capofila_note: Mapped[str] = mapped_column(String(300), default="")
    capofila_source: Mapped[str] = mapped_column(String(500), default="")

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="ambito")


class Municipality(Base):
    __tablename__ = "territory_municipality"
    __table_args__ = (CheckConstraint("length(istat_code) = 6", name="istat_len"),)

    istat_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    search_key: Mapped[str] = mapped_column(String(120), index=True)
    ambito_id: Mapped[int] = mapped_column(ForeignKey("territory_ambito.id"))
    ambito_verified: Mapped[bool] = mapped_column(Boolean)
    ambito_note: Mapped[str] = mapped_column(String(300), default="")
    ambito_source: Mapped[str] = mapped_column(String(500), default="")
    zona_omogenea: Mapped[str] = mapped_column(String(120), default="")
    tribunale: Mapped[str] = mapped_column(String(120), default="")
    tribunale_verified: Mapped[bool] = mapped_column(Boolean)

    ambito: Mapped[Ambito] = relationship(back_populates="municipalities")
