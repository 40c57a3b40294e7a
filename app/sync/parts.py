"""The data a bundle carries, one adapter per part, each through that part's public API only.

A part turns the local database into bundle files (publisher side), checks
bundle files without touching the database (client side, before the
transaction) and replaces its data inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.sync.errors import SyncError

Files = dict[str, bytes]

TERRITORY_FILE = "territory.json"
DIRECTORY_FILE = "directory.json"
LEAFLETS_DIR = "leaflets/"


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _json_load(name: str, data: bytes) -> Any:
    """Strict JSON in UTF-8 (orjson: twice the standard library's speed on a 4 MB directory)."""
    import orjson

    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise SyncError("invalid_content", f"il file {name} non è un JSON valido") from exc


@dataclass(frozen=True)
class Part:
    id: str
    label: str
    owns: Callable[[str], bool]
    export: Callable[[Any, Session], Files]  # (ctx, session) -> files
    validate: Callable[[Files], Any]  # files -> parsed, raises SyncError
    apply: Callable[[Session, Any], Any]  # (session, parsed) -> that part's changes
    # The part's data version in the database; with it, a part whose files are those already applied and whose
    # data nobody has edited since is not rewritten (5,000 referents are not rewritten for a changed text).
    version: Callable[[Session], str] | None = None


# --- territory ---------------------------------------------------------------------------------------------------

def _territory_export(ctx, session: Session) -> Files:
    from app.territory.data import export_snapshot

    return {TERRITORY_FILE: _json_bytes(export_snapshot(session))}


def _territory_validate(files: Files) -> Any:
    from app.territory.data import TerritoryDataError, validate_snapshot

    snapshot = _json_load(TERRITORY_FILE, files[TERRITORY_FILE])
    try:
        validate_snapshot(snapshot)
    except (TerritoryDataError, AttributeError, TypeError) as exc:
        raise SyncError("invalid_content", f"dati del territorio non validi: {exc}") from exc
    return snapshot


def _territory_apply(session: Session, snapshot: Any) -> Any:
    from app.territory.data import replace_from_snapshot

    return replace_from_snapshot(session, snapshot)


# --- directory ---------------------------------------------------------------------------------------------------

def _directory_export(ctx, session: Session) -> Files:
    from app.directory.snapshot import export_snapshot

    return {DIRECTORY_FILE: _json_bytes(export_snapshot(session))}


def _directory_validate(files: Files) -> Any:
    """The cleaned directory (ValidatedDirectory): the apply then checks only the territory again."""
    from app.directory.snapshot import DirectoryDataError, validate_snapshot

    snapshot = _json_load(DIRECTORY_FILE, files[DIRECTORY_FILE])
    try:
        return validate_snapshot(snapshot)
    except (DirectoryDataError, AttributeError, TypeError, KeyError) as exc:
        raise SyncError("invalid_content", f"dati della rubrica non validi: {exc}") from exc


def _directory_apply(session: Session, validated: Any) -> Any:
    from app.directory.snapshot import replace_from_snapshot

    return replace_from_snapshot(session, validated)


def _directory_version(session: Session) -> str:
    from app.directory.resolve import directory_version

    return directory_version(session)


# --- leaflet texts -----------------------------------------------------------------------------------------------

def _leaflets_export(ctx, session: Session) -> Files:
    """The effective catalogs: those installed by an earlier sync, else the ones shipped with the program."""
    from app.leaflets.content import TERMBASE_FILE, installed_catalogs, shipped_files

    shipped = shipped_files(ctx.paths.i18n / "leaflets")
    installed = installed_catalogs(session) or shipped
    if TERMBASE_FILE not in installed and TERMBASE_FILE in shipped:
        # texts installed by a sync from before the term base: publish them with this program's term base
        installed = {**installed, TERMBASE_FILE: shipped[TERMBASE_FILE]}
    return {LEAFLETS_DIR + name: text.encode("utf-8") for name, text in installed.items()}


def _leaflets_validate(files: Files) -> Any:
    """The catalogs, checked; those identical to the program's own files are not parsed again."""
    from app.leaflets.content import ContentError, shipped_files, validate_catalogs
    from app.paths import install_root

    texts: dict[str, str] = {}
    for name, data in files.items():
        try:
            texts[name.removeprefix(LEAFLETS_DIR)] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SyncError("invalid_content", f"il file {name} non è in UTF-8") from exc
    try:
        return validate_catalogs(texts, known_good=shipped_files(install_root() / "i18n" / "leaflets"))
    except (ContentError, ValueError, KeyError, TypeError) as exc:
        raise SyncError("invalid_content", f"testi dei volantini non validi: {exc}") from exc


def _leaflets_apply(session: Session, validated: Any) -> Any:
    """Install the catalogs; report only the texts that differ from those in force (shipped ones included)."""
    from app.leaflets.content import installed_catalogs, replace_catalogs, shipped_files
    from app.paths import install_root

    before = installed_catalogs(session) or shipped_files(install_root() / "i18n" / "leaflets")
    changed = replace_catalogs(session, validated)
    return [name for name in changed if before.get(name) != validated.files.get(name)]


def _leaflets_version(session: Session) -> str:
    """A digest of the installed catalogs: changes if anyone installs or edits a text outside sync."""
    import hashlib

    from app.leaflets.content import installed_catalogs

    digest = hashlib.sha256()
    for name, text in sorted((installed_catalogs(session) or {}).items()):
        digest.update(name.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()


PARTS = (
    Part("territory", "territorio", lambda n: n == TERRITORY_FILE, _territory_export, _territory_validate,
         _territory_apply),
    Part("directory", "rubrica", lambda n: n == DIRECTORY_FILE, _directory_export, _directory_validate,
         _directory_apply, _directory_version),
    Part("leaflets", "testi dei volantini", lambda n: n.startswith(LEAFLETS_DIR), _leaflets_export,
         _leaflets_validate, _leaflets_apply, _leaflets_version),
)


def split(files: Files, parts: list[Part]) -> dict[str, Files]:
    """Files of each part; a bundle must carry every part this build knows, and nothing else."""
    by_part: dict[str, Files] = {p.id: {} for p in parts}
    for name, data in files.items():
        owner = next((p for p in parts if p.owns(name)), None)
        if owner is None:
            raise SyncError("invalid_content", f"file sconosciuto nel pacchetto: {name}")
        by_part[owner.id][name] = data
    missing = [p.label for p in parts if not by_part[p.id]]
    if missing:
        raise SyncError("incomplete", f"il pacchetto non contiene: {', '.join(missing)}")
    return by_part
