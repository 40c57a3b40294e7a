"""The supervisor's screen shows the indicators at once, for the office and each Ambito (pytest-qt, offscreen)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.monitoring.views import cards
from app.territory.models import Municipality
from app.ui.stats_view import StatsView
from app.ui.workers import wait_for_background
from tests.conftest import make_context
from tests.monitoring.helpers import Office, merge_from_another_office

SUPERVISOR_TOML = '[roles]\nsupervisors = ["capo"]\n'


@pytest.fixture
def supervisor_ctx(tmp_path, prepared_sqlite):
    context = make_context(tmp_path, machine_toml=SUPERVISOR_TOML, user="capo")
    shutil.copy(prepared_sqlite, context.paths.sqlite_file)
    with context.sessions() as session:
        codes = sorted(session.scalars(select(Municipality.istat_code)))
    events = Office(31)
    events.spread(codes, date(2025, 1, 1), 600, deliveries=4000, outcomes=1200, scheduled=500)
    events.write(context)
    yield context
    wait_for_background(30_000)  # a period chosen last may still be counting
    context.dispose()


def _choose_t2_2026(qtbot, view: StatsView) -> None:
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        view.period_kind.setCurrentIndex(view.period_kind.findData("four_months"))
        view.year.setValue(2026)
        view.third.setCurrentIndex(view.third.findData(2))
        view._monitor_timer.stop()  # the choice may equal the default: ask once, now
        view.show_monitoring()
    assert view.period().label == "2026-T2"


def test_the_indicators_are_shown_without_asking(qtbot, supervisor_ctx, artifacts):
    view = StatsView(supervisor_ctx)
    qtbot.addWidget(view)
    view.resize(1280, 900)
    view.show()
    view.pages.setCurrentIndex(1)  # the supervisor's tab
    # Four months is the first kind offered, the last closed one chosen, and its indicators come by themselves.
    assert [view.pages.tabText(i) for i in range(2)] == ["Registrazione", "Statistiche dell'ufficio"]
    assert view.period_kind.currentData() == "four_months"
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        pass
    assert view.tabs.tabText(0) and view.tabs.currentIndex() == 0
    _choose_t2_2026(qtbot, view)
    panel = view.monitor
    m = panel.monitoring
    assert m.period.label == "2026-T2" and m.current is not None
    shown = [c for c in panel.cards if c.isVisible()]
    expected = cards(m)
    assert len(shown) == len(expected) >= 6
    for widget, card in zip(shown, expected, strict=True):
        shown_text = widget.value.text() + (f" {widget.basis.text()}" if widget.basis.text() else "")
        assert widget.name.text() == card.name and shown_text == card.value
    # The office's deliveries are a published figure, near the truth, shown in Italian grouping.
    assert panel.cards[0].value.text() == f"{int(m.value('consegne').number):,}".replace(",", ".")
    assert panel.cards[0].chart.isVisible() and panel.cards[0].chart.canvas().texts()
    qtbot.wait(50)
    view.grab().save(str(artifacts / "monitor_office.png"))
    # Narrower screens (a 1366x768 laptop at 125% leaves ~1,000 px): fewer columns instead of a sideways scroll,
    # no card narrower than it needs, none cut (a title that wraps on two lines makes its row taller).
    found = set()
    for width in (1280, 1000, 800):
        view.resize(width, 800)
        qtbot.wait(50)
        found.add(panel.grid.columns(panel.grid.geometry().width()))
        assert not panel.scroll.horizontalScrollBar().isVisible()
        visible = [c for c in panel.cards if c.isVisible()]
        assert all(c.width() >= c.minimumSizeHint().width() for c in visible)
        assert all(c.height() >= c.heightForWidth(c.width()) for c in visible)
    assert 4 in found and min(found) < 4
    # One Ambito: its own cards, the directory (per signatory) left out.
    ambito = m.ambiti[0]
    panel.unit.setCurrentIndex(panel.unit.findData(ambito))
    assert ambito in panel.heading.text()
    assert [c.name.text() for c in panel.cards if c.isVisible()] == [c.name for c in cards(m, ambito)]
    assert "Referenti verificati di recente" not in [c.name.text() for c in panel.cards if c.isVisible()]
    panel.grab().save(str(artifacts / "monitor_ambito.png"))


def test_a_period_not_over_says_so_and_shows_only_the_directory(qtbot, supervisor_ctx, artifacts):
    view = StatsView(supervisor_ctx)
    qtbot.addWidget(view)
    view.resize(1280, 900)
    view.show()
    view.pages.setCurrentIndex(1)  # the supervisor's tab
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        pass
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        view.period_kind.setCurrentIndex(view.period_kind.findData("year"))
        view.year.setValue(date.today().year + 1)
    panel = view.monitor
    assert panel.notes.isVisible() and "non è ancora concluso" in panel.notes.text()
    assert all(not c.value.text()[:1].isdigit() for c in panel.cards if c.isVisible()
               and c.name.text() != "Referenti verificati di recente")
    panel.grab().save(str(artifacts / "monitor_future.png"))


def test_the_report_button_writes_the_pdf_off_the_gui_thread(qtbot, supervisor_ctx, message_boxes, tmp_path):
    view = StatsView(supervisor_ctx)
    qtbot.addWidget(view)
    view.show()
    view.pages.setCurrentIndex(1)  # the supervisor's tab
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        pass
    _choose_t2_2026(qtbot, view)
    target = tmp_path / "out" / "tavolo"
    view.choose_report_path = lambda: target
    with qtbot.waitSignal(view.export_finished, timeout=30000):
        qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
    pdf = target.with_suffix(".pdf")
    assert message_boxes and pdf.name in message_boxes[-1][2]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2° quadrimestre 2026" in text and "Volantini consegnati" in text


def test_choosing_a_period_again_shows_events_recorded_merged_or_taken_back_since(qtbot, supervisor_ctx, tmp_path):
    """The cards never show a count older than the events: nothing is remembered between two choices."""
    from app.stats.events import record_delivery, undo_event

    view = StatsView(supervisor_ctx)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.monitoring_shown, timeout=20000):
        pass

    def packs() -> int:
        _choose_t2_2026(qtbot, view)
        return view.monitor.monitoring.current.tables["packs"].grand()

    first = packs()
    noise = view.monitor.monitoring.disclosure.table.max_noise  # either way, for each published figure
    def june_precetti(other) -> None:
        with other.sessions.begin() as session:
            for day in range(1, 31):
                record_delivery(session, stage="precetto", istat_code="015146", languages=["it", "ar"],
                                workstation="pc-other", when=date(2026, 6, day))

    assert merge_from_another_office(supervisor_ctx, tmp_path, june_precetti) == 30
    merged = packs()
    assert abs(merged - (first + 30)) <= 2 * noise < 30  # published figures: each within noise of the truth
    with supervisor_ctx.sessions.begin() as session:
        late = [record_delivery(session, stage="accesso", istat_code="015146", languages=["it"],
                                workstation="pc-late", when=date(2026, 7, 1)) for _ in range(40)]
    recorded = packs()
    assert abs(recorded - (merged + 40)) <= 2 * noise < 40
    with supervisor_ctx.sessions.begin() as session:
        assert all(undo_event(session, event_id) for event_id in late)
    assert packs() == merged  # the same events as before: the same published figure
    shown = next(c for c in view.monitor.cards if c.name.text() == "Volantini consegnati")
    assert shown.value.text() == f"{merged:,}".replace(",", ".")
