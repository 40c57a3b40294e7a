"""Self-test: sign a bundle with a key made in memory, verify it with that key trusted, apply it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.context import AppContext
from app.sync import keys, service
from app.sync.publish import publish


def _signed_update(ctx: AppContext) -> str:
    key = keys.generate()
    saved = list(ctx.config.values["sync.trusted_keys"])
    ctx.config.values["sync.trusted_keys"] = [keys.public_key_string(key.public_key())]
    try:
        with tempfile.TemporaryDirectory(prefix="raccordo-selftest-sync-") as tmp:
            signed = publish(ctx, Path(tmp), key=key, publisher="verifica")
            outcome = service.synchronize(ctx, tmp)
    finally:
        ctx.config.values["sync.trusted_keys"] = saved
    if not outcome.updated or service.status(ctx, "").sequence != signed.manifest.sequence:
        raise AssertionError("il pacchetto firmato non è stato applicato")
    return f"versione {signed.manifest.sequence}, {len(signed.manifest.files)} file verificati e applicati"


CHECKS = [("aggiornamento firmato", _signed_update)]
