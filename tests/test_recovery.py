"""A damaged database is never papered over: reported, kept aside, and replaced by a backup only when asked."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, select

from app.db.migrate import backup_sqlite
from app.paths import install_root, instance_lock
from app.stats.models import Delivery
from tests.conftest import make_context
from tests.logfail import expecting


def _cli(data_dir, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(install_root()))
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, cwd=install_root(), env=env, timeout=180)


def _record(ctx, n: int) -> None:
    from app.stats.events import record_delivery

    with ctx.sessions.begin() as session:
        for _ in range(n):
            record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ar"],
                            workstation="pc-1", when=date(2026, 10, 5))


def _deliveries(data_dir) -> int:
    ctx = make_context(data_dir.parent)
    try:
        with ctx.sessions() as session:
            return session.scalar(select(func.count()).select_from(Delivery))
    finally:
        ctx.dispose()


@pytest.fixture
def office(tmp_path, prepared_sqlite):
    """A workstation in use: 7 deliveries in last week's backup, 3 more since."""
    ctx = make_context(tmp_path)
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    _record(ctx, 7)
    ctx.dispose()
    backup = backup_sqlite(ctx.paths.sqlite_file, ctx.paths.backup_dir)
    _record(ctx, 3)
    ctx.dispose()
    return ctx, backup


def _damage(ctx, how: str) -> None:
    db = ctx.paths.sqlite_file
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    if how == "zero":
        db.write_bytes(b"")
    elif how == "garbage":
        db.write_bytes(os.urandom(200_000))
    else:  # the header survives, the pages after it do not
        raw = bytearray(db.read_bytes())
        raw[100:8192] = os.urandom(8092)
        db.write_bytes(bytes(raw))


@pytest.mark.parametrize(("how", "reason"), [("zero", "il file è vuoto"), ("garbage", "il file non è un database SQLite"),
                                             ("pages", "contenuto illeggibile")])
def test_a_damaged_database_is_reported_never_recreated(office, how, reason):
    ctx, backup = office
    _damage(ctx, how)
    before = ctx.paths.sqlite_file.read_bytes()
    out = _cli(ctx.paths.data_dir, "directory", "for", "Milano")
    assert out.returncode == 1, out.stdout
    assert f"è danneggiato ({reason}) e non è stato modificato" in out.stderr, out.stderr
    assert "raccordo database restore" in out.stderr and "Traceback" not in out.stderr
    assert ctx.paths.sqlite_file.read_bytes() == before  # not migrated afresh, not seeded with the demo directory


def test_restore_keeps_the_damaged_file_aside_and_brings_the_backup_back(office):
    ctx, backup = office
    _damage(ctx, "zero")
    out = _cli(ctx.paths.data_dir, "database", "restore")
    assert out.returncode == 0, out.stderr
    assert "Ripristinata la copia di sicurezza" in out.stdout and "conservato in" in out.stdout
    aside = list((ctx.paths.data_dir / "damaged").glob("raccordo-*.sqlite3"))
    assert len(aside) == 1 and aside[0].stat().st_size == 0
    assert _deliveries(ctx.paths.data_dir) == 7  # the backup's; the 3 recorded since were in the damaged file
    assert _cli(ctx.paths.data_dir, "directory", "for", "Milano").returncode == 0


def test_without_a_backup_only_an_explicit_new_database_is_created(tmp_path, prepared_sqlite):
    ctx = make_context(tmp_path)
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    ctx.dispose()
    _damage(ctx, "garbage")
    out = _cli(ctx.paths.data_dir, "directory", "for", "Milano")
    assert out.returncode == 1 and "Non ci sono copie di sicurezza" in out.stderr, out.stderr
    refused = _cli(ctx.paths.data_dir, "database", "restore")
    assert refused.returncode == 1 and "nessuna copia di sicurezza utilizzabile" in refused.stderr
    assert ctx.paths.sqlite_file.stat().st_size == 200_000
    fresh = _cli(ctx.paths.data_dir, "database", "restore", "--new")
    assert fresh.returncode == 0 and "Creato un database nuovo" in fresh.stdout, fresh.stderr
    assert len(list((ctx.paths.data_dir / "damaged").iterdir())) == 1


def test_restore_refuses_while_the_window_is_open(office):
    ctx, _ = office
    _damage(ctx, "zero")
    lock = instance_lock(ctx.paths.data_dir, ctx.db_url)
    lock.write_text(f"{os.getpid()}\nraccordo\nhost\n", encoding="utf-8")  # a live process holds it
    out = _cli(ctx.paths.data_dir, "database", "restore")
    assert out.returncode == 1 and "chiuderlo prima di ripristinare" in out.stderr
    assert ctx.paths.sqlite_file.stat().st_size == 0



@pytest.fixture
def damage_logged(caplog):
    """A damaged database at start is logged for IT (and, restored, the copy it came from)."""
    with expecting(caplog, {"app.ui.application": logging.ERROR, "app.db.recovery": logging.WARNING}):
        yield

def test_the_window_offers_the_last_backup(qtbot, office, damage_logged):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui import msgbox
    from app.ui.application import _open_database, create_main_window

    ctx, backup = office
    _damage(ctx, "pages")
    shown = []

    def answer(box):
        shown.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Yes if box.icon() == QMessageBox.Icon.Question else box.defaultButton()

    msgbox.set_test_hook(answer)
    try:
        window = create_main_window(ctx, database_ready=False)
        qtbot.addWidget(window)
        window.show()
        _open_database(QApplication.instance(), ctx, window)
    finally:
        msgbox.set_test_hook(None)
        ctx.dispose()
    (title, question), (_, done) = shown[:2]
    assert title == "Database danneggiato"
    assert "contenuto illeggibile" in question and "Ripristinare la copia" in question
    assert done.startswith("Ripristinata la copia di sicurezza")
    assert window.isVisible()  # opened on the restored database
    assert _deliveries(ctx.paths.data_dir) == 7


def test_the_window_closes_without_touching_anything_when_the_user_says_no(qtbot, office, message_boxes, damage_logged):
    from PySide6.QtWidgets import QApplication

    from app.ui.application import _open_database, create_main_window

    ctx, _ = office
    _damage(ctx, "zero")
    window = create_main_window(ctx, database_ready=False)
    qtbot.addWidget(window)
    window.show()
    _open_database(QApplication.instance(), ctx, window)
    ctx.dispose()
    assert [title for _, title, _ in message_boxes] == ["Database danneggiato"]
    assert not window.isVisible()
    assert ctx.paths.sqlite_file.stat().st_size == 0 and not (ctx.paths.data_dir / "damaged").exists()
