"""Roles are checked by the use cases, so the window and the command line give the same answers (app/roles.py).

Two situations: a fresh install (no machine-wide file at all: the local user holds every role, and the
window says so) and a workstation IT configured (its lists apply; a file that names nobody grants nothing).
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from app.directory import editing
from app.directory.importer import preview_file
from app.directory.models import Referent
from app.directory.store import all_entries
from app.roles import EDITORS, PUBLISHERS, ROLES, SUPERVISORS, RoleRefused
from app.stats.service import export_report, make_report
from app.sync import keys
from app.sync.publish import publish
from tests.cli import run_cli
from tests.conftest import make_context
from tests.directory.test_import import messy_xlsx

IT_FILE = '[office]\nname = "UNEP di Milano"\n\n[roles]\neditors = ["Redattore"]\npublishers = ["editore"]\n'


@pytest.fixture
def office(tmp_path, prepared_sqlite):
    """A workstation IT configured, used by someone IT named in no role."""
    ctx = make_context(tmp_path, machine_toml=IT_FILE, user="ufficiale")
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    yield ctx
    ctx.dispose()


def _referents(ctx) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count(Referent.id)))


def _an_entry(ctx) -> dict:
    with ctx.sessions() as session:
        return next(e for e in all_entries(session) if not e["retired"])


def test_a_fresh_install_gives_the_local_user_every_role(ctx, tmp_path):
    assert not ctx.paths.machine_config_file.exists() and not ctx.roles_managed
    assert all(ctx.has_role(role) for role in ROLES)
    entry = _an_entry(ctx)
    editing.save(ctx, {**entry, "role": "Sportello"})
    editing.set_retired(ctx, entry["uid"])
    assert make_report(ctx, "2025", "ambito").totals is not None
    export_report(ctx, "2025", "municipality", tmp_path / "s.xlsx")
    publish(ctx, tmp_path / "bundle", key=keys.generate())
    assert (tmp_path / "s.xlsx").is_file() and (tmp_path / "bundle" / "manifest.json").is_file()


def test_once_it_s_file_exists_only_the_users_it_names_hold_a_role(office, tmp_path):
    assert office.roles_managed
    assert not any(office.has_role(role) for role in ROLES)
    entry, before = _an_entry(office), _referents(office)
    for attempt in (lambda: editing.save(office, {**entry, "role": "Sportello"}),
                    lambda: editing.set_retired(office, entry["uid"]),
                    lambda: editing.apply_import(office, _preview(office, tmp_path))):
        with pytest.raises(RoleRefused, match="«ufficiale» non può modificare la rubrica dei referenti") as refused:
            attempt()
        assert refused.value.role == EDITORS
    assert _an_entry(office) == entry and _referents(office) == before  # nothing written
    with pytest.raises(RoleRefused, match="non può vedere le statistiche dell'ufficio né esportarle"):
        make_report(office, "2025", "ambito")
    with pytest.raises(RoleRefused, match="roles.supervisors"):
        export_report(office, "2025", "municipality", tmp_path / "s.xlsx")
    with pytest.raises(RoleRefused, match="non può pubblicare i dati firmati"):
        publish(office, tmp_path / "bundle", key=keys.generate())
    assert not (tmp_path / "s.xlsx").exists() and not (tmp_path / "bundle").exists()


def test_names_are_compared_as_windows_compares_them(office, tmp_path):
    office.user = "REDATTORE"
    assert office.has_role(EDITORS) and not office.has_role(PUBLISHERS) and not office.has_role(SUPERVISORS)
    entry = _an_entry(office)
    editing.save(office, {**entry, "role": "Sportello casa"})
    assert _an_entry(office)["role"] == "Sportello casa"


def _preview(ctx, tmp_path):
    with ctx.sessions() as session:
        return preview_file(session, messy_xlsx(tmp_path / "import.xlsx"))


def _cli(ctx, *args):
    """The command as the context's user types it (getpass reads LOGNAME first) on the context's workstation."""
    return run_cli("--data-dir", str(ctx.paths.data_dir), *args,
                   env={"RACCORDO_CONFIG": str(ctx.paths.machine_config_file), "LOGNAME": ctx.user})


def test_the_command_line_refuses_in_italian_with_exit_status_1(office, tmp_path):
    path = messy_xlsx(tmp_path / "import.xlsx")
    before = _referents(office)
    preview = _cli(office, "directory", "import", str(path))  # a preview writes nothing: anyone may look
    assert preview.returncode == 1 and "Da aggiungere: 3" in preview.stdout
    applied = _cli(office, "directory", "import", str(path), "--apply", "--skip-rejected")
    assert applied.returncode == 1 and _referents(office) == before
    assert applied.stderr == ("Errore: L'utente «ufficiale» non può modificare la rubrica dei referenti: il ruolo è "
                              "assegnato dall'IT (roles.editors nel file di configurazione di sistema).\n")
    exported = _cli(office, "export", "--period", "2025", "--out", str(tmp_path / "s.xlsx"))
    assert exported.returncode == 1 and "non può vedere le statistiche dell'ufficio" in exported.stderr
    key = tmp_path / "chiave.pem"
    assert run_cli("keygen", "--out", str(key)).returncode == 0
    published = _cli(office, "publish", "--key", str(key), "--out", str(tmp_path / "bundle"))
    assert published.returncode == 1 and "non può pubblicare i dati firmati" in published.stderr
    assert "Traceback" not in applied.stderr + exported.stderr + published.stderr
    assert not (tmp_path / "s.xlsx").exists() and not (tmp_path / "bundle").exists()
    config = _cli(office, "config")
    assert "Ruoli di ufficiale:   nessuno" in config.stdout


def test_the_command_line_lets_the_named_user_through(office, tmp_path):
    office.paths.machine_config_file.write_text(IT_FILE.replace('"Redattore"', '"ufficiale"'), encoding="utf-8")
    applied = _cli(office, "directory", "import", str(messy_xlsx(tmp_path / "i.xlsx")), "--apply", "--skip-rejected")
    assert applied.returncode == 0 and "Applicate 3 modifiche" in applied.stdout, applied.stderr
    assert "Ruoli di ufficiale:   redazione della rubrica" in _cli(office, "config").stdout


def test_the_window_says_a_fresh_install_holds_every_role(qtbot, ctx):
    from app.ui.about import AboutDialog
    from app.ui.settings_view import SettingsView

    about = AboutDialog(ctx)
    qtbot.addWidget(about)
    assert about.fields["roles"].text() == ("tutti: su questo computer non c'è il file di impostazioni dell'IT, "
                                            "come in una nuova installazione")
    settings = SettingsView(ctx)
    qtbot.addWidget(settings)
    assert settings.roles_note.text().startswith("Su questo computer non c'è il file di impostazioni dell'IT: "
                                                 "come in una nuova installazione, Lei ha tutti i ruoli")


def test_the_window_shows_it_s_roles_and_hides_what_they_do_not_allow(qtbot, office):
    from app.ui.about import AboutDialog
    from app.ui.directory_view import DirectoryView
    from app.ui.settings_view import SettingsView

    about = AboutDialog(office)
    qtbot.addWidget(about)
    assert about.fields["roles"].text() == "nessuno"
    settings = SettingsView(office)
    qtbot.addWidget(settings)
    assert settings.roles_note.text() == "I suoi ruoli (ufficiale): nessuno."
    view = DirectoryView(office)
    qtbot.addWidget(view)
    assert not view.can_edit and not view.new_button.isVisibleTo(view)
    office.user = "editore"
    publisher_about = AboutDialog(office)
    qtbot.addWidget(publisher_about)
    assert publisher_about.fields["roles"].text() == "pubblicazione dei dati firmati"
