"""A damaged statistics outbox is set aside and reported, its readable events recoverable; nothing crashes.

The outbox is planted as a workstation on the shared PostgreSQL leaves it: 3 events already sent, 5 not yet.
Then it is emptied, overwritten, or has one page of its territory table destroyed (its events stay readable).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.bootstrap import prepare_database
from app.paths import install_root
from app.stats import office
from app.stats.events import record_delivery, record_outcome
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, Pushed
from tests.conftest import make_context
from tests.logfail import expecting

# What setting a damaged outbox aside writes to the log (for IT), as these tests expect it.
SET_ASIDE_LOGS = {"app.db.recovery": logging.WARNING, "app.notices": logging.WARNING,
                  "app.stats.outbox_damage": logging.WARNING}


@pytest.fixture
def set_aside_logged(caplog):
    """The tests that damage an outbox expect the records its setting aside writes for IT."""
    with expecting(caplog, SET_ASIDE_LOGS):
        yield caplog

YESTERDAY = date.today() - timedelta(days=1)
REASONS = {"zero": "il file è vuoto", "garbage": "il file non è un database SQLite", "pages": "contenuto illeggibile"}


def _cli(base, *args, url: str) -> subprocess.CompletedProcess:
    machine = base / "machine.toml"
    machine.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(install_root()), RACCORDO_CONFIG=str(machine))
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(base / "data"), *args], capture_output=True,
                          text=True, cwd=install_root(), env=env, timeout=300)


def _count(ctx, model, sessions=None) -> int:
    with (sessions or ctx.sessions)() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def shared(tmp_path, pg_url):
    """The office's PostgreSQL, migrated as IT sets it up."""
    supervisor = make_context(tmp_path / "supervisor", db_url=pg_url)
    prepare_database(supervisor)
    yield supervisor
    supervisor.dispose()


@pytest.fixture
def workstation(tmp_path, shared, pg_url):
    """A bailiff's workstation whose outbox holds 3 sent events and 5 unsent ones."""
    ctx = make_context(tmp_path / "pc", db_url=pg_url)
    local = office.local_sessions(ctx)
    with local.begin() as session:
        for _ in range(3):
            record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ar"],
                            workstation="pc", when=YESTERDAY)
    assert office.push(ctx, min_age=timedelta(0)).pushed == 3
    with local.begin() as session:
        for _ in range(4):
            record_delivery(session, stage="precetto", istat_code="015070", languages=["it", "uk"],
                            workstation="pc", when=YESTERDAY)
        record_outcome(session, istat_code="015070", outcome="executed", workstation="pc", when=YESTERDAY)
    office.close_outbox(ctx)
    yield ctx
    ctx.dispose()


def damage(path, how: str) -> None:
    """Empty the file, overwrite it, or destroy the root page of its territory table (events stay readable)."""
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    if how == "zero":
        path.write_bytes(b"")
        return
    if how == "garbage":
        path.write_bytes(os.urandom(300_000))
        return
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'territory_municipality'").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page_size:root * page_size] = os.urandom(page_size)
    path.write_bytes(bytes(raw))


def _outbox(ctx):
    return ctx.paths.data_dir / office.OUTBOX_FILE


def _kept(ctx) -> list:
    return sorted((ctx.paths.data_dir / "damaged").glob("stats-outbox-*.sqlite3"))


@pytest.mark.postgres
@pytest.mark.parametrize("how", ["zero", "garbage", "pages"])
def test_pack_sets_a_damaged_outbox_aside_says_how_many_events_it_holds_and_records(workstation, shared, pg_url,
                                                                                      tmp_path, how):
    damage(_outbox(workstation), how)
    pdf = tmp_path / "foglio.pdf"
    out = _cli(tmp_path / "pc", "pack", "--stage", "accesso", "--municipality", "Rho", "--lang", "ar",
               "--out", str(pdf), url=pg_url)
    assert out.returncode == 0, out.stderr
    assert "Consegna registrata" in out.stdout and pdf.stat().st_size > 10_000
    assert "Traceback" not in out.stderr and "database restore" not in out.stderr
    assert f"Attenzione: Il file delle statistiche in attesa di invio era danneggiato ({REASONS[how]})" in out.stderr
    kept = _kept(workstation)
    assert len(kept) == 1 and str(kept[0]) in out.stderr
    if how == "pages":
        assert "vi si leggono ancora 5 eventi non inviati" in out.stderr
        assert f"raccordo stats recover-outbox {kept[0]}" in out.stderr
    else:
        assert "non vi si legge alcun evento non inviato" in out.stderr
    fresh = office.outbox_sessions(workstation)
    assert _count(workstation, Delivery, fresh) == 1 and _count(workstation, Pushed, fresh) == 0  # the new pack


@pytest.mark.postgres
def test_it_recovers_the_readable_events_once(workstation, shared, pg_url, tmp_path):
    damage(_outbox(workstation), "pages")
    entry = _cli(tmp_path / "pc", "outcome", "--municipality", "Rho", "--outcome", "postponed", url=pg_url)
    assert entry.returncode == 0 and "Inviati 1 eventi" in entry.stdout, entry.stdout + entry.stderr  # the new one
    (kept,) = _kept(workstation)
    assert (_count(shared, Delivery), _count(shared, AccessOutcome)) == (3, 1)
    first = _cli(tmp_path / "pc", "stats", "recover-outbox", str(kept), url=pg_url)
    assert first.returncode == 0, first.stderr
    assert "Letti 5 eventi non inviati: 5 aggiunti alle statistiche, 0 già presenti." in first.stdout
    assert (_count(shared, Delivery), _count(shared, AccessOutcome)) == (7, 2)
    again = _cli(tmp_path / "pc", "stats", "recover-outbox", str(kept), url=pg_url)
    assert "0 aggiunti alle statistiche, 5 già presenti" in again.stdout, again.stderr
    assert (_count(shared, Delivery), _count(shared, AccessOutcome)) == (7, 2)
    with shared.sessions() as session:  # each delivery whole, with its languages
        assert session.scalar(select(func.count()).select_from(DeliveryLanguage)) == 14
    refused = _cli(tmp_path / "pc", "stats", "recover-outbox", str(tmp_path / "pc" / "machine.toml"), url=pg_url)
    assert refused.returncode == 1 and "non è un file delle statistiche" in refused.stderr


@pytest.mark.postgres
def test_an_outbox_damaged_while_in_use_is_set_aside_and_the_event_still_recorded(workstation, shared,
                                                                                   set_aside_logged):
    """SQLite finds a malformed page while recording: the outbox goes aside and the event goes to a new one."""
    from app import notices

    sessions = office.outbox_sessions(workstation)  # open, migrated and seeded in this process
    sessions.kw["bind"].dispose()  # no page cached: the next transaction reads the file again
    damage(_outbox(workstation), "pages")
    # Rho, not yet seen in this process: its check reads the destroyed territory page
    event = office.record(workstation, lambda s: record_outcome(s, istat_code="015182", outcome="postponed",
                                                                   workstation="pc"))
    told = notices.take()
    assert len(told) == 1 and "vi si leggono ancora 5 eventi non inviati" in told[0]
    fresh = office.outbox_sessions(workstation)
    with fresh() as session:
        assert session.get(AccessOutcome, event) is not None
    assert office.undo(workstation, event) is True  # the undo finds it in the new outbox
    assert len(_kept(workstation)) == 1


@pytest.mark.postgres
def test_the_statistics_screen_opens_on_a_damaged_outbox_and_tells_the_bailiff(qtbot, workstation, message_boxes,
                                                                               set_aside_logged):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.application import _open_database, create_main_window

    damage(_outbox(workstation), "pages")
    window = create_main_window(workstation, database_ready=False)
    qtbot.addWidget(window)
    _open_database(QApplication.instance(), workstation, window)
    view = window.view("stats")  # before: the outbox's error escaped the section's constructor
    assert view.count_labels["deliveries_today"].text() == "0"
    notices = [text for icon, _title, text in message_boxes if icon == QMessageBox.Icon.Warning]
    assert len(notices) == 1 and "vi si leggono ancora 5 eventi non inviati" in notices[0]
    kept = _kept(workstation)[0]
    assert str(kept) in notices[0] and f"raccordo stats recover-outbox {kept}" in notices[0]  # the details for IT
    # The banner stays on screen: one short sentence a bailiff reads at a glance, no path, no command.
    assert window.banner.isVisibleTo(window)
    assert window.banner.text() == ("Il file delle statistiche in attesa di invio era danneggiato: è stato messo da "
                                    "parte per l'IT e le registrazioni continuano.")
    if os.environ.get("RACCORDO_GRAB"):  # for a person to look at: RACCORDO_GRAB=folder
        window.nav.setCurrentRow(next(i for i, s in enumerate(window.sections) if s.id == "stats"))
        window.show()
        qtbot.waitExposed(window)
        for width, height in ((1280, 720), (1366, 768), (1280, 800)):
            window.resize(width, height)
            qtbot.wait(200)
            window.grab().save(os.path.join(os.environ["RACCORDO_GRAB"], f"outbox-damaged-banner-{width}x{height}.png"))


def test_without_a_shared_database_a_damaged_outbox_is_reported_and_recording_goes_on(tmp_path, prepared_sqlite):
    """On a single workstation the outbox only holds what waited for a busy database: same handling."""
    import shutil

    ctx = make_context(tmp_path / "solo")
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    ctx.dispose()
    _outbox(ctx).write_bytes(os.urandom(50_000))
    out = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(ctx.paths.data_dir), "outcome",
                          "--municipality", "Rho", "--outcome", "executed"], capture_output=True, text=True,
                         cwd=install_root(), env=dict(os.environ, PYTHONPATH=str(install_root())), timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Esito registrato" in out.stdout and "Traceback" not in out.stderr
    assert "era danneggiato (il file non è un database SQLite)" in out.stderr
    assert _count(ctx, AccessOutcome) == 1 and len(_kept(ctx)) == 1
    ctx.dispose()
