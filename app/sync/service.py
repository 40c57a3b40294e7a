"""The use cases: check and apply the latest bundle, show the status, restore the previous version.

Order of checks for a new bundle: manifest size limit, trusted key, signature,
manifest fields and limits, rollback (sequence must exceed the highest ever
accepted), expiry, then each file downloaded into a temporary folder within its
signed size, then sizes and hashes, then each part's content validation, and
only then one transaction. Any refusal raises SyncError and writes nothing.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.context import AppContext
from app.gcpause import collector_paused
from app.sync import apply as applier
from app.sync import manifest as mf
from app.sync import parts as bundle_parts
from app.sync import store
from app.sync.bundle import Bundle, check_file, sha256, verify_files, verify_manifest
from app.sync.errors import SyncError
from app.sync.fetch import FolderSource, HttpSource, Timing, Validators, open_source
from app.sync.keys import trusted_keys
from app.sync.manifest import DEFAULT_LIMITS, Limits
from app.sync.models import SyncState
from app.sync.report import ChangeReport, local_time

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncOutcome:
    updated: bool
    report: ChangeReport | None
    expired: bool
    message: str

    def lines(self) -> list[str]:
        return self.report.lines() if self.report else [self.message]


def _download(source: FolderSource | HttpSource, manifest: mf.Manifest, folder: Path) -> dict[str, bytes]:
    """Each file into the temporary folder, never more than its signed size, then read back and checked."""
    files: dict[str, bytes] = {}
    for name, entry in sorted(manifest.files.items()):
        try:
            data = source.get(name, entry.size).data or b""
        except SyncError as exc:
            if exc.reason != "too_large":
                raise
            raise SyncError("size_mismatch", f"il file {name} è più lungo di quanto firmato ({entry.size} byte): "
                                             "è stato alterato o sostituito") from exc
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[name] = target.read_bytes()
        check_file(manifest, name, files[name])
    return files


def synchronize(ctx: AppContext, source: str | None = None, *, timing: Timing | None = None,
                limits: Limits = DEFAULT_LIMITS, now: datetime | None = None) -> SyncOutcome:
    now = now or datetime.now(UTC)
    keys = trusted_keys(ctx.config["sync.trusted_keys"])
    origin = open_source(source or ctx.config["sync.source"], timing)
    with ctx.sessions() as session:
        state = session.get(SyncState, origin.label)
        validators = Validators(state.etag, state.last_modified) if state else None
        highest = store.highest_sequence(session)
        known = {sha256(m) for m in store.stored_manifests(session).values()}
    fetched = origin.get(mf.MANIFEST, limits.manifest_bytes, validators)
    if fetched.data is None:  # 304: nothing new since the last check
        return _nothing_new(ctx, origin.label, None, now)
    signature = origin.get(mf.SIGNATURE, limits.signature_bytes).data or b""
    manifest = verify_manifest(fetched.data, signature, keys, limits)
    digest = sha256(fetched.data)
    if manifest.sequence < highest or (manifest.sequence == highest and digest not in known):
        raise SyncError("rollback", f"la fonte offre la versione {manifest.sequence}, non più recente di quella già "
                                    f"ricevuta ({highest}): possibile ripubblicazione di dati vecchi, rifiutata")
    if manifest.sequence == highest:
        return _nothing_new(ctx, origin.label, fetched.validators, now, digest)
    if manifest.expired(now):
        raise SyncError("expired", f"la versione {manifest.sequence} è scaduta il {local_time(manifest.expires_at)}: "
                                   "la fonte non è aggiornata; i dati attuali restano in uso")
    with tempfile.TemporaryDirectory(prefix="raccordo-sync-") as tmp:
        files = _download(origin, manifest, Path(tmp))
    bundle = Bundle(manifest, fetched.data, signature, files)
    verify_files(manifest, bundle.files)
    parts = list(bundle_parts.PARTS)  # read at call time: the sync bench times them through the module
    with collector_paused():
        parsed = applier.validate(bundle, parts, ctx.sessions)
        report = applier.apply(ctx.sessions, bundle, parsed, parts, now=now)
    _remember(ctx, origin.label, fetched.validators, digest, now)
    return SyncOutcome(True, report, False, report.text())


def _remember(ctx: AppContext, label: str, validators: Validators | None, digest: str | None,
              now: datetime) -> None:
    with ctx.sessions.begin() as session:
        state = session.get(SyncState, label) or SyncState(source=label)
        if validators is not None:
            state.etag, state.last_modified = validators.etag, validators.last_modified
        if digest is not None:
            state.manifest_sha256 = digest
        state.checked_at = now
        session.add(state)


def _nothing_new(ctx: AppContext, label: str, validators: Validators | None, now: datetime,
                 digest: str | None = None) -> SyncOutcome:
    _remember(ctx, label, validators, digest, now)
    with ctx.sessions.begin() as session:
        expired = store.record_check(session, now)
        status = store.read_status(session, label, now)
    message = "Nessun aggiornamento: i dati in uso sono già i più recenti."
    if expired:
        message += "\n" + (status.warning() or "")
    return SyncOutcome(False, None, expired, message)


def status(ctx: AppContext, source: str | None = None) -> store.SyncStatus:
    with ctx.sessions() as session:
        return store.read_status(session, source if source is not None else ctx.config["sync.source"])


def expiry_warning(ctx: AppContext) -> str | None:
    """For any screen (the leaflet view above all): an Italian warning while the synced data is past its expiry."""
    with ctx.sessions() as session:
        return store.read_status(session).warning()


def restore_previous(ctx: AppContext, now: datetime | None = None) -> ChangeReport:
    """Go back to the bundle applied before the current one, re-verified with today's trusted keys."""
    keys = trusted_keys(ctx.config["sync.trusted_keys"])
    with ctx.sessions() as session:
        kept = store.load_bundle(session, "previous")
    if kept is None:
        raise SyncError("no_previous", "non c'è una versione precedente da ripristinare")
    manifest_bytes, signature, files = kept
    manifest = verify_manifest(manifest_bytes, signature, keys)
    verify_files(manifest, files)
    bundle = Bundle(manifest, manifest_bytes, signature, files)
    parts = list(bundle_parts.PARTS)
    with collector_paused():
        parsed = applier.validate(bundle, parts, ctx.sessions)
        return applier.apply(ctx.sessions, bundle, parsed, parts, restored=True, now=now)


def mark_expiry(ctx: AppContext, now: datetime | None = None) -> bool:
    """After a failed check: keep the expiry flag true to the clock, nothing else."""
    with ctx.sessions.begin() as session:
        return store.refresh_expired(session, now or datetime.now(UTC))
