"""What goes on a contact card, whatever draws it: the printed pack (``cards.py``) and the web site (``site/``).

A household reads the same cards on paper and on its phone, so what a card says
is decided once, here, and the two renderers only lay it out (issue 19). A card
is one service (kind, institution and scope; the offices' names per person when they differ), at most
:data:`PER_CARD` people (a longer list continues on a card with the same
heading). On a card: the service named in the household's language (a kind
without a translation stays in Italian, marked "in italiano"), who offers it
(the municipality, the Ambito or the metropolitan city, and the reason when the
metropolitan city stands in for the municipality; a court's desk reached through
an unverified court assignment says that the court on the act counts), then each
person with labelled phones ("fisso", "cellulare": phonenumbers' number type),
e-mail and web addresses, opening hours with CLDR weekday names in the
household's language, the hours note left in Italian, and the address.

Every text says whether it is Italian standing in for a missing translation
(:class:`Text` ``italian``): the PDF keeps its final full stop in place in a
right-to-left section, the site marks it ``lang="it"`` so a screen reader
switches voice. Directory data (names, institutions, addresses) is Italian by
nature; the renderers know that and mark it themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from babel import Locale
from babel.dates import get_day_names
from babel.lists import format_list

from app.caches import memo
from app.directory.contacts import phone_kind, tel_uri
from app.leaflets.content import Content, language_locale
from app.leaflets.languages import MASTER

LOCAL_KINDS = ("social_services", "housing_emergency", "housing_office")
PER_CARD = 3
PHONE_LABELS = {"fixed": "label.phone_fixed", "mobile": "label.phone_mobile", "tollfree": "label.phone_tollfree",
                "other": "label.phone"}


@dataclass(frozen=True)
class Text:
    """A text of the section's language; ``italian`` when the Italian stands in for a missing translation."""

    text: str
    italian: bool = False
    key: str = ""      # the catalog key it comes from (the site finds the Italian words in it from the master)


@dataclass(frozen=True)
class Phone:
    number: str      # as printed, "02 8845 1234" (or a free-text field that is not a number)
    kind: str        # fixed | mobile | tollfree | other
    label: Text      # "Telefono fisso" in the section's language
    href: str        # "tel:+39-02-8845-1234"; "" when the field is not a number one can call


@dataclass(frozen=True)
class Person:
    who: str                      # "name – role" (Italian data)
    phones: tuple[Phone, ...]
    emails: tuple[str, ...]
    website: str                  # the URL
    hours: str                    # the opening hours in the section's language ("" when none are known as data)
    hours_note: str               # free text about the hours, in Italian as the directory has it
    hours_note_marker: Text | None  # "in italiano" after the note in another language's section
    address: str
    office: str = ""              # the person's office ("Ufficio notificazioni", Italian data) when the card joins
    #                               offices of one institution whose names differ; "" when the card's service says it


@dataclass(frozen=True)
class ScopeLine:
    """Who offers the service, or why this contact is here: ``role`` is scope | reason | court."""

    text: Text
    role: str
    level: str       # the scope level whose colour it takes: municipality | ambito | metro


@dataclass(frozen=True)
class ContactCard:
    kind: str                     # service kind
    heading: Text                 # the service in the section's language
    heading_marker: Text | None   # "in italiano" when the heading is the Italian name
    continued: Text | None        # "continua" on the second card of a long list
    service: str                  # "service name · institution" (Italian data)
    scope: tuple[ScopeLine, ...]
    people: tuple[Person, ...]
    level: str                    # scope level of the service ("" for a service without a referent)
    empty: Text | None = None     # "Nessun referente indicato per questo servizio"
    big: bool = False             # one of page 1's two main contacts
    website: str = ""             # the web address every person on the card shares: printed once, after them
    address: str = ""             # the address every person on the card shares: printed once, after them

    @property
    def local(self) -> bool:
        """A municipal service (its card takes the colour of who offers it)."""
        return self.kind in LOCAL_KINDS


class Labels:
    """The labels of one language section (``content.paragraph``: the municipality filled in, Italian fallback)."""

    def __init__(self, content: Content, code: str, municipality: str):
        self.content, self.code, self.municipality = content, code, municipality

    def label(self, key: str) -> Text:
        text, fell_back = self.content.paragraph(self.code, key, self.municipality)
        return Text(text, fell_back, key)

    def kind_name(self, kind: str) -> tuple[Text, Text | None]:
        """The service kind in this language, and the "in italiano" marker when the catalog has no translation."""
        key = f"kind.{kind}" if f"kind.{kind}" in self.content.master else "kind.other"
        name = self.label(key)
        if name.italian and self.code != MASTER:
            return name, self.label("label.in_italian")
        return name, None


def web_display(url: str) -> str:
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


@memo(64)
def _day_names(locale: str) -> dict[int, str]:
    return dict(get_day_names("wide", locale=locale))


LRI, PDI = "\u2066", "\u2069"   # left-to-right isolate and its end (UAX #9, X5a-X6a)


@memo(64)
def _right_to_left(locale: str) -> bool:
    return Locale.parse(locale).character_order == "right-to-left"


def localized_hours(slots: Iterable[tuple[tuple[int, ...], str, str]], locale: str) -> str:
    """"lunedì–venerdì 9:00–12:00; martedì, giovedì 14:00–17:00" with CLDR day names of ``locale``.

    In Arabic and Urdu each time range is a left-to-right isolate: left alone, the Unicode Bidirectional Algorithm
    sets "14:00–17:00" inside right-to-left text as "17:00–14:00" (the two numbers swap sides around the dash);
    isolated, it reads 14:00–17:00 from left to right, as on a clock or a timetable, in both languages."""
    names = _day_names(locale)
    isolate = _right_to_left(locale)
    groups: dict[tuple[int, ...], list[str]] = {}
    for days, start, end in sorted(slots, key=lambda s: (min(s[0]), s[1])):
        span = f"{_time(start)}–{_time(end)}"
        groups.setdefault(tuple(sorted(days)), []).append(f"{LRI}{span}{PDI}" if isolate else span)
    parts = []
    for days, ranges in groups.items():
        runs: list[list[int]] = []
        for d in days:
            if runs and d == runs[-1][-1] + 1:
                runs[-1].append(d)
            else:
                runs.append([d])
        words: list[str] = []
        for run in runs:
            if len(run) >= 3:
                words.append(f"{names[run[0]]}–{names[run[-1]]}")
            else:
                words.extend(names[d] for d in run)
        day_text = format_list(words, locale=locale) if len(words) > 1 else words[0]
        parts.append(f"{day_text} {', '.join(ranges)}")
    return "; ".join(parts)


def _time(hhmm: str) -> str:
    hour, minute = hhmm.split(":")
    return f"{int(hour)}:{minute}"


def person(labels: Labels, referent) -> Person:
    """One referent as a card lists it."""
    phones = tuple(Phone(p, phone_kind(p), labels.label(PHONE_LABELS[phone_kind(p)]), tel_uri(p))
                   for p in referent.phones)
    slots = getattr(referent, "hours_slots", ())
    note = getattr(referent, "hours_note", "")
    if not slots and not note and referent.hours:
        note = referent.hours  # hours given only as text: printed as written
    hours = localized_hours(slots, language_locale(labels.code)) if slots else ""
    marker = labels.label("label.in_italian") if note and labels.code != MASTER else None
    return Person(" – ".join(x for x in (referent.name, referent.role) if x), phones, tuple(referent.emails),
                  referent.website or "", hours, note, marker, referent.address or "")


def scope_lines(labels: Labels, referent) -> tuple[ScopeLine, ...]:
    """Who offers the service; for a metropolitan contact standing in for the municipality, why; for a court's
    desk reached through an unverified court assignment, that the court on the act is the one that counts."""
    kind, scope = referent.service_kind, referent.scope_level
    if scope == "tribunale" and not getattr(referent, "area_verified", True):
        return (ScopeLine(labels.label("label.court_unverified"), "court", "metro"),)
    if kind not in LOCAL_KINDS or scope == "municipality":  # the municipality's own card: its name says it
        return ()
    key = {"municipality": "label.scope_municipality", "ambito": "label.scope_ambito"}.get(scope, "label.scope_metro")
    level = scope if scope in ("municipality", "ambito") else "metro"
    lines = [ScopeLine(labels.label(key), "scope", level)]
    if scope == "metro":
        lines.append(ScopeLine(labels.label("label.fallback_reason"), "reason", "metro"))
    return tuple(lines)


def card(labels: Labels, referents: list, *, big: bool = False, continued: bool = False) -> ContactCard:
    """One card: the service, who offers it, then each person (at most PER_CARD).

    The offices of one institution offering one kind of service (the UNEP's "Ufficio esecuzioni" and "Ufficio
    notificazioni") share a card: the institution once, each person under their office's name. A web address or
    an address every person shares is said once, after them (on paper a repeated line is a line less of the text
    the household must read, and on a phone a shorter card)."""
    first = referents[0]
    heading, marker = labels.kind_name(first.service_kind)
    offices = list(dict.fromkeys(r.service_label or "" for r in referents))
    joined = len(offices) > 1
    service = " · ".join(dict.fromkeys(x for x in (None if joined else first.service_label, first.institution) if x))
    people = [person(labels, r) for r in referents]
    if joined:
        people = [replace(p, office=r.service_label or "") for p, r in zip(people, referents, strict=True)]
    website = address = ""
    if len(people) > 1:
        if people[0].website and len({p.website for p in people}) == 1:
            website = people[0].website
            people = [replace(p, website="") for p in people]
        if people[0].address and len({p.address for p in people}) == 1:
            address = people[0].address
            people = [replace(p, address="") for p in people]
    return ContactCard(first.service_kind, heading, marker, labels.label("label.continued") if continued else None,
                       service, () if continued else scope_lines(labels, first),
                       tuple(people), first.scope_level, big=big, website=website, address=address)


def empty_card(labels: Labels, kind: str, *, big: bool = False) -> ContactCard:
    """A service the municipality's pack must name although no one is listed for it."""
    heading, marker = labels.kind_name(kind)
    return ContactCard(kind, heading, marker, None, "", (), (), "", labels.label("label.no_referent"), big)


def groups(referents: list, *, join_offices: bool = True) -> list[list]:
    """Referents of one service together, in the directory's order: one kind of service offered by one institution
    at one level, whatever each office is called (``card`` names the office of each person when they differ);
    with ``join_offices`` False, one group per office (the large print's grid, see ``other_cards``)."""
    found: dict[tuple, list] = {}
    for r in referents:
        # without an institution the service's name is all that tells two services apart
        office = "" if r.institution and join_offices else r.service_label
        found.setdefault((r.service_kind, r.institution, office, r.scope_level), []).append(r)
    return list(found.values())


def municipality_help_url(referents: list) -> str:
    """The municipality's (else the Ambito's) own help page: the first web address of a municipal service."""
    for level in ("municipality", "ambito"):
        for r in referents:
            if r.scope_level == level and r.website and r.service_kind in LOCAL_KINDS:
                return r.website
    return ""


def key_cards(labels: Labels, kinds: tuple[str, ...], referents: list) -> tuple[list[ContactCard], set[int]]:
    """Page 1's "Chi chiamare": the services of ``kinds`` (the stage's rule, ``stage_contacts.py``) with the first
    referent of each. Returns the cards and the ids of the referents shown (the other cards list the rest)."""
    shown: set[int] = set()
    cards: list[ContactCard] = []
    for kind in kinds:
        first = next((r for r in referents if r.service_kind == kind), None)
        if first is None:
            cards.append(empty_card(labels, kind, big=True))
            continue
        shown.add(id(first))
        cards.append(card(labels, [first], big=True))
    return cards, shown


def other_cards(labels: Labels, referents: list, shown: set[int] = frozenset(),
                listed_kinds: tuple[str, ...] = (), *, join_offices: bool = True) -> list[ContactCard]:
    """Every other contact, a card per service (continued past PER_CARD people), then an empty card for each kind
    of ``listed_kinds`` (the stage's other kinds) nobody is listed for. ``join_offices`` False: a card per office
    (large print sets the cards in rows of two, where one card twice as tall as its neighbour leaves a hole)."""
    rest = [r for r in referents if id(r) not in shown]
    cards = [card(labels, group[i:i + PER_CARD], continued=i > 0)
             for group in groups(rest, join_offices=join_offices) for i in range(0, len(group), PER_CARD)]
    present = {r.service_kind for r in referents}
    cards.extend(empty_card(labels, kind) for kind in listed_kinds if kind not in present)
    return cards


__all__ = ["LOCAL_KINDS", "PER_CARD", "ContactCard", "Labels", "Person", "Phone", "ScopeLine", "Text",
           "card", "empty_card", "groups", "key_cards", "localized_hours", "municipality_help_url", "other_cards", "person", "scope_lines",
           "web_display"]
