"""A referent is listed once: concurrent imports, the schema's identity rule, and the migration that brings it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.directory.identity import identity
from app.directory.importer import ImportRefused, apply_preview, preview_file
from app.directory.models import Referent, Revision
from app.directory.snapshot import DirectoryDataError, export_snapshot, replace_from_snapshot
from app.directory.store import all_entries, save_entry, set_retired
from app.paths import install_root
from tests.conftest import make_context

N = 150


def _sheet(path, n=N, phone_base=7000):
    wb = Workbook()
    ws = wb.active
    ws.append(["Ente", "Servizio", "Referente", "Telefono", "Comune"])
    for i in range(n):
        ws.append(["Comune di Rho", "Servizi sociali", f"Referente Prova Doppio {i:03d}", f"02 0000 {phone_base + i}",
                   "Rho"])
    wb.save(path)
    return path


def _active_identities(ctx) -> Counter:
    with ctx.sessions() as session:
        return Counter(identity(e) for e in all_entries(session) if not e["retired"])


def _cli(data_dir, config, *args) -> subprocess.Popen:
    """The command as "redattore" types it: the IT file of the PostgreSQL office names him a directory editor."""
    env = dict(os.environ, PYTHONPATH=str(install_root()), RACCORDO_CONFIG=str(config), LOGNAME="redattore")
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], cwd=install_root(),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _two_imports_at_once(ctx, path, data_dirs, config) -> None:
    with ctx.sessions() as session:
        before = session.scalar(select(func.count(Referent.id)))
    runs = [_cli(d, config, "directory", "import", str(path), "--apply") for d in data_dirs]
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, (out, err)
        assert "Traceback" not in err
    with ctx.sessions() as session:
        assert session.scalar(select(func.count(Referent.id))) == before + N
    assert max(_active_identities(ctx).values()) == 1
    written = sorted(int(out.split("Applicate ")[1].split()[0]) for out, _ in outputs)
    assert written == [0, N]  # the second saw, under the lock, that the first had added them all


def test_two_imports_of_one_file_at_once_on_sqlite_add_each_referent_once(ctx, tmp_path):
    path = _sheet(tmp_path / "referenti.xlsx")
    _two_imports_at_once(ctx, path, [ctx.paths.data_dir] * 2, tmp_path / "assente.toml")


@pytest.mark.postgres
def test_two_imports_of_one_file_at_once_on_postgres_add_each_referent_once(tmp_path, pg_url):
    from app.bootstrap import prepare_database

    config = tmp_path / "raccordo.toml"
    config.write_text(f'[database]\nurl = "{pg_url}"\n\n[roles]\neditors = ["redattore"]\n', encoding="utf-8")
    office = make_context(tmp_path / "office", db_url=pg_url)
    prepare_database(office)
    try:
        _two_imports_at_once(office, _sheet(tmp_path / "referenti.xlsx"), [tmp_path / "a", tmp_path / "b"], config)
    finally:
        office.dispose()


def test_two_previews_then_two_applies_write_once(ctx, tmp_path):
    """The same race, step by step: both users approved 'add N' before either applied."""
    path = _sheet(tmp_path / "referenti.xlsx", n=5)
    with ctx.sessions() as first, ctx.sessions() as second:
        preview_1, preview_2 = preview_file(first, path), preview_file(second, path)
        assert preview_1.counts["added"] == preview_2.counts["added"] == 5
        assert apply_preview(first, preview_1, "anna") == 5
        first.commit()
        assert apply_preview(second, preview_2, "bruno") == 0
        second.commit()
    assert sum(1 for k, n in _active_identities(ctx).items() if "doppio" in k[2] and n == 1) == 5


def test_apply_refuses_when_the_entry_changed_after_the_preview(ctx, tmp_path):
    path = _sheet(tmp_path / "a.xlsx", n=2)
    with ctx.sessions.begin() as session:
        apply_preview(session, preview_file(session, path), "anna")
    with ctx.sessions() as session:
        preview = preview_file(session, _sheet(tmp_path / "b.xlsx", n=2, phone_base=7100))
        assert preview.counts["changed"] == 2
    with ctx.sessions.begin() as session:  # a colleague edits one of them meanwhile
        entry = next(e for e in all_entries(session) if e["name"] == "Referente Prova Doppio 001")
        save_entry(session, {**entry, "role": "Coordinatrice"}, "carla")
    with ctx.sessions() as session, pytest.raises(ImportRefused, match="cambiata dopo l'anteprima"):
        apply_preview(session, preview, "anna")
    with ctx.sessions() as session:
        entry = next(e for e in all_entries(session) if e["name"] == "Referente Prova Doppio 001")
    assert entry["role"] == "Coordinatrice" and entry["phones"] == ["+390200007001"]


def test_the_schema_refuses_a_second_active_copy_but_not_a_retired_one(ctx):
    with ctx.sessions() as session:
        entry = next(e for e in all_entries(session) if not e["retired"])
        key, service_id = session.execute(select(Referent.identity_key, Referent.service_id)
                                          .where(Referent.uid == entry["uid"])).one()
        assert key is not None
        row = {"uid": "copia", "service_id": service_id, "name": entry["name"].upper(), "role": "", "phones": [],
               "emails": [], "pecs": [], "website": "", "address": "", "hours": [], "hours_note": "",
               "languages": [], "scope_level": "metro", "is_demo": False, "retired": False, "source": "",
               "updated_at": datetime(2026, 1, 1), "updated_by": "x", "identity_key": key}
        with pytest.raises(IntegrityError):
            session.execute(Referent.__table__.insert(), row)
        session.rollback()
        session.execute(Referent.__table__.insert(), {**row, "retired": True, "identity_key": None})
        session.commit()


def test_editor_and_restore_refuse_a_second_copy_with_a_message(ctx):
    with ctx.sessions() as session:
        entry = next(e for e in all_entries(session) if not e["retired"])
    copy = {**entry, "uid": "", "name": entry["name"].upper() + "  "}
    with pytest.raises(DirectoryDataError, match="esiste già una voce attiva"), ctx.sessions.begin() as session:
        save_entry(session, copy, "anna")
    with ctx.sessions.begin() as session:
        set_retired(session, entry["uid"], "anna")
        new_uid = save_entry(session, copy, "anna").uid  # retired: its name is free again
    with pytest.raises(DirectoryDataError, match="esiste già"), ctx.sessions.begin() as session:
        set_retired(session, entry["uid"], "anna", retired=False)
    assert _active_identities(ctx)[identity(entry)] == 1
    with ctx.sessions() as session:
        assert session.scalar(select(Referent.retired).where(Referent.uid == new_uid)) is False


def test_a_file_that_names_one_referent_twice_under_two_ids_is_rejected_by_row(ctx, tmp_path):
    with ctx.sessions() as session:
        a, b = [e for e in all_entries(session) if not e["retired"]][:2]
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Ente", "Servizio", "Referente"])
    ws.append([b["uid"], a["institution"], a["service"], a["name"]])  # renames b into a copy of a
    wb.save(tmp_path / "x.xlsx")
    with ctx.sessions() as session:
        preview = preview_file(session, tmp_path / "x.xlsx")
    assert preview.counts["rejected"] == 1
    assert "stesso ente, servizio e nome" in preview.rows[0].reasons[0]


def test_sync_snapshot_with_one_referent_twice_is_refused_and_renames_still_apply(ctx):
    with ctx.sessions() as session:
        data = export_snapshot(session)
    first, second = data["referents"][0], data["referents"][1]
    twice = {**data, "referents": [*data["referents"], {**first, "uid": "altro", "name": first["name"].lower()}]}
    with pytest.raises(DirectoryDataError, match="referente ripetuto"), ctx.sessions.begin() as session:
        replace_from_snapshot(session, twice)
    # A publisher swaps two names, and deletes an entry to create it again under a new uid: both apply.
    swapped = {**data, "referents": [{**first, "name": second["name"], "institution": second["institution"],
                                      "service": second["service"], "kind": second["kind"]},
                                     {**second, "name": first["name"], "institution": first["institution"],
                                      "service": first["service"], "kind": first["kind"]},
                                     *[{**r, "uid": r["uid"] + "-bis"} for r in data["referents"][2:5]],
                                     *data["referents"][5:]]}
    with ctx.sessions.begin() as session:
        changes = replace_from_snapshot(session, swapped)
    assert len(changes.changed) == 2 and len(changes.added) == 3 and len(changes.removed) == 3
    assert max(_active_identities(ctx).values()) == 1


def _at_revision_0100_with_duplicates(tmp_path):
    """A database written before 0101: the same referent three times (two active), as the race left them."""
    from alembic import command

    from app.db.migrate import alembic_config
    from app.territory.data import seed_if_empty

    ctx = make_context(tmp_path)
    cfg = alembic_config(ctx.paths.migrations)
    with ctx.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0100_directory")
    with ctx.sessions.begin() as session:
        seed_if_empty(session, ctx.paths.resources)
        session.execute(text("INSERT INTO directory_institution (id, name, website) VALUES (1, 'Comune di Rho', '')"))
        session.execute(text("INSERT INTO directory_service (id, institution_id, kind, name) "
                             "VALUES (1, 1, 'social_services', 'Servizi sociali')"))
        for i, (name, retired, stamp) in enumerate([("Ufficio Casa", 0, "2026-01-01 10:00:00"),
                                                     ("UFFICIO  casa", 0, "2026-03-01 10:00:00"),
                                                     ("Ufficio Casa", 1, "2025-01-01 10:00:00"),
                                                     ("Sportello lavoro", 0, "2026-01-01 10:00:00")], start=1):
            session.execute(text(
                "INSERT INTO directory_referent (id, uid, service_id, name, role, phones, emails, pecs, website, "
                "address, hours, hours_note, languages, scope_level, source, is_demo, retired, updated_at, "
                "updated_by) VALUES (:id, :uid, 1, :name, '', '[]', '[]', '[]', '', '', '[]', '', '[\"it\"]', "
                "'municipality', '', 0, :retired, :stamp, 'x')"),
                {"id": i, "uid": f"u{i}", "name": name, "retired": retired, "stamp": stamp})
            session.execute(text("INSERT INTO directory_scope (referent_id, kind, value) "
                                 "VALUES (:id, 'municipality', '015182')"), {"id": i})
    return ctx


def test_migration_retires_existing_duplicates_and_says_so(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="raccordo.migration")  # expected: logfail lets it through
    from app.bootstrap import prepare_database

    ctx = _at_revision_0100_with_duplicates(tmp_path)
    try:
        result = prepare_database(ctx)
        with ctx.sessions() as session:
            rows = {r.uid: r for r in session.scalars(select(Referent))}
            revision = session.scalar(select(Revision).where(Revision.referent_uid == "u1"))
        assert [rows[u].retired for u in ("u1", "u2", "u3", "u4")] == [True, False, True, False]
        assert rows["u1"].identity_key is None and rows["u2"].identity_key is not None
        assert revision.action == "retire" and "doppia" in revision.summary and "u2" in revision.summary
        assert revision.data["municipalities"] == ["015182"] and revision.data["retired"] is True
        assert len(result.notices) == 1 and "1 voci della rubrica erano doppie" in result.notices[0]
        assert "[u1]" in result.notices[0]
        assert prepare_database(ctx).notices == []  # told once
    finally:
        ctx.dispose()


def test_the_window_and_the_cli_tell_the_user_once(qtbot, tmp_path, message_boxes, capsys, caplog):
    caplog.set_level(logging.WARNING, logger="raccordo.migration")  # expected: logfail lets it through
    from PySide6.QtWidgets import QApplication

    from app.cli import main
    from app.ui.application import _open_database, create_main_window

    ctx = _at_revision_0100_with_duplicates(tmp_path / "window")
    try:
        window = create_main_window(ctx, database_ready=False)
        qtbot.addWidget(window)
        _open_database(QApplication.instance(), ctx, window)
        assert [(title, text[:40]) for _, title, text in message_boxes] == [
            ("Database aggiornato", "Aggiornamento del database: 1 voci della")]
    finally:
        ctx.dispose()
    cli = _at_revision_0100_with_duplicates(tmp_path / "cli")
    cli.dispose()
    assert main(["--data-dir", str(cli.paths.data_dir), "directory", "for", "Rho"]) == 0
    assert "Attenzione: Aggiornamento del database: 1 voci" in capsys.readouterr().err
