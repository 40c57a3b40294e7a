from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import __version__
from app.ui.about import AboutDialog
from app.ui.main_window import MainWindow
from app.ui.settings_view import SettingsView
from tests.conftest import make_context


def test_main_window_is_italian_and_navigable_by_keyboard(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Impostazioni" in titles
    assert window.windowTitle() == "Raccordo - UNEP di Milano (dimostrazione)"
    settings_row = titles.index("Impostazioni")
    qtbot.keyClick(window, Qt.Key.Key_1 + settings_row, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == settings_row
    assert isinstance(window.current_view(), SettingsView)
    assert window.menuBar().actions()[1].text() == "&Aiuto"


def test_every_available_section_opens(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    for row, section in enumerate(window.sections):
        window.nav.setCurrentRow(row)
        assert window.current_view() is window.views[section.id]


def test_geometry_is_remembered(qtbot, tmp_path, prepared_sqlite):
    import shutil

    ctx = make_context(tmp_path)
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 620)
    expected = (first.width(), first.height())
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    # the offscreen screen is 800 px wide, so only the height is free of clamping here
    assert second.height() == expected[1]
    assert "geometry" in (ctx.paths.data_dir / "window-state.ini").read_text()
    ctx.dispose()


def test_config_problems_are_shown_in_a_banner(qtbot, tmp_path, prepared_sqlite, caplog):
    caplog.set_level(logging.WARNING, logger="app.context")  # expected: logfail lets it through
    import shutil

    ctx = make_context(tmp_path, machine_toml="[office\nname = 'x'\n")
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.banner.isHidden()
    assert "riga 1" in window.banner.text() and str(ctx.paths.machine_config_file) in window.banner.text()
    ctx.dispose()


def test_about_dialog_shows_version_database_config_and_data_versions(qtbot, ctx):
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"Raccordo {__version__}" in texts
    assert dialog.windowTitle() == "Informazioni su Raccordo"
    assert dialog.fields["database"].text() == ctx.db_label
    assert "(assente)" in dialog.fields["machine_config"].text()
    assert dialog.fields["territory.version"].text() == "2026.11.1"


def test_settings_view_saves_user_preferences_only(qtbot, ctx, message_boxes):
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.stale_days.setValue(45)
    view.language.setCurrentIndex(view.language.findData("en"))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert ctx.config["directory.stale_after_days"] == 45
    assert ctx.config["ui.language"] == "en"
    text = ctx.paths.user_config_file.read_text(encoding="utf-8")
    assert "stale_after_days = 45" in text and "roles" not in text
    assert message_boxes[-1][1] == "Preferenze salvate"
    sources = [view.table.item(r, 3).text() for r in range(view.table.rowCount())]
    assert any(s.startswith("IT - ") for s in sources)


def test_unknown_served_municipality_is_reported(qtbot, tmp_path, prepared_sqlite, monkeypatch):
    """Checked against the territory in the pool, never on the GUI thread (a shared server that stops answering
    would freeze the window), then added to the banner."""
    import shutil
    import threading

    from app.territory import Territory

    checked_on: list[str] = []
    served = Territory.served
    monkeypatch.setattr(Territory, "served", lambda self, names: checked_on.append(threading.current_thread().name)
                        or served(self, names))
    from app.ui import workers

    ctx = make_context(tmp_path, machine_toml='[office]\nmunicipalities = ["Milano", "Atlantide"]\n')
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    workers.set_synchronous(False)  # the real pool: the point is which thread reads
    try:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: "Atlantide" in window.banner.text(), timeout=10000)
    finally:
        workers.wait_for_background(30_000)
        workers.set_synchronous(True)
    assert "Comuni serviti non riconosciuti" in window.banner.text() and window.banner.isVisibleTo(window)
    assert checked_on and threading.main_thread().name not in checked_on
    ctx.dispose()


def test_a_window_closed_at_once_never_builds_the_sync_view_afterwards(qtbot, ctx):
    """The sync view is built 1.5 s after start for a window on screen; a window closed meanwhile (its database
    may be gone by then) leaves it alone. Before, a closed test window built it during the next test."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.close()
    qtbot.wait(2000)
    assert "sync" not in window.views
    shown = MainWindow(ctx)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: "sync" in shown.views, timeout=30_000)  # the one on screen still checks for data


def test_about_reads_the_data_versions_in_the_pool(qtbot, ctx):
    """F1 opens at once; the versions come from the database in the pool (a shared server that stopped answering
    must not freeze the window), then fill the box."""
    from app.db.meta import all_meta
    from app.ui import workers
    from app.ui.about import AboutDialog

    with ctx.sessions() as session:
        expected = all_meta(session)["territory.version"]
    workers.set_synchronous(False)
    try:
        about = AboutDialog(ctx)
        qtbot.addWidget(about)
        assert about.fields["territory.version"].text() == "lettura in corso..."
        qtbot.waitUntil(lambda: about.fields["territory.version"].text() == expected, timeout=10000)
    finally:
        workers.wait_for_background(30_000)
        workers.set_synchronous(True)
