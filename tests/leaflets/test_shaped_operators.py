"""Shaped runs (Arabic, Urdu, Bengali, Tamil, Sinhala) are written with ``textflow._shaped_operators``, not glyph
by glyph through ReportLab's ``PDFTextObject._formatText``: the operators must be the very same string, for every
run the catalogs print, so that a ReportLab upgrade that writes them differently fails here, not on paper."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.leaflets.content import load_content, shipped_files
from app.leaflets.fonts import Fonts
from app.leaflets.textflow import _shaped, _shaped_operators, prepare
from app.leaflets.typeset import Scale, typesetter
from app.paths import install_root
from app.vocab import STAGES


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_files(install_root() / "i18n" / "leaflets"))


@pytest.mark.parametrize("code", ["ar", "ur", "bn", "ta", "si"])
def test_shaped_runs_are_written_as_reportlab_writes_them(content, code):
    ts = typesetter(code, Fonts(), Scale.of(False))
    canvas = Canvas(io.BytesIO())
    text_object = canvas.beginText()
    written = kept_to_reportlab = 0
    for bold in (False, True):
        style = ts.style(9.5, bold=bold)
        for stage in STAGES:
            for block in content.blocks(stage):
                text = content.paragraph(code, block.key, "Cernusco sul Naviglio")[0]
                for unit in prepare(text, style).units:
                    for piece in unit.pieces:
                        if not piece.shape:
                            continue
                        text_object.setFont(piece.font, style.size)
                        expected = text_object._formatText(_shaped(piece.text, piece.font))
                        text_object.setFont(piece.font, style.size)
                        ours = _shaped_operators(text_object, piece.text, piece.font)
                        if ours is None:  # raised or lowered glyphs: ReportLab writes the run itself
                            kept_to_reportlab += 1
                            continue
                        assert ours == expected, piece.text
                        written += 1
    assert written > 500
    assert written > 2 * kept_to_reportlab  # Bengali and Tamil raise or lower the marks of a fifth of their runs


def test_a_paragraph_is_one_text_object_with_its_font_written_once():
    """A paragraph of several lines in one font is drawn as one text object (BT ... ET) that names its font once;
    a text object a line and a font operator a run made the pack's drawing a third slower, for the same page."""
    from app.leaflets.textflow import TextBlock

    ts = typesetter("it", Fonts(), Scale.of(False))
    block = TextBlock("Il contratto di locazione è finito e il proprietario chiede di lasciare la casa. " * 6,
                      ts.style(10))
    block.wrap(200, 1000)
    assert len(block.lines) >= 5
    canvas = Canvas(io.BytesIO())
    before = len(canvas._code)
    block.drawOn(canvas, 0, 0)
    stream = " ".join(canvas._code[before:])
    assert stream.count("BT") == 1 and stream.count("ET") == 1
    assert stream.count(" Tf") == 1
    assert stream.count(" Tm") == len(block.lines) + 1  # each line placed, and the text object's own origin
