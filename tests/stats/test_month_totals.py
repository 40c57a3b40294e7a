"""The monthly totals (migration 0305) are the events' own counts after every path that writes events.

Each test writes events one way (recording, undo, a merged file, a pushed outbox, the migration's backfill), on
SQLite and on a real PostgreSQL, then compares every stored total with the totals worked out here, in Python,
from the event rows themselves (month of the day, one "other language" per delivery, record keys from the ids).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.bootstrap import prepare_database
from app.db.migrate import alembic_config
from app.stats.disclosure import record_key
from app.stats.events import record_delivery, record_outcome, schedule_access, undo_event
from app.stats.exchange import ImportRejected, export_events, import_file
from app.stats.merge import EventRows, merge_events
from app.stats.office import outbox_sessions, push, record
from tests.conftest import make_context

WS = "abcdefabcdef"
MILAN, RHO, BOLLATE = "015146", "015182", "015027"


def _month(day) -> date:
    day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return date(day.year, day.month, 1)


def expected(conn) -> dict[str, Counter]:
    """Every total, worked out from the event rows (not from the triggers' SQL)."""
    out = {name: Counter() for name in ("stage", "foreign", "outcome", "scheduled")}
    rows = conn.execute(text("SELECT id, day, istat_code, stage FROM stats_delivery")).all()
    others = {d for d, lang in conn.execute(text("SELECT delivery_id, language FROM stats_delivery_language"))
              if lang != "it"}
    for event_id, day, code, stage in rows:
        key = record_key(event_id)
        out["stage"][_month(day), code, stage, "n"] += 1
        out["stage"][_month(day), code, stage, "k"] += key
        if event_id in others:
            out["foreign"][_month(day), code, "n"] += 1
            out["foreign"][_month(day), code, "k"] += key
    for event_id, day, code, outcome, social in conn.execute(text(
            "SELECT id, day, istat_code, outcome, social_services FROM stats_outcome")):
        out["outcome"][_month(day), code, outcome, social, "n"] += 1
        out["outcome"][_month(day), code, outcome, social, "k"] += record_key(event_id)
    for event_id, access_day, recorded_at, code in conn.execute(text(
            "SELECT id, access_day, recorded_at, istat_code FROM stats_scheduled_access")):
        out["scheduled"][_month(access_day), _month(recorded_at), code, "n"] += 1
        out["scheduled"][_month(access_day), _month(recorded_at), code, "k"] += record_key(event_id)
    return out


def stored(conn) -> dict[str, Counter]:
    """The totals as the database keeps them (a total never stays at zero)."""
    queries = {
        "stage": "SELECT month, istat_code, stage, n, rkeys FROM stats_month_stage",
        "foreign": "SELECT month, istat_code, n, rkeys FROM stats_month_foreign",
        "outcome": "SELECT month, istat_code, outcome, social_services, n, rkeys FROM stats_month_outcome",
        "scheduled": "SELECT month, known, istat_code, n, rkeys FROM stats_month_scheduled",
    }
    out = {}
    for name, sql in queries.items():
        counter = Counter()
        for *key, n, keys in conn.execute(text(sql)):
            assert n > 0, (name, key)
            key = [_month(k) if isinstance(k, str) and len(k) == 10 and k[4] == "-" else k for k in key]
            counter[(*key, "n")] += n
            counter[(*key, "k")] += int(keys)
        out[name] = counter
    return out


def assert_exact(ctx) -> dict[str, Counter]:
    with ctx.engine.connect() as conn:
        truth, kept = expected(conn), stored(conn)
    assert kept == truth
    return kept


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """A migrated store of either kind (the PostgreSQL server starts only for the marked case)."""
    if request.param == "sqlite":
        context = make_context(tmp_path / "store")
    else:
        context = make_context(tmp_path / "store", db_url=request.getfixturevalue("pg_url"))
    prepare_database(context)
    yield context
    context.dispose()


def _some_events(session, when: date) -> dict[str, str]:
    ids = {
        "it only": record_delivery(session, stage="precetto", istat_code=MILAN, languages=["it"], workstation="pc1",
                                   when=when),
        "two others": record_delivery(session, stage="precetto", istat_code=MILAN, languages=["bn", "it", "ar"],
                                      workstation="pc1", when=when),
        "one other": record_delivery(session, stage="accesso", istat_code=RHO, languages=["it", "uk"],
                                     workstation="pc1", when=when + timedelta(days=40)),
        "outcome": record_outcome(session, istat_code=MILAN, outcome="executed", social_services="yes",
                                  workstation="pc1", when=when),
        "scheduled": schedule_access(session, istat_code=BOLLATE, access_day=when + timedelta(days=70),
                                     workstation="pc1"),
    }
    return ids


def test_recording_and_undo_keep_the_totals_exact(store):
    with store.sessions.begin() as session:
        ids = _some_events(session, date(2026, 3, 30))
    kept = assert_exact(store)
    assert sum(v for k, v in kept["foreign"].items() if k[-1] == "n") == 2  # "bn, it, ar" counts once
    assert sum(v for k, v in kept["stage"].items() if k[-1] == "n") == 3
    with store.sessions.begin() as session:  # the same delivery twice a day: one total row, n = 2
        record_delivery(session, stage="precetto", istat_code=MILAN, languages=["ar"], workstation="pc1",
                        when=date(2026, 3, 2))
    kept = assert_exact(store)
    assert kept["stage"][date(2026, 3, 1), MILAN, "precetto", "n"] == 3
    for name in ("two others", "outcome", "scheduled", "one other"):
        with store.sessions.begin() as session:
            assert undo_event(session, ids[name])
        assert_exact(store)
    kept = assert_exact(store)
    assert kept["outcome"] == Counter() and kept["scheduled"] == Counter()
    assert sum(v for k, v in kept["foreign"].items() if k[-1] == "n") == 1  # the one recorded on the 2nd
    with store.sessions.begin() as session:
        assert undo_event(session, ids["it only"])
    assert sum(v for k, v in assert_exact(store)["stage"].items() if k[-1] == "n") == 1


def _rows(n: int, seed: int) -> EventRows:
    """Events as a merged file or an outbox brings them: several months, municipalities, language sets."""
    import random

    rng = random.Random(seed)
    rows = EventRows()
    for i in range(n):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(200))
        langs = [["it"], ["it", "ar"], ["it", "bn", "zh_Hans"], ["uk"]][i % 4]
        rows.deliveries.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "day": day,
                                "recorded_at": datetime.combine(day, datetime.min.time()),
                                "stage": rng.choice(["diffida", "precetto", "accesso"]),
                                "istat_code": rng.choice([MILAN, RHO, BOLLATE]), "mode": "in_person",
                                "cause": "arrears", "workstation": WS, "languages": langs})
        rows.outcomes.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "day": day,
                              "recorded_at": datetime.combine(day, datetime.min.time()),
                              "istat_code": rng.choice([MILAN, RHO]), "outcome": "postponed",
                              "social_services": rng.choice(["yes", "no"]), "workstation": WS})
        rows.scheduled.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                               "access_day": day + timedelta(days=30), "workstation": WS,
                               "recorded_at": datetime.combine(day, datetime.min.time()), "istat_code": RHO})
    return rows


def test_merges_keep_the_totals_exact_and_a_refused_merge_leaves_them(store):
    rows = _rows(120, 1)
    with store.engine.begin() as conn:
        assert merge_events(conn, rows).new == 360
    before = assert_exact(store)
    with store.engine.begin() as conn:  # the same events again (a push repeated after a crash): nothing added
        assert merge_events(conn, rows).already == 360
    assert assert_exact(store) == before
    clash = _rows(5, 2)
    clash.deliveries.append({**rows.deliveries[0], "stage": "accesso" if rows.deliveries[0]["stage"] != "accesso"
                             else "diffida"})
    with pytest.raises(ValueError), store.engine.begin() as conn:  # a different copy: the whole merge rolls back
        merge_events(conn, clash)
    assert assert_exact(store) == before


def test_an_imported_file_of_another_office_keeps_the_totals_exact(store, tmp_path):
    other = make_context(tmp_path / "other")
    prepare_database(other)
    try:
        with other.sessions.begin() as session:
            _some_events(session, date(2026, 5, 31))
        with other.sessions() as session:
            export_events(session, tmp_path / "other.json", workstation_token=WS)
    finally:
        other.dispose()
    with store.sessions.begin() as session:
        _some_events(session, date(2026, 5, 3))
        assert import_file(session, tmp_path / "other.json").new == 5
    assert_exact(store)
    broken = tmp_path / "broken.json"
    broken.write_bytes((tmp_path / "other.json").read_bytes()[:-40])
    before = assert_exact(store)
    with pytest.raises(ImportRejected), store.sessions.begin() as session:
        import_file(session, broken)
    assert assert_exact(store) == before


def test_a_pushed_outbox_keeps_the_totals_exact(store, tmp_path):
    """A workstation's events wait in its outbox and are pushed (PostgreSQL), or flushed in (SQLite)."""
    with outbox_sessions(store).begin() as session:
        ids = _some_events(session, date(2026, 2, 27))
    with outbox_sessions(store).begin() as session:  # taken back before it left: never counted anywhere
        assert undo_event(session, ids["two others"])
    assert push(store, min_age=timedelta(0)).pushed == 4
    kept = assert_exact(store)
    assert sum(v for k, v in kept["stage"].items() if k[-1] == "n") == 2
    record(store, lambda session: record_outcome(session, istat_code=RHO, outcome="withdrawn", workstation="pc2",
                                                 when=date(2026, 3, 3)))
    push(store, min_age=timedelta(0))
    assert sum(v for k, v in assert_exact(store)["outcome"].items() if k[-1] == "n") == 2


def test_the_migration_adds_up_the_events_already_stored(store):
    """A database of the previous revision with events in it: after the upgrade the totals are the events'."""
    config = alembic_config(store.paths.migrations)
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0304_stats_day_workstation")
        assert "stats_month_stage" not in conn.dialect.get_table_names(conn)
    with store.sessions.begin() as session:
        merge_events(session, _rows(60, 3))
        _some_events(session, date(2026, 4, 30))
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
    kept = assert_exact(store)
    assert sum(v for k, v in kept["stage"].items() if k[-1] == "n") == 63
    assert sum(v for k, v in kept["foreign"].items() if k[-1] == "n") == 47  # 3 in 4 of the merged ones, 2 more


@pytest.mark.postgres
def test_two_merges_at_once_wait_for_each_other_and_never_deadlock(tmp_path, pg_url):
    """Merge A adds to Milan's total and stays open; merge B brings Rho then Milan; A then adds to Rho.

    Inserted in the order they came, B would hold Rho's total waiting for Milan's while A waits for Rho's:
    PostgreSQL would kill one of them. In the totals' order B waits for Milan first, holding nothing.
    """
    context = make_context(tmp_path / "pg", db_url=pg_url)
    prepare_database(context)
    try:
        def delivery(code: str, event_id: str) -> dict:
            return {"id": event_id, "day": date(2026, 6, 3), "recorded_at": datetime(2026, 6, 3),
                    "stage": "precetto", "istat_code": code, "mode": "in_person", "cause": "arrears",
                    "workstation": WS, "languages": ["it"]}

        ids = [str(uuid.uuid4()) for _ in range(4)]
        assert MILAN < RHO
        engine = create_engine(pg_url)
        errors: list[BaseException] = []
        with engine.connect() as a:
            a.begin()
            merge_events(a, EventRows(deliveries=[delivery(MILAN, ids[0])]))
            b_pid = []

            def merge_b() -> None:
                try:
                    with engine.begin() as b:
                        b_pid.append(b.execute(text("SELECT pg_backend_pid()")).scalar())
                        merge_events(b, EventRows(deliveries=[delivery(RHO, ids[1]), delivery(MILAN, ids[2])]))
                except BaseException as exc:
                    errors.append(exc)

            thread = threading.Thread(target=merge_b)
            thread.start()
            for _ in range(200):  # until B waits for a lock
                if b_pid and a.execute(text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :p"),
                                       {"p": b_pid[0]}).scalar() == "Lock":
                    break
                time.sleep(0.02)
            else:
                pytest.fail("merge B never waited for merge A")
            merge_events(a, EventRows(deliveries=[delivery(RHO, ids[3])]))
            a.commit()
        thread.join(30)
        engine.dispose()
        assert errors == []
        kept = assert_exact(context)
        assert kept["stage"][date(2026, 6, 1), MILAN, "precetto", "n"] == 2
        assert kept["stage"][date(2026, 6, 1), RHO, "precetto", "n"] == 2
    finally:
        context.dispose()
