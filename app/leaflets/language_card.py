"""The "point to your language" card: one A4 page, every language in its own script, numbered.

The numbers (``Language.key``, issue 17) are the ones the leaflet screen shows on its language buttons, in the
same order, so "the household pointed at 7" is one keystroke for the bailiff. The last cell is for a household
whose language is not on the card: "Altra lingua / interprete".
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.leaflets.content import Content
from app.leaflets.flowables import Card, CardGrid
from app.leaflets.fonts import Fonts
from app.leaflets.languages import MASTER, language
from app.leaflets.typeset import ACCENT_HEX, Scale, latin_block, typesetter

CARD_SCALE = Scale(13, 13, 10)
# Languages whose words for "other language / interpreter" the card adds under the Italian ones.
_OTHER_IN = ("en", "fr", "es", "ar")


class _Keyed(Flowable):
    """A cell's content with its key (the number the bailiff types) in a badge at the top left of every cell,
    right-to-left ones included: the bailiff finds the number in the same place in every cell."""

    def __init__(self, key: str, items: list[Flowable], *, rtl: bool, font: str):
        super().__init__()
        self.key, self.items, self.rtl, self.font = key, items, rtl, font
        self.badge = 20

    def wrap(self, availWidth, availHeight):
        from app.leaflets.flowables import stack_height

        inner = availWidth - self.badge - 3
        self._h, self._layout = stack_height(self.items, inner)
        self.width, self.height = availWidth, max(self._h, self.badge)
        return self.width, self.height

    def draw(self) -> None:
        from app.leaflets.flowables import draw_stack

        canvas = self.canv
        x_badge = 0
        canvas.saveState()
        first = self.items[0]
        style = getattr(first, "style", None)
        # the key on the baseline of the language's name, so that both read as one line
        baseline = (self.height - (style.leading - style.size) / 2 - style.size * 0.8) if style else (
            self.height - self.badge + 5.5)
        canvas.setFillColor(HexColor(ACCENT_HEX))
        canvas.roundRect(x_badge, baseline - 5, self.badge, self.badge, 3, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#ffffff"))
        canvas.setFont(self.font, 14)
        canvas.drawCentredString(x_badge + self.badge / 2, baseline, self.key)
        canvas.restoreState()
        draw_stack(canvas, self._layout, self.badge + 3, self.height)


def render_language_card(content: Content, fonts: Fonts, codes: tuple[str, ...]) -> bytes:
    """One A4 page: every language in its own script, with "point to your language" in that language."""
    from app.leaflets.render import _PackDoc

    buffer = io.BytesIO()
    doc = _PackDoc(buffer, fonts, "Raccordo - lingue")
    latin_bold = fonts.ensure("latin")[1]
    story: list[Flowable] = [latin_block(content.text(MASTER, "card.title")[0], fonts, 20, bold=True,
                                         color=ACCENT_HEX), Spacer(1, 3 * mm)]
    cells: list[Flowable] = []
    for code in codes:
        lang = language(code)
        ts = typesetter(code, fonts, CARD_SCALE)
        prompt, fell_back = content.text(code, "card.prompt")
        # the name starts beside the key in every cell, Arabic and Urdu too: key and name read as one line
        items: list[Flowable] = [ts.block("para", lang.native_name, size=20, bold=True, color="#1a1a1a",
                                          align="left")]
        if not fell_back or code == MASTER:
            items.append(ts.block("para", prompt, size=12))
        items.append(latin_block(lang.italian_name, fonts, 12.5, bold=True, color="#444444"))
        key = getattr(lang, "key", None)
        content_cell: Flowable = _Keyed(key, items, rtl=lang.rtl, font=latin_bold) if key else _plain(items)
        cells.append(Card([content_cell], bar=HexColor(ACCENT_HEX), rtl=False, padding=5, tag="language"))
    other = [latin_block(content.text(MASTER, "card.other_language")[0], fonts, 20, bold=True)]
    for code in _OTHER_IN:
        text, fell_back = content.text(code, "card.other_language")
        if not fell_back:
            other.append(typesetter(code, fonts, CARD_SCALE).block("para", text, size=13))
    cells.append(Card(other, bar=HexColor("#5b6670"), rtl=False, padding=5, tag="language"))
    story.append(CardGrid([], cells, columns=2, gap=5, rtl=False))
    doc.build_pack(story)
    return buffer.getvalue()


class _plain(Flowable):
    def __init__(self, items: list[Flowable]):
        super().__init__()
        self.items = items

    def wrap(self, availWidth, availHeight):
        from app.leaflets.flowables import stack_height

        self.height, self._layout = stack_height(self.items, availWidth)
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        from app.leaflets.flowables import draw_stack

        draw_stack(self.canv, self._layout, 0, self.height)


__all__ = ["render_language_card"]
