"""What leaves a workstation: the day of recording (not the time), a keyed workstation code (not a name's hash).

Covers the event file (version 2 written, version 1 still read), the merge every import and push goes through,
the keyed code, and the migration that cleans events stored before.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time

from alembic import command
from sqlalchemy import select, text

from app.db.migrate import alembic_config, migrate
from app.stats.disclosure import record_key
from app.stats.events import record_delivery, record_outcome, schedule_access
from app.stats.exchange import _canonical, export_events, import_file
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.territory.data import seed_if_empty
from tests.conftest import make_context

LEGACY = hashlib.sha256(b"raccordo-workstation:pc-ufficio-3").hexdigest()[:12]


def _record(ctx, n: int = 3) -> None:
    with ctx.sessions.begin() as session:
        for i in range(n):
            record_delivery(session, stage="precetto", istat_code="015146", languages=["it", "ar"],
                            workstation=ctx.config.workstation(), when=date(2026, 10, 1 + i))
        record_outcome(session, istat_code="015146", outcome="executed", workstation=ctx.config.workstation(),
                       when=date(2026, 10, 2))
        schedule_access(session, istat_code="015146", access_day=date(2026, 12, 3),
                        workstation=ctx.config.workstation())


def test_workstation_code_is_keyed_stable_and_rotated_by_it(ctx, tmp_path):
    code = ctx.config.workstation()
    assert re.fullmatch(r"[0-9a-f]{12}", code)
    name = ctx.config["office.workstation"] or __import__("socket").gethostname().split(".")[0]
    assert code != hashlib.sha256(f"raccordo-workstation:{name.casefold()}".encode()).hexdigest()[:12]
    again = make_context(ctx.paths.data_dir.parent)  # the same data folder: the same code
    assert again.config.workstation() == code
    again.dispose()
    other = make_context(tmp_path / "other")  # another data folder: its own random key
    assert other.config.workstation() != code
    other.dispose()
    ctx.config.values["stats.workstation_key"] = "chiave-di-IT-2027"
    rotated = ctx.config.workstation()
    assert rotated != code and re.fullmatch(r"[0-9a-f]{12}", rotated)


def test_event_file_holds_days_and_codes_only(ctx, tmp_path):
    _record(ctx)
    out = tmp_path / "eventi.json"
    with ctx.sessions() as session:
        export_events(session, out, workstation_token=ctx.config.workstation())
    document = json.loads(out.read_text())
    assert document["version"] == 2
    events = document["events"]
    stamps = [row[2] for row in events["deliveries"] + events["outcomes"] + events["scheduled"]]
    assert stamps and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in stamps), stamps
    codes = {row[7] for row in events["deliveries"]} | {row[6] for row in events["outcomes"]}
    assert codes == {ctx.config.workstation()}


def test_version_1_file_is_imported_by_day_with_fresh_codes(ctx, prepared_sqlite, tmp_path):
    stamp = "2026-10-04T17:31:09.123456"
    events = {
        "deliveries": [["3f0c8a3e-8d6c-4c4e-9d1a-0a5b6c7d8e9f", "2026-10-04", stamp, "accesso", "015146",
                        "in_person", "arrears", LEGACY, ["ar", "it"]]],
        "outcomes": [["4a1d9b4f-9e7d-4d5f-8e2b-1b6c7d8e9fa0", "2026-10-04", stamp, "015146", "executed", "yes",
                      LEGACY]],
        "scheduled": [["5b2eac50-af8e-4e60-9f3c-2c7d8e9fa0b1", "2026-11-20", stamp, "015146", LEGACY]],
    }
    path = tmp_path / "vecchio.json"
    path.write_text(json.dumps({"format": "raccordo-stats-events", "version": 1, "workstation": LEGACY,
                                "created": "2026-10-05T08:00:00+00:00",
                                "sha256": hashlib.sha256(_canonical(events)).hexdigest(), "events": events}))
    for _ in range(2):  # twice: the second import finds the same events (day and code differences ignored)
        with ctx.sessions.begin() as session:
            result = import_file(session, path)
    assert (result.new, result.already) == (0, 3)
    with ctx.sessions() as session:
        for model in (Delivery, AccessOutcome, ScheduledAccess):
            row = session.scalars(select(model)).one()
            assert row.recorded_at == datetime(2026, 10, 4) and row.workstation != LEGACY
            assert row.rkey == record_key(row.id)
        assert {r.rkey for r in session.scalars(select(DeliveryLanguage))} == {record_key(events["deliveries"][0][0])}


def test_migration_cuts_times_and_replaces_traceable_codes(tmp_path):
    ctx = make_context(tmp_path)
    cfg = alembic_config(ctx.paths.migrations)
    with ctx.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0301_stats_trend_index")
    with ctx.sessions.begin() as session:
        seed_if_empty(session, ctx.paths.resources)
    with ctx.engine.begin() as conn:
        for i, ws in enumerate([LEGACY, LEGACY, "abcdefabcdef"]):
            conn.execute(text("INSERT INTO stats_delivery (id, day, recorded_at, stage, istat_code, mode, cause, "
                              "workstation) VALUES (:id, '2026-10-04', '2026-10-04 17:31:09.123456', 'accesso', "
                              "'015146', 'in_person', 'arrears', :ws)"),
                         {"id": f"00000000-0000-4000-8000-00000000000{i}", "ws": ws})
            conn.execute(text("INSERT INTO stats_delivery_language (delivery_id, language, day, istat_code) "
                              "VALUES (:id, 'it', '2026-10-04', '015146')"), {"id": f"00000000-0000-4000-8000-00000000000{i}"})
    migrate(ctx.engine, ctx.paths.migrations, ctx.paths.backup_dir)
    with ctx.sessions() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        assert [r.recorded_at for r in rows] == [datetime.combine(date(2026, 10, 4), time())] * 3
        assert rows[0].workstation == rows[1].workstation != LEGACY
        assert rows[2].workstation not in (rows[0].workstation, "abcdefabcdef")
        assert [r.rkey for r in rows] == [record_key(r.id) for r in rows]
    ctx.dispose()
