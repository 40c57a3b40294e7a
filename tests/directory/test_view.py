"""The directory section under pytest-qt: typing filters, filters, detail pane, editing rights, import/export."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.directory.resolve import referents_for
from app.directory.store import all_entries, history
from app.territory import Territory, normalize
from app.ui import msgbox
from app.ui.directory_model import UID_ROLE, ReferentFilterProxy, ReferentTableModel, build_rows
from app.ui.directory_view import DirectoryView
from tests.conftest import make_context


@pytest.fixture
def editor_ctx(ctx):
    ctx.config.values["roles.editors"] = [ctx.user]
    return ctx


@pytest.fixture
def view(qtbot, editor_ctx):
    widget = DirectoryView(editor_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def visible_names(view) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, 2).data() for r in range(proxy.rowCount())]


def test_typing_in_the_search_box_filters_the_table(qtbot, view):
    total = view.proxy.rowCount()
    assert total == view.model.rowCount() > 40
    qtbot.keyClicks(view.search, "cernusco")
    names = visible_names(view)
    assert names and all("Cernusco" in n for n in names)
    assert len(names) == 2
    assert "2 di" in view.count_label.text() or "2 of" in view.count_label.text()
    view.search.clear()
    assert view.proxy.rowCount() == total
    qtbot.keyClicks(view.search, "0200001004")  # phone digits without spaces
    assert visible_names(view) == ["Referente DEMO UNEP Esecuzioni"]
    view.search.clear()
    qtbot.keyClicks(view.search, "02 0000 1004")  # and as printed
    assert visible_names(view) == ["Referente DEMO UNEP Esecuzioni"]
    view.search.clear()
    qtbot.keyClicks(view.search, "CITTÀ metropolitana politiche")  # any case and accents, every word
    assert visible_names(view) == ["Referente DEMO Città Metropolitana"]
    view.search.clear()
    qtbot.keyClicks(view.search, "paullese")  # an Ambito name
    assert len(visible_names(view)) == 2


def test_combo_filters(view):
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("unep"))
    assert sorted(visible_names(view)) == ["Referente DEMO UNEP Esecuzioni", "Referente DEMO UNEP Notificazioni"]
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("social_services"))
    view.ambito_filter.setCurrentIndex(view.ambito_filter.findData("Adda Martesana"))
    assert sorted(visible_names(view)) == ["Referente DEMO Servizi sociali Adda Martesana",
                                           "Referente DEMO Servizi sociali Cernusco sul Naviglio"]
    view.ambito_filter.setCurrentIndex(0)
    view.municipality_filter.setCurrentIndex(view.municipality_filter.findData("015014"))  # Basiano: Ambito only
    assert visible_names(view) == ["Referente DEMO Servizi sociali Adda Martesana"]
    view.kind_filter.setCurrentIndex(0)
    view.municipality_filter.setCurrentIndex(0)
    view.institution_filter.setCurrentIndex(view.institution_filter.findData("Comune di Milano"))
    assert len(visible_names(view)) == 3


def test_detail_pane_copies_phone_and_email_and_shows_the_stale_badge(qtbot, view):
    uid = next(e["uid"] for e in view.entries if "Legnano" in e["name"])  # demo entry verified 400 days ago
    view.select_uid(uid)
    assert view.detail.badge is not None and view.detail.badge.isVisible()
    qtbot.mouseClick(view.detail.copy_buttons["02 0000 1017"], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "02 0000 1017"
    email = next(e for e in view.entries if e["uid"] == uid)["emails"][0]
    qtbot.mouseClick(view.detail.copy_buttons[email], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == email
    fresh = next(e["uid"] for e in view.entries if "Rho" in e["name"])
    view.select_uid(fresh)
    assert view.detail.badge is None


def test_stale_age_follows_the_setting(qtbot, editor_ctx):
    editor_ctx.config.values["directory.stale_after_days"] = 1
    widget = DirectoryView(editor_ctx)
    qtbot.addWidget(widget)
    assert all(row.stale for row in widget.model.rows)


def test_municipality_tab_shows_exactly_what_a_pack_prints(view, editor_ctx):
    view.tabs.setCurrentIndex(1)
    view.municipality_tab.show_municipality("015070")
    with editor_ctx.sessions() as session:
        expected = referents_for(session, Territory.load(session), "015070")
    table = view.municipality_tab.table
    assert table.rowCount() == len(expected)
    shown = [(table.item(r, 1).text(), table.item(r, 3).text()) for r in range(table.rowCount())]
    assert shown == [(r.institution, " / ".join(r.phones)) for r in expected]
    assert "Cernusco sul Naviglio" in view.municipality_tab.info.text()


def test_non_editors_get_a_read_only_view(qtbot, tmp_path, prepared_sqlite):
    import shutil

    ctx = make_context(tmp_path, user="visitor", machine_toml='[roles]\neditors = ["redattore"]\n')
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    try:
        widget = DirectoryView(ctx)
        qtbot.addWidget(widget)
        widget.show()
        assert not widget.can_edit
        assert widget.read_only_note.isVisible()
        for button in (widget.new_button, widget.edit_button, widget.retire_button, widget.import_button):
            assert not button.isVisible()
        widget.select_uid(widget.model.rows[0].uid)
        before = all_entries_count(ctx)
        widget.edit_selected()
        widget.retire_selected()
        widget.create_entry()
        assert QApplication.activeModalWidget() is None
        assert all_entries_count(ctx) == before
        assert widget.history_button.isVisible()  # consulting the history is allowed
    finally:
        ctx.dispose()


def all_entries_count(ctx) -> int:
    with ctx.sessions() as session:
        return len(all_entries(session))


def test_editor_validates_inline_and_saves_with_history(qtbot, view, editor_ctx, message_boxes):
    editor = view.open_editor(None)
    qtbot.addWidget(editor)
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert editor.errors["name"].text().startswith("Manca")
    qtbot.keyClicks(editor.institution, "Comune di Vignate")
    qtbot.keyClicks(editor.service, "Servizi sociali")
    qtbot.keyClicks(editor.name, "Referente DEMO Vignate")
    qtbot.keyClicks(editor.phones, "12345")
    qtbot.keyClicks(editor.emails, "vignate@")
    qtbot.keyClicks(editor.municipalities, "Vignate")
    assert "Numero di telefono non valido" in editor.errors["phones"].text()
    assert "Indirizzo e-mail non valido" in editor.errors["emails"].text()
    assert editor.errors["phones"].isVisibleTo(editor)
    assert not save.isEnabled()
    editor.phones.setText("02 0000 9101")
    editor.emails.setText("vignate@esempio.invalid")
    qtbot.keyClicks(editor.hours, "lun e gio 9-12")
    assert not editor.errors["phones"].isVisibleTo(editor)
    assert save.isEnabled(), {k: v.text() for k, v in editor.errors.items() if v.text()}
    editor.accept()
    assert view.save_from_editor(editor)
    assert view.selected_entry()["name"] == "Referente DEMO Vignate"
    uid = view.selected_uid()
    # Edit it: a second revision, by the OS user.
    editor = view.open_editor(view.selected_entry())
    qtbot.addWidget(editor)
    editor.role.setText("Assistente sociale")
    editor.accept()
    assert view.save_from_editor(editor)
    with editor_ctx.sessions() as session:
        revisions = history(session, uid)
    assert [r.action for r in revisions] == ["edit", "create"]
    assert {r.user for r in revisions} == {editor_ctx.user}
    dialog = view.history_dialog()
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    assert "Assistente sociale" in dialog.detail.toPlainText()
    assert not message_boxes


def test_retire_hides_the_entry_and_keeps_it(qtbot, view, editor_ctx):
    uid = view.model.rows[0].uid
    view.select_uid(uid)
    msgbox.set_test_hook(lambda box: QMessageBox.StandardButton.Yes)
    try:
        view.retire_selected()
    finally:
        msgbox.set_test_hook(None)
    assert uid not in [view.proxy.index(r, 0).data(UID_ROLE) for r in range(view.proxy.rowCount())]
    view.show_retired.setChecked(True)
    assert view.model.row_of(uid) >= 0
    with editor_ctx.sessions() as session:
        assert [r.action for r in history(session, uid)][0] == "retire"


def click_when_modal(qtbot, button_name: str) -> None:
    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, click)
            return
        getattr(dialog, button_name).click()

    QTimer.singleShot(0, click)


def test_import_from_the_ui_with_preview_then_export(qtbot, view, tmp_path, message_boxes):
    path = tmp_path / "nuovi.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Ente", "Servizio", "Referente", "Telefono", "Comune"])
    ws.append(["Comune di Melzo", "Servizi sociali", "Referente DEMO Melzo", "02 0000 9201", "Melzo"])
    ws.append(["Comune di Melzo", "Ufficio casa", "Referente DEMO Melzo Casa", "99", "Melzo"])
    wb.save(path)
    shown_before = view.model.rowCount()
    click_when_modal(qtbot, "apply_button")  # disabled while a row is rejected: nothing happens...
    QTimer.singleShot(200, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject())
    view.start_import(path)
    assert view.model.rowCount() == shown_before
    view.preview_dialog = wrap_check_skip(view.preview_dialog)
    click_when_modal(qtbot, "apply_button")
    view.start_import(path)
    assert view.model.rowCount() == shown_before + 1
    assert message_boxes[-1][2].startswith("1 ")
    out = tmp_path / "rubrica.html"
    view.start_export("html", out)
    assert "Referente DEMO Melzo" in out.read_text(encoding="utf-8")


def wrap_check_skip(factory):
    def build(preview):
        dialog = factory(preview)
        dialog.skip_rejected.setChecked(True)
        return dialog
    return build


def test_model_passes_the_model_tester(qtmodeltester, ctx):
    with ctx.sessions() as session:
        rows = build_rows(all_entries(session), Territory.load(session), 180, date(2026, 11, 1))
    model = ReferentTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    proxy = ReferentFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("servizi")
    qtmodeltester.check(proxy)


def test_typing_does_not_drain_references_to_true(qtbot, view):
    """PySide6 6.12.0 emit() dropped a reference to True per call (the binding is pinned to one that does not:
    tests/test_pyside_refcounts.py); a day of typing must not drain them."""
    import sys

    before = sys.getrefcount(True)
    for _ in range(20):
        qtbot.keyClicks(view.search, "servizi")
        view.search.clear()
    view.model.sort(1, Qt.SortOrder.DescendingOrder)
    view.model.sort(2, Qt.SortOrder.AscendingOrder)
    assert sys.getrefcount(True) >= before - 5


def test_filter_stays_correct_under_the_model_tester_while_typing_filtering_and_sorting(qtmodeltester, ctx):
    """The filter announces every change with one layout change: the Qt model tester stays attached throughout."""
    with ctx.sessions() as session:
        rows = build_rows(all_entries(session), Territory.load(session), 180, date(2026, 11, 1))
    model = ReferentTableModel()
    model.set_rows(rows)
    proxy = ReferentFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    keep = [QPersistentModelIndex(proxy.index(r, 2)) for r in range(proxy.rowCount())]
    assert len(keep) == len(rows) - sum(r.entry["retired"] for r in rows) > 40

    def shown() -> list[str]:
        return [proxy.index(r, 2).data() for r in range(proxy.rowCount())]

    def expected(text: str, retired: bool = False) -> list[str]:
        return [model.index(r, 2).data() for r in range(model.rowCount())
                if all(w in model.rows[r].key for w in normalize(text).split())
                and (retired or not model.rows[r].entry["retired"])]

    survivors = set(shown())
    for text in ("s", "se", "ser", "serv", "servizi", "servizi s", "servizi", "serv", "", "cernusco", "ce", ""):
        held = [(QPersistentModelIndex(proxy.index(r, 2)), name) for r, name in enumerate(shown())]
        proxy.set_text(text)
        assert shown() == expected(text)
        # Every persistent index still names its entry, or is invalid when the entry is filtered out.
        assert all(p.data() == name if name in shown() else not p.isValid() for p, name in held)
        survivors &= set(shown())
    assert {p.data() for p in keep if p.isValid()} == survivors  # hidden once: invalid for good, like any removal
    assert survivors and all("Cernusco" in n for n in survivors)
    proxy.set_text("servizi")
    before = shown()
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert shown() == sorted(before, key=normalize, reverse=True) == expected("servizi")
    assert all(p.data() in shown() for p in keep if p.isValid())
    proxy.set_text("")
    proxy.set_filters(kind="unep")
    assert sorted(shown()) == ["Referente DEMO UNEP Esecuzioni", "Referente DEMO UNEP Notificazioni"]
    proxy.set_text("servizi")
    proxy.set_filters(kind="", show_retired=True)
    assert shown() == expected("servizi", retired=True)
    model.set_rows(rows)  # a reload: a reset, filters kept
    assert proxy.rowCount() == len(shown()) > 0
    assert proxy.mapFromSource(model.index(model.row_of(proxy.index(0, 0).data(UID_ROLE)), 0)).row() == 0
    assert proxy.mapToSource(proxy.index(1, 3)).data() == proxy.index(1, 3).data()


def test_selection_and_detail_pane_stay_on_their_entry_while_typing(qtbot, view):
    uid = next(e["uid"] for e in view.entries if "Legnano" in e["name"])
    view.select_uid(uid)
    pane = view.detail.widget()
    qtbot.keyClicks(view.search, "legnano")
    assert view.table.currentIndex().data(UID_ROLE) == uid  # the row moved up, the selection followed it
    assert view.detail.widget() is pane  # not rebuilt
    qtbot.keyClicks(view.search, " unep")  # hides the entry: the pane keeps it, nothing else gets selected
    assert not view.table.currentIndex().isValid()
    assert view.selected_uid() == uid and view.detail.widget() is pane
    assert view.edit_button.isEnabled()
    for _ in " unep":
        qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    assert view.table.currentIndex().data(UID_ROLE) == uid  # shown again, selected again
    assert view.table.selectionModel().isRowSelected(view.table.currentIndex().row())
    assert view.detail.widget() is pane
    view.search.clear()
    view.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)  # sorting keeps it too
    assert view.table.currentIndex().data(UID_ROLE) == uid
    institutions = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert institutions == sorted(institutions, key=normalize, reverse=True)


def test_editor_scopes_a_desk_to_a_court_area_and_the_municipality_tab_marks_an_unverified_court(
        qtbot, view, editor_ctx, message_boxes):
    editor = view.open_editor(None)
    qtbot.addWidget(editor)
    qtbot.keyClicks(editor.institution, "Ordine degli Avvocati di Lodi")
    qtbot.keyClicks(editor.service, "Sportello patrocinio")
    editor.kind.setCurrentIndex(editor.kind.findData("legal_aid"))
    qtbot.keyClicks(editor.name, "Referente DEMO Sportello Lodi due")
    editor.scope_level.setCurrentIndex(editor.scope_level.findData("tribunale"))
    assert editor.tribunali.isEnabled() and not editor.ambiti.isEnabled()
    assert editor.errors["tribunali"].text().startswith("Indicare almeno un tribunale")
    qtbot.keyClicks(editor.tribunali, "Tribunale di lodi")
    assert editor.validate(), {k: v.text() for k, v in editor.errors.items() if v.text()}
    editor.accept()
    assert view.save_from_editor(editor)
    assert view.selected_entry()["tribunali"] == ["Lodi"]
    view.tabs.setCurrentIndex(1)
    view.municipality_tab.show_municipality("015032")  # Bresso: court of Monza, not verified
    table = view.municipality_tab.table
    rows = {table.item(r, 1).text(): table.item(r, 6).text() for r in range(table.rowCount())}
    assert rows["Ordine degli Avvocati di Monza"].endswith("da verificare")
    assert not message_boxes
