"""The statistics screen under pytest-qt: bailiff entry, own counts, undo, supervisor tables and export."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter
from sqlalchemy import func, select

from app.stats.events import record_delivery
from app.stats.models import AccessOutcome, ScheduledAccess
from app.ui import workers
from app.ui.stats_view import StatsView
from tests.conftest import make_context

SUPERVISOR_TOML = '[roles]\nsupervisors = ["capo"]\n'


def _office_ctx(tmp_path, prepared_sqlite, user: str):
    """A workstation IT configured: its file names "capo" the supervisor."""
    import shutil

    context = make_context(tmp_path, machine_toml=SUPERVISOR_TOML, user=user)
    shutil.copy(prepared_sqlite, context.paths.sqlite_file)
    return context


@pytest.fixture
def supervisor_ctx(tmp_path, prepared_sqlite):
    context = _office_ctx(tmp_path, prepared_sqlite, "capo")
    yield context
    workers.wait_for_background(30_000)  # the indicators the screen computes by itself, before the data goes
    context.dispose()


@pytest.fixture
def bailiff_ctx(tmp_path, prepared_sqlite):
    context = _office_ctx(tmp_path, prepared_sqlite, "ufficiale")
    yield context
    context.dispose()


def _count(ctx, model) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_bailiff_records_an_outcome_with_big_buttons_and_can_undo(qtbot, bailiff_ctx, message_boxes, artifacts):
    ctx = bailiff_ctx
    view = StatsView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 700)  # not shown: the completer popup would warn on the offscreen platform
    assert not hasattr(view, "tabs"), "a bailiff does not see the office tables"
    # The offscreen platform warns when a popup opens: complete inline, the suggestions are the same.
    view.outcome_place.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    qtbot.keyClicks(view.outcome_place, "Cernusco")
    assert view.outcome_place.completer().model().stringList()[0].startswith("Cernusco")
    qtbot.mouseClick(view.social_buttons["yes"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.event_recorded):
        qtbot.mouseClick(view.outcome_buttons["executed"], Qt.MouseButton.LeftButton)
    assert view.outcome_buttons["executed"].minimumHeight() >= 56
    with ctx.sessions() as session:
        row = session.scalars(select(AccessOutcome)).one()
    assert (row.outcome, row.social_services, row.istat_code) == ("executed", "yes", "015070")
    assert view.count_labels["outcomes_today"].text() == "1"
    view.grab().save(str(artifacts / "stats_view_bailiff.png"))
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert _count(ctx, AccessOutcome) == 0
    assert view.count_labels["outcomes_today"].text() == "0"
    assert message_boxes == []


def test_outcome_without_municipality_warns_and_stores_nothing(qtbot, ctx, message_boxes):
    view = StatsView(ctx)
    qtbot.addWidget(view)
    qtbot.mouseClick(view.outcome_buttons["postponed"], Qt.MouseButton.LeftButton)
    assert len(message_boxes) == 1
    assert "municipality" in message_boxes[0][2].lower() or "comune" in message_boxes[0][2].lower()
    assert _count(ctx, AccessOutcome) == 0


def test_scheduled_access_entry(qtbot, ctx, message_boxes):
    view = StatsView(ctx)
    qtbot.addWidget(view)
    view.schedule_place.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    qtbot.keyClicks(view.schedule_place, "015146")
    view.schedule_date.setDate(view.schedule_date.date().fromString("2026-12-01", "yyyy-MM-dd"))
    qtbot.mouseClick(view.schedule_button, Qt.MouseButton.LeftButton)
    with ctx.sessions() as session:
        assert session.scalar(select(ScheduledAccess.access_day)) == date(2026, 12, 1)
    assert message_boxes == []


def test_own_counts_show_deliveries_of_this_workstation_only(qtbot, ctx):
    with ctx.sessions.begin() as session:
        for _ in range(3):
            record_delivery(session, stage="accesso", istat_code="015146", languages=["it"],
                            workstation=ctx.config.workstation())
        record_delivery(session, stage="accesso", istat_code="015146", languages=["it"], workstation="altra")
    view = StatsView(ctx)
    qtbot.addWidget(view)
    assert view.count_labels["deliveries_today"].text() == "3"
    assert view.count_labels["deliveries_month"].text() == "3"


def test_supervisor_sees_tables_and_exports(qtbot, supervisor_ctx, message_boxes, tmp_path, artifacts):
    ctx = supervisor_ctx
    with ctx.sessions.begin() as session:
        for i in range(40):
            record_delivery(session, stage=("diffida", "precetto")[i % 2], istat_code="015146",
                            languages=["it", "ar"], workstation="w", when=date(2026, 10, 1 + i % 28))
    view = StatsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    view.pages.setCurrentIndex(1)  # the supervisor's tab
    view.period_kind.setCurrentIndex(view.period_kind.findData("month"))
    view.year.setValue(2026)
    view.month.setCurrentIndex(9)
    assert view.period().label == "2026-10"
    with qtbot.waitSignal(view.report_shown):
        qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.tabs.count() == 10  # the indicators, then the nine tables of the export
    assert view.tabs.widget(0) is view.monitor and view.tabs.currentIndex() == 1
    summary = view.tabs.widget(1).model()
    total_row = summary.rowCount() - 1
    shown = summary.value(total_row, summary.columnCount() - 1)
    assert shown == view.report.summary.grand() and abs(shown - 40) <= view.report.disclosure.table.max_noise
    view.grab().save(str(artifacts / "stats_view_supervisor.png"))
    target = tmp_path / "out" / "ottobre.xlsx"
    view.choose_path = lambda: target
    with qtbot.waitSignal(view.export_finished):
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert message_boxes and "ottobre.xlsx" in message_boxes[-1][2]
    assert load_workbook(target)["Riepilogo"]["B6"].value == shown  # the same events, the same number


def _pick(field, text: str) -> None:
    """Choose a municipality without the completer's popup (it warns on the offscreen platform)."""
    field.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    field.setText(text)


def test_an_outcome_recorded_while_the_database_is_busy_never_freezes_the_window(qtbot, ctx, message_boxes):
    """A long import holds SQLite's write lock: the click returns at once, the write waits in the pool.

    Before, the click's handler itself waited for the lock (up to the 10 s busy timeout) on the GUI thread: the
    window could not even repaint. Deterministic: the lock is released by the test, not by a clock.
    """
    import sqlite3
    import threading

    from app.ui import workers

    workers.set_synchronous(False)  # the real pool: the point is which thread waits
    view = StatsView(ctx)
    qtbot.addWidget(view)
    _pick(view.outcome_place, "Rho")
    writer_threads: list[threading.Thread] = []
    view.event_recorded.connect(lambda _id: writer_threads.append(threading.current_thread()))
    holder = sqlite3.connect(ctx.paths.sqlite_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # what a year of events being imported does to everybody else
    try:
        qtbot.mouseClick(view.outcome_buttons["postponed"], Qt.MouseButton.LeftButton)
        # The click came back while the database is still held: nothing recorded yet, and nothing can be
        # clicked twice meanwhile.
        assert view.last_event is None and _count(ctx, AccessOutcome) == 0
        assert not view.outcome_buttons["executed"].isEnabled() and not view.schedule_button.isEnabled()
        assert view.status.text() == "Registrazione in corso..."
    finally:
        holder.rollback()
        holder.close()
    with qtbot.waitSignal(view.event_recorded, timeout=30_000):
        pass
    assert writer_threads == [threading.main_thread()]  # the result comes back on the GUI thread
    assert _count(ctx, AccessOutcome) == 1 and view.count_labels["outcomes_today"].text() == "1"
    assert view.outcome_buttons["executed"].isEnabled() and view.undo_button.isEnabled()
    with qtbot.waitSignal(view.undo_finished, timeout=30_000) as undone:
        qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert undone.args == [True] and _count(ctx, AccessOutcome) == 0
    assert view.status.text() == "Annullato." and view.count_labels["outcomes_today"].text() == "0"
    assert message_boxes == []
    assert workers.wait_for_background(30_000)


def test_an_outcome_on_a_full_disk_says_it_was_not_recorded_and_frees_the_buttons(qtbot, tmp_path, prepared_sqlite,
                                                                                   message_boxes, caplog):
    """The disk fills up: neither the database nor the outbox can take the event, and the bailiff is told."""
    caplog.set_level(logging.WARNING, logger="app.stats.office")  # expected: logfail lets it through
    caplog.set_level(logging.ERROR, logger="app.ui.workers")
    import shutil

    from tests.faults import fill, small_filesystem

    with small_filesystem(tmp_path / "pieno", "2m") as folder:
        ctx = make_context(folder)
        shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
        try:
            view = StatsView(ctx)
            qtbot.addWidget(view)
            _pick(view.outcome_place, "Rho")
            fill(folder)
            with qtbot.waitSignal(view.record_failed):
                qtbot.mouseClick(view.outcome_buttons["executed"], Qt.MouseButton.LeftButton)
            assert view.outcome_buttons["executed"].isEnabled() and not view.undo_button.isEnabled()
            assert view.last_event is None and view.status.text() == ""
        finally:
            ctx.dispose()  # the outbox's engine with it
    assert len(message_boxes) == 1
    assert message_boxes[0][2].startswith("La registrazione NON è stata salvata")
    assert "Disco pieno" in message_boxes[0][2] or "disco" in message_boxes[0][2]
