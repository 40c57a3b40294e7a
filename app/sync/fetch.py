"""Fetch a bundle's files from an HTTP(S) server or a folder (network share, USB stick), within hard limits.

HTTP goes through urllib's default opener, so the system proxy settings are
honoured (environment variables; the registry on Windows). Every response is
read in small chunks against a per-read timeout *and* a deadline for the whole
check, so a server that drips bytes forever is cut off; a size ceiling is
enforced while reading, not after; an HTML page (a captive portal, an error
page) is refused by its content type.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.sync.errors import SyncError

ALLOWED_TYPES = frozenset({
    "", "application/json", "application/octet-stream", "text/plain", "application/toml", "text/x-toml",
    "application/x-toml", "application/pgp-signature", "text/x-gettext-translation",
    "text/x-gettext-translation-template", "application/x-gettext", "application/x-po", "text/x-po",
})


@dataclass(frozen=True)
class Timing:
    read_timeout: float = 20.0  # seconds without a byte before giving up
    total_seconds: float = 180.0  # for the whole check, however the bytes trickle in


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators of the last manifest seen, sent back for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    data: bytes | None  # None: not modified since the validators
    validators: Validators


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


class FolderSource:
    def __init__(self, folder: str | Path):
        self.root = Path(folder).expanduser()
        self.label = str(self.root)
        if not self.root.is_dir():
            raise SyncError("source_missing", f"la cartella di origine {self.root} non esiste o non è raggiungibile")

    def get(self, name: str, max_bytes: int, validators: Validators | None = None) -> Fetched:
        root = self.root.resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root):
            raise SyncError("path_escape", f"il file {name} punta fuori dalla cartella del pacchetto")
        try:
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except FileNotFoundError as exc:
            raise SyncError("missing_file", f"il file {name} manca nella cartella {self.root}") from exc
        except OSError as exc:
            raise SyncError("source_unreadable", f"impossibile leggere {name} da {self.root}: {exc}") from exc
        if len(data) > max_bytes:
            raise SyncError("too_large", f"il file {name} supera il limite di {max_bytes} byte")
        return Fetched(data, Validators())


class HttpSource:
    def __init__(self, url: str, timing: Timing | None = None):
        self.base = url if url.endswith("/") else url + "/"
        self.label = url
        self.timing = timing or Timing()
        self.deadline = time.monotonic() + self.timing.total_seconds
        self.opener = urllib.request.build_opener()  # includes ProxyHandler(getproxies()): the system proxy

    def _timeout(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SyncError("timeout", f"il server {self.label} è troppo lento: scaricamento interrotto dopo "
                                       f"{self.timing.total_seconds:.0f} secondi")
        return min(self.timing.read_timeout, remaining)

    def get(self, name: str, max_bytes: int, validators: Validators | None = None) -> Fetched:
        url = urllib.parse.urljoin(self.base, urllib.parse.quote(name))
        headers = {"User-Agent": f"Raccordo/{__version__}", "Accept-Encoding": "identity"}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        request = urllib.request.Request(url, headers=headers)
        try:
            response = self.opener.open(request, timeout=self._timeout())
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Fetched(None, validators or Validators())
            raise SyncError("http_error", f"il server ha risposto con un errore ({exc.code} {exc.reason}) "
                                          f"per {name}") from exc
        except TimeoutError as exc:
            raise SyncError("timeout", f"il server {self.label} non risponde (tempo scaduto)") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise SyncError("network", f"impossibile raggiungere {self.label}: {reason}") from exc
        with response:
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            if content_type not in ALLOWED_TYPES:
                raise SyncError("content_type", f"il server ha inviato {content_type} invece dei dati per {name} "
                                                "(forse una pagina di errore o di accesso alla rete)")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise SyncError("too_large", f"il file {name} ({declared} byte) supera il limite di {max_bytes} byte")
            data = self._read(response, name, max_bytes)
            return Fetched(data, Validators(response.headers.get("ETag"), response.headers.get("Last-Modified")))

    def _read(self, response: http.client.HTTPResponse, name: str, max_bytes: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
                timeout = self._timeout()
                if sock is not None:
                    sock.settimeout(timeout)
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise SyncError("too_large", f"il file {name} supera il limite di {max_bytes} byte")
                chunks.append(chunk)
        except http.client.IncompleteRead as exc:
            raise SyncError("truncated", f"lo scaricamento di {name} si è interrotto a metà") from exc
        except TimeoutError as exc:
            raise SyncError("timeout", f"il server {self.label} ha smesso di inviare dati ({name})") from exc
        except OSError as exc:
            raise SyncError("network", f"connessione interrotta durante lo scaricamento di {name}: {exc}") from exc
        data = b"".join(chunks)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and len(data) < int(declared):
            raise SyncError("truncated", f"lo scaricamento di {name} si è interrotto a metà")
        return data


def open_source(source: str, timing: Timing | None = None) -> FolderSource | HttpSource:
    source = source.strip()
    if not source:
        raise SyncError("no_source", "nessuna origine dei dati configurata (sync.source): rivolgersi all'IT "
                                     "o indicare --source")
    if is_url(source):
        return HttpSource(source, timing)
    if "://" in source:
        raise SyncError("bad_source", f"origine non supportata: {source} (ammessi http, https o una cartella)")
    return FolderSource(source)
