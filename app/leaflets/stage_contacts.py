"""Which contacts a pack lists at each stage: a rule declared as data (``[contacts]`` in ``content.toml``).

A frightened household reads few cards. Each stage lists the services its own
text sends the household to, and no others: ``first`` are page 1's large
contacts (in the order of the action box's steps), ``also`` the other kinds, in
the order a household should try them. Why each kind is where it is (the steps
and help of each stage, the articles of the c.p.c.) is written next to the data
and in ``i18n/leaflets/README.md``.

This module is the one place the rule is applied: the printed pack (``pack.py``,
``render.py``) and the web site (issue 19) both ask :func:`stage_contacts` and
:func:`listed`. It is pure (no database, no ReportLab) so that the content loader
and the site can use it freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from app.directory.kinds import HOUSEHOLD_KINDS, SERVICE_KINDS

TABLE = "contacts"
MAX_FIRST = 2   # page 1 has room for two large cards


class StageRuleError(ValueError):
    """A ``[contacts]`` table that cannot be used; the message is Italian."""


@dataclass(frozen=True)
class StageContacts:
    """The service kinds one stage's pack lists."""

    first: tuple[str, ...]      # page 1, large, in the order of the action box's steps
    also: tuple[str, ...] = ()  # after the explanations ("Altri contatti"), most useful first

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind listed, page 1's first: nothing shown on page 1 is ever left out."""
        return (*self.first, *self.also)


# Content from a publisher older than the rule (no [contacts] table): packs print what they printed before it,
# every household-facing kind, with the same two contacts on page 1.
_LEGACY_FIRST = {
    "diffida": ("social_services", "housing_office"),
    "intimazione": ("legal_aid", "social_services"),
    "precetto": ("legal_aid", "social_services"),
    "avviso_sloggio": ("social_services", "housing_emergency"),
    "accesso": ("housing_emergency", "social_services"),
}


def legacy_rule(stage: str) -> StageContacts:
    first = _LEGACY_FIRST.get(stage, ("social_services",))
    return StageContacts(first, tuple(k for k in HOUSEHOLD_KINDS if k not in first))


def _kinds(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise StageRuleError(f"{where}: serve un elenco di tipi di servizio, per esempio [\"social_services\"]")
    unknown = [k for k in value if k not in SERVICE_KINDS]
    if unknown:
        raise StageRuleError(f"{where}: tipo di servizio sconosciuto «{unknown[0]}» (previsti: "
                             f"{', '.join(SERVICE_KINDS)})")
    return tuple(value)


def parse_rule(table: Any, stages: Iterable[str], where: str = "content.toml") -> dict[str, StageContacts]:
    """The ``[contacts]`` table, one entry per stage; without the table, :func:`legacy_rule` for every stage."""
    stages = tuple(stages)
    if table is None:
        return {stage: legacy_rule(stage) for stage in stages}
    if not isinstance(table, Mapping):
        raise StageRuleError(f"{where}: [{TABLE}] deve essere una tabella")
    extra = sorted(set(table) - set(stages))
    if extra:
        raise StageRuleError(f"{where}: [{TABLE}]: fase sconosciuta «{extra[0]}»")
    rules: dict[str, StageContacts] = {}
    for stage in stages:
        here = f"{where}: [{TABLE}] fase «{stage}»"
        entry = table.get(stage)
        if not isinstance(entry, Mapping):
            raise StageRuleError(f"{here}: manca (ogni fase dice quali contatti elenca)")
        unknown = sorted(set(entry) - {"first", "also"})
        if unknown:
            raise StageRuleError(f"{here}: campo non previsto «{unknown[0]}» (previsti: first, also)")
        first = _kinds(entry.get("first"), f"{here}, first")
        also = _kinds(entry.get("also", []), f"{here}, also")
        if not 1 <= len(first) <= MAX_FIRST:
            raise StageRuleError(f"{here}: pagina 1 mostra da 1 a {MAX_FIRST} contatti (first), non {len(first)}")
        every = (*first, *also)
        repeated = sorted({k for k in every if every.count(k) > 1})
        if repeated:
            raise StageRuleError(f"{here}: «{repeated[0]}» ripetuto")
        rules[stage] = StageContacts(first, also)
    return rules


R = TypeVar("R")


def listed(rule: StageContacts, referents: Iterable[R]) -> list[R]:
    """The referents a stage's pack lists, in the rule's order (page 1's kinds first, then ``also`` in order),
    each kind's referents in the directory's order. Referents of kinds the stage does not list are left out."""
    order = {kind: i for i, kind in enumerate(rule.kinds)}
    kept = [r for r in referents if r.service_kind in order]  # type: ignore[attr-defined]
    return sorted(kept, key=lambda r: order[r.service_kind])  # stable: the directory's order within a kind


def stage_contacts(structure: Any, stage: str) -> StageContacts:
    """The rule of ``stage`` in a parsed content structure (``structure.Structure``)."""
    rules = getattr(structure, "contacts", None) or {}
    return rules.get(stage) or legacy_rule(stage)


__all__ = ["MAX_FIRST", "StageContacts", "StageRuleError", "legacy_rule", "listed", "parse_rule", "stage_contacts"]
