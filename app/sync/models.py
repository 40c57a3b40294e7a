"""Sync tables: HTTP cache validators per source, and the current and previous bundles kept for restore.

The bundles are kept byte for byte (manifest, signature, files) so that
``--restore-previous`` re-verifies exactly what was once accepted, with no
network. The private key never comes near these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

CURRENT = "current"
PREVIOUS = "previous"


class SyncState(Base):
    __tablename__ = "sync_state"

    source: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SyncBundle(Base):
    __tablename__ = "sync_bundle"

    slot: Mapped[str] = mapped_column(String(10), primary_key=True)  # "current" or "previous"
    sequence: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncBundleFile(Base):
    __tablename__ = "sync_bundle_file"

    slot: Mapped[str] = mapped_column(ForeignKey("sync_bundle.slot", ondelete="CASCADE", onupdate="CASCADE"),
                                      primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
