"""Settings files carry a version, so a setting that changes name keeps its value (Picard's config_upgrade idea).

Every file Raccordo writes starts with ``settings_version``; a file without it is version 0. When a release
renames or moves a setting, it adds a :class:`Step` to :data:`STEPS` (the version it reaches and the old and new
keys) instead of letting the old key fall among the unknown ones:

* the user's own file is upgraded when it is read: first copied aside (``settings.toml.v0.bak``, never
  overwritten), then rewritten with the new keys and version, and the user is told what moved and where the
  copy is;
* IT's machine-wide file is never written by Raccordo: an old key still works, with a message naming the new
  one, and ``config --check`` reports it until IT updates the file.

A file from a newer Raccordo is read as it is (what this version does not know is reported, as always).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERSION_KEY = "settings_version"


@dataclass(frozen=True)
class Step:
    """What reaching ``version`` changes: ``renames`` old key -> new key (the value is kept), and why."""

    version: int
    renames: dict[str, str] = field(default_factory=dict)
    why: str = ""


STEPS: tuple[Step, ...] = (
    Step(1, {}, "the first versioned format: the file states its version"),
)


def current_version() -> int:
    return max(step.version for step in STEPS)


def split_version(data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """(the file's version, the rest of its tables); a missing or malformed version counts as 0."""
    rest = dict(data)
    version = rest.pop(VERSION_KEY, 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        version = 0
    return version, rest


def upgrade(flat: dict[str, Any], version: int) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``flat`` (dotted keys) carried from ``version`` to the current one; return it and the (old, new) moves.

    When both the old and the new key are present, the new one wins and the old one is dropped (with its move
    reported all the same).
    """
    upgraded = dict(flat)
    moved: list[tuple[str, str]] = []
    for step in sorted(STEPS, key=lambda s: s.version):
        if step.version <= version:
            continue
        for old, new in step.renames.items():
            if old in upgraded:
                value = upgraded.pop(old)
                upgraded.setdefault(new, value)
                moved.append((old, new))
    return upgraded, moved
