"""Ed25519 keys: generation, the private key file, and the trusted public key strings IT configures.

A trusted key is written ``<key id>:<base64 of the 32-byte raw public key>``;
the key id is the first 16 hex digits of the SHA-256 of the raw public key, so
a key string whose id does not match its key is refused (a typo cannot
silently trust another key). Several keys may be trusted at once: that is how a
publisher rotates to a new key without reinstalling.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.sync.errors import SyncError


def key_id_of(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_string(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"{key_id_of(public)}:{base64.b64encode(raw).decode('ascii')}"


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    public: Ed25519PublicKey

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            self.public.verify(signature, data)
        except InvalidSignature:
            return False
        return True


def parse_public_key(text: str) -> TrustedKey:
    key_id, sep, b64 = text.strip().partition(":")
    if not sep:
        raise SyncError("bad_key", f"chiave pubblica non valida «{text}»: il formato è IDCHIAVE:BASE64")
    try:
        raw = base64.b64decode(b64, validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise SyncError("bad_key", f"chiave pubblica non valida «{key_id}»: {exc}") from exc
    if key_id_of(public) != key_id.lower():
        raise SyncError("bad_key", f"la chiave pubblica «{key_id}» non corrisponde al suo identificativo")
    return TrustedKey(key_id.lower(), public)


def trusted_keys(strings: list[str]) -> dict[str, TrustedKey]:
    """The keys from ``sync.trusted_keys``; a malformed entry is a configuration error, never skipped silently."""
    keys = [parse_public_key(s) for s in strings]
    return {k.key_id: k for k in keys}


def generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_private_key(key: Ed25519PrivateKey, path: Path) -> None:
    """Create the key file readable by its owner only; never overwrite an existing key."""
    if path.exists():
        raise SyncError("key_exists", f"il file {path} esiste già: non viene sovrascritto")
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_key_bytes(key))


def check_key_permissions(path: Path) -> None:
    """On POSIX a private key readable or writable by group or others is refused (like ssh does).

    On Windows the file's ACL decides and os.stat cannot show it; the key should
    sit in the publisher's profile.
    """
    if sys.platform == "win32":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SyncError("key_permissions",
                        f"il file della chiave {path} è accessibile ad altri utenti (permessi {stat.filemode(mode)}); "
                        f"renderlo leggibile solo dal proprietario (chmod 600)")


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        check_key_permissions(path)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SyncError("key_missing", f"il file della chiave {path} non esiste") from exc
    except OSError as exc:
        raise SyncError("key_unreadable", f"impossibile leggere la chiave {path}: {exc}") from exc
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SyncError("key_invalid", f"il file {path} non contiene una chiave privata valida") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SyncError("key_invalid", f"il file {path} non contiene una chiave Ed25519")
    return key
