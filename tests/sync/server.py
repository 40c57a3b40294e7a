"""A real HTTP server on 127.0.0.1 serving a bundle folder, with faults injected per file name.

Each request is written to ``requests`` before the first byte of its answer is sent, so a test that reads
``requests[-1]`` as soon as its client returns finds that request there, however busy the machine is (logging
after the answer, from the server's thread, raced the client: ``tests/sync/test_server.py``).
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Fault:
    status: int | None = None  # e.g. 500
    truncate: bool = False  # declare the full length, send half, close
    drip: float | None = None  # seconds between single bytes, forever
    content_type: str | None = None  # e.g. text/html
    body: bytes | None = None  # serve this instead (swapped file)


@dataclass
class BundleServer:
    folder: Path
    faults: dict[str, Fault] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)
    stop_dripping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def do_GET(self) -> None:
                server.respond(self, self.path.lstrip("/").split("?")[0])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> BundleServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_dripping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler, name: str, status: int) -> None:
        """Log the request, then start its answer: the client can never see an answer that is not logged yet."""
        self.requests.append((name, status))
        if status == 404:
            handler.send_error(404)
        else:
            handler.send_response(status)

    def respond(self, handler: BaseHTTPRequestHandler, name: str) -> int:
        fault = self.faults.get(name, Fault())
        if fault.status:
            body = b"<html>errore</html>"
            self._answer(handler, name, fault.status)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return fault.status
        path = self.folder / name
        if fault.body is None and (".." in name.split("/") or not path.is_file()):
            self._answer(handler, name, 404)
            return 404
        data = fault.body if fault.body is not None else path.read_bytes()
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        modified = email.utils.formatdate(path.stat().st_mtime if path.exists() else 0, usegmt=True)
        if handler.headers.get("If-None-Match") == etag:
            self._answer(handler, name, 304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return 304
        self._answer(handler, name, 200)
        ctype = fault.content_type or ("application/json" if name.endswith(".json") else "application/octet-stream")
        handler.send_header("Content-Type", ctype)
        handler.send_header("ETag", etag)
        handler.send_header("Last-Modified", modified)
        if fault.drip is None:
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if fault.truncate:
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return 200
        if fault.drip is not None:
            try:
                while not self.stop_dripping.is_set():
                    handler.wfile.write(b" ")
                    handler.wfile.flush()
                    time.sleep(fault.drip)
            except OSError:
                pass  # the client hung up, as it should
            handler.close_connection = True
            return 200
        handler.wfile.write(data)
        return 200
