"""The manifest: what a bundle claims to be, parsed strictly before anything else is trusted.

The signature covers the exact bytes of ``manifest.json``; every data file is
then pinned by its size and SHA-256, so one signature protects the whole set
(no mix-and-match of files from different versions) and the sizes bound how
much is ever downloaded (no endless data).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.sync.errors import SyncError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


@dataclass(frozen=True)
class Limits:
    """Hard ceilings: anything above is refused before it is read to the end."""

    manifest_bytes: int = 256 * 1024
    signature_bytes: int = 1024
    file_bytes: int = 32 * 1024 * 1024
    total_bytes: int = 64 * 1024 * 1024
    max_files: int = 200


DEFAULT_LIMITS = Limits()

# Plain relative names only: letters, digits, dot, dash, underscore; one optional folder level.
_NAME_RE = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}/)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


def check_name(name: str) -> str:
    """Refuse any file name that could leave the bundle folder (``..``, absolute, drive letters, backslashes)."""
    if (not isinstance(name, str) or not _NAME_RE.match(name) or ".." in name.split("/")
            or name in (MANIFEST, SIGNATURE)):
        raise SyncError("path_escape", f"nome di file non ammesso nel pacchetto: «{name}»")
    return name


def _utc(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("data senza fuso orario")
    return value.astimezone(UTC)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    sequence: int
    issued_at: datetime
    expires_at: datetime
    key_id: str
    publisher: str
    files: dict[str, FileEntry] = field(default_factory=dict)
    format: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        body = {
            "format": self.format,
            "sequence": self.sequence,
            "issued_at": iso(self.issued_at),
            "expires_at": iso(self.expires_at),
            "key_id": self.key_id,
            "publisher": self.publisher,
            "files": {name: {"size": e.size, "sha256": e.sha256} for name, e in sorted(self.files.items())},
        }
        return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def expired(self, now: datetime | None = None) -> bool:
        return (now or datetime.now(UTC)) >= self.expires_at


_CLAIMED_KEY = re.compile(rb'"key_id"\s*:\s*"([0-9a-fA-F]{16})"')
MAX_DEPTH = 3  # manifest > files > one file's size and hash


def claimed_key_id(data: bytes) -> str | None:
    """The key id an *unverified* manifest claims, only to word the refusal (the bytes are never parsed)."""
    match = _CLAIMED_KEY.search(data[:DEFAULT_LIMITS.manifest_bytes])
    return match.group(1).decode("ascii").lower() if match else None


def parse(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Parse a manifest whose signature has already been verified; refuse anything unexpected."""
    from app.untrusted import control_problem, load_json

    try:
        if len(data) > limits.manifest_bytes:
            raise SyncError("too_large", f"il manifesto supera il limite di {limits.manifest_bytes} byte")
        body = load_json(data.decode("utf-8"), max_depth=MAX_DEPTH, what="il manifesto")
        fmt = body["format"]
        if fmt != FORMAT_VERSION:
            raise SyncError("format", f"formato del pacchetto {fmt} non supportato da questa versione di Raccordo "
                                      f"(atteso {FORMAT_VERSION}): aggiornare Raccordo")
        sequence = body["sequence"]
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
            raise ValueError("numero di sequenza non valido")
        files: dict[str, FileEntry] = {}
        raw_files = body["files"]
        if not isinstance(raw_files, dict) or len(raw_files) > limits.max_files:
            raise ValueError("elenco dei file non valido")
        total = 0
        for name, entry in raw_files.items():
            check_name(name)
            size, digest = entry["size"], entry["sha256"]
            if isinstance(size, bool) or not isinstance(size, int) or size < 0:
                raise ValueError(f"dimensione non valida per {name}")
            if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise ValueError(f"impronta SHA-256 non valida per {name}")
            if size > limits.file_bytes:
                raise SyncError("too_large", f"il file {name} ({size} byte) supera il limite di "
                                             f"{limits.file_bytes} byte")
            total += size
            files[name] = FileEntry(size, digest)
        if total > limits.total_bytes:
            raise SyncError("too_large", f"il pacchetto ({total} byte) supera il limite di {limits.total_bytes} byte")
        issued, expires = _utc(body["issued_at"]), _utc(body["expires_at"])
        if expires <= issued:
            raise ValueError("la scadenza precede la data di emissione")
        publisher = body["publisher"]
        if not isinstance(publisher, str) or not publisher.strip():
            raise ValueError("editore mancante")
        if control_problem(publisher):
            raise ValueError(f"nome dell'editore non valido: {control_problem(publisher)}")
        return Manifest(sequence, issued, expires, str(body["key_id"]).lower(), publisher.strip(), files, fmt)
    except SyncError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SyncError("bad_manifest", f"il manifesto del pacchetto non è valido ({exc})") from exc
