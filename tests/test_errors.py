"""No traceback ever reaches a user: each known fault has its own Italian message, anything else names the log."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.paths import install_root
from tests.faults import closed_port, small_filesystem


def run(data_dir, *args, config: str = "", timeout: int = 120) -> subprocess.CompletedProcess:
    machine = Path(tempfile.mkdtemp(prefix="raccordo-errors-")) / "machine.toml"
    machine.write_text(config, encoding="utf-8")
    env = dict(os.environ, RACCORDO_CONFIG=str(machine), PYTHONPATH=str(install_root()))
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, cwd=install_root(), env=env, timeout=timeout)


def _told(out: subprocess.CompletedProcess, *words: str) -> None:
    assert out.returncode == 1, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "Error:" not in out.stderr, out.stderr
    assert out.stderr.startswith("Errore: "), out.stderr
    for word in words:
        assert word in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) <= 2, out.stderr


def test_unreachable_database_url(tmp_path):
    url = f"postgresql://raccordo@127.0.0.1:{closed_port()}/ufficio"
    out = run(tmp_path / "d", "directory", "for", "Milano", config=f'[database]\nurl = "{url}"\n')
    _told(out, "Impossibile collegarsi al database condiviso: connessione rifiutata", "database.url")


@pytest.mark.postgres
def test_a_server_that_answers_without_the_database_says_so(tmp_path, pg_server, pg_url):
    """Not 'does not answer' when the server answered: the database named in database.url is not there."""
    url = pg_url.rsplit("/", 1)[0] + "/non_esiste"
    out = run(tmp_path / "d", "directory", "for", "Milano", config=f'[database]\nurl = "{url}"\n')
    _told(out, "Impossibile collegarsi al database condiviso: il database indicato non esiste sul server")


@pytest.mark.parametrize("url", ["nonsense://x", "postgresql://raccordo@127.0.0.1:porta/ufficio", "ufficio"])
def test_malformed_database_url(tmp_path, url):
    out = run(tmp_path / "d", "directory", "for", "Milano", config=f'[database]\nurl = "{url}"\n')
    _told(out, "L'impostazione database.url", "postgresql://utente@server:5432/raccordo")


def test_corrupt_database_file(tmp_path, prepared_sqlite):
    data = tmp_path / "d"
    data.mkdir()
    raw = bytearray(prepared_sqlite.read_bytes())
    raw[100:4096] = os.urandom(3996)  # the header survives, the schema page does not
    (data / "raccordo.sqlite3").write_bytes(bytes(raw))
    out = run(data, "directory", "for", "Milano")
    _told(out, "danneggiato")


def test_read_only_data_folder(tmp_path):
    with small_filesystem(tmp_path / "ro", "64k", read_only=True) as folder:
        out = run(folder / "dati", "directory", "for", "Milano")
    _told(out, "sola lettura")


def test_disk_full_while_preparing_the_database(tmp_path):
    with small_filesystem(tmp_path / "small", "256k") as folder:
        out = run(folder / "dati", "directory", "for", "Milano")
    _told(out, "Disco pieno", "Liberare spazio")


def test_database_locked_has_its_own_message(tmp_path, capsys, caplog):
    """The error another process's long write gives (here a real one, without waiting for the busy timeout)."""
    caplog.set_level(logging.ERROR, logger="raccordo.errors")  # expected: logfail lets it through
    from app.errors import report_to_console

    db = tmp_path / "x.sqlite3"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(db, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("INSERT INTO t VALUES (1)")
        assert report_to_console(caught.value, str(tmp_path / "d")) == 1
    finally:
        other.close()
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert err == ("Errore: Il database è occupato da un'altra operazione (ad esempio un'importazione in corso). "
                   "Riprovare tra qualche istante.\n")


def test_unexpected_error_names_the_log_and_exits_1(tmp_path, capsys, monkeypatch, caplog):
    """A bug in a command: one Italian line with the log's path; the traceback is in the log only."""
    caplog.set_level(logging.ERROR, logger="raccordo.errors")  # expected: logfail lets it through
    from app import core_commands
    from app.cli import main

    def broken(*args):
        return {}["chiave mancante"]

    for name in ("cmd_config", "cmd_version"):  # one through the data folder, one without
        monkeypatch.setattr(core_commands, name, broken)
    assert main(["--data-dir", str(tmp_path / "d"), "config"]) == 1
    assert "Errore imprevisto" in capsys.readouterr().err
    status = main(["--data-dir", str(tmp_path / "d"), "version"])
    err = capsys.readouterr().err
    log_file = tmp_path / "d" / "logs" / "raccordo.log"
    assert status == 1
    assert err == f"Errore: Errore imprevisto: l'operazione non è stata completata. I dettagli sono nel file di log: " \
                  f"{log_file}\n"
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError: 'chiave mancante'" in logged


def test_window_crash_shows_the_fault_without_a_traceback(qapp, tmp_path, message_boxes, caplog):
    caplog.set_level(logging.CRITICAL, logger="raccordo.crash")  # expected: logfail lets it through
    from app.log import close_logging, setup_logging
    from app.ui import crash

    log_file = tmp_path / "raccordo.log"
    setup_logging(log_file)
    saved = sys.excepthook
    crash.install_excepthook(log_file)
    try:
        try:
            sqlite3.connect(":memory:").execute("SELECT * FROM tabella_inesistente")
        except sqlite3.Error:
            sys.excepthook(*sys.exc_info())
        full = tmp_path / "pieno"
        with small_filesystem(full, "64k"):
            try:
                (full / "x.bin").write_bytes(b"\0" * 200_000)
            except OSError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = saved
        close_logging()
    (_, title, text), (_, full_title, full_text) = message_boxes[-2:]
    assert title == "Errore imprevisto" and str(log_file) in text
    assert full_title == "Disco pieno" and "Liberare spazio" in full_text and "Errno" not in full_text
    assert "tabella_inesistente" in log_file.read_text(encoding="utf-8")


def test_background_job_failures_reach_the_view_in_italian_without_details(qapp, tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="app.ui.workers")  # expected: logfail lets it through
    from app.ui import workers

    got = []
    workers.run_in_background(lambda: (tmp_path / "cartella").mkdir() or (tmp_path / "cartella").read_text(),
                              got.append, lambda exc, details: got.append((exc, details)))
    exc, details = got[0]
    assert details == ""
    assert str(exc).startswith("Errore imprevisto") and "Errno" not in str(exc)
    with small_filesystem(tmp_path / "ro", "64k", read_only=True) as folder:
        workers.run_in_background(lambda: (folder / "x.xlsx").write_bytes(b"x"), got.append,
                                  lambda exc, details: got.append((exc, details)))
    assert "sola lettura" in str(got[1][0]) and isinstance(got[1][0], ValueError)


def test_window_start_on_a_full_disk_says_so(qtbot, tmp_path, message_boxes, caplog):
    caplog.set_level(logging.ERROR, logger="app.ui.application")  # expected: logfail lets it through
    from PySide6.QtWidgets import QApplication

    from app.ui.application import _open_database, create_main_window
    from tests.conftest import make_context

    with small_filesystem(tmp_path / "small", "256k") as folder:
        ctx = make_context(folder)
        try:
            window = create_main_window(ctx, database_ready=False)
            qtbot.addWidget(window)
            _open_database(QApplication.instance(), ctx, window)
        finally:
            ctx.dispose()
    icon, title, text = message_boxes[-1]
    assert icon == QMessageBox.Icon.Critical and title == "Disco pieno" and "Liberare spazio" in text
