"""Every file Raccordo writes for the user (exports, packs, event files, settings) goes through :func:`write_output`.

An export that fails halfway (a full disk, a share that drops) must leave the
previous file as it was, so a supervisor never sends last month's workbook
truncated. The data goes to a temporary file in the same folder, is flushed and
fsynced, and only then renamed over the target (``os.replace``: atomic on the
same file system); the folder is fsynced too, so the rename survives a power cut.

A path that is not a regular file is never replaced: a terminal, ``/dev/null``
or a named pipe (``--out /dev/stdout`` in a script) is written into directly; a
folder, a disk device or a socket is refused with an Italian message. A symbolic
link keeps pointing where it did: the file it points to is the one replaced.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Writer = Callable[[BinaryIO], object]


class OutputRefused(ValueError):
    """The target cannot be written safely (a folder, a device); the message is Italian."""


class OutputFailed(OSError):
    """Writing failed (a full disk, a read-only folder); ``strerror`` and ``str()`` are Italian.

    An OSError still, with the original ``errno``, so callers that catch OSError keep working and now print
    Italian. The previous file, if any, is untouched.
    """

    def __str__(self) -> str:
        return f"impossibile scrivere «{self.filename}»: {self.strerror}"


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "disco pieno; il file che c'era è rimasto com'era. Liberare spazio e riprovare"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "cartella di sola lettura o senza permessi"
    if exc.errno == errno.ENOENT:
        return "la cartella non esiste"
    if exc.errno == errno.ENAMETOOLONG:
        return "nome del file troppo lungo"
    return f"errore di scrittura (codice {exc.errno})"


def _kind(mode: int) -> str | None:
    """None for a regular file; what it is otherwise, in Italian, when it must not be written."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "è una cartella: indicare il nome di un file"
    if stat.S_ISBLK(mode):
        return "è un'unità disco, non un file"
    if stat.S_ISSOCK(mode):
        return "non è un file"
    return ""  # a terminal, /dev/null, a pipe: written into, never replaced


def write_output(path: Path | str, data: bytes | Writer, *, durable: bool = True) -> Path:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` safely; return the path written.

    Raises OutputRefused for a target that is not a file, OutputFailed (an OSError, Italian) when writing fails:
    the previous file, if any, is then untouched and no temporary file is left behind. ``durable=False`` keeps
    the temporary file and the atomic rename but leaves out the two fsyncs, for a caller writing thousands of
    files that makes them durable at once afterwards (the web site: ``os.sync()``, then its manifest).
    """
    target = Path(path)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        # Produced in memory first (exports and packs are a few MB at most): a writer that fails halfway on a full
        # disk leaves half-closed objects behind (openpyxl's zip), and their clean-up would print tracebacks.
        buffer = io.BytesIO()
        data(buffer)
        data = buffer.getvalue()
    try:
        return _write_output(target, data, durable)
    except OSError as exc:
        if isinstance(exc, OutputFailed):
            raise
        raise OutputFailed(exc.errno, _reason(exc), str(target)) from exc


def _write_output(target: Path, data: bytes, durable: bool = True) -> Path:
    try:
        info = os.stat(target)  # follows a symbolic link to what it points to
    except FileNotFoundError:
        info = None
    if info is not None:
        kind = _kind(info.st_mode)
        if kind:
            raise OutputRefused(f"impossibile scrivere «{target}»: {kind}")
        if kind == "":
            _write_into(target, data, fifo=stat.S_ISFIFO(info.st_mode))
            return target
        target = Path(os.path.realpath(target))
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if info is not None:
            with contextlib.suppress(OSError):  # keep who may read the file it replaces
                os.chmod(tmp, stat.S_IMODE(info.st_mode))
        elif hasattr(os, "umask"):
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # as a plain open() would have made it, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _sync_folder(folder)
    return target


def _write_into(target: Path, data: bytes, *, fifo: bool) -> None:
    """A device or a pipe: written as it is. A pipe nobody reads would block forever: refused at once instead."""
    flags = os.O_WRONLY
    if fifo:
        flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputRefused(f"impossibile scrivere «{target}»: nessun programma sta leggendo da quella pipe") \
                from exc
        raise
    if fifo and hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows has no directory handles to sync, and NTFS journals the rename."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["OutputFailed", "OutputRefused", "write_output"]
