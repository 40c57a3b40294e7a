"""What an update changed, in words a bailiff can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.sync.manifest import Manifest

ROME_FORMAT = "%d/%m/%Y %H:%M"


def local_time(value: datetime | None) -> str:
    return value.astimezone().strftime(ROME_FORMAT) if value else "-"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _changes_line(label: str, changes: Any, unit: tuple[str, str]) -> list[str]:
    added = list(getattr(changes, "added", []) or [])
    changed = list(getattr(changes, "changed", []) or [])
    removed = list(getattr(changes, "removed", []) or [])
    if not (added or changed or removed):
        return [f"{label}: nessuna modifica"]
    counts = []
    if added:
        counts.append(f"{len(added)} aggiunti")
    if changed:
        counts.append(f"{len(changed)} modificati")
    if removed:
        counts.append(f"{len(removed)} rimossi")
    lines = [f"{label}: {', '.join(counts)} ({_count(len(added) + len(changed) + len(removed), *unit)})"]
    for sign, names in (("+", added), ("~", changed), ("-", removed)):
        shown = names[:20]
        lines += [f"  {sign} {name}" for name in shown]
        if len(names) > len(shown):
            lines.append(f"  {sign} ... e altri {len(names) - len(shown)}")
    return lines


@dataclass
class NoChanges:
    """A part whose signed files are those already in force: nothing rewritten."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return False

    def __iter__(self):  # reads as an empty list of changed texts too
        return iter(())


@dataclass
class ChangeReport:
    manifest: Manifest
    changes: dict[str, Any] = field(default_factory=dict)
    restored: bool = False

    @property
    def texts_changed(self) -> list[str]:
        return list(self.changes.get("leaflets") or [])

    def lines(self) -> list[str]:
        m = self.manifest
        verb = "Ripristinata la versione" if self.restored else "Applicata la versione"
        lines = [f"{verb} {m.sequence} di {m.publisher}, emessa il {local_time(m.issued_at)}, "
                 f"valida fino al {local_time(m.expires_at)}."]
        if "directory" in self.changes:
            lines += _changes_line("Rubrica", self.changes["directory"], ("voce", "voci"))
        if "territory" in self.changes:
            lines += _changes_line("Territorio", self.changes["territory"], ("voce", "voci"))
        if "leaflets" in self.changes:
            texts = self.texts_changed
            lines.append(f"Testi dei volantini: {'modificati ' + ', '.join(texts) if texts else 'nessuna modifica'}")
        return lines

    def text(self) -> str:
        return "\n".join(self.lines())
