"""Real faults for the tests: a tiny file system that fills up, a read-only one, a free port nobody listens on.

Mounting needs root (CI and the development machine run the tests as root); elsewhere the tests that need it
are skipped loudly, with the reason, never silently passed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest


def _skip(reason: str) -> None:
    message = f"{reason}: disk-full / read-only test SKIPPED"
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=3)
    print(f"\n*** {message} ***\n", file=sys.stderr)
    pytest.skip(message)


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str = "512k", *, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (read-only if asked) for the duration of the block."""
    if sys.platform != "linux" or os.geteuid() != 0:
        _skip("mounting a small tmpfs needs Linux and root")
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        _skip(f"mount -t tmpfs refused ({done.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> None:
    """Fill the file system holding ``folder`` until the next write fails with ENOSPC."""
    with contextlib.suppress(OSError), open(folder / "ballast", "wb") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()


def closed_port() -> int:
    """A local TCP port with nothing listening (connection refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
