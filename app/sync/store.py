"""Sync state in the database: the app_meta keys others read, and the kept bundles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.db.meta import get_meta, set_meta
from app.sync.bundle import Bundle
from app.sync.manifest import Manifest, iso
from app.sync.models import CURRENT, PREVIOUS, SyncBundle, SyncBundleFile

SEQUENCE = "sync.sequence"
HIGHEST = "sync.highest_sequence"  # highest sequence ever accepted: the rollback floor, even after a restore
ISSUED_AT = "sync.issued_at"
PUBLISHER = "sync.publisher"
LAST_CHECK = "sync.last_check"
EXPIRES_AT = "sync.expires_at"
EXPIRED = "sync.expired"
PUBLISHED = "sync.published_sequence"  # on a publisher's database: the last sequence it signed


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def highest_sequence(session: Session) -> int:
    return int(get_meta(session, HIGHEST, "0") or 0)


def record_applied(session: Session, manifest: Manifest, now: datetime, *, restored: bool) -> None:
    set_meta(session, SEQUENCE, str(manifest.sequence))
    if not restored:
        set_meta(session, HIGHEST, str(max(manifest.sequence, highest_sequence(session))))
    set_meta(session, ISSUED_AT, iso(manifest.issued_at))
    set_meta(session, EXPIRES_AT, iso(manifest.expires_at))
    set_meta(session, PUBLISHER, manifest.publisher)
    set_meta(session, LAST_CHECK, iso(now))
    set_meta(session, EXPIRED, "1" if manifest.expired(now) else "0")


def record_check(session: Session, now: datetime) -> bool:
    """A successful check that found nothing new; returns whether the data in use has expired."""
    set_meta(session, LAST_CHECK, iso(now))
    return refresh_expired(session, now)


def refresh_expired(session: Session, now: datetime) -> bool:
    expires = parse_time(get_meta(session, EXPIRES_AT))
    expired = bool(expires and now >= expires)
    if get_meta(session, EXPIRED) != ("1" if expired else "0") and expires:
        set_meta(session, EXPIRED, "1" if expired else "0")
    return expired


def keep_new_bundle(session: Session, bundle: Bundle, now: datetime) -> None:
    """The current bundle becomes the previous one; the new one becomes current."""
    session.execute(delete(SyncBundleFile).where(SyncBundleFile.slot == PREVIOUS))
    session.execute(delete(SyncBundle).where(SyncBundle.slot == PREVIOUS))
    # Renaming the slot of the bundle renames its files too (ON UPDATE CASCADE).
    session.execute(update(SyncBundle).where(SyncBundle.slot == CURRENT).values(slot=PREVIOUS)
                    .execution_options(synchronize_session=False))
    session.add(SyncBundle(slot=CURRENT, sequence=bundle.manifest.sequence, manifest=bundle.manifest_bytes,
                           signature=bundle.signature, applied_at=now))
    session.flush()
    session.add_all(SyncBundleFile(slot=CURRENT, name=name, data=data) for name, data in bundle.files.items())


def swap_bundles(session: Session) -> None:
    """After a restore the previous bundle is current, and the one it replaced can be restored in turn."""
    for old, new in ((CURRENT, "swap"), (PREVIOUS, CURRENT), ("swap", PREVIOUS)):
        session.execute(update(SyncBundle).where(SyncBundle.slot == old).values(slot=new)
                        .execution_options(synchronize_session=False))  # files follow: ON UPDATE CASCADE


def load_bundle(session: Session, slot: str) -> tuple[bytes, bytes, dict[str, bytes]] | None:
    row = session.get(SyncBundle, slot)
    if row is None:
        return None
    files = {f.name: f.data for f in session.scalars(select(SyncBundleFile).where(SyncBundleFile.slot == slot))}
    return row.manifest, row.signature, files


def stored_manifests(session: Session) -> dict[str, bytes]:
    return {row.slot: row.manifest for row in session.scalars(select(SyncBundle))}


@dataclass(frozen=True)
class SyncStatus:
    sequence: int | None
    publisher: str | None
    issued_at: datetime | None
    expires_at: datetime | None
    last_check: datetime | None
    previous_sequence: int | None
    source: str
    now: datetime

    @property
    def expired(self) -> bool:
        return bool(self.expires_at and self.now >= self.expires_at)

    @property
    def age_days(self) -> int | None:
        return (self.now - self.issued_at).days if self.issued_at else None

    def warning(self) -> str | None:
        """The visible warning for expired data (also for the leaflet screen), or None."""
        if not self.expired:
            return None
        from app.sync.report import local_time

        return (f"Attenzione: i dati pubblicati (versione {self.sequence}) sono scaduti il "
                f"{local_time(self.expires_at)}. Si continua a usarli, ma potrebbero non essere aggiornati: "
                "verificare i contatti e sincronizzare appena possibile.")

    def lines(self) -> list[str]:
        from app.sync.report import local_time

        if self.sequence is None:
            lines = ["Nessun aggiornamento firmato applicato finora (dati iniziali del programma)."]
        else:
            lines = [
                f"Versione pubblicata: {self.sequence}",
                f"Editore: {self.publisher}",
                f"Emessa il: {local_time(self.issued_at)} ({self.age_days} giorni fa)",
                f"Valida fino al: {local_time(self.expires_at)}{' - SCADUTA' if self.expired else ''}",
            ]
        lines.append(f"Ultimo controllo riuscito: {local_time(self.last_check) if self.last_check else 'mai'}")
        lines.append(f"Origine: {self.source or '(non configurata)'}")
        if self.previous_sequence is not None:
            lines.append(f"Versione precedente disponibile per il ripristino: {self.previous_sequence}")
        warning = self.warning()
        if warning:
            lines.append(warning)
        return lines


def read_status(session: Session, source: str = "", now: datetime | None = None) -> SyncStatus:
    sequence = get_meta(session, SEQUENCE)
    previous = session.get(SyncBundle, PREVIOUS)
    return SyncStatus(
        sequence=int(sequence) if sequence else None,
        publisher=get_meta(session, PUBLISHER),
        issued_at=parse_time(get_meta(session, ISSUED_AT)),
        expires_at=parse_time(get_meta(session, EXPIRES_AT)),
        last_check=parse_time(get_meta(session, LAST_CHECK)),
        previous_sequence=previous.sequence if previous else None,
        source=source,
        now=now or datetime.now(UTC),
    )


def expiry_warning(session: Session) -> str | None:
    """For other screens (e.g. the leaflet view): an Italian warning when the synced data is past its expiry."""
    return read_status(session).warning()
