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
