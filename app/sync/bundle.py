"""Write a signed bundle, and verify one: signature, trusted key, then every file's size and hash."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import manifest as mf
from app.sync.errors import SyncError
from app.sync.keys import TrustedKey, key_id_of
from app.sync.manifest import DEFAULT_LIMITS, FileEntry, Limits, Manifest


@dataclass(frozen=True)
class Bundle:
    """A verified bundle held in memory: the exact manifest bytes, its signature and the data files."""

    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    files: dict[str, bytes]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign(key: Ed25519PrivateKey, manifest_bytes: bytes) -> bytes:
    return base64.b64encode(key.sign(manifest_bytes)) + b"\n"


def build(files: Mapping[str, bytes], key: Ed25519PrivateKey, *, sequence: int, publisher: str,
          issued_at: datetime, expires_at: datetime) -> Bundle:
    entries = {mf.check_name(name): FileEntry(len(data), sha256(data)) for name, data in files.items()}
    manifest = Manifest(sequence, issued_at, expires_at, key_id_of(key.public_key()), publisher, entries)
    data = manifest.to_bytes()
    return Bundle(manifest, data, sign(key, data), dict(files))


def _atomic_write(path: Path, data: bytes) -> None:
    from app.safe_output import write_output

    write_output(path, data)


def write(bundle: Bundle, out: Path) -> None:
    """Data files first, the signature and the manifest last, so a reader never sees a manifest ahead of its files."""
    for name, data in bundle.files.items():
        _atomic_write(out / name, data)
    _atomic_write(out / mf.SIGNATURE, bundle.signature)
    _atomic_write(out / mf.MANIFEST, bundle.manifest_bytes)


def verify_manifest(manifest_bytes: bytes, signature: bytes, keys: Mapping[str, TrustedKey],
                    limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Trust nothing in the manifest until a configured key has verified its exact bytes.

    Nothing is parsed before that: each trusted key (IT configures one or two) is tried against the raw bytes,
    so a hostile manifest (nested a million levels deep, or merely malformed) costs a few signature checks and
    is refused as unsigned. Only then is it parsed, within its own limits, and it must name the key that signed.
    """
    if not keys:
        raise SyncError("no_keys", "nessuna chiave fidata configurata (sync.trusted_keys): "
                                   "l'aggiornamento non può essere verificato. Rivolgersi all'IT.")
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    signer = next((key for key in keys.values() if len(raw) == 64 and key.verify(raw, manifest_bytes)), None)
    if signer is None:
        claimed = mf.claimed_key_id(manifest_bytes)
        if claimed is not None and claimed not in keys:
            raise SyncError("unknown_key", f"il pacchetto è firmato con una chiave sconosciuta ({claimed[:16]}): "
                                           "non proviene da un editore fidato")
        raise SyncError("bad_signature", "la firma del pacchetto non è valida: i dati potrebbero essere stati "
                                         "alterati")
    manifest = mf.parse(manifest_bytes, limits)
    if manifest.key_id != signer.key_id:
        raise SyncError("bad_manifest", "il manifesto indica una chiave diversa da quella che lo ha firmato")
    return manifest


def check_file(manifest: Manifest, name: str, data: bytes) -> None:
    entry = manifest.files[name]
    if len(data) != entry.size:
        raise SyncError("size_mismatch", f"il file {name} ha una dimensione diversa da quella firmata "
                                         f"({len(data)} invece di {entry.size} byte)")
    if sha256(data) != entry.sha256:
        raise SyncError("hash_mismatch", f"il file {name} non corrisponde all'impronta firmata: "
                                         "è stato alterato o sostituito")


def verify_files(manifest: Manifest, files: Mapping[str, bytes]) -> None:
    for name in manifest.files:
        if name not in files:
            raise SyncError("missing_file", f"il file {name} indicato nel manifesto manca")
        check_file(manifest, name, files[name])
    extra = set(files) - set(manifest.files)
    if extra:
        raise SyncError("extra_file", f"file non firmati nel pacchetto: {', '.join(sorted(extra))}")
