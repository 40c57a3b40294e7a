"""Leaflet catalogs delivered through the signed sync bundle (the shipped files are the fallback)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class LeafletCatalog(Base):
    __tablename__ = "leaflets_catalog"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)   # "content.toml", "leaflets.pot", "ar.po"
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    installed_at: Mapped[datetime] = mapped_column(DateTime)
