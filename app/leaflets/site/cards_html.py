"""The card model (``card_model.py``) as HTML: the same cards as the printed pack, with ``tel:`` and ``mailto:``.

Every phone is a call button ("Chiama 02 8845 1234") whose number keeps its left-to-right order inside Arabic and
Urdu (``dir="ltr"`` isolates it); directory data (service, institution, names, addresses, the hours note) is
Italian and marked ``lang="it"`` in another language's page; a label standing in for a missing translation too.
"""

from __future__ import annotations

from html import escape

from app.leaflets import card_model as model
from app.leaflets.card_model import web_display
from app.leaflets.languages import MASTER


class CardWriter:
    """Writes cards for one page language."""

    def __init__(self, labels: model.Labels, marker=None):
        self.labels = labels
        self.marker = marker  # text.Marker of the page's language: Italian words inside a label marked
        self.code = labels.code
        self._cache: dict[str, str] = {}

    def text(self, found: model.Text) -> str:
        """A label of the page's language, or the Italian standing in for it, marked as such."""
        if found.italian and self.code != MASTER:
            return f'<span lang="it" dir="ltr">{escape(found.text, quote=False)}</span>'
        if self.marker is not None:
            return self.marker.html(found.text, self.labels.content.master.get(found.key, ""))
        return escape(found.text, quote=False)

    def data(self, value: str) -> str:
        """Directory data: Italian, read left to right."""
        if self.code == MASTER:
            return escape(value, quote=False)
        return f'<span lang="it" dir="ltr">{escape(value, quote=False)}</span>'

    def label(self, key: str) -> str:
        if key not in self._cache:
            self._cache[key] = self.text(self.labels.label(key))
        return self._cache[key]

    def heading(self, card: model.ContactCard) -> str:
        out = self.text(card.heading)
        if card.heading_marker is not None:
            out += f" ({self.text(card.heading_marker)})"
        if card.continued is not None:
            out += f" ({self.text(card.continued)})"
        return out

    def phone(self, phone: model.Phone) -> str:
        number = f'<span dir="ltr">{escape(phone.number, quote=False)}</span>'
        if not phone.href:  # a free-text field: shown, never a wrong link
            return number
        return f'<a class="call" href="{escape(phone.href)}">{self.label("site.call")} {number}</a>'

    def person(self, person: model.Person) -> str:
        rows: list[tuple[str, str]] = [(self.text(p.label), self.phone(p)) for p in person.phones]
        rows += [(self.label("label.email"), f'<a class="addr" dir="ltr" href="mailto:{escape(e)}">'
                                              f'{escape(e, quote=False)}</a>') for e in person.emails]
        if person.website:
            rows.append((self.label("label.website"), f'<a class="addr" dir="ltr" href="{escape(person.website)}">'
                                                      f'{escape(web_display(person.website), quote=False)}</a>'))
        hours = escape(person.hours, quote=False) if person.hours else ""
        if person.hours_note:
            note = self.data(person.hours_note)
            if person.hours_note_marker is not None:
                note += f" ({self.text(person.hours_note_marker)})"
            hours = f"{hours}<br>{note}" if hours else note
        if hours:
            rows.append((self.label("label.hours"), hours))
        if person.address:
            rows.append((self.label("label.address"), self.data(person.address)))
        who = f'<p class="who">{self.data(person.who)}</p>' if person.who else ""
        if person.office:  # offices of one institution on one card: each person under their office's name
            who = f'<p class="svc"><strong>{self.data(person.office)}</strong></p>{who}'
        fields = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in rows)
        return f'<div class="person">{who}<dl>{fields}</dl></div>'

    def card(self, card: model.ContactCard, level: int = 3) -> str:
        """One card as an ``<article>`` whose heading (h2 or h3) names the service."""
        big = " big" if card.big else ""
        if card.empty is not None:
            return (f'<article class="card b-empty{big}"><h{level}>{self.heading(card)}</h{level}>'
                    f"<p>{self.text(card.empty)}</p></article>")
        bar = f"b-{card.level if card.level in ('municipality', 'ambito', 'metro') else 'metro'}" if card.local \
            else "b-other"
        parts = [f'<article class="card {bar}{big}"><h{level}>{self.heading(card)}</h{level}>']
        if card.service:
            parts.append(f'<p class="svc">{self.data(card.service)}</p>')
        for line in card.scope:
            text = self.text(line.text)
            parts.append(f'<p class="scope s-{line.level}">' + (text if line.role == "reason"
                                                                  else f"<strong>{text}</strong>") + "</p>")
        parts.extend(self.person(p) for p in card.people)
        if card.website or card.address:  # what every person on the card shares, once
            parts.append(self.person(model.Person("", (), (), card.website, "", "", None, card.address)))
        parts.append("</article>")
        return "".join(parts)


__all__ = ["CardWriter"]
