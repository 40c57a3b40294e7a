"""The pack use case, Qt-free: request -> resolved municipality and referents -> PDF bytes.

Statistics are not recorded here (leaflets never import stats): the caller
that prints or saves the pack records the delivery.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.directory.resolve import directory_version, referents_for
from app.leaflets.card_model import municipality_help_url
from app.leaflets.content import Content, effective_content, stale_figures
from app.leaflets.fonts import FAMILIES, Fonts
from app.leaflets.languages import MASTER
from app.leaflets.render import LOCAL_KIND_LABELS, LOCAL_KINDS, PackSpec, render_language_card, render_packs
from app.leaflets.stage_contacts import listed, stage_contacts
from app.territory import Territory
from app.territory.lookup import MunicipalityInfo

log = logging.getLogger(__name__)
MAX_HOUSEHOLD_LANGUAGES = 2


class PackError(ValueError):
    """A request that cannot produce a pack; the message is short and Italian."""


# What a pack warning is about. A screen that says some of these its own way (the leaflet screen has a note per
# municipality and one line for every incomplete translation) leaves them out by kind, never by their wording.
FONT_MISSING = "font_missing"                      # a language's font is missing: printed in Italian only
TRANSLATION_INCOMPLETE = "translation_incomplete"  # some paragraphs of a language fall back to Italian
FALLBACK_REFERENTS = "fallback_referents"          # no local referent: the metropolitan city's are printed
CATALOG_PROBLEM = "catalog_problem"                # a paragraph of a catalog could not be used
STALE_FIGURE = "stale_figure"                      # an amount or limit past its review date


@dataclass(frozen=True)
class PackWarning:
    """Something the bailiff should know about a pack: ``text`` is Italian, ``kind`` one of the kinds above."""

    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PackRequest:
    stage: str
    municipality: str                 # ISTAT code or name
    languages: tuple[str, ...]        # household languages; "it" alone means an Italian-only pack
    large_print: bool = False
    copies: int = 1


@dataclass
class PackResult:
    pdf: bytes
    specs: list[PackSpec]
    warnings: list[PackWarning] = field(default_factory=list)
    duplex: bool = False

    @property
    def is_demo(self) -> bool:
        return any(s.is_demo for s in self.specs)


@dataclass(frozen=True)
class Preflight:
    """What the bailiff must know about a municipality's pack before printing it (the leaflet screen's notes)."""

    municipality: MunicipalityInfo
    fallback_services: tuple[str, ...]  # services printed from the Città metropolitana, as the bailiff names them
    is_demo: bool                        # fictitious contacts among those printed

    @property
    def ambito_unverified(self) -> bool:
        return not self.municipality.ambito_verified

    @property
    def court_unverified(self) -> bool:
        return not self.municipality.tribunale_verified


def fallback_services(referents: list, kinds: tuple[str, ...] = LOCAL_KINDS) -> tuple[str, ...]:
    """Local services (of ``kinds``: those a stage lists) without a municipal or Ambito referent (the pack prints
    the metropolitan city's instead)."""
    local = {r.service_kind for r in referents if r.scope_level != "metro"}
    return tuple(LOCAL_KIND_LABELS[k] for k in LOCAL_KINDS if k in kinds and k not in local)


def preflight(session: Session, territory: Territory, municipality: MunicipalityInfo,
              on: date | None = None) -> Preflight:
    """The checks of one municipality's pack, from the same resolution the pack prints (about 1 ms)."""
    referents = referents_for(session, territory, municipality.istat_code, on or date.today())
    return Preflight(municipality, fallback_services(referents), any(r.is_demo for r in referents))


class PackService:
    """Builds packs for one installation (territory, directory, content, fonts)."""

    def __init__(self, session: Session, *, i18n_folder: Path, public_url: str = "", fonts: Fonts | None = None,
                 content: Content | None = None, territory: Territory | None = None):
        self.session = session
        self.fonts = fonts or Fonts()
        self.content = content or effective_content(session, i18n_folder)
        self.territory = territory or Territory.load(session)
        self.public_url = public_url

    def _languages(self, codes: tuple[str, ...], warnings: list[PackWarning]) -> tuple[str, ...]:
        chosen = tuple(c for c in codes if c != MASTER)
        unknown = [c for c in chosen if c not in self.content.household_codes]
        if unknown:
            raise PackError(f"Lingua sconosciuta: {', '.join(unknown)}")
        if len(chosen) > MAX_HOUSEHOLD_LANGUAGES:
            raise PackError("Al massimo due lingue oltre all'italiano in un foglio.")
        usable = []
        for code in chosen:
            script = self.content.language(code).script
            if script != "latin" and not self.fonts.available(script):
                warnings.append(PackWarning(FONT_MISSING, f"Carattere per «{self.content.language(code).italian_name}» "
                                            f"mancante ({FAMILIES[script].regular}): il foglio è stampato solo in "
                                            "italiano. Reinstallare Raccordo."))
                continue
            if not self.content.completeness(code).complete:
                warnings.append(PackWarning(TRANSLATION_INCOMPLETE, f"Traduzione in "
                                            f"{self.content.language(code).italian_name} incompleta: alcuni "
                                            "paragrafi sono in italiano."))
            usable.append(code)
        return tuple(usable)

    def spec(self, request: PackRequest, on: date | None = None) -> PackSpec:
        on = on or date.today()
        municipality = self.territory.find(request.municipality)
        if municipality is None:
            raise PackError(f"Comune non trovato: «{request.municipality}».")
        if request.stage not in self.content.structure.stages:
            raise PackError(f"Fase sconosciuta: «{request.stage}».")
        warnings: list[PackWarning] = []
        languages = self._languages(request.languages, warnings)
        # The stage's rule (content.toml, [contacts]) decides which services the pack lists, in which order.
        rule = stage_contacts(self.content.structure, request.stage)
        referents = listed(rule, referents_for(self.session, self.territory, municipality.istat_code, on,
                                               kinds=rule.kinds))
        lacking = fallback_services(referents, rule.kinds)
        if lacking:
            warnings.append(PackWarning(FALLBACK_REFERENTS, f"{municipality.name}: nessun referente comunale per "
                                        f"{', '.join(lacking).lower()}; stampati i contatti della Città "
                                        "metropolitana, con una nota."))
        return PackSpec(stage=request.stage, municipality=municipality.name, istat_code=municipality.istat_code,
                        languages=languages, referents=referents,
                        directory_version=directory_version(self.session), content=self.content, printed_on=on,
                        large_print=request.large_print, municipality_url=municipality_help_url(referents),
                        directory_url=self.public_url, web_url=self.public_url, copies=max(1, request.copies),
                        warnings=warnings)

    def render(self, requests: list[PackRequest], on: date | None = None, *, duplex: bool = False) -> PackResult:
        specs = [self.spec(r, on) for r in requests]
        pdf = render_packs(specs, self.fonts, duplex=duplex)
        warnings = [w for s in specs for w in s.warnings]
        for code in dict.fromkeys(c for s in specs for c in s.languages):
            warnings.extend(PackWarning(CATALOG_PROBLEM, line) for line in _at_most(self.content.problems_for(code), 3))
        warnings.extend(PackWarning(STALE_FIGURE, s.message) for s in stale_figures(self.content, on or date.today()))
        return PackResult(pdf, specs, list(dict.fromkeys(warnings)), duplex)

    def language_card(self) -> bytes:
        codes = tuple(lang.code for lang in self.content.languages
                      if lang.script == "latin" or self.fonts.available(lang.script))
        return render_language_card(self.content, self.fonts, codes)


def _at_most(lines: list[str], limit: int) -> list[str]:
    """The first ``limit`` lines and a count of the rest: a catalog merged from an old text can list dozens."""
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"... e altri {len(lines) - limit} paragrafi nella stessa lingua ("
                            "elenco completo: comando «languages»)"]


def service_for(ctx, session: Session, **kwargs) -> PackService:
    """A PackService configured from the application context."""
    return PackService(session, i18n_folder=ctx.paths.i18n / "leaflets",
                       public_url=ctx.config["directory.public_url"], **kwargs)
