"""Contact cards: what a household needs to call a service, in its own language, never cut in two.

One card per service (kind, institution, service name and scope), at most
:data:`PER_CARD` people on a card (a longer list continues on a card with the same
heading). On a card: the service named in the household's language (service kinds
are translated in the catalogs; a kind without a translation prints in Italian,
marked "in italiano"), who offers it (the municipality, the Ambito or the
metropolitan city, each with its own colour, and the reason when the metropolitan
city stands in for the municipality), then each person with labelled phones
("fisso", "cellulare": phonenumbers' number type) that never break, e-mail and web
addresses that break only after "@", "." or "/", opening hours with CLDR weekday
names in the household's language, and the address.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from babel.dates import get_day_names
from babel.lists import format_list
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.directory.contacts import phone_kind
from app.leaflets.content import Content, language_locale
from app.leaflets.flowables import Card, CardGrid, Columns, Pair, QrFlowable, draw_stack, stack_height
from app.leaflets.languages import MASTER
from app.leaflets.textflow import LRM, NBSP, ZWSP, Style, TextBlock, text_width
from app.leaflets.typeset import ACCENT_HEX, INK, MUTED, Scale, Typesetter

LOCAL_KINDS = ("social_services", "housing_emergency", "housing_office")
PER_CARD = 3
SCOPE_COLOURS = {"municipality": "#0b4f8a", "ambito": "#1b7a6e", "metro": "#a35a00"}
_PHONE_LABEL = {"fixed": "label.phone_fixed", "mobile": "label.phone_mobile", "tollfree": "label.phone_tollfree",
                "other": "label.phone"}


@dataclass
class CardText:
    """The labels of one language section, and how to set them."""

    content: Content
    code: str
    municipality: str
    ts: Typesetter
    scale: Scale

    def label(self, key: str) -> tuple[str, bool]:
        """A label in this language. An Italian label standing in for a missing translation in an Arabic or Urdu
        section ends with a left-to-right mark, so that its final full stop stays at its end (UAX #9, rule N1)."""
        text, fell_back = self.content.paragraph(self.code, key, self.municipality)
        if fell_back and self.rtl:
            text += LRM
        return text, fell_back

    def kind_name(self, kind: str) -> str:
        """The service kind in this language; in Italian with a note when the catalog has no translation."""
        key = f"kind.{kind}" if f"kind.{kind}" in self.content.master else "kind.other"
        text, fell_back = self.label(key)
        if fell_back and self.code != MASTER:
            return f"{text} ({self.label('label.in_italian')[0]})"
        return text

    @property
    def rtl(self) -> bool:
        return self.ts.lang.rtl

    def style(self, size: float, *, bold: bool = False, color: str = INK) -> Style:
        return self.ts.style(size, bold=bold, color=color)

    def data_style(self, size: float, *, bold: bool = False, color: str = INK) -> Style:
        """Directory data (Italian names, numbers, addresses): Latin font first, read left to right (a free-text
        phone field "02 8845 1234 interno 5" in a right-to-left paragraph would print its digit groups in
        reverse), aligned to the right in an Arabic or Urdu card like the rest of it. The section's own fonts
        follow the Latin one: a translated word inside the data (the "in italiano" note) still has its glyphs."""
        base = self.ts.latin_style(size, bold=bold, color=color)
        fonts = base.fonts + tuple(f for f in self.style(size, bold=bold).fonts if f not in base.fonts)
        if not self.rtl:
            return replace(base, fonts=fonts)
        return Style(fonts, base.latin, size, size * 1.35, color, rtl=False, align="right")


def breakable(address: str) -> str:
    """An e-mail or web address that may break only after "@", "." or "/" (a zero-width space after each)."""
    out = []
    for i, ch in enumerate(address):
        out.append(ch)
        if ch in "@./" and i < len(address) - 1 and address[i + 1] not in "/":
            out.append(ZWSP)
    return "".join(out)


def web_display(url: str) -> str:
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


@lru_cache(maxsize=64)
def _day_names(locale: str) -> dict[int, str]:
    return dict(get_day_names("wide", locale=locale))


def localized_hours(slots: Iterable[tuple[tuple[int, ...], str, str]], locale: str) -> str:
    """"lunedì–venerdì 9:00–12:00; martedì, giovedì 14:00–17:00" with CLDR day names of ``locale``."""
    names = _day_names(locale)
    groups: dict[tuple[int, ...], list[str]] = {}
    for days, start, end in sorted(slots, key=lambda s: (min(s[0]), s[1])):
        groups.setdefault(tuple(sorted(days)), []).append(f"{_time(start)}–{_time(end)}")
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


def hours_text(referent, text: CardText) -> tuple[str, str]:
    """(hours, note): the opening hours in the section's language, and the free note (text the hours parser did
    not understand stays there) in Italian, marked "in italiano" in another language's section."""
    locale = language_locale(text.code)
    slots = getattr(referent, "hours_slots", ())
    note = getattr(referent, "hours_note", "")
    if not slots and not note and referent.hours:
        note = referent.hours  # hours given only as text: print them as written
    main = localized_hours(slots, locale) if slots else ""
    if note and text.code != MASTER:
        note = f"{note} ({text.label('label.in_italian')[0].rstrip(LRM)})"
    return main, note


def _phone_value(phone: str, style: Style, width: float) -> str:
    """A number never breaks over two lines; a field too long for a line (not a real number) breaks at spaces."""
    joined = phone.strip().replace(" ", NBSP)
    return joined if text_width(joined, style) <= width else phone


def _field(text: CardText, label_key: str | None, value: str, value_style: Style, width: float,
           *, stacked: bool, label_size: float, blank_label: bool = False) -> Flowable:
    label = None
    if label_key is not None:
        label = TextBlock(text.label(label_key)[0], text.style(label_size, color=MUTED))
    elif blank_label:  # a second line of the field above: its value under that field's value
        label = TextBlock(" ", text.style(label_size, color=MUTED))
    return Pair(label, TextBlock(value, value_style), label_width=width * 0.3, rtl=text.rtl, stacked=stacked,
                gap=4, space_after=1.5)


def _person(text: CardText, referent, width: float, *, big: bool) -> list[Flowable]:
    scale = text.scale
    stacked = False  # one field a line in every size: large print gets one card a row, so the label fits beside
    base = scale.body if big else scale.card * 0.95
    small = scale.small * (1.05 if big else 1.0)
    phone_style = text.data_style(scale.body * 1.3 if big else scale.card * 1.1, bold=True)
    data = text.data_style(base)
    value_width = width if stacked else width * 0.7 - 4
    out: list[Flowable] = []
    who = " – ".join(x for x in (referent.name, referent.role) if x)
    if who:
        out.append(TextBlock(who, text.data_style(small, color=MUTED), space_after=2))
    for phone in referent.phones:
        out.append(_field(text, _PHONE_LABEL[phone_kind(phone)], _phone_value(phone, phone_style, value_width),
                          phone_style, width, stacked=stacked, label_size=small))
    for email in referent.emails:
        out.append(_field(text, "label.email", breakable(email), data, width, stacked=stacked, label_size=small))
    if referent.website:
        out.append(_field(text, "label.website", breakable(web_display(referent.website)), data, width,
                          stacked=stacked, label_size=small))
    hours, note = hours_text(referent, text)
    if hours:
        out.append(_field(text, "label.hours", hours, text.style(base), width, stacked=stacked, label_size=small))
    if note:  # Italian words: read left to right on a line of their own, under the hours
        out.append(_field(text, None if hours else "label.hours", note, text.data_style(small), width,
                          stacked=stacked, label_size=small, blank_label=bool(hours)))
    if referent.address:
        out.append(_field(text, "label.address", referent.address, data, width, stacked=stacked, label_size=small))
    return out


def _scope_lines(text: CardText, referent) -> list[Flowable]:
    """Who offers the service; for a metropolitan contact standing in for the municipality, why; for a court's
    desk reached through an unverified court assignment, that the court on the act is the one that counts."""
    kind, scope = referent.service_kind, referent.scope_level
    if scope == "tribunale" and not getattr(referent, "area_verified", True):
        return [TextBlock(text.label("label.court_unverified")[0],
                          text.style(text.scale.small, bold=True, color=SCOPE_COLOURS["metro"]), space_after=2)]
    if kind not in LOCAL_KINDS or scope == "municipality":  # the municipality's own card: its name says it
        return []
    size = text.scale.small
    key = {"municipality": "label.scope_municipality", "ambito": "label.scope_ambito"}.get(scope, "label.scope_metro")
    colour = SCOPE_COLOURS.get(scope, SCOPE_COLOURS["metro"])
    out: list[Flowable] = [TextBlock(text.label(key)[0], text.style(size, bold=True, color=colour), space_after=1.5)]
    if scope == "metro":
        out.append(TextBlock(text.label("label.fallback_reason")[0], text.style(size, color=SCOPE_COLOURS["metro"]),
                             space_after=2))
    return out


def card(text: CardText, referents: list, width: float, *, big: bool = False, continued: bool = False) -> Card:
    """One card: the service, who offers it, then each person (at most PER_CARD)."""
    first = referents[0]
    scale = text.scale
    heading = text.kind_name(first.service_kind)
    if continued:
        heading = f"{heading} ({text.label('label.continued')[0]})"
    inner = width - 2 * Card.PADDING - Card.BAR
    content: list[Flowable] = [
        TextBlock(heading, text.style(scale.body * 1.25 if big else scale.card * 1.1, bold=True, color=ACCENT_HEX),
                  space_after=1.5)]
    service = " · ".join(dict.fromkeys(x for x in (first.service_label, first.institution) if x))
    if service:
        content.append(TextBlock(service, text.data_style(scale.small, color=MUTED), space_after=2))
    if not continued:
        content.extend(_scope_lines(text, first))
    for i, referent in enumerate(referents):
        if i:
            content.append(Spacer(1, 4))
        content.extend(_person(text, referent, inner, big=big))
    colour = SCOPE_COLOURS.get(first.scope_level, ACCENT_HEX) if first.service_kind in LOCAL_KINDS else "#5b6670"
    return Card(content, bar=HexColor(colour), rtl=text.rtl,
                background=HexColor("#f5f8fb") if big else None)


def empty_card(text: CardText, kind: str, *, big: bool = False) -> Card:
    scale = text.scale
    return Card([TextBlock(text.kind_name(kind), text.style(scale.body * 1.25 if big else scale.card * 1.1, bold=True,
                                                            color=ACCENT_HEX), space_after=2),
                 TextBlock(text.label("label.no_referent")[0], text.style(scale.card * 0.95))],
                bar=HexColor("#9aa5b1"), rtl=text.rtl)


def groups(referents: list) -> list[list]:
    """Referents of one service together, in the directory's order."""
    found: dict[tuple, list] = {}
    for r in referents:
        found.setdefault((r.service_kind, r.institution, r.service_label, r.scope_level), []).append(r)
    return list(found.values())


def key_contacts(text: CardText, kinds: tuple[str, ...], referents: list, width: float
                 ) -> tuple[list[Flowable], set[int]]:
    """Page 1: "Chi chiamare" and the contacts of ``kinds`` (the stage's rule, ``stage_contacts.py``), large.
    Returns the flowables and the ids of the referents shown (the other contacts list the rest)."""
    shown: set[int] = set()
    cards: list[Flowable] = []
    # Large print: one card a row, so that the first one can still go on page 1 under the action box.
    columns = 1 if text.scale.large else 2
    column = (width - 6 * (columns - 1)) / columns
    for kind in kinds:
        first = next((r for r in referents if r.service_kind == kind), None)
        if first is None:
            cards.append(empty_card(text, kind, big=True))
            continue
        shown.add(id(first))
        cards.append(card(text, [first], column, big=True))
    heading = text.ts.block("heading", text.label("label.call_first")[0])
    heading.spaceBefore = text.scale.body * 0.5
    if columns == 1:
        out: list[Flowable] = [heading]
        for c in cards:
            out.extend([c, Spacer(1, 6)])
        out[0].keepWithNext = True
        return out, shown
    return [heading, Columns(cards, gap=6, rtl=text.rtl)], shown


def other_contacts(text: CardText, referents: list, shown: set[int], width: float,
                   qr: list[tuple[str, str]], listed_kinds: tuple[str, ...] = ()) -> list[Flowable]:
    """Every other contact, as cards in two columns, then an empty card for each kind of ``listed_kinds`` (the
    stage's other kinds) nobody is listed for, then the QR codes."""
    rest = [r for r in referents if id(r) not in shown]
    columns = 2
    column = (width - 6 * (columns - 1)) / columns
    cards: list[Flowable] = []
    for group in groups(rest):
        for i in range(0, len(group), PER_CARD):
            cards.append(card(text, group[i:i + PER_CARD], column, continued=i > 0))
    present = {r.service_kind for r in referents}
    cards.extend(empty_card(text, kind) for kind in listed_kinds if kind not in present)
    codes = [(url, key) for url, key in qr if url]
    if codes:
        cards.append(_qr_card(text, codes))
    if not cards:
        return []
    title = text.label("label.other_contacts")[0]
    heading = [text.ts.block("heading", title)]
    continued = [text.ts.block("heading", f"{title} ({text.label('label.continued')[0]})")]
    return [CardGrid(heading, cards, columns=columns, gap=6, rtl=text.rtl, continued=continued)]


def _qr_card(text: CardText, codes: list[tuple[str, str]]) -> Card:
    """The municipality's help page and the directory's public page, each a QR code with its caption beside it,
    on the last card of the set they belong to."""
    size = (30 if text.scale.large else 21) * mm
    rows: list[Flowable] = []
    for url, key in codes:
        caption = [TextBlock(text.label(key)[0], text.style(text.scale.card, bold=True), space_after=2),
                   TextBlock(breakable(web_display(url)), text.data_style(text.scale.small))]
        rows.append(Columns([QrFlowable(url, size), _Stack(caption)], gap=4, rtl=text.rtl, widths=(size, None)))
        rows.append(Spacer(1, 3))
    return Card(rows[:-1], bar=HexColor("#5b6670"), rtl=text.rtl, tag="qr")


class _Stack(Flowable):
    def __init__(self, items: list[Flowable]):
        super().__init__()
        self.items = items

    def wrap(self, availWidth, availHeight):
        self.height, self._layout = stack_height(self.items, availWidth)
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        draw_stack(self.canv, self._layout, 0, self.height)


__all__ = ["LOCAL_KINDS", "CardText", "breakable", "card", "groups", "hours_text", "key_contacts",
           "localized_hours", "other_contacts"]
