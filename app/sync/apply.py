"""Apply a verified bundle: every part, the kept bundles and the sync state in ONE database transaction.

Content is validated before the transaction opens, so a bad bundle never
starts writing; anything that still fails inside rolls the whole transaction
back. ``RACCORDO_SYNC_PAUSE_AT=<point>`` makes the apply sleep at a named point
(after each part, before commit) so a test can kill the process there and
prove the database holds the old or the new version, never a mix.
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.db.meta import AppMeta, get_meta, set_meta
from app.sync import store
from app.sync.bundle import Bundle
from app.sync.errors import SyncError
from app.sync.models import CURRENT, SyncBundle
from app.sync.parts import Part, split
from app.sync.report import ChangeReport, NoChanges

log = logging.getLogger(__name__)

PAUSE_ENV = "RACCORDO_SYNC_PAUSE_AT"
PAUSE_MARKER_ENV = "RACCORDO_SYNC_PAUSE_MARKER"


def pause_point(name: str) -> None:
    """Test hook for crash-consistency tests; does nothing unless the environment names this point."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:  # written then renamed, so the test never reads a half-written marker
        with open(marker + ".tmp", "w", encoding="utf-8") as fh:
            fh.write(name)
        os.replace(marker + ".tmp", marker)
    time.sleep(60)


def validate(bundle: Bundle, parts: list[Part], sessions: sessionmaker[Session] | None = None) -> dict[str, Any]:
    """Check every part's content with that part's own validator, before any write.

    A part whose signed files are already in force is skipped here (checked
    again inside the transaction, and validated there if it changed meanwhile).
    """
    by_part = split(bundle.files, parts)
    in_force: set[str] = set()
    if sessions is not None:
        with sessions() as session:
            in_force = {part.id for part in parts if _already_in_force(session, part, bundle)}
    return {part.id: part.validate(by_part[part.id]) for part in parts if part.id not in in_force}


def _part_version_key(part: Part) -> str:
    return f"sync.{part.id}_version"


def _already_in_force(session: Session, part: Part, bundle: Bundle) -> bool:
    """True when the part's files equal those of the bundle in force and its data was not edited since."""
    if part.version is None:
        return False
    applied = get_meta(session, _part_version_key(part))
    kept = session.get(SyncBundle, CURRENT)
    if not applied or kept is None or applied != part.version(session):
        return False
    try:
        kept_files = json.loads(kept.manifest.decode("utf-8"))["files"]
    except (UnicodeDecodeError, ValueError, KeyError):
        return False
    mine = {n: e for n, e in bundle.manifest.files.items() if part.owns(n)}
    theirs = {n: e.get("sha256") for n, e in kept_files.items() if part.owns(n)}
    return bool(mine) and {n: e.sha256 for n, e in mine.items()} == theirs


def _lock_sequence(session: Session) -> int:
    """Re-read the rollback floor inside the transaction, locking it where the database can (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        session.query(AppMeta).filter(AppMeta.key == store.HIGHEST).with_for_update().all()
    return store.highest_sequence(session)


def apply(sessions: sessionmaker[Session], bundle: Bundle, parsed: dict[str, Any], parts: list[Part], *,
          restored: bool = False, now: datetime | None = None) -> ChangeReport:
    now = now or datetime.now(UTC)
    report = ChangeReport(bundle.manifest, restored=restored)
    try:
        with sessions.begin() as session:
            if not restored and bundle.manifest.sequence <= _lock_sequence(session):
                raise SyncError("rollback", f"la versione {bundle.manifest.sequence} non è più recente di quella "
                                            "già applicata (applicata nel frattempo da un'altra postazione?)")
            for part in parts:
                if _already_in_force(session, part, bundle):
                    report.changes[part.id] = NoChanges()
                else:
                    if part.id not in parsed:
                        parsed[part.id] = part.validate({n: d for n, d in bundle.files.items() if part.owns(n)})
                    report.changes[part.id] = part.apply(session, parsed[part.id])
                    session.flush()
                if part.version is not None:
                    set_meta(session, _part_version_key(part), part.version(session))
                pause_point(f"after_{part.id}")
            if restored:
                store.swap_bundles(session)
            else:
                store.keep_new_bundle(session, bundle, now)
            store.record_applied(session, bundle.manifest, now, restored=restored)
            session.flush()
            pause_point("before_commit")
    except SyncError:
        raise
    except (SQLAlchemyError, ValueError, KeyError, TypeError) as exc:
        log.exception("Applying bundle %s failed", bundle.manifest.sequence)
        raise SyncError("apply_failed", f"i dati della versione {bundle.manifest.sequence} non possono essere "
                                        f"applicati ({exc.__class__.__name__}: {exc}); i dati attuali restano "
                                        "invariati") from exc
    log.info("Sync version %s %s", bundle.manifest.sequence, "restored" if restored else "applied")
    return report
