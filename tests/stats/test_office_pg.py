"""Gathering the office in a real PostgreSQL: concurrent workstations, and one offline for a day."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.bootstrap import prepare_database
from app.paths import install_root
from app.stats.events import record_delivery, record_outcome
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage
from app.stats.office import local_sessions, pending_count, push, push_events, undo
from app.stats.period import month_end
from app.stats.service import export_report
from tests.conftest import make_context

pytestmark = pytest.mark.postgres


@pytest.fixture
def office_db(tmp_path, pg_url):
    """The shared database, migrated and seeded as IT would set it up."""
    supervisor = make_context(tmp_path / "supervisor", db_url=pg_url)
    prepare_database(supervisor)
    yield supervisor
    supervisor.dispose()


def _count(ctx, model) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.mark.slow
def test_four_workstations_at_once_give_exactly_ten_thousand(office_db, tmp_path, pg_url):
    env = dict(os.environ, PYTHONPATH=str(install_root()))
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.stats.pg_worker", str(tmp_path / f"pc{i}"), pg_url, "2500"],
                         cwd=install_root(), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    outputs = [w.communicate(timeout=300) for w in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.strip() == "2500"
    assert _count(office_db, Delivery) == 10_000
    assert _count(office_db, DeliveryLanguage) == 20_000
    with office_db.sessions() as session:
        per_workstation = session.execute(select(Delivery.workstation, func.count()).group_by(Delivery.workstation))
        assert sorted(n for _, n in per_workstation) == [2500] * 4


def test_workstation_offline_for_a_day_pushes_everything_once(office_db, tmp_path, pg_url, pg_server):
    bailiff = make_context(tmp_path / "bailiff", db_url=pg_url)
    local = local_sessions(bailiff)
    yesterday = date.today() - timedelta(days=1)
    pg_server.pause()
    try:
        ids = []
        with local.begin() as session:  # recording never needs the network
            for _ in range(120):
                ids.append(record_delivery(session, stage="avviso_sloggio", istat_code="015146", languages=["it"],
                                           workstation="pc-bailiff", when=yesterday))
            record_outcome(session, istat_code="015070", outcome="voluntary_release", workstation="pc-bailiff",
                           when=yesterday)
        assert undo(bailiff, ids.pop()) is True  # undo works offline, within its window
        offline = push_events(local, bailiff.engine, min_age=timedelta(0))
        assert offline.error and offline.pushed == 0 and offline.pending == 120
        assert "non raggiungibile" in offline.message
    finally:
        pg_server.resume()
    # Recent events wait for the undo window to pass; then everything goes, once.
    assert push(bailiff).pushed == 0
    back = push_events(local, bailiff.engine, min_age=timedelta(0))
    assert back.error is None and (back.pushed, back.pending) == (120, 0)
    assert push_events(local, bailiff.engine, min_age=timedelta(0)).pushed == 0
    assert pending_count(local) == 0
    assert undo(bailiff, ids[0]) is False  # pushed: no longer taken back
    assert _count(office_db, Delivery) == 119 and _count(office_db, AccessOutcome) == 1
    # The supervisor exports from the shared database (PostgreSQL month grouping included).
    out = tmp_path / "office.xlsx"
    period = f"{yesterday:%Y-%m}"
    after = month_end(yesterday.year, yesterday.month) + timedelta(days=1)  # the month must be over to publish it
    report = export_report(office_db, period, "ambito", out, today=after)
    assert report.totals["deliveries"] == 119
    shown = load_workbook(out)["Riepilogo"]["B6"].value
    assert shown == report.summary.grand() and abs(shown - 119) <= report.disclosure.table.max_noise
    bailiff.dispose()
