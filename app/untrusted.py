"""Reading what someone else wrote: bounded size, bounded nesting, bounded archives, text without control bytes.

Every file Raccordo receives from another office or workstation (a referent
spreadsheet, a statistics event file, a sync manifest, a configuration file) is
checked here *before* a parser spends memory or time on it: a 1.7 KB xlsx can
declare a sheet of a million rows, a zip can decompress to gigabytes, a JSON
file of nested brackets can exhaust the parser's recursion. Each check raises
:class:`InputRefused` with a short Italian message, so the caller refuses the
file whole and keeps the previous state.

Control characters (C0 except tab and newline, DEL, C1) break exports here and
on every workstation that syncs the data: a spreadsheet cell with an ESC cannot
be written to xlsx, a NUL cuts a line in a CSV. :func:`strip_controls` removes
them at import (the caller reports it); :func:`control_problem` names them where
text is refused instead (an editor field, a synced entry, a setting).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any


class InputRefused(ValueError):
    """A received file refused before (or instead of) parsing it; the message is Italian."""


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def read_limited(path: Path, max_bytes: int, what: str) -> bytes:
    """The bytes of ``path``, refusing a file larger than ``max_bytes`` before reading it (and while reading)."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > max_bytes:
        raise InputRefused(f"{what} troppo grande (più di {_mb(max_bytes)})")
    with open(path, "rb") as fh:  # also a pipe or a device: never more than the limit
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputRefused(f"{what} troppo grande (più di {_mb(max_bytes)})")
    return data


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw`` (strings skipped), without parsing it."""
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json(raw: bytes | str, *, max_depth: int, what: str) -> Any:
    """``json.loads`` after checking the nesting; ValueError (or InputRefused) for anything unreadable."""
    if json_depth(raw.encode("utf-8") if isinstance(raw, str) else raw) > max_depth:
        raise InputRefused(f"{what}: struttura annidata oltre il previsto (più di {max_depth} livelli)")
    return json.loads(raw)


def check_zip(archive: zipfile.ZipFile, *, max_total: int, max_members: int, what: str) -> None:
    """Refuse an archive whose members would decompress to more than ``max_total`` bytes in all.

    The declared sizes are what ``zipfile`` will ever hand out (it stops reading a member at its declared size
    and fails its checksum), so checking them bounds memory before anything is decompressed.
    """
    members = archive.infolist()
    if len(members) > max_members:
        raise InputRefused(f"{what}: troppi elementi nell'archivio ({len(members)})")
    total = sum(info.file_size for info in members)
    if total > max_total:
        raise InputRefused(f"{what}: il contenuto decompresso supera {_mb(max_total)} (archivio sospetto)")


# C0 controls except tab (09) and newline (0A), DEL, and the C1 block.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_NO_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS = _CONTROLS_NO_NEWLINE
"""Every control character but tab: for a quick ``search`` where single-line text is checked in bulk."""


def strip_controls(text: str, *, newlines: bool = True) -> tuple[str, bool]:
    """``text`` without control characters; True if any was removed.

    Line ends become ``\n`` (or a space where ``newlines`` is False); that alone does not count as a removal.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not newlines:
        text = text.replace("\n", " ")
    cleaned = _CONTROLS.sub("", text)
    return cleaned, cleaned != text


def control_problem(text: str, *, newlines: bool = False) -> str | None:
    """An Italian description of the first control character in ``text``, or None when there is none."""
    match = (_CONTROLS if newlines else _CONTROLS_NO_NEWLINE).search(text)
    if match is None:
        return None
    return f"contiene un carattere di controllo non ammesso (U+{ord(match.group()):04X})"


__all__ = ["CONTROL_CHARACTERS", "InputRefused", "check_zip", "control_problem", "json_depth", "load_json", "read_limited",
           "strip_controls"]
