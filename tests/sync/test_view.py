"""The Sync section: status, "Sync now", refusals, expiry warning, restore, publish, the periodic timer."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.sync import keys, service
from app.ui.sync_view import SyncView
from tests.sync.conftest import edit_publisher, publish_to


def _view(qtbot, ctx, **kw) -> SyncView:
    view = SyncView(ctx, None, **kw)
    qtbot.addWidget(view)
    view.resize(900, 700)
    return view


def test_sync_now_applies_and_shows_the_report(qtbot, make_station, signing_key, tmp_path, message_boxes, artifacts):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "out")
    station.config.values["sync.source"] = str(tmp_path / "out")
    view = _view(qtbot, station, check_at_start=False)
    assert view.fields["sequence"].text() == view.tr("none yet (data shipped with the program)")
    assert view.timer.isActive() and view.timer.interval() == 4 * 3600 * 1000
    assert not view.restore_button.isEnabled()

    with qtbot.waitSignal(view.bundle_applied) as applied:
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert applied.args[0].manifest.sequence == 1
    assert "Applicata la versione 1" in view.report.toPlainText()
    assert view.fields["sequence"].text() == "1"
    assert view.fields["publisher"].text() == "Prefettura di Milano (prova)"
    assert not view.warning.isVisible()
    view.grab().save(str(artifacts / "sync_view_applied.png"))

    qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)  # nothing new: says so
    assert message_boxes[-1][2].startswith("Nessun aggiornamento")

    edit_publisher(publisher)
    publish_to(publisher, signing_key, tmp_path / "out")
    qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert view.fields["sequence"].text() == "2" and view.restore_button.isEnabled()
    qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)  # the question defaults to No
    assert view.fields["sequence"].text() == "2"


def test_refusal_is_shown_and_data_kept(qtbot, make_station, signing_key, tmp_path, message_boxes, caplog):
    caplog.set_level(logging.ERROR, logger="app.ui.workers")  # expected: logfail lets it through
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, keys.generate(), tmp_path / "out")
    station.config.values["sync.source"] = str(tmp_path / "out")
    view = _view(qtbot, station, check_at_start=False)
    with qtbot.waitSignal(view.check_finished) as finished:
        qtbot.mouseClick(view.sync_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    icon, _title, text = message_boxes[-1]
    assert icon == QMessageBox.Icon.Warning and "chiave sconosciuta" in text
    assert "chiave sconosciuta" in view.fields["outcome"].text()
    assert view.fields["sequence"].text() == view.tr("none yet (data shipped with the program)")


def test_check_at_start_and_expiry_warning(qtbot, make_station, signing_key, tmp_path, message_boxes, artifacts):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    past = datetime.now(UTC) - timedelta(days=3)
    publish_to(publisher, signing_key, tmp_path / "out", now=past, expires_days=1)
    service.synchronize(station, str(tmp_path / "out"), now=past + timedelta(hours=1))
    station.config.values["sync.source"] = str(tmp_path / "out")
    view = _view(qtbot, station)
    qtbot.waitUntil(lambda: view.fields["outcome"].text() != "")
    assert view.warning.isVisibleTo(view) and "scaduti" in view.warning.text()
    assert message_boxes == []  # the automatic check never pops up a dialog
    view.grab().save(str(artifacts / "sync_view_expired.png"))


def test_publish_from_the_view(qtbot, make_station, tmp_path, message_boxes, artifacts):
    publisher = make_station("publisher", user="editore")  # IT's file names "editore" a publisher
    key_file = tmp_path / "k.pem"
    keys.write_private_key(keys.generate(), key_file)
    view = _view(qtbot, publisher, check_at_start=False)
    assert view.publish_box is not None
    view.key_file.setText(str(key_file))
    view.out_dir.setText(str(tmp_path / "out"))
    view.grab().save(str(artifacts / "sync_view_publisher.png"))
    qtbot.mouseClick(view.publish_button, Qt.MouseButton.LeftButton)
    assert message_boxes[-1][0] == QMessageBox.Icon.Information
    assert (tmp_path / "out" / "manifest.json").is_file() and (tmp_path / "out" / "manifest.sig").is_file()


def test_no_publish_box_without_the_role(qtbot, make_station):
    station = make_station("station")  # IT's file exists and names no publisher
    assert _view(qtbot, station, check_at_start=False).publish_box is None


def test_restore_from_the_view_after_confirmation(qtbot, make_station, signing_key, tmp_path):
    from app.ui import msgbox

    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    for phone in ("+390211110000", "+390222220000"):
        edit_publisher(publisher, phone=phone)
        publish_to(publisher, signing_key, tmp_path / "out")
        service.synchronize(station, str(tmp_path / "out"))
    station.config.values["sync.interval_hours"] = 1
    asked: list[str] = []
    msgbox.set_test_hook(lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
    try:
        view = _view(qtbot, station, check_at_start=False)
        assert view.timer.interval() == 3600 * 1000
        with qtbot.waitSignal(view.bundle_applied) as restored:
            qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    finally:
        msgbox.set_test_hook(None)
    assert len(asked) == 1 and restored.args[0].restored
    assert view.fields["sequence"].text() == "1"
    assert "Ripristinata la versione 1" in view.report.toPlainText()
