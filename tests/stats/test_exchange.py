"""Offices without a server: event files exported by workstations and imported by the supervisor."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from app.stats.events import record_delivery, record_outcome, schedule_access
from app.stats.exchange import ImportRejected, export_events, import_file
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from tests.conftest import make_context


@pytest.fixture
def second(tmp_path, prepared_sqlite):
    """A second workstation (its own data folder and database)."""
    context = make_context(tmp_path / "second")
    shutil.copy(prepared_sqlite, context.paths.sqlite_file)
    yield context
    context.dispose()


def _counts(ctx) -> tuple[int, ...]:
    with ctx.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(m))
                     for m in (Delivery, DeliveryLanguage, AccessOutcome, ScheduledAccess))


def _record_some(ctx, n: int, ws: str) -> None:
    with ctx.sessions.begin() as session:
        for i in range(n):
            record_delivery(session, stage="intimazione", istat_code="015146", languages=["it", "uk"],
                            cause="arrears", workstation=ws, when=date(2026, 10, 1 + i % 20))
        record_outcome(session, istat_code="015146", outcome="postponed", workstation=ws, when=date(2026, 10, 2))
        schedule_access(session, istat_code="015146", access_day=date(2026, 11, 3), workstation=ws)


def test_import_adds_events_once_and_twice_changes_nothing(ctx, second, tmp_path):
    _record_some(second, 7, "pc-2")
    _record_some(ctx, 2, "pc-1")
    path = tmp_path / "pc2.json"
    with second.sessions() as session:
        assert export_events(session, path, workstation_token="abcdefabcdef") == {
            "deliveries": 7, "outcomes": 1, "scheduled": 1}
    with ctx.sessions.begin() as session:
        result = import_file(session, path)
    assert (result.new, result.already) == (9, 0)
    assert _counts(ctx) == (9, 18, 2, 2)
    with ctx.sessions.begin() as session:
        again = import_file(session, path)
    assert (again.new, again.already) == (0, 9)
    assert _counts(ctx) == (9, 18, 2, 2)


@pytest.mark.parametrize("damage", ["flip", "truncate", "bad_value", "not_json", "other_format"])
def test_a_damaged_file_is_rejected_whole(ctx, second, tmp_path, damage):
    _record_some(second, 5, "pc-2")
    path = tmp_path / "pc2.json"
    with second.sessions() as session:
        export_events(session, path, workstation_token="abcdefabcdef")
    raw = path.read_bytes()
    if damage == "flip":
        raw = raw.replace(b"intimazione", b"intimazionf", 1)
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "bad_value":  # a consistent checksum over a value outside the closed lists
        import hashlib

        from app.stats.exchange import _canonical

        doc = json.loads(raw)
        doc["events"]["deliveries"][-1][3] = "Mario Rossi"
        doc["sha256"] = hashlib.sha256(_canonical(doc["events"])).hexdigest()
        raw = json.dumps(doc).encode()
    elif damage == "not_json":
        raw = b"\x00\xff garbage"
    else:
        raw = raw.replace(b"raccordo-stats-events", b"something-else")
    path.write_bytes(raw)
    before = _counts(ctx)
    with pytest.raises(ImportRejected) as info, ctx.sessions.begin() as session:
        import_file(session, path)
    assert "pc2.json" in str(info.value) and "nessun dato importato" in str(info.value)
    assert _counts(ctx) == before


def test_cli_export_events_and_import(ctx, second, tmp_path, capsys):
    from app.cli import main

    _record_some(second, 3, "pc-2")
    out = tmp_path / "ev.json"
    assert main(["--data-dir", str(second.paths.data_dir), "stats", "export-events", "--out", str(out)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status = main(["--data-dir", str(ctx.paths.data_dir), "stats", "import", str(out), str(out), str(bad)])
    captured = capsys.readouterr()
    assert status == 1
    assert "5 eventi nuovi" in captured.out and "0 eventi nuovi, 5 già presenti" in captured.out
    assert "bad.json» rifiutato" in captured.err
    assert _counts(ctx)[0] == 3
