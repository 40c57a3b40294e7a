"""Writers that wait instead of losing work: a pack printed during a long import, two imports, a full disk.

"A long import" is played by another connection holding SQLite's write lock for longer than the busy timeout
(10 s), exactly what a year of events being imported does to everybody else.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.stats.models import Delivery, DeliveryLanguage
from tests.cli import run_cli
from tests.faults import fill, small_filesystem
from tests.stats.test_merge import _delivery, _write

pytestmark = pytest.mark.slow


@contextmanager
def write_lock_held(db_file, seconds: float):
    """Another process's long write: the database's write lock, held for ``seconds`` then released."""
    holder = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(seconds, holder.rollback)
    release.start()
    try:
        yield
    finally:
        release.cancel()
        holder.rollback()
        holder.close()


def _cli(data_dir, *args):
    return run_cli("--data-dir", str(data_dir), *args)


def _deliveries(ctx) -> tuple[int, int]:
    with ctx.sessions() as session:
        return (session.scalar(select(func.count()).select_from(Delivery)),
                session.scalar(select(func.count()).select_from(DeliveryLanguage)))


def test_a_pack_printed_during_a_long_import_is_recorded_later(ctx, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="app.stats.office")  # expected: logfail lets it through
    pdf = tmp_path / "foglio.pdf"
    with write_lock_held(ctx.paths.sqlite_file, 40):
        out = _cli(ctx.paths.data_dir, "pack", "--stage", "accesso", "--municipality", "Rho", "--lang", "ar",
                   "--out", str(pdf))
        assert out.returncode == 0, out.stderr
        assert "Consegna registrata" in out.stdout and pdf.stat().st_size > 10_000
        assert "NON è stata registrata" not in out.stderr
    assert _deliveries(ctx) == (0, 0)  # kept in the outbox while the database was busy
    pushed = _cli(ctx.paths.data_dir, "stats", "push")
    assert pushed.returncode == 0 and "1 eventi rimasti in attesa" in pushed.stdout, pushed.stdout + pushed.stderr
    assert _deliveries(ctx) == (1, 2)
    again = _cli(ctx.paths.data_dir, "outcome", "--municipality", "Rho", "--outcome", "executed")
    assert again.returncode == 0, again.stderr
    assert _deliveries(ctx) == (1, 2)  # merged once, whatever flushes it again


def test_a_delivery_kept_while_the_database_is_busy_can_still_be_undone(ctx, caplog):
    caplog.set_level(logging.WARNING, logger="app.stats.office")  # expected: logfail lets it through
    from app import delivery
    from app.leaflets.pack import PackRequest

    result = delivery.render(ctx, [PackRequest("precetto", "Milano", ("uk",), False, 1)])
    with write_lock_held(ctx.paths.sqlite_file, 40):
        events = delivery.record(ctx, result.specs)
        assert len(events) == 1
        assert delivery.undo(ctx, events) == 1
    from app.stats.office import flush

    assert flush(ctx) == 0 and _deliveries(ctx) == (0, 0)


def test_a_statistics_import_waits_for_another_long_writer(ctx, tmp_path):
    path = _write(tmp_path / "pc2.json", [_delivery(str(uuid.uuid4())) for _ in range(50)])
    started = time.monotonic()
    with write_lock_held(ctx.paths.sqlite_file, 14):
        out = _cli(ctx.paths.data_dir, "stats", "import", str(path))
    assert out.returncode == 0, out.stderr
    assert "50 eventi nuovi" in out.stdout and time.monotonic() - started >= 14
    assert _deliveries(ctx) == (50, 100)


def test_a_delivery_on_a_full_disk_says_plainly_it_was_not_recorded(tmp_path, prepared_sqlite, caplog):
    """The window is open and the disk fills up: the leaflet is printed, and the bailiff is told it is not counted."""
    caplog.set_level(logging.ERROR, logger="app.delivery")  # expected: logfail lets it through
    caplog.set_level(logging.WARNING, logger="app.stats.office")  # expected: logfail lets it through
    from app import delivery
    from app.leaflets.pack import PackRequest
    from tests.conftest import make_context

    pdf = tmp_path / "foglio.pdf"
    with small_filesystem(tmp_path / "pieno", "2m") as folder:
        ctx = make_context(folder)
        shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
        try:
            result = delivery.render(ctx, [PackRequest("accesso", "Rho", ("ar",), False, 1)])
            fill(folder)
            with pytest.raises(delivery.DeliveryError) as caught:
                delivery.hand_over(ctx, result, pdf.write_bytes)
        finally:
            ctx.dispose()
    assert pdf.stat().st_size > 10_000  # the household has its leaflet
    message = str(caught.value)
    assert message.startswith("Il foglio è stato consegnato ma la consegna NON è stata registrata")
    assert "Liberare spazio" in message
