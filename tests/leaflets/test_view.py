"""The bailiff's desk under pytest-qt, driven by keystrokes as a person at a counter would.

Keys go where Qt sends them (an open completer popup first, else the focused widget). The system print dialog
is the one thing replaced: ``PrinterChooser.choose`` answers for it, pointing the printer at a PDF file, as
pressing Enter in the dialog would accept it.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.db.meta import set_meta
from app.leaflets.languages import codes, language
from app.stats.models import Delivery, DeliveryLanguage
from app.ui.leaflets_view import LeafletsView
from app.ui.main_window import MainWindow
from app.ui.printing import PrinterChooser, PrintError, pdf_file_printer, print_pdf

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def _deliveries(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(Delivery))


def _last_delivery(ctx) -> tuple[str, str, list[str]]:
    with ctx.sessions() as session:
        row = session.scalars(select(Delivery).order_by(Delivery.recorded_at.desc())).first()
        languages = sorted(session.scalars(select(DeliveryLanguage.language)
                                           .where(DeliveryLanguage.delivery_id == row.id)))
        return row.stage, row.istat_code, languages


def press(qtbot, *keys) -> int:
    """Type keys as a person does; return how many keystrokes that was (a chord such as Ctrl+P is one)."""
    for key in keys:
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert target is not None, f"nothing has the keyboard for {key!r}"
        if isinstance(key, tuple):
            qtbot.keyClick(target, key[0], key[1])
        else:
            qtbot.keyClick(target, key)
    return len(keys)


def printer_to(path):
    """The print dialog accepted (Enter) with a printer writing ``path``."""
    def choose(_parent, printer):
        printer.setOutputFormat(printer.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True
    return choose


@pytest.fixture
def view(qtbot, ctx):
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 648)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.focus_first()
    yield widget
    PrinterChooser.choose = None


def choose(qtbot, view, stage="4", place="cernusco", keys=("4",)):
    """Stage, municipality and language keys, from wherever the focus is."""
    view.focus_first()
    press(qtbot, stage, *place, ENTER, *keys)


def test_from_an_empty_screen_to_a_printed_pack_in_eight_keystrokes(qtbot, ctx, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 648)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    leaflets = [s.id for s in window.sections].index("leaflets")
    press(qtbot, (Qt.Key.Key_1 + leaflets, CTRL))  # open the screen: the keyboard lands on the stage keys
    view = window.views["leaflets"]
    assert QApplication.focusWidget() is view.stages.buttons[0]
    printed = tmp_path / "printed.pdf"
    PrinterChooser.choose = printer_to(printed)
    before = _deliveries(ctx)

    count = press(qtbot, "4")                       # stage 4: avviso di sloggio; the focus moves on
    assert QApplication.focusWidget() is view.municipality
    count += press(qtbot, "r", "h", "o", ENTER)      # the municipality, accepted with Enter
    assert view.municipality.text() == "Rho"
    count += press(qtbot, "7")                      # the household pointed at 7 on the card: Sinhala
    with qtbot.waitSignal(view.pack_printed) as signal:
        count += press(qtbot, ("p", CTRL))          # print...
    count += 1                                      # ...and Enter in the print dialog (answered by the hook)
    assert count == 8
    assert len(PdfReader(printed).pages) == signal.args[0] >= 2  # the Sinhala and the Italian sections
    assert _deliveries(ctx) == before + 1
    assert _last_delivery(ctx) == ("avviso_sloggio", "015182", ["it", "si"])
    assert "Ctrl+N" in view.status.text()

    press(qtbot, ENTER)  # one key, and the screen is ready for the next household
    assert view.stage() is None and view.municipality.text() == "" and view.languages.codes() == []
    assert QApplication.focusWidget() is view.stages.buttons[0]
    assert view.undo_button.isEnabled()  # the last delivery can still be taken back
    window.close()


def test_the_preview_follows_the_choices_and_says_what_it_shows(qtbot, view):
    assert view.document is None and "fase e comune" in view.preview_label.text()  # m9: a hint, not a grey block
    with qtbot.waitSignal(view.preview_shown, timeout=10000):
        choose(qtbot, view, stage="3", place="milano", keys=())
    assert view.preview_label.text().startswith("Anteprima: Precetto · Milano · italiano · ")
    italian_only = view.document.pageCount()
    with qtbot.waitSignal(view.preview_shown, timeout=10000):
        press(qtbot, "5")
    assert "Anteprima: Precetto · Milano · cinese (semplificato), italiano" in view.preview_label.text()
    assert view.document.pageCount() > italian_only
    # printing what the preview shows reuses it: no second render
    PrinterChooser.choose = lambda _parent, _printer: False
    with qtbot.assertNotEmitted(view.pack_rendered):
        press(qtbot, ("p", CTRL))


def test_two_languages_at_most_a_third_is_refused_in_words(qtbot, view):
    choose(qtbot, view, keys=("1", "a"))
    assert view.languages.codes() == ["en", "uk"]
    assert view.languages.by_code["en"].isChecked() and view.languages.by_code["uk"].isChecked()
    press(qtbot, "b")
    assert view.languages.codes() == ["en", "uk"]  # Bengali refused, nothing dropped
    assert not view.language_message.isHidden()
    assert "Già due lingue (inglese, ucraino)" in view.language_message.text()
    press(qtbot, Qt.Key.Key_Backspace, "b")  # take back the last one, then Bengali fits
    assert view.languages.codes() == ["en", "bn"] and view.language_message.isHidden()
    assert view.language_summary.text() == "Foglio in: inglese, bengalese + italiano"


def test_no_language_asks_italian_only_first_and_zero_says_it(qtbot, view, ctx, tmp_path, message_boxes):
    PrinterChooser.choose = printer_to(tmp_path / "it.pdf")
    choose(qtbot, view, stage="1", place="basiano", keys=())
    before = _deliveries(ctx)
    press(qtbot, ("p", CTRL))  # the question's default answer is No: back to the language keys
    assert message_boxes[-1][2] == "Nessuna lingua del nucleo scelta. Solo italiano?"
    assert _deliveries(ctx) == before and view.languages.isAncestorOf(QApplication.focusWidget())
    press(qtbot, "0")  # Italian only, said explicitly: no question
    asked = len(message_boxes)
    with qtbot.waitSignal(view.pack_printed):
        press(qtbot, ("p", CTRL))
    assert len(message_boxes) == asked
    assert _last_delivery(ctx) == ("diffida", "015014", ["it"])


def test_unknown_and_ambiguous_municipalities_get_a_plain_message(qtbot, view):
    press(qtbot, "2", *"atlantide", ENTER)
    assert view.municipality_error.text().startswith("Nessun comune «atlantide» nella Città metropolitana")
    assert QApplication.focusWidget() is view.municipality  # nothing moved on
    view.municipality.clear()
    press(qtbot, *"cer", ENTER)
    assert "«cer» corrisponde a 3 comuni" in view.municipality_error.text()
    assert view.municipality.text() == "cer"  # Enter took none of the three for the bailiff
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)  # the list is back
    press(qtbot, Qt.Key.Key_Down, ENTER)  # the first one in the list, picked with the arrows
    assert view.municipality.text() == "Cernusco sul Naviglio" and view.municipality_error.isHidden()
    assert view.languages.isAncestorOf(QApplication.focusWidget())


def test_tab_comes_back_to_the_chosen_stage(qtbot, view):
    """m17: Tab used to land on "1" whatever was chosen; each key group is one Tab stop, at its chosen key."""
    choose(qtbot, view, stage="4", place="rho", keys=("7",))
    press(qtbot, (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier))
    assert QApplication.focusWidget() is view.municipality
    press(qtbot, (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier))
    assert QApplication.focusWidget() is view.stage_buttons["avviso_sloggio"]
    press(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.languages.by_code["si"]


def test_cancelled_print_records_nothing_and_keeps_the_choices(qtbot, view, ctx):
    PrinterChooser.choose = lambda _parent, _printer: False
    choose(qtbot, view, keys=("4",))
    before = _deliveries(ctx)
    press(qtbot, ("p", CTRL))
    assert _deliveries(ctx) == before
    assert view.status.text() == "Stampa annullata: nessuna consegna registrata. Le scelte restano."
    assert (view.stage(), view.municipality.text(), view.languages.codes()) == \
        ("avviso_sloggio", "Cernusco sul Naviglio", ["ar"])


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the printer that went away, on purpose
def test_a_printer_that_disappears_records_nothing(qtbot, view, ctx, tmp_path, message_boxes):
    PrinterChooser.choose = printer_to(tmp_path / "unplugged" / "gone.pdf")  # the printer's queue is gone
    choose(qtbot, view, keys=("9",))
    before = _deliveries(ctx)
    press(qtbot, ("p", CTRL))
    assert message_boxes[-1][2].startswith("Nulla è stato stampato e nessuna consegna è stata registrata")
    assert _deliveries(ctx) == before and view.languages.codes() == ["ro"]


def test_save_records_one_delivery_and_undo_takes_it_back(qtbot, view, ctx, tmp_path):
    target = tmp_path / "pack.pdf"
    view.choose_path = lambda: target
    choose(qtbot, view, keys=("4", "b"))
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_saved):
        press(qtbot, ("s", CTRL))
    assert len(PdfReader(target).pages) >= 5
    assert _deliveries(ctx) == before + 1
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)  # "Annulla consegna", next to Print
    assert _deliveries(ctx) == before
    assert view.status.text() == "Consegna annullata."


def test_duplex_printer_gets_every_pack_on_a_front_page(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "duplex.pdf"
    PrinterChooser.choose = printer_to(printed)
    view.is_two_sided = lambda _printer: True  # no duplex printer here: Qt's PDF printer ignores setDuplex
    choose(qtbot, view, stage="1", place="milano", keys=("1",))
    view.copies.setValue(2)
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_printed) as signal:
        press(qtbot, ("p", CTRL))
    assert view.result.duplex
    assert len(PdfReader(printed).pages) == signal.args[0]
    pages = PdfReader(io.BytesIO(view.result.pdf)).pages
    starts = [number for number, page in enumerate(pages, start=1) if re.search(r"Pagina 1\b", page.extract_text())]
    assert len(starts) == 2 and all(number % 2 == 1 for number in starts)
    assert _deliveries(ctx) == before + 1  # two copies, one household


def test_batch_prints_as_one_job_with_one_delivery_per_row(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "batch.pdf"
    PrinterChooser.choose = printer_to(printed)
    choose(qtbot, view, stage="3", place="basiano", keys=("9",))
    press(qtbot, ("b", CTRL))
    press(qtbot, ("n", CTRL))
    choose(qtbot, view, stage="3", place="basiano", keys=("a",))
    view.copies.setValue(2)
    press(qtbot, ("b", CTRL))
    assert view.batch_table.rowCount() == 2 and view.tabs.tabText(1) == "Lotto (2)"
    assert view.batch_table.item(1, 2).text() == "ucraino"
    before = _deliveries(ctx)
    with qtbot.waitSignal(view.pack_printed) as signal:
        view.print_batch()
    assert len(PdfReader(printed).pages) == signal.args[0] >= 9  # 1 + 2 copies, each at least 3 pages
    assert _deliveries(ctx) == before + 2


def test_language_card_tab_and_print_record_nothing(qtbot, view, ctx, tmp_path):
    printed = tmp_path / "card.pdf"
    PrinterChooser.choose = printer_to(printed)
    before = _deliveries(ctx)
    view.tabs.setCurrentIndex(2)
    assert view.card_document.pageCount() == 1
    with qtbot.waitSignal(view.pack_printed):
        qtbot.mouseClick(view.card_print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(printed).pages) == 1
    assert _deliveries(ctx) == before


def test_the_keys_on_screen_are_the_card_s(view):
    """Same list, same order, same keys as the printed card (content.toml «languages»): the only list there is."""
    shown = [(button.code, button.key_label.text()) for button in view.languages.buttons]
    assert shown == [(code, language(code).key) for code in codes()]
    assert view.languages.by_code["si"].texts[0] == "සිංහල"  # native name, in its script
    assert view.languages.by_code["si"].texts[1].startswith("singalese")


def test_demo_stale_and_municipality_warnings_take_their_own_room(qtbot, view, ctx):
    assert not view.demo_banner.isHidden() and "DEMO" in view.demo_banner.text()
    assert view.stale_banner.isHidden()  # shipped data, never synced: nothing has expired
    view.municipality.setText("Rho")
    notes = {view.ambito_note: "Ambito «Rhodense» da verificare", view.court_note: "Tribunale di Milano da verificare",
             view.fallback_note: "Ufficio casa: nessun contatto comunale"}
    for note, text in notes.items():
        assert not note.isHidden() and note.text().startswith(text)
        assert "housing" not in note.text()  # no internal keys on screen
    view.municipality.setText("Milano")  # Ambito and court sourced, every local service present
    assert all(note.isHidden() for note in notes)
    with ctx.sessions.begin() as session:  # a synced version whose expiry is past (frozen mirror, no network)
        set_meta(session, "sync.sequence", "7")
        set_meta(session, "sync.expires_at", "2026-01-01T00:00:00+00:00")
    view.hide()
    view.show()
    assert not view.stale_banner.isHidden()


def test_amounts_past_their_review_date_get_a_banner_in_words(view):
    from datetime import date

    assert view.figures_banner.isHidden()  # the shipped figures are within their review dates
    view._check_data(today=date(2031, 1, 1))
    text = view.figures_banner.text()
    assert not view.figures_banner.isHidden() and text.startswith("Importi nei fogli da ricontrollare: «")
    assert "patrocinio a spese dello Stato» (13.659,64 euro), da ricontrollare dal" in text
    assert "shared." not in text and "blocchi" not in text  # no internal block keys for the bailiff


def test_a_language_whose_font_is_missing_is_refused_in_words(qtbot, ctx, tmp_path):
    import dataclasses
    import shutil

    root = tmp_path / "install"
    shutil.copytree(ctx.paths.root / "resources", root / "resources",
                    ignore=shutil.ignore_patterns("NotoSansSinhala-*"))
    (root / "i18n").symlink_to(ctx.paths.root / "i18n")
    ctx.engine  # noqa: B018 - bind the database before moving the install root
    ctx.paths = dataclasses.replace(ctx.paths, root=root)
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    sinhala = widget.languages.by_code["si"]
    assert not sinhala.isEnabled() and "manca il carattere per singalese" in sinhala.toolTip()
    widget.languages.toggle("si")  # its key, pressed
    assert widget.languages.codes() == []
    assert widget.language_message.text() == "Non stampabile: manca il carattere per singalese. Reinstallare Raccordo."


def test_missing_texts_give_a_clear_screen_not_a_crash(qtbot, ctx, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="app.ui.fonts")  # expected: logfail lets it through
    import dataclasses

    ctx.engine  # noqa: B018 - bind the database before moving the install root
    ctx.paths = dataclasses.replace(ctx.paths, root=tmp_path / "no-install")
    widget = LeafletsView(ctx)
    qtbot.addWidget(widget)
    assert widget.content is None
    assert "content.toml" in widget.error_label.text()


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


def test_the_status_line_leaves_out_by_kind_what_the_screen_says_elsewhere(qtbot, view):
    """The municipality's fallback note and the incomplete translations have their own places on screen; the status
    line drops those warnings by their kind. A warning of another kind is shown even if it reads like one of them."""
    from dataclasses import replace

    from app.leaflets.pack import CATALOG_PROBLEM, FALLBACK_REFERENTS, PackWarning

    with qtbot.waitSignal(view.preview_shown, timeout=10000):  # the diffida lists the housing office Rho lacks
        choose(qtbot, view, stage="1", place="rho", keys=())
    result = view.result
    fallback = [w for w in result.warnings if w.kind == FALLBACK_REFERENTS]
    assert fallback and fallback[0].text.startswith("Rho: nessun referente comunale")
    assert "nessun referente comunale" not in view.status.text()
    look_alike = PackWarning(CATALOG_PROBLEM, "Rho: paragrafo «x» del catalogo non usato")
    view._warn(replace(result, warnings=[*result.warnings, look_alike]))
    assert look_alike.text in view.status.text() and "nessun referente comunale" not in view.status.text()
