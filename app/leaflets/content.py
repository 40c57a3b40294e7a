"""Leaflet content as data: structure (``content.toml``), Italian master (``leaflets.pot``), one ``.po`` per language.

Content arrives either as the shipped folder ``i18n/leaflets`` or as catalogs
installed from the signed sync bundle (table ``leaflets_catalog``); both are a
mapping of file name -> text, so the same loader serves both. A message that is
missing, empty or fuzzy in a language falls back to the Italian master, and
that language counts as incomplete. A broken ``.po`` in the shipped folder
never stops a pack: that language prints in Italian and the problem is listed;
catalogs offered by sync are checked strictly first (:func:`validate_catalogs`).

The structure (layers, glossary, dated figures) is parsed by ``structure.py``;
this module fills a text's placeholders (the municipality, and each figure
formatted for the language printed) and says, per block and language, why a
translation was not used (translated from an older Italian text, or with
placeholders that differ from the Italian ones).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.pofile import PoFileError, read_po
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.caches import cached
from app.leaflets import languages as _languages
from app.leaflets.figures import StaleFigure, format_figure, to_digits
from app.leaflets.figures import stale_figures as _stale_figures
from app.leaflets.languages import MASTER, cldr_locale
from app.leaflets.models import LeafletCatalog
from app.leaflets.structure import (
    KINDS,
    PLACEHOLDER,
    STAGES,
    STRUCTURE_FILE,
    Block,
    ContentError,
    Structure,
    parse_structure,
    placeholders,
)

log = logging.getLogger(__name__)

TEMPLATE_FILE = "leaflets.pot"
TERMBASE_FILE = "termbase.toml"  # the term base (termbase.py), read only to check catalogs and choose digits
_FIXED_NAMES = (STRUCTURE_FILE, TEMPLATE_FILE, TERMBASE_FILE)
_CATALOG_NAME = re.compile(_languages.CODE_PATTERN + r"\.po")


def allowed_names(structure: Structure) -> set[str]:
    """The files a content may have: structure, template, term base, and a catalog per language it lists."""
    return {*_FIXED_NAMES, *(f"{c}.po" for c in structure.household_codes)}

__all__ = ["KINDS", "STAGES", "Block", "Catalog", "Completeness", "Content", "ContentError", "Structure",
           "effective_content", "installed_catalogs", "load_content", "parse_catalog", "replace_catalogs",
           "shipped_files", "stale_figures", "validate_catalogs"]


@dataclass(frozen=True)
class Completeness:
    language: str
    translated: int
    total: int
    review_status: str   # "reviewed", "needs-review", "draft" or "" when the catalog is missing
    translator: str
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.translated == self.total


@dataclass
class Catalog:
    language: str
    messages: dict[str, str]         # key -> usable translation (not fuzzy, not empty)
    translator: str = ""
    review_status: str = ""
    rejected: dict[str, str] = field(default_factory=dict)  # key -> why the translation is not printed


@dataclass
class Content:
    """The effective content. Catalogs are parsed on first use: a pack in Arabic parses one ``.po``, not 13."""

    structure: Structure
    master: dict[str, str]           # key -> Italian text
    files: Mapping[str, str]
    source: str = "shipped"          # "shipped" or "sync"
    _catalogs: dict[str, Catalog | None] = field(default_factory=dict)
    _problems: dict[str, str] = field(default_factory=dict)
    _figure_texts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _termbase: list = field(default_factory=list)  # [TermBase | None] once parsed
    _rules: list = field(default_factory=list)  # [{language: LanguageRule}] once read

    @property
    def languages(self) -> tuple[_languages.Language, ...]:
        """This content's languages, in card order (Italian first)."""
        return self.structure.languages

    @property
    def household_codes(self) -> tuple[str, ...]:
        return self.structure.household_codes

    def language(self, code: str) -> _languages.Language:
        found = next((lang for lang in self.structure.languages if lang.code == code), None)
        if found is None:
            raise KeyError(code)
        return found

    @property
    def termbase(self):
        """The parsed term base (``termbase.py``), or None when the content has none or it cannot be read (the
        catalog check reports why; printing never depends on it except for the digits rule)."""
        if not self._termbase:
            from app.leaflets.termbase import parse_termbase

            found = None
            if TERMBASE_FILE in self.files:
                try:
                    found = parse_termbase(self.files[TERMBASE_FILE], self.household_codes, self.structure.glossary)
                except ContentError as exc:
                    log.warning("Term base ignored: %s", exc)
            self._termbase.append(found)
        return self._termbase[0]

    def digits(self, language: str) -> str:
        """The digits a language prints its figures in: Latin unless its term base line says otherwise (read
        from the term base's ``[rules]`` alone: a pack needs nothing else of it)."""
        if language == MASTER or TERMBASE_FILE not in self.files:
            return "latn"
        if not self._rules:
            from app.leaflets.termbase import parse_rules

            try:
                self._rules.append(parse_rules(self.files[TERMBASE_FILE], self.household_codes))
            except ContentError as exc:
                log.warning("Term base rules ignored: %s", exc)
                self._rules.append({})
        rule = self._rules[0].get(language)
        return rule.digits if rule is not None else "latn"

    @property
    def version(self) -> str:
        return self.structure.version

    def catalog(self, language: str) -> Catalog | None:
        """The parsed catalog of a language, or None when it is missing or broken (see ``problem``)."""
        if language not in self._catalogs:
            name = f"{language}.po"
            found: Catalog | None = None
            if name not in self.files:
                self._problems[language] = f"{name}: traduzione assente, si stampa il testo italiano"
            else:
                try:
                    found = parse_catalog(language, name, self.files[name], self.master)
                except ContentError as exc:
                    self._problems[language] = f"{exc}; si stampa il testo italiano"
                    log.warning("Leaflet catalog ignored: %s", exc)
            self._catalogs[language] = found
        return self._catalogs[language]

    def problems_for(self, language: str) -> list[str]:
        """What keeps a language's text from printing as translated, per file and per block, in Italian."""
        catalog = self.catalog(language)
        found = [self._problems[language]] if language in self._problems else []
        if catalog is not None:
            found.extend(f"{language}.po, blocco {key}: {why}; si stampa il paragrafo italiano"
                         for key, why in catalog.rejected.items())
        return found

    def problem(self, language: str) -> str | None:
        """All of :meth:`problems_for` in one line, or None."""
        return " · ".join(self.problems_for(language)) or None

    @property
    def structure_problems(self) -> list[str]:
        """Figures to fix (a missing date, source or review date), each with the blocks that print it: those
        blocks print the figure in every language all the same."""
        used = self.figure_blocks()
        return [message + (f" (stampato nei blocchi {', '.join(used[name])}, in tutte le lingue)"
                           if used.get(name) else "")
                for name, message in self.structure.problems]

    @property
    def problems(self) -> list[str]:
        """The structure's problems (figures to fix), then each language's."""
        return [*self.structure_problems, *(p for c in self.household_codes for p in self.problems_for(c))]

    def text(self, language: str, key: str) -> tuple[str, bool]:
        """(text, fell_back): the translation, or the Italian master when missing or fuzzy."""
        if language != MASTER:
            catalog = self.catalog(language)
            found = catalog.messages.get(key) if catalog else None
            if found:
                return found, False
        return self.master.get(key, key), language != MASTER

    def values(self, language: str, municipality: str = "") -> dict[str, str]:
        """What each placeholder becomes in a text of ``language``: figures written for that language."""
        return {**self._formatted(language), "municipality": municipality}

    def _formatted(self, language: str) -> dict[str, str]:
        """Figures and the check month written for a language, once per content: Babel's formatting costs
        ~0.1 ms a call, and a batch of packs fills thousands of paragraphs."""
        known = any(lang.code == language for lang in self.structure.languages)
        locale = cldr_locale(self.language(language).babel_locale) if known else MASTER
        # without its CLDR data the language's own digits cannot be asked of Babel: Italian form, Latin digits
        digits = self.digits(language) if known and locale != MASTER else "latn"
        if (locale, digits) not in self._figure_texts:
            values = {name: format_figure(figure, locale, digits) for name, figure in self.structure.figures.items()}
            checked = _iso_day(self.structure.date)
            # month and year as the locale writes them (CLDR skeleton yMMMM): "novembre 2026", "2026年11月",
            # "noviembre de 2026"; a fixed "LLLL y" printed "十一月 2026" in Chinese
            values["figures_checked"] = to_digits(format_skeleton("yMMMM", checked, locale=locale), digits) \
                if checked else ""
            self._figure_texts[(locale, digits)] = values
        return self._figure_texts[(locale, digits)]

    def paragraph(self, language: str, key: str, municipality: str = "") -> tuple[str, bool]:
        """(text, fell_back) as printed: :meth:`text` with its placeholders filled, figures in the text's language.

        An Italian paragraph standing in for a missing translation gets Italian figures.
        """
        text, fell_back = self.text(language, key)
        if "{" not in text:
            return text, fell_back
        return fill(text, self.values(MASTER if fell_back else language, municipality)), fell_back

    def figure_blocks(self) -> dict[str, list[str]]:
        """Which blocks print each figure (by the Italian master)."""
        used: dict[str, list[str]] = {name: [] for name in self.structure.figures}
        for key in self.structure.all_keys():
            for name in placeholders(self.master.get(key, "")):
                if name in used:
                    used[name].append(key)
        return used

    def blocks(self, stage: str) -> tuple[Block, ...]:
        try:
            return self.structure.stages[stage]
        except KeyError:
            raise ContentError(f"fase sconosciuta: «{stage}». Fasi: {', '.join(self.structure.stages)}") from None

    def completeness(self, language: str) -> Completeness:
        keys = self.structure.all_keys()
        if language == MASTER:
            return Completeness(language, len(keys), len(keys), "reviewed", "")
        catalog = self.catalog(language)
        if catalog is None:
            return Completeness(language, 0, len(keys), "", "", tuple(keys))
        missing = tuple(k for k in keys if not catalog.messages.get(k))
        return Completeness(language, len(keys) - len(missing), len(keys), catalog.review_status,
                            catalog.translator, missing)


def language_locale(code: str) -> str:
    """The Babel locale that formats a language's figures and dates ("tl" is Babel's "fil"), among the
    languages in force."""
    try:
        return cldr_locale(_languages.language(code).babel_locale)
    except KeyError:
        return MASTER


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each known ``{name}``; anything else is left as written (the loaders refuse such texts)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def stale_figures(content: Content, today: date | None = None) -> list[StaleFigure]:
    """Figures past their review-by date or missing a date, source or review date: for ``languages`` and the
    leaflet screen's banner (Qt-free). Each says which blocks print it."""
    return _stale_figures(content.structure.figures, today or date.today(), content.figure_blocks())


def _read_po(name: str, text: str):
    try:
        return read_po(io.StringIO(text), abort_invalid=True)
    except (PoFileError, ValueError, IndexError) as exc:
        raise ContentError(f"{name}: catalogo non valido ({exc})") from exc


def _header(text: str, name: str) -> str:
    """A header of the catalog's first entry; read from the text because Babel drops unknown X- headers."""
    match = re.search(rf'^"{re.escape(name)}:\s*(.*?)(?:\\n)?"\s*$', text, re.MULTILINE | re.IGNORECASE)
    return match.group(1).strip() if match else ""


def parse_template(text: str) -> dict[str, str]:
    master: dict[str, str] = {}
    for message in _read_po(TEMPLATE_FILE, text):
        if message.id and message.context:
            master[message.context] = str(message.id)
    return master


def parse_catalog(language: str, name: str, text: str, master: Mapping[str, str]) -> Catalog:
    po = _read_po(name, text)
    if not any(m.context for m in po):
        raise ContentError(f"{name}: catalogo vuoto o non valido (nessun messaggio con msgctxt)")
    messages: dict[str, str] = {}
    rejected: dict[str, str] = {}
    for message in po:
        if not message.id or not message.context or message.fuzzy or not isinstance(message.string, str):
            continue
        translated = message.string.strip()
        italian = master.get(message.context)
        if not translated or italian is None:
            continue  # empty (prints in Italian, counted as incomplete), or a key no longer used
        if str(message.id) != italian:
            rejected[message.context] = "tradotto da un testo italiano precedente (msgid non aggiornato)"
            continue
        if placeholders(translated) != placeholders(italian):
            # a broken placeholder would print "{municipality}" to a household
            extra = sorted(set(placeholders(translated)) - set(placeholders(italian)))
            rejected[message.context] = (f"segnaposto sconosciuto {{{extra[0]}}}" if extra
                                         else "segnaposto diversi dal testo italiano")
            continue
        messages[message.context] = translated
    return Catalog(language, messages, _header(text, "Last-Translator"), _header(text, "X-Review-Status"), rejected)


def load_content(files: Mapping[str, str], *, strict: bool = False, source: str = "shipped",
                 known_good: Mapping[str, str] | None = None) -> Content:
    """Build the content from file name -> text; ``strict`` turns every problem into a ContentError.

    A catalog whose text is the same as in ``known_good`` (the shipped files, checked by the test suite before
    release) is not parsed again by the strict check: whether a .po parses depends on its text alone.
    """
    if STRUCTURE_FILE not in files or TEMPLATE_FILE not in files:
        raise ContentError(f"Testi dei fogli incompleti: servono {STRUCTURE_FILE} e {TEMPLATE_FILE}")
    structure = parse_structure(files[STRUCTURE_FILE])
    master = parse_template(files[TEMPLATE_FILE])
    missing = [k for k in structure.all_keys() if k not in master]
    if missing:
        raise ContentError(f"{TEMPLATE_FILE}: mancano i testi italiani di {', '.join(missing[:5])}")
    known = structure.placeholders()
    for key in structure.all_keys():
        unknown = [name for name in placeholders(master[key]) if name not in known]
        if unknown:  # the Italian paragraph itself could not be printed: refuse the whole content
            raise ContentError(f"{TEMPLATE_FILE}, blocco {key} (italiano): segnaposto sconosciuto {{{unknown[0]}}}")
    content = Content(structure, master, dict(files), source)
    if strict:
        if structure.problems:
            raise ContentError("; ".join(content.structure_problems))
        unknown = sorted(set(files) - allowed_names(structure))
        if unknown:
            raise ContentError(f"File non previsto tra i testi dei fogli: {', '.join(unknown)} (ogni lingua "
                               f"deve essere in «languages» di {STRUCTURE_FILE})")
        for code in structure.household_codes:
            name = f"{code}.po"
            if name in files and (known_good or {}).get(name) != files[name]:
                # raises ContentError; kept, so nothing asks for the same catalog twice
                content._catalogs[code] = parse_catalog(code, name, files[name], master)
    return content


def shipped_files(folder: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*")):
        if (path.name in _FIXED_NAMES or _CATALOG_NAME.fullmatch(path.name)) and path.is_file():
            try:
                files[path.name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                log.warning("Cannot read %s: %s", path, exc)
    return files


@dataclass(frozen=True)
class ValidatedCatalogs:
    """Catalogs that passed ``validate_catalogs``: installing them does not parse every .po again."""

    files: Mapping[str, str]


def validate_catalogs(files: Mapping[str, str], known_good: Mapping[str, str] | None = None) -> ValidatedCatalogs:
    """Check catalogs offered by a sync bundle before they replace anything; raises ContentError.

    ``known_good``: texts already checked (see :func:`load_content`), typically :func:`shipped_files`.
    """
    _check_controls(files, known_good or {})  # before any parser reads them
    content = load_content(files, strict=True, source="sync", known_good=known_good)
    for code, catalog in content._catalogs.items():  # those the strict load parsed, i.e. not known good
        if catalog is not None and not catalog.review_status:
            raise ContentError(f"{code}.po: manca l'intestazione X-Review-Status")
    _check_rules(content, known_good or {})
    return ValidatedCatalogs(dict(files))


def _check_controls(files: Mapping[str, str], known_good: Mapping[str, str]) -> None:
    """Refuse texts with control characters (every file, each named with its line), as the catalog rules do."""
    from app.leaflets.catalog_check import control_characters

    errors = [str(f) for name, text in sorted(files.items()) if known_good.get(name) != text
              for f in control_characters(name, text)]
    if errors:
        more = f" (e altri {len(errors) - 3} errori)" if len(errors) > 3 else ""
        raise ContentError("; ".join(errors[:3]) + more)


def _check_rules(content: Content, known_good: Mapping[str, str]) -> None:
    """The catalog rules (``catalog_check.py``: term base, numbers, law references, placeholders, gettext) on
    every catalog, unless the catalog, the Italian and the term base are all the known good ones."""
    from app.leaflets.catalog_check import check_catalog, check_termbase, first_mentions
    from app.leaflets.termbase import parse_termbase

    files = content.files
    if TERMBASE_FILE in files:
        termbase = parse_termbase(files[TERMBASE_FILE], content.household_codes, content.structure.glossary)
    elif TERMBASE_FILE in known_good:
        # a bundle from a publisher that predates the term base: its catalogs meet this program's term base
        # (lines for languages the bundle does not have are left aside)
        termbase = parse_termbase(known_good[TERMBASE_FILE], content.household_codes, content.structure.glossary,
                                  other_languages="ignore")
    else:
        raise ContentError(f"Testi dei fogli incompleti: manca {TERMBASE_FILE}")
    same_base = all(known_good.get(n) == files.get(n) for n in _FIXED_NAMES)
    mentions = first_mentions(content.structure, content.master, termbase)
    reports = {}
    for code in content.household_codes:
        name = f"{code}.po"
        if name not in files:
            continue
        if same_base and known_good.get(name) == files[name]:
            continue
        reports[code] = check_catalog(code, files[name], content.structure, content.master, termbase, mentions)
    errors = [str(f) for r in reports.values() for f in r.errors]
    errors += [str(f) for f in check_termbase(termbase, reports) if f.error]
    if errors:
        more = f" (e altri {len(errors) - 3} errori)" if len(errors) > 3 else ""
        raise ContentError("; ".join(errors[:3]) + more)


# --- catalogs installed from the sync bundle -------------------------------------------------------------------

def installed_catalogs(session: Session) -> dict[str, str] | None:
    """The catalogs installed by sync, or None when the shipped files are in force."""
    rows = session.scalars(select(LeafletCatalog)).all()
    return {r.name: r.text for r in rows} or None


def replace_catalogs(session: Session, files: Mapping[str, str] | ValidatedCatalogs) -> list[str]:
    """Install a set of catalogs, validating them unless they come as ValidatedCatalogs; returns the names
    that changed. The caller owns the transaction."""
    files = (files if isinstance(files, ValidatedCatalogs) else validate_catalogs(files)).files
    current = {r.name: r for r in session.scalars(select(LeafletCatalog))}
    changed: list[str] = []
    now = datetime.now(UTC).replace(tzinfo=None)
    for name, text in files.items():
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = current.get(name)
        if row is None:
            session.add(LeafletCatalog(name=name, text=text, sha256=digest, installed_at=now))
            changed.append(name)
        elif row.sha256 != digest:
            row.text, row.sha256, row.installed_at = text, digest, now
            changed.append(name)
    gone = sorted(set(current) - set(files))
    if gone:
        session.execute(delete(LeafletCatalog).where(LeafletCatalog.name.in_(gone)))
        changed.extend(gone)
    return sorted(changed)


def effective_content(session: Session | None, shipped_folder: Path) -> Content:
    """The catalogs from sync if installed, else the shipped files.

    Parsing every catalog takes a good part of a pack's time, so the content is one of the few values the
    context remembers (app/caches.py). Its key is read without reading the texts: the digests the database keeps
    beside the synced texts, or a hash of the shipped files' bytes. Loading every synced text, or decoding every
    file and hashing its ``repr``, on each call cost ~35 ms of every pack and of opening the leaflet screen.
    """
    content = None
    digests = installed_digests(session) if session is not None else None
    if digests:
        try:
            content = cached(session, "leaflets.content", ("sync", digests),
                             lambda: load_content(installed_catalogs(session) or {}, source="sync"))
        except ContentError as exc:  # validated before install, so only a damaged database gets here
            log.error("Synced leaflet catalogs unusable, using the shipped ones: %s", exc)
    if content is None:
        content = cached(session, "leaflets.content", ("shipped", _folder_digest(shipped_folder)),
                         lambda: load_content(shipped_files(shipped_folder), source="shipped"))
    _languages.use(content.languages)  # a language that arrived by sync is offered from now on
    return content


def installed_digests(session: Session) -> tuple[tuple[str, str], ...]:
    """(name, sha256) of each synced text, as ``replace_catalogs`` stored them (empty when none is installed)."""
    rows = session.execute(select(LeafletCatalog.name, LeafletCatalog.sha256).order_by(LeafletCatalog.name))
    return tuple((name, digest) for name, digest in rows)


def _folder_digest(folder: Path) -> str:
    """A digest of the bytes of each file ``shipped_files`` would read (hashing bytes, not decoded text: ~3 ms)."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*")):
        if path.name in _FIXED_NAMES or _CATALOG_NAME.fullmatch(path.name):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            digest.update(f"{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()
