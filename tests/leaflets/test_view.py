"""The leaflet screen under pytest-qt, and printing through QtPdf onto a PDF-file printer."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QMessageBox
from sqlalchemy import func, select

from app.db.meta import set_meta
from app.stats.models import Delivery
from app.ui.leaflets_view import LeafletsView
from app.ui.printing import PrinterChooser, PrintError, pdf_file_printer, print_pdf


def _deliveries(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Delivery))


@pytest.fixture
def view(qtbot, ctx):
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 820)  # not shown: the completer popup would warn on the offscreen platform
    widget.municipality.completer_.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    yield widget
    PrinterChooser.choose = None


def fill(qtbot, view, stage="accesso", place="cernusco", codes=("ar",)):
    qtbot.mouseClick(view.stage_buttons[stage], Qt.MouseButton.LeftButton)
    view.municipality.clear()
    qtbot.keyClicks(view.municipality, place)
    for code in codes:
        for row in range(view.languages.count()):
            if view.languages.item(row).data(Qt.ItemDataRole.UserRole) == code:
                view.languages.setCurrentRow(row)
                qtbot.keyClick(view.languages, Qt.Key.Key_Space)


def test_type_ahead_ignores_case_and_accents(qtbot, view):
    qtbot.keyClicks(view.municipality, "cernusco")
    assert "Cernusco sul Naviglio" in view.municipality.completer_.model().stringList()
    view.municipality.clear()
    qtbot.keyClicks(view.municipality, "CASSANO D ADDA")
    assert view.municipality.municipality().name == "Cassano d'Adda"


def test_missing_stage_or_municipality_is_explained(qtbot, view, message_boxes):
    view.show_preview()
    assert message_boxes[-1][2] == view.tr("Choose the stage first.")
    qtbot.mouseClick(view.stage_buttons["precetto"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.municipality, "Atlantide")
    view.show_preview()
    assert message_boxes[-1][0] == QMessageBox.Icon.Warning
    assert message_boxes[-1][2] == view.tr("Choose the municipality from the list.")
    assert view.result is None


def test_at_most_two_languages_and_incomplete_ones_marked(qtbot, view):
    fill(qtbot, view, codes=("ar", "bn", "zh_Hans"))
    assert view.languages.codes() == ["ar", "bn"]


def test_save_records_one_delivery_and_undo_takes_it_back(qtbot, view, ctx, tmp_path):
    target = tmp_path / "pack.pdf"
    view.choose_path = lambda: target
    fill(qtbot, view, codes=("ar", "bn"))
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_saved):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(target).pages) >= 5
    assert _deliveries(ctx) == before + 1
    assert view.undo_button.isEnabled()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert _deliveries(ctx) == before
    assert view.document is not None and view.document.pageCount() == len(PdfReader(target).pages)


def test_print_to_pdf_file_printer_and_read_it_back(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "printed.pdf"

    def choose(_parent, printer):
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    PrinterChooser.choose = choose
    fill(qtbot, view, stage="diffida", place="Milano", codes=("zh_Hans",))
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_printed) as signal:
        qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    pages = signal.args[0]
    assert pages == view.document.pageCount() >= 3
    assert len(PdfReader(printed).pages) == pages
    assert _deliveries(ctx) == before + 1


def test_duplex_printer_gets_every_pack_on_a_front_page(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "duplex.pdf"

    def choose(_parent, printer):
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return True

    PrinterChooser.choose = choose
    view.is_two_sided = lambda _printer: True  # no duplex printer here: Qt's PDF printer ignores setDuplex
    fill(qtbot, view, stage="diffida", place="Milano", codes=("en",))
    view.copies.setValue(2)
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_printed) as signal:
        view.print_pack()
    assert view.result.duplex
    assert len(PdfReader(printed).pages) == signal.args[0]
    # the printer gets page images; the job's PDF tells where each copy starts (its footer says "Pagina 1"),
    # and every start must be a front side: an odd page number
    pages = PdfReader(io.BytesIO(view.result.pdf)).pages
    assert len(pages) == signal.args[0]
    starts = [number for number, page in enumerate(pages, start=1) if re.search(r"Pagina 1\b", page.extract_text())]
    assert len(starts) == 2 and all(number % 2 == 1 for number in starts)
    assert _deliveries(ctx) == before + 1


def test_cancelled_printer_records_nothing(qtbot, view, ctx):
    PrinterChooser.choose = lambda _parent, _printer: False
    fill(qtbot, view)
    before = _deliveries(ctx)
    view.print_pack()
    assert _deliveries(ctx) == before
    assert view.status.text() == view.tr("Printing cancelled: no delivery recorded.")


def test_batch_prints_as_one_job_with_one_delivery_per_row(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "batch.pdf"
    PrinterChooser.choose = lambda _p, printer: (printer.setOutputFileName(str(printed)), True)[1]
    fill(qtbot, view, stage="precetto", place="Basiano", codes=("ro",))
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    view.languages.set_codes(["uk"])
    view.copies.setValue(2)
    view.add_to_batch()
    assert view.batch_table.rowCount() == 2
    view.batch_table.selectRow(0)
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_printed) as signal:
        view.print_batch()
    assert len(PdfReader(printed).pages) == signal.args[0] >= 9  # 1 + 2 copies, each at least 3 pages
    assert _deliveries(ctx) == before + 2


def test_language_card_preview_and_print_record_nothing(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "card.pdf"
    PrinterChooser.choose = lambda _p, printer: (printer.setOutputFileName(str(printed)), True)[1]
    before = _deliveries(ctx)
    qtbot.mouseClick(view.card_button, Qt.MouseButton.LeftButton)
    assert view.document.pageCount() == 1
    with qtbot.waitSignal(view.pack_printed):
        qtbot.mouseClick(view.card_print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(printed).pages) == 1
    assert _deliveries(ctx) == before


def test_missing_texts_give_a_clear_screen_not_a_crash(qtbot, ctx, tmp_path):
    import dataclasses

    ctx.engine  # noqa: B018 - bind the database before moving the install root
    ctx.paths = dataclasses.replace(ctx.paths, root=tmp_path / "no-install")
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    assert widget.content is None
    assert "content.toml" in widget.error_label.text()


def test_stale_data_banner(qtbot, ctx):
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    assert widget.stale_banner.isHidden()  # shipped data, never synced: nothing has expired
    with ctx.sessions.begin() as session:  # a synced version whose expiry is past (frozen mirror, no network)
        set_meta(session, "sync.sequence", "7")
        set_meta(session, "sync.expires_at", "2026-01-01T00:00:00+00:00")
    widget.show()
    assert not widget.stale_banner.isHidden()


def test_screen_picture(qtbot, view, artifacts):
    fill(qtbot, view, codes=("ar",))
    with qtbot.waitSignal(view.pack_rendered):
        view.show_preview()
    view.add_to_batch()
    view.grab().save(str(artifacts / "leaflets-view.png"))
    assert (artifacts / "leaflets-view.png").stat().st_size > 20_000


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the unwritable printer below, on purpose
def test_print_pdf_onto_pdf_printer_and_bad_printer(qapp, tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    source = io.BytesIO()
    canvas = Canvas(source)
    for number in range(3):
        canvas.drawString(100, 700, f"pagina {number + 1}")
        canvas.showPage()
    canvas.save()
    out = tmp_path / "out.pdf"
    assert print_pdf(source.getvalue(), pdf_file_printer(str(out))) == 3
    assert len(PdfReader(out).pages) == 3
    with pytest.raises(PrintError, match="Stampante"):
        print_pdf(source.getvalue(), pdf_file_printer(str(tmp_path / "missing" / "dir" / "x.pdf")))
    with pytest.raises(PrintError, match="PDF non leggibile"):
        print_pdf(b"not a pdf", pdf_file_printer(str(out)))


def test_unverified_ambito_is_flagged_before_printing(qtbot, view):
    view.municipality.setText("Abbiategrasso")  # its Ambito is INFERRED in the territory data
    assert not view.ambito_note.isHidden()
    assert "Abbiategrasso" in view.ambito_note.text() and "da verificare" in view.ambito_note.text()
    view.municipality.setText("Milano")  # sourced
    assert view.ambito_note.isHidden()
