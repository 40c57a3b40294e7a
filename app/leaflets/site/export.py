"""Build the site from the effective content and directory, then write it safely into a folder of its own.

The whole site is built in memory first (about 70 MB for 15 languages and 133 municipalities), so a failure
while building writes nothing. Writing goes through ``app.safe_output`` file by file (atomic renames, one sync
at the end), after a check of the target folder: the export writes only into an empty or new folder, or into the folder of its own previous
export, recognised by its manifest (``raccordo-sito.json``: every file written and its SHA-256). A file that the
manifest does not list, or one changed since it was written, stops the export before anything is written: it
never overwrites or deletes what it did not write. Files of the previous export that the new one no longer has
are removed; unchanged files are not written again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.dates import format_date
from sqlalchemy.orm import Session

from app.directory.resolve import directory_version, referents_for
from app.leaflets import card_model
from app.leaflets.content import Content, effective_content
from app.leaflets.figures import to_digits
from app.leaflets.font_files import default_folder
from app.leaflets.languages import cldr_locale
from app.leaflets.site import urls
from app.leaflets.site.cards_html import CardWriter
from app.leaflets.site.fonts import build_faces, font_css, licence_files
from app.leaflets.site.pages import Footer, LanguagePages, Municipality, root_index
from app.leaflets.site.style import STYLE
from app.leaflets.site.text import italian_terms
from app.leaflets.stage_contacts import listed, stage_contacts
from app.territory import Territory

log = logging.getLogger(__name__)
MANIFEST = "raccordo-sito.json"
MANIFEST_FORMAT = 1
_MAX_MANIFEST = 20 * 1024 * 1024
_TEMP = re.compile(r"^\.(?P<name>.+)\.[^.]+\.tmp$")   # safe_output's temporary file of ``name``


class SiteError(ValueError):
    """An export that cannot be done; the message is short and Italian, and nothing was written."""


@dataclass
class Site:
    """The built site: site path -> bytes, and what it holds."""

    files: dict[str, bytes]
    content_version: str
    directory_version: str
    languages: int
    municipalities: int
    demo: bool = False

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())

    @property
    def font_size(self) -> int:
        return sum(len(b) for p, b in self.files.items() if p.startswith("fonts/"))

    @property
    def pages(self) -> int:
        return sum(1 for p in self.files if p.endswith(".html"))


@dataclass
class Written:
    """What an export did to its folder."""

    folder: Path
    written: int = 0
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _directory_day(version: str) -> date | None:
    match = re.match(r"(\d{4})(\d{2})(\d{2})T", version or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def footer_for(content: Content, version: str) -> Footer:
    """The footer's data: the directory's date written for every language (CLDR, the language's digits)."""
    day = _directory_day(version)
    dates = {}
    for lang in content.languages:
        dates[lang.code] = to_digits(format_date(day, "long", locale=cldr_locale(lang.babel_locale)), content.digits(lang.code)) \
            if day else (version or "-")
    return Footer(content.version, version, dates)


def build_site(session: Session, *, i18n_folder: Path, served: list[str] | None = None,
               fonts_folder: Path | None = None, today: date | None = None,
               progress: Callable[[str], None] | None = None) -> Site:
    """Every page of every language for the municipalities ``served`` (ISTAT codes or names; None or empty: all),
    the stylesheet, the font subsets and their licences."""
    today = today or date.today()
    content = effective_content(session, i18n_folder)
    territory = Territory.load(session)
    municipalities, unknown = territory.served(list(served or []))
    if unknown:
        raise SiteError(f"Comuni sconosciuti in office.municipalities: {', '.join(unknown[:5])}")
    version = directory_version(session)
    # every kind resolved, then each stage's rule keeps its own (``listed``), exactly as ``pack.py`` does
    referents = {m.istat_code: referents_for(session, territory, m.istat_code, today, kinds=None)
                 for m in municipalities}
    demo = any(r.is_demo for found in referents.values() for r in found)
    footer = footer_for(content, version)
    terms = italian_terms(content)
    towns = [Municipality(m.istat_code, m.name) for m in municipalities]
    rules = {stage: stage_contacts(content.structure, stage) for stage in content.structure.stages}
    pages: dict[str, str] = {}
    chars: dict[str, set[str]] = {}
    for lang in content.languages:
        if progress:
            progress(lang.code)
        writer_pages = LanguagePages(content, lang, terms, footer, demo)
        mine: dict[str, str] = {urls.language_index(lang.code): writer_pages.home()}
        for stage in rules:
            mine[urls.stage_page(lang.code, stage)] = writer_pages.stage(stage, towns)
        for town in towns:
            labels = card_model.Labels(content, lang.code, town.name)
            writer = CardWriter(labels, writer_pages.marker)
            for stage, rule in rules.items():
                found = listed(rule, referents[town.istat_code])
                first, shown = card_model.key_cards(labels, rule.first, found)
                others = card_model.other_cards(labels, found, shown, rule.also)
                mine[urls.contacts_page(lang.code, stage, town.istat_code)] = writer_pages.contacts(
                    stage, town, first, others, card_model.municipality_help_url(found), writer)
        used = set().union(*(set(text) for text in mine.values()))
        chars.setdefault(lang.script, set()).update(used)
        pages.update(mine)
    pages[urls.INDEX] = root_index(content, footer, demo)
    for lang in content.languages:   # the language index names each language in its own script
        chars.setdefault(lang.script, set()).update(lang.native_name)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update(_fonts_and_style(chars, fonts_folder or default_folder()))
    return Site(files, content.version, version, len(content.languages), len(towns), demo)


def _fonts_and_style(chars: dict[str, set[str]], folder: Path) -> dict[str, bytes]:
    everything = set().union(*chars.values())
    wanted = {"latin": everything}
    for script, used in chars.items():
        if script == "latin":
            continue
        # Chinese pages set Latin first: the CJK face needs only what the Latin one does not draw
        wanted[script] = {c for c in used if ord(c) > 0x2E7F} if script == "cjk" else used
    faces = build_faces(wanted, folder)
    out = {f.path: f.data for f in faces}
    out.update(licence_files(faces, folder))
    out["site.css"] = (font_css(faces) + STYLE).encode("utf-8")
    return out


# --- writing -------------------------------------------------------------------------------------------------------

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_relative(name: object) -> bool:
    if not isinstance(name, str) or not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The files of the previous export in ``folder`` (path -> SHA-256), or None when there is no readable one."""
    found = _read_manifest(folder)
    return None if found is None else found[0]


def _read_manifest(folder: Path) -> tuple[dict[str, str], bool] | None:
    """(files, complete): ``complete`` is False when that export was cut short."""
    path = folder / MANIFEST
    try:
        if path.stat().st_size > _MAX_MANIFEST:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if data.get("format") != MANIFEST_FORMAT or not isinstance(files, dict):
        return None
    if not all(_safe_relative(k) and isinstance(v, str) for k, v in files.items()):
        return None
    return dict(files), data.get("complete") is not False


def _existing(folder: Path) -> list[str]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            found.append(Path(root, name).relative_to(folder).as_posix())
    return found


def check_target(folder: Path) -> dict[str, str]:
    """Raise SiteError unless ``folder`` may receive the export; return the previous export's files (or {})."""
    if folder.exists() and not folder.is_dir():
        raise SiteError(f"«{folder}» non è una cartella: indicare una cartella vuota o nuova.")
    if not folder.exists():
        return {}
    try:
        existing = _existing(folder)
    except OSError as exc:
        raise SiteError(f"Impossibile leggere la cartella «{folder}»: {exc.strerror or exc}") from exc
    found = _read_manifest(folder)
    previous = None if found is None else found[0]
    complete = found is None or found[1]
    ours = previous or {}
    foreign = []
    for name in existing:
        if name == MANIFEST and previous is not None:
            continue
        temp = _TEMP.match(Path(name).name)
        if name in ours or (temp and str(Path(name).with_name(temp.group("name")).as_posix()) in ours):
            continue
        foreign.append(name)
    if foreign:
        shown = ", ".join(f"«{n}»" for n in foreign[:3])
        raise SiteError(f"La cartella «{folder}» contiene file che Raccordo non ha scritto ({len(foreign)}, per "
                        f"esempio {shown}): non è stato scritto nulla. Indicare una cartella vuota o nuova, oppure "
                        "quella di un'esportazione precedente del sito.")
    changed = []
    # After an export cut short (a crash, a power cut before the final sync) a file may differ from its digest
    # without anyone having touched it: still ours to replace. After a complete export, a difference is an edit.
    for name, digest in (ours.items() if complete else ()):
        path = folder / name
        if path.is_file() and _digest(path.read_bytes()) != digest:
            changed.append(name)
    if not complete:   # what the cut-short export left half-written is written again, whatever its digest says
        ours = {name: (digest if (folder / name).is_file() and _digest((folder / name).read_bytes()) == digest
                       else "") for name, digest in ours.items()}
    if changed:
        shown = ", ".join(f"«{n}»" for n in changed[:3])
        raise SiteError(f"Nella cartella «{folder}» {len(changed)} file scritti da Raccordo sono stati modificati "
                        f"dopo l'ultima esportazione ({shown}): non è stato scritto nulla. Spostarli altrove, poi "
                        "riprovare.")
    return ours


def _manifest(site: Site, files: dict[str, str], complete: bool) -> bytes:
    from app import __version__

    return (json.dumps({"format": MANIFEST_FORMAT, "generator": f"Raccordo {__version__}", "complete": complete,
                        "content_version": site.content_version, "directory_version": site.directory_version,
                        "files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_site(site: Site, folder: Path, previous: dict[str, str] | None = None) -> Written:
    """Write ``site`` into ``folder`` (checked by :func:`check_target` unless its result is given)."""
    from app.safe_output import write_output

    folder = Path(folder)
    previous = check_target(folder) if previous is None else previous
    new = {path: _digest(data) for path, data in site.files.items()}
    report = Written(folder)
    # Until the export is done, the manifest lists old and new files: an export cut short is still ours to replace.
    write_output(folder / MANIFEST, _manifest(site, {**previous, **new}, complete=False))
    for path, data in sorted(site.files.items()):
        target = folder / path
        if previous.get(path) == new[path] and target.is_file():
            report.unchanged += 1
            continue
        write_output(target, data, durable=False)   # 10,000 files: one sync at the end, not two per file
        report.written += 1
    for path in sorted(set(previous) - set(new)):
        target = folder / path
        target.unlink(missing_ok=True)
        report.removed.append(path)
        _remove_empty(target.parent, folder)
    for name in _existing(folder):  # temporary files left by an export cut short
        temp = _TEMP.match(Path(name).name)
        if temp and Path(name).with_name(temp.group("name")).as_posix() in {**previous, **new}:
            (folder / name).unlink(missing_ok=True)
    if hasattr(os, "sync"):
        os.sync()   # every page on disk before the manifest says the export is complete
    write_output(folder / MANIFEST, _manifest(site, new, complete=True))
    return report


def _remove_empty(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def build_for(ctx, *, progress: Callable[[str], None] | None = None) -> Site:
    """The site of this installation: its effective content and directory, its office's municipalities."""
    with ctx.sessions() as session:
        return build_site(session, i18n_folder=ctx.paths.i18n / "leaflets",
                          served=ctx.config["office.municipalities"], progress=progress)


def export_site(ctx, out: Path, *, progress: Callable[[str], None] | None = None) -> tuple[Site, Written]:
    """The ``leaflets export`` use case: build from the effective content and directory, check, write."""
    folder = Path(out)
    check_target(folder)   # refused before the seconds of building, and again at writing time
    site = build_for(ctx, progress=progress)
    return site, write_site(site, folder)


__all__ = ["MANIFEST", "Site", "SiteError", "Written", "build_for", "build_site", "check_target", "export_site", "read_manifest",
           "write_site"]
