"""Publisher side: build and sign a bundle from the local database and the effective leaflet texts.

The private key is read from its file for the signature and never stored; the
sequence is one more than anything this publisher or the target folder has
seen, so it only grows even when the publisher changes machine.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.context import AppContext
from app.db.meta import get_meta, set_meta
from app.roles import PUBLISHERS, require
from app.sync import bundle as bundles
from app.sync import manifest as mf
from app.sync import store
from app.sync.errors import SyncError
from app.sync.keys import load_private_key
from app.sync.parts import PARTS

DEFAULT_EXPIRES_DAYS = 30


def _sequence_in(folder: Path) -> int:
    try:
        return int(json.loads((folder / mf.MANIFEST).read_text(encoding="utf-8"))["sequence"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def publish(ctx: AppContext, out: Path, *, key_file: Path | None = None, key: Ed25519PrivateKey | None = None,
            expires_days: int = DEFAULT_EXPIRES_DAYS, publisher: str | None = None,
            now: datetime | None = None) -> bundles.Bundle:
    """Sign and write a bundle of the local data: for publishers only (``RoleRefused`` otherwise)."""
    require(ctx, PUBLISHERS)
    if key is None:
        if key_file is None:
            raise SyncError("key_missing", "indicare il file della chiave privata (--key)")
        key = load_private_key(key_file)
    if expires_days < 1:
        raise SyncError("bad_expiry", "la validità deve essere di almeno un giorno")
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    out = Path(out)
    with ctx.sessions.begin() as session:
        files: dict[str, bytes] = {}
        for part in PARTS:
            files.update(part.export(ctx, session))
        for part in PARTS:  # never sign what a workstation would refuse
            part.validate({n: d for n, d in files.items() if part.owns(n)})
        sequence = 1 + max(int(get_meta(session, store.PUBLISHED, "0") or 0), store.highest_sequence(session),
                           _sequence_in(out))
        signed = bundles.build(files, key, sequence=sequence, publisher=publisher or ctx.config["office.name"],
                               issued_at=now, expires_at=now + timedelta(days=expires_days))
        try:
            bundles.write(signed, out)
        except OSError as exc:
            raise SyncError("write_failed", f"impossibile scrivere il pacchetto in {out}: {exc}") from exc
        set_meta(session, store.PUBLISHED, str(sequence))
    return signed
