"""The shape of every leaflet (``content.toml``): stages as ordered blocks in layers, glossary, figures.

Action first, in layers (issue 11). Each stage is a list of blocks whose order
is checked here, so that no edit of the data can bury what a household must do:

1. ``title``: the name of the act, as written on it;
2. the action box: ``box`` (its heading, "Cosa fare adesso"), one ``deadline``
   (the one date that matters, printed in bold) and 1 to 3 numbered ``step``s,
   each naming whom to contact. Whoever reads only the box must do the right thing;
3. the layers, each opened by its ``heading`` and in this order:
   what the act is (``common.h_what``), what happens next and when
   (``common.h_next``), rights and help with their real conditions
   (``common.h_help``), the words the household will hear (``common.h_terms``,
   only ``term`` blocks), and last the legal basis (``common.h_law``: ``para``
   and ``law`` blocks, ``law`` being a list of citations).

Inside the first three layers: ``para`` and ``bullet``. A ``term`` block's key
is ``glossary.<id>``: the Italian word comes from ``[glossary.<id>]`` (it is
kept in Italian in every language, the word the household will hear at an
office), the one-line explanation is translated like any other text.

Which contacts each stage lists is data too (``[contacts]``, parsed by ``stage_contacts.py``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.leaflets.figures import Figure, FigureError, parse_figures
from app.leaflets.languages import MASTER, Language, LanguageError, parse_languages
from app.leaflets.stage_contacts import StageContacts, StageRuleError, parse_rule
from app.vocab import STAGES  # the program's five stages, shared with the statistics

STRUCTURE_FILE = "content.toml"
KINDS = ("title", "box", "deadline", "step", "heading", "para", "bullet", "term", "law")
BOX_KINDS = ("box", "deadline", "step")
MAX_STEPS = 3
LAYERS = ("common.h_what", "common.h_next", "common.h_help", "common.h_terms", "common.h_law")
_LAYER_KINDS = {"common.h_what": ("para", "bullet"), "common.h_next": ("para", "bullet"),
                "common.h_help": ("para", "bullet"), "common.h_terms": ("term",), "common.h_law": ("para", "law")}
GLOSSARY_PREFIX = "glossary."
# Placeholders every text may use besides the figures: the municipality's name and when the figures were checked.
BUILTIN_PLACEHOLDERS = ("municipality", "figures_checked")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class ContentError(ValueError):
    """Leaflet content that cannot be used; the message is Italian and names the file (and block)."""


@dataclass(frozen=True)
class Block:
    kind: str
    key: str


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str                   # the Italian word, printed as is in every language
    forms: tuple[str, ...]      # lower-case word forms that, used in a stage's text, call for this term

    @property
    def key(self) -> str:
        return GLOSSARY_PREFIX + self.id


@dataclass(frozen=True)
class Structure:
    version: str
    date: str
    stages: dict[str, tuple[Block, ...]]
    labels: tuple[str, ...]
    glossary: dict[str, GlossaryTerm]
    figures: dict[str, Figure]
    problems: tuple[tuple[str, str], ...] = ()  # (figure, message): usable but to fix (a figure without a date)
    languages: tuple[Language, ...] = ()        # card order, Italian first (``languages`` in content.toml)
    contacts: dict[str, StageContacts] = field(default_factory=dict)  # which contacts each stage lists

    @property
    def household_codes(self) -> tuple[str, ...]:
        """The languages that have a catalog: all but the Italian master."""
        return tuple(lang.code for lang in self.languages if lang.code != MASTER)

    def all_keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for blocks in self.stages.values():
            seen.update((b.key, None) for b in blocks)
        seen.update((k, None) for k in self.labels)
        return list(seen)

    def placeholders(self) -> frozenset[str]:
        """Every placeholder a text may use."""
        return frozenset((*BUILTIN_PLACEHOLDERS, *self.figures))

    def term(self, key: str) -> GlossaryTerm | None:
        return self.glossary.get(key.removeprefix(GLOSSARY_PREFIX)) if key.startswith(GLOSSARY_PREFIX) else None

    def box(self, stage: str) -> tuple[Block, tuple[Block, ...]]:
        """(deadline, steps) of a stage's action box."""
        blocks = self.stages[stage]
        return (next(b for b in blocks if b.kind == "deadline"), tuple(b for b in blocks if b.kind == "step"))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _blocks(raw: Any, where: str) -> tuple[Block, ...]:
    if not isinstance(raw, list):
        raise ContentError(f"{STRUCTURE_FILE}: {where}: «blocks» deve essere un elenco")
    blocks = []
    for item in raw:
        if not isinstance(item, Mapping) or "kind" not in item or "key" not in item:
            raise ContentError(f"{STRUCTURE_FILE}: {where}: blocco senza «kind» o «key»: {item!r}")
        blocks.append(Block(str(item["kind"]), str(item["key"])))
    return tuple(blocks)


def check_layers(stage: str, blocks: tuple[Block, ...], glossary: Mapping[str, GlossaryTerm]) -> None:
    """Raise ContentError unless the stage's blocks follow the layers in the module docstring."""
    def fail(message: str) -> None:
        raise ContentError(f"{STRUCTURE_FILE}: fase «{stage}»: {message}")

    for block in blocks:
        if block.kind not in KINDS:
            fail(f"tipo di blocco sconosciuto «{block.kind}» ({block.key})")
    kinds = [b.kind for b in blocks]
    if kinds[:3] != ["title", "box", "deadline"]:
        fail("deve iniziare con il titolo e il riquadro «Cosa fare adesso» (box, deadline, step)")
    steps = 0
    while 3 + steps < len(kinds) and kinds[3 + steps] == "step":
        steps += 1
    if not 1 <= steps <= MAX_STEPS:
        fail(f"il riquadro deve avere da 1 a {MAX_STEPS} azioni numerate (step), non {steps}")
    rest = blocks[3 + steps:]
    if any(b.kind in ("title", *BOX_KINDS) for b in rest):
        fail("titolo e riquadro vanno solo all'inizio")
    headings = [b.key for b in rest if b.kind == "heading"]
    if headings != list(LAYERS):
        fail(f"le sezioni devono essere, in quest'ordine: {', '.join(LAYERS)} (trovate: {', '.join(headings)})")
    if not rest or rest[0].kind != "heading":
        fail("dopo il riquadro viene la sezione «common.h_what»")
    layer = ""
    filled: dict[str, int] = {}
    for block in rest:
        if block.kind == "heading":
            layer = block.key
            filled[layer] = 0
            continue
        if block.kind not in _LAYER_KINDS[layer]:
            fail(f"il blocco {block.key} ({block.kind}) non può stare nella sezione {layer}")
        if block.kind == "term" and (not block.key.startswith(GLOSSARY_PREFIX)
                                     or block.key.removeprefix(GLOSSARY_PREFIX) not in glossary):
            fail(f"termine {block.key} assente da [glossary]")
        filled[layer] += 1
    empty = [name for name, count in filled.items() if not count]
    if empty:
        fail(f"sezione vuota: {', '.join(empty)}")


def _glossary(table: Any) -> dict[str, GlossaryTerm]:
    if table is None:
        return {}
    if not isinstance(table, Mapping):
        raise ContentError(f"{STRUCTURE_FILE}: [glossary] deve essere una tabella")
    terms = {}
    for term_id, raw in table.items():
        if not isinstance(raw, Mapping) or not str(raw.get("term") or "").strip():
            raise ContentError(f"{STRUCTURE_FILE}: termine «{term_id}» senza «term»")
        term = str(raw["term"]).strip()
        forms = tuple(str(f).casefold() for f in raw.get("forms") or (term,))
        terms[term_id] = GlossaryTerm(term_id, term, forms)
    return terms


def parse_structure(text: str) -> Structure:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{STRUCTURE_FILE}: sintassi TOML non valida ({exc})") from exc
    try:
        version = str(data["version"])
        raw_stages = list(data["stage"])
        labels = tuple(str(k) for k in data.get("labels", {}).get("keys", []))
    except (KeyError, TypeError) as exc:
        raise ContentError(f"{STRUCTURE_FILE}: struttura incompleta (manca {exc})") from exc
    glossary = _glossary(data.get("glossary"))
    try:
        languages = parse_languages(data.get("languages"), STRUCTURE_FILE)
    except LanguageError as exc:
        raise ContentError(str(exc)) from exc
    try:
        figures, problems = parse_figures(data.get("figures"))
    except FigureError as exc:
        raise ContentError(str(exc)) from exc
    stages: dict[str, tuple[Block, ...]] = {}
    for raw in raw_stages:
        if not isinstance(raw, Mapping) or "id" not in raw:
            raise ContentError(f"{STRUCTURE_FILE}: fase senza «id»")
        stage = str(raw["id"])
        stages[stage] = _blocks(raw.get("blocks"), f"fase «{stage}»")
        check_layers(stage, stages[stage], glossary)
    if list(stages) != list(STAGES):
        raise ContentError(f"{STRUCTURE_FILE}: le fasi devono essere, in ordine, {', '.join(STAGES)}")
    try:
        contacts = parse_rule(data.get("contacts"), stages, STRUCTURE_FILE)
    except StageRuleError as exc:
        raise ContentError(str(exc)) from exc
    return Structure(version, str(data.get("date", "")), stages, labels, glossary, figures, tuple(problems),
                     languages, contacts)
