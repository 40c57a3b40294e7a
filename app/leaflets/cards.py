"""Contact cards drawn with ReportLab: the printed side of the card model (``card_model.py``).

What a card says (the service in the household's language, who offers it, the
people with labelled phones, e-mails, web, localized hours and address) comes
from ``card_model``, shared with the web site, so that paper and phone never
disagree; this module only sets it: each scope with its own colour, phones
that never break, e-mail and web addresses that break only after "@", "." or
"/", page 1's two main contacts large, the others two by two, and the QR codes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.caches import memo
from app.leaflets import card_model as model
from app.leaflets.card_model import LOCAL_KINDS, PER_CARD, groups, localized_hours, web_display
from app.leaflets.content import Content
from app.leaflets.flowables import Card, CardGrid, Columns, Pair, QrFlowable, baseline, draw_stack, stack_height
from app.leaflets.textflow import LRM, NBSP, ZWSP, Style, TextBlock, block_height, text_width
from app.leaflets.typeset import ACCENT_HEX, INK, MUTED, Scale, Typesetter

SCOPE_COLOURS = {"municipality": "#0b4f8a", "ambito": "#1b7a6e", "metro": "#a35a00"}


@dataclass
class CardText:
    """The labels of one language section, and how to set them."""

    content: Content
    code: str
    municipality: str
    ts: Typesetter
    scale: Scale

    @property
    def labels(self) -> model.Labels:
        return model.Labels(self.content, self.code, self.municipality)

    def printed(self, text: model.Text) -> str:
        """A label as printed. An Italian label standing in for a missing translation in an Arabic or Urdu
        section ends with a left-to-right mark, so that its final full stop stays at its end (UAX #9, rule N1)."""
        return text.text + LRM if text.italian and self.rtl else text.text

    def label(self, key: str) -> tuple[str, bool]:
        found = self.labels.label(key)
        return self.printed(found), found.italian

    def kind_name(self, kind: str) -> str:
        """The service kind in this language; in Italian with a note when the catalog has no translation."""
        name, marker = self.labels.kind_name(kind)
        return heading_text(self, name, marker, None)

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
        return _data_style(self.ts, size, bold, color)


@memo(1024)
def _data_style(ts: Typesetter, size: float, bold: bool, color: str) -> Style:
    """``CardText.data_style``, made once per typesetter (one per language and print size) and size."""
    base = ts.latin_style(size, bold=bold, color=color)
    fonts = base.fonts + tuple(f for f in ts.style(size, bold=bold).fonts if f not in base.fonts)
    if not ts.lang.rtl:
        return replace(base, fonts=fonts)
    return Style(fonts, base.latin, size, size * 1.35, color, rtl=False, align="right")


def heading_text(text: CardText, heading: model.Text, marker: model.Text | None, continued: model.Text | None) -> str:
    out = text.printed(heading)
    if marker is not None:
        out = f"{out} ({text.printed(marker)})"
    if continued is not None:
        out = f"{out} ({text.printed(continued)})"
    return out


def breakable(address: str) -> str:
    """An e-mail or web address that may break only after "@", "." or "/" (a zero-width space after each)."""
    out = []
    for i, ch in enumerate(address):
        out.append(ch)
        if ch in "@./" and i < len(address) - 1 and address[i + 1] not in "/":
            out.append(ZWSP)
    return "".join(out)


def _phone_value(phone: str, style: Style, width: float) -> str:
    """A number never breaks over two lines; a field too long for a line (not a real number) breaks at spaces."""
    joined = phone.strip().replace(" ", NBSP)
    return joined if text_width(joined, style) <= width else phone


LABEL_GAP = 4


def _label_widths(text: CardText, person: model.Person, width: float, size: float) -> list[float]:
    """The label column's widths worth trying: as wide as the card's longest label (no label on two lines), and
    a few shares of the card between a fifth and 45 %."""
    keys = [*(p.label for p in person.phones)]
    labels = text.labels
    keys += [labels.label(k) for k, present in (("label.email", person.emails), ("label.website", person.website),
                                                ("label.hours", person.hours or person.hours_note),
                                                ("label.address", person.address)) if present]
    style = text.style(size, color=MUTED)
    printed = [text.printed(k) for k in keys]
    longest = max((text_width(label, style) for label in printed), default=0.0) + 1
    # never narrower than a label's longest word: a word is not cut ("இணையதள / ம்")
    word = max((text_width(w, style) for label in printed for w in label.split()), default=0.0) + 1
    shares = [width * share for share in (0.2, 0.26, 0.32, 0.38, 0.45)]
    return sorted(w for w in {min(width * 0.45, max(width * 0.2, longest)), *shares} if w >= word) or [
        min(word, width * 0.45)]


def _person(text: CardText, person: model.Person, width: float, *, big: bool) -> list[Flowable]:
    """One person's lines. The label column is as wide as makes the person's lines fewest: a long label
    ("Стационарный телефон", "Correo electrónico") on two lines doubles the line it labels, a wide one wraps the
    e-mail beside it; the narrowest of the shortest wins.

    Each width tried is measured from the text engine's cached line breaking (:func:`_lines_height`), without
    building the lines' flowables: they are built once, at the width chosen (a card's lines were built five or six
    times, the largest share of a pack's layout time)."""
    small = text.scale.small * (1.05 if big else 1.0)
    lines = tuple(_lines_of(text, person, big=big))
    return _flowables(text, lines, width, _best_label_width(lines, width,
                                                            tuple(_label_widths(text, person, width, small))))


@memo(4096)
def _best_label_width(lines: tuple[_Line, ...], width: float, label_widths: tuple[float, ...]) -> float:
    """The narrowest of ``label_widths`` that sets ``lines`` shortest (half a point counts as shorter). A pure
    function of what the lines say and how, so remembered: a person's lines come back in every size fitting tries
    (the other contacts do not change with the explanations' size) and in every pack for the same municipality."""
    best: tuple[float, float] | None = None
    for label_width in label_widths:
        height = _lines_height(lines, width, label_width)
        if best is None or height < best[0] - 0.5:
            best = (height, label_width)
    assert best is not None
    return best[1]


@dataclass(frozen=True)
class _Line:
    """One line of a person's block, before it is set at a label width: ``label`` None for a line without a label
    column (who, a note under the hours' value has ``blank``: an empty label beside it); a ``phone`` value is kept
    on one line when it fits (:func:`_phone_value`, which depends on the width left beside the label)."""

    label: str | None
    value: str
    style: Style
    label_style: Style
    phone: bool = False
    blank: bool = False
    paired: bool = True          # a label/value pair (Pair), else a plain text block (who)
    space_after: float = 1.5


def _lines_of(text: CardText, person: model.Person, *, big: bool) -> list[_Line]:
    """What a person's block says, line by line, and in which style (independent of the label width)."""
    scale = text.scale
    # page 1's cards: the numbers large (body x 1.3), the details a little larger than on the other cards
    base = scale.body * 0.92 if big else scale.card
    small = scale.small * (1.05 if big else 1.0)
    phone_style = text.data_style(scale.body * 1.3 if big else scale.card * 1.1, bold=True)
    data = text.data_style(base)
    label_style = text.style(small, color=MUTED)
    labels = text.labels
    out: list[_Line] = []
    if person.who:
        out.append(_Line(None, person.who, text.data_style(small, color=MUTED), label_style, paired=False,
                         space_after=2))
    for phone in person.phones:
        out.append(_Line(text.printed(phone.label), phone.number, phone_style, label_style, phone=True))
    for email in person.emails:
        out.append(_Line(text.printed(labels.label("label.email")), breakable(email), data, label_style))
    if person.website:
        out.append(_Line(text.printed(labels.label("label.website")), breakable(web_display(person.website)), data,
                         label_style))
    if person.hours:
        out.append(_Line(text.printed(labels.label("label.hours")), person.hours, text.style(base), label_style))
    if person.hours_note:  # Italian words: read left to right on a line of their own, under the hours
        note = person.hours_note
        if person.hours_note_marker is not None:
            note = f"{note} ({person.hours_note_marker.text})"
        out.append(_Line(None if person.hours else text.printed(labels.label("label.hours")), note,
                         text.data_style(small), label_style, blank=bool(person.hours)))
    if person.address:
        out.append(_Line(text.printed(labels.label("label.address")), person.address, data, label_style))
    return out


def _value(line: _Line, width: float, label_width: float) -> str:
    # one field a line in every size: large print gets one card a row, so the label fits beside its value
    return _phone_value(line.value, line.style, width - label_width - LABEL_GAP) if line.phone else line.value


def _flowables(text: CardText, lines: tuple[_Line, ...], width: float, label_width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for line in lines:
        value = TextBlock(_value(line, width, label_width), line.style)
        if not line.paired:
            value.spaceAfter = line.space_after
            out.append(value)
            continue
        shown = None
        if line.label is not None:
            shown = TextBlock(line.label, line.label_style)
        elif line.blank:  # a second line of the field above: its value under that field's value
            shown = TextBlock(" ", line.label_style)
        out.append(Pair(shown, value, label_width=label_width, rtl=text.rtl, stacked=False, gap=LABEL_GAP,
                        space_after=line.space_after))
    return out


def _lines_height(lines: tuple[_Line, ...], width: float, label_width: float) -> float:
    """``stack_height(_flowables(...), width)[0]``, computed from the cached line breaking (``block_height``) with
    ``Pair.wrap``'s and ``stack_height``'s arithmetic; ``tests/leaflets/test_cards_measure.py`` holds them equal."""
    total = 0.0
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if not line.paired or (line.label is None and not line.blank):  # a text block, or a pair of a value alone
            height = block_height(_value(line, width, label_width), line.style, width)
        else:
            lw = min(label_width, width * 0.45)
            label_h = block_height(line.label if line.label is not None else " ", line.label_style, lw)
            value_h = block_height(_value(line, width, label_width), line.style, width - lw - LABEL_GAP)
            drop = max(0.0, baseline(line.style) - baseline(line.label_style))
            height = max(label_h + drop, value_h)
        after = line.space_after if i < last else 0
        total += 0 + height + after
    return total


def _scope_lines(text: CardText, lines: tuple[model.ScopeLine, ...]) -> list[Flowable]:
    size = text.scale.small
    out: list[Flowable] = []
    for line in lines:
        colour = SCOPE_COLOURS[line.level]
        out.append(TextBlock(text.printed(line.text), text.style(size, bold=line.role != "reason", color=colour),
                             space_after=1.5 if line.role == "scope" else 2))
    return out


def draw_card(text: CardText, found: model.ContactCard, width: float) -> Card:
    """One card of the model, set for print."""
    scale, big = text.scale, found.big
    heading = heading_text(text, found.heading, found.heading_marker, found.continued)
    heading_style = text.style(scale.body * 1.25 if big else scale.card * 1.1, bold=True, color=ACCENT_HEX)
    if found.empty is not None:
        return Card([TextBlock(heading, heading_style, space_after=2),
                     TextBlock(text.printed(found.empty), text.style(scale.card))],
                    bar=HexColor("#9aa5b1"), rtl=text.rtl)
    inner = width - 2 * Card.PADDING - Card.BAR
    content: list[Flowable] = [TextBlock(heading, heading_style, space_after=1.5)]
    if found.service:
        content.append(TextBlock(found.service, text.data_style(scale.small, color=MUTED), space_after=2))
    content.extend(_scope_lines(text, found.scope))
    for i, person in enumerate(found.people):
        if i:
            content.append(Spacer(1, 4))
        if person.office:  # offices of one institution on one card: each person under their office's name
            content.append(TextBlock(person.office, text.data_style(scale.small * (1.05 if big else 1.0), bold=True),
                                     space_after=1))
        content.extend(_person(text, person, inner, big=big))
    if found.website or found.address:  # what every person shares, once, after them
        content.append(Spacer(1, 4))
        shared = model.Person("", (), (), found.website, "", "", None, found.address)
        content.extend(_person(text, shared, inner, big=big))
    colour = SCOPE_COLOURS.get(found.level, ACCENT_HEX) if found.local else "#5b6670"
    return Card(content, bar=HexColor(colour), rtl=text.rtl, background=HexColor("#f5f8fb") if big else None)


def card(text: CardText, referents: list, width: float, *, big: bool = False, continued: bool = False) -> Card:
    """One card: the service, who offers it, then each person (at most PER_CARD)."""
    return draw_card(text, model.card(text.labels, referents, big=big, continued=continued), width)


def empty_card(text: CardText, kind: str, *, big: bool = False) -> Card:
    return draw_card(text, model.empty_card(text.labels, kind, big=big), 0)


def key_contacts(text: CardText, kinds: tuple[str, ...], referents: list, width: float, gap: float = 6
                 ) -> tuple[list[Flowable], set[int]]:
    """Page 1: "Chi chiamare" and the contacts of ``kinds`` (the stage's rule, ``stage_contacts.py``), large, two
    side by side ``gap`` apart. Returns the flowables and the ids of the referents shown (the other contacts list
    the rest)."""
    found, shown = model.key_cards(text.labels, kinds, referents)
    # Large print: one card a row, so that the first one can still go on page 1 under the action box.
    columns = 1 if text.scale.large else 2
    column = (width - gap * (columns - 1)) / columns
    cards: list[Flowable] = [draw_card(text, c, column) for c in found]
    heading = text.ts.block("heading", text.label("label.call_first")[0])
    heading.spaceBefore = text.scale.body * 0.5
    if columns == 1:
        out: list[Flowable] = [heading]
        for c in cards:
            out.extend([c, Spacer(1, 6)])
        out[0].keepWithNext = True
        return out, shown
    return [heading, Columns(cards, gap=gap, rtl=text.rtl)], shown


def other_contacts(text: CardText, referents: list, shown: set[int], width: float,
                   qr: list[tuple[str, str]], listed_kinds: tuple[str, ...] = (), gap: float = 6) -> list[Flowable]:
    """Every other contact, as cards in two columns ``gap`` apart, then an empty card for each kind of
    ``listed_kinds`` (the stage's other kinds) nobody is listed for, then the QR codes."""
    # Large print: one card a row across the page, each label beside its value (in half a page, the labels go above
    # the values and long addresses take three lines: a card twice as tall, and tall cards leave holes)
    columns = 1 if text.scale.large else 2
    column = (width - gap * (columns - 1)) / columns
    cards: list[Flowable] = [draw_card(text, c, column)
                             for c in model.other_cards(text.labels, referents, shown, listed_kinds,
                                                        join_offices=True)]
    codes = [(url, key) for url, key in qr if url]
    if codes:
        cards.append(_qr_card(text, codes))
    if not cards:
        return []
    title = text.label("label.other_contacts")[0]
    heading = [text.ts.block("heading", title)]
    continued = [text.ts.block("heading", f"{title} ({text.label('label.continued')[0]})")]
    return [CardGrid(heading, cards, columns=columns, gap=gap, rtl=text.rtl, continued=continued, masonry=True)]


def _qr_card(text: CardText, codes: list[tuple[str, str]]) -> Card:
    """The municipality's help page and the directory's public page, each a QR code with its caption beside it,
    on the last card of the set they belong to."""
    size = (30 if text.scale.large else 19) * mm  # 19 mm: modules of about 0.6 mm, still read by a phone held close
    rows: list[Flowable] = []
    captions = []
    for url, key in codes:
        caption = [TextBlock(text.label(key)[0], text.style(text.scale.card, bold=True), space_after=2),
                   TextBlock(breakable(web_display(url)), text.data_style(text.scale.small))]
        captions.append((url, caption))
        rows.append(Columns([QrFlowable(url, size), _Stack(caption)], gap=4, rtl=text.rtl, widths=(size, None)))
        rows.append(Spacer(1, 3))
    if len(codes) == 2 and not text.scale.large:
        # two codes side by side, each over its caption: a card a third shorter than one code under the other
        pairs = [_Stack([_Aligned(QrFlowable(url, size), rtl=text.rtl), Spacer(1, 2), *caption])
                 for url, caption in captions]
        return Card([Columns(pairs, gap=6, rtl=text.rtl)], bar=HexColor("#5b6670"), rtl=text.rtl, tag="qr")
    return Card(rows[:-1], bar=HexColor("#5b6670"), rtl=text.rtl, tag="qr")


class _Aligned(Flowable):
    """A fixed-size flowable (a QR code) at the reading start of the width it is given."""

    def __init__(self, item: Flowable, *, rtl: bool):
        super().__init__()
        self.item, self.rtl = item, rtl

    def wrap(self, availWidth, availHeight):
        self._item_w, self.height = self.item.wrap(availWidth, availHeight)
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        self.item.drawOn(self.canv, self.width - self._item_w if self.rtl else 0, 0)


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


__all__ = ["LOCAL_KINDS", "PER_CARD", "CardText", "breakable", "card", "draw_card", "groups",
           "key_contacts", "localized_hours", "other_contacts"]
