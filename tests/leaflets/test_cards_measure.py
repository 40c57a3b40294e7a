"""A card's label column is chosen by measuring each width tried from the text engine's cached line breaking
(``cards._lines_height``), not by building and wrapping the lines' flowables at each width: the two must agree
exactly, or a card would be set at another label width than the one that makes it shortest."""

from __future__ import annotations

import pytest

from app.leaflets import card_model as model
from app.leaflets.cards import CardText, _flowables, _label_widths, _lines_height, _lines_of, _person
from app.leaflets.content import load_content, shipped_files
from app.leaflets.flowables import Card, stack_height
from app.leaflets.fonts import Fonts
from app.leaflets.typeset import Scale, typesetter
from app.paths import install_root
from tests.leaflets.helpers import bad_contacts, many_contacts, municipality_contacts, ten_referents

CODES = ("it", "ar", "ur", "ta", "bn", "zh_Hans", "ru", "si")


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_files(install_root() / "i18n" / "leaflets"))


@pytest.fixture(scope="module")
def fonts():
    return Fonts()


def _people(text: CardText) -> list[model.Person]:
    referents = [*ten_referents(), *municipality_contacts(), *bad_contacts(), *many_contacts(6)]
    return [model.person(text.labels, r) for r in referents]


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("code", CODES)
def test_measured_height_is_the_wrapped_height(content, fonts, code, large):
    scale = Scale.of(large)
    text = CardText(content, code, "Cernusco sul Naviglio", typesetter(code, fonts, scale), scale)
    checked = 0
    for person in _people(text):
        for big in (False, True):
            small = scale.small * (1.05 if big else 1.0)
            lines = tuple(_lines_of(text, person, big=big))
            for width in (120.0, 170.0, 260.0 - 2 * Card.PADDING - Card.BAR, 540.0):
                widths = _label_widths(text, person, width, small)
                for label_width in widths:
                    wrapped = stack_height(_flowables(text, lines, width, label_width), width)[0]
                    assert _lines_height(lines, width, label_width) == wrapped, (code, person.who, width, label_width)
                    checked += 1
                # and the person is set at the narrowest of the shortest label widths, as by wrapping each
                best: tuple[float, float] | None = None
                for label_width in widths:
                    height = stack_height(_flowables(text, lines, width, label_width), width)[0]
                    if best is None or height < best[0] - 0.5:
                        best = (height, label_width)
                assert best is not None
                chosen = _person(text, person, width, big=big)
                pairs = [f for f in chosen if hasattr(f, "label_width")]
                assert all(p.label_width == best[1] for p in pairs)
    assert checked > 300
