"""An event is one unit: a second copy of an id is harmless when identical, refused when it differs.

Hostile files are written here with a valid checksum, as a careless or malicious office could make them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.paths import install_root
from app.stats.events import record_delivery
from app.stats.exchange import FORMAT, VERSION, ImportRejected, _canonical, import_file
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.office import push_events
from tests.conftest import make_context

WS = "abcdefabcdef"


def _delivery(event_id: str, *, day: str = "2026-10-05", code: str = "015146", langs=("it", "ar"),
              stage: str = "intimazione") -> list:
    return [event_id, day, "2026-10-05T09:00:00", stage, code, "in_person", "arrears", WS, list(langs)]


def _write(path, deliveries=(), outcomes=(), scheduled=()):
    events = {"deliveries": list(deliveries), "outcomes": list(outcomes), "scheduled": list(scheduled)}
    document = {"format": FORMAT, "version": VERSION, "workstation": WS, "created": "2026-10-06T10:00:00+00:00",
                "sha256": hashlib.sha256(_canonical(events)).hexdigest(), "events": events}
    path.write_text(json.dumps(document), encoding="ascii")
    return path


def _counts(ctx) -> tuple[int, ...]:
    with ctx.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(m))
                     for m in (Delivery, DeliveryLanguage, AccessOutcome, ScheduledAccess))


def _languages(ctx, event_id: str) -> list[tuple]:
    with ctx.sessions() as session:
        return sorted(session.execute(select(DeliveryLanguage.language, DeliveryLanguage.day,
                                             DeliveryLanguage.istat_code)
                                      .where(DeliveryLanguage.delivery_id == event_id)).all())


def _import(ctx, path):
    with ctx.sessions.begin() as session:
        return import_file(session, path)


def test_known_delivery_with_other_languages_is_refused_and_counts_stay(ctx, tmp_path):
    ids = [str(uuid.uuid4()) for _ in range(3)]
    first = _write(tmp_path / "pc2-ottobre.json", [_delivery(i) for i in ids])
    assert (_import(ctx, first).new, _counts(ctx)[:2]) == (3, (3, 6))
    # The same deliveries again, now claiming other languages: before, "0 nuovi" and 6 more language rows.
    other = _write(tmp_path / "pc2-bis.json", [_delivery(i, langs=("it", "uk", "bn")) for i in ids])
    with pytest.raises(ImportRejected) as info:
        _import(ctx, other)
    message = str(info.value)
    assert "pc2-bis.json" in message and ids[0] in message and "dati diversi" in message
    assert _counts(ctx)[:2] == (3, 6)
    assert [row[0] for row in _languages(ctx, ids[0])] == ["ar", "it"]


def test_duplicate_id_in_one_file_with_other_day_and_town_is_refused_whole(ctx, tmp_path):
    dup, other = str(uuid.uuid4()), str(uuid.uuid4())
    path = _write(tmp_path / "doppio.json", [
        _delivery(other),
        _delivery(dup, day="2026-10-05", code="015146", langs=("it",)),
        _delivery(dup, day="2026-11-20", code="015070", langs=("ar",)),
    ])
    before = _counts(ctx)
    with pytest.raises(ImportRejected) as info:
        _import(ctx, path)
    assert "doppio.json" in str(info.value) and dup in str(info.value) and "due volte" in str(info.value)
    assert _counts(ctx) == before  # not even the valid event of the same file


def test_identical_copies_are_harmless_and_counted_once(ctx, tmp_path):
    event_id = str(uuid.uuid4())
    path = _write(tmp_path / "copie.json", [_delivery(event_id), _delivery(event_id, langs=("ar", "it", "ar"))])
    result = _import(ctx, path)
    assert (result.new, result.already, result.repeated) == (1, 0, 1)
    assert "1 copie identiche nel file ignorate" in result.message
    assert _languages(ctx, event_id) == [("ar", date(2026, 10, 5), "015146"), ("it", date(2026, 10, 5), "015146")]
    again = _import(ctx, path)
    assert (again.new, again.already) == (0, 1)
    assert _counts(ctx)[:2] == (1, 2)


def test_one_id_for_two_kinds_of_event_is_a_conflict(ctx, tmp_path):
    event_id = str(uuid.uuid4())
    outcome = [event_id, "2026-10-05", "2026-10-05T09:00:00", "015146", "executed", "no", WS]
    path = _write(tmp_path / "misto.json", [_delivery(event_id)], outcomes=[outcome])
    with pytest.raises(ImportRejected, match=event_id):
        _import(ctx, path)
    _import(ctx, _write(tmp_path / "esiti.json", outcomes=[outcome]))
    with pytest.raises(ImportRejected, match="già registrato"):
        _import(ctx, _write(tmp_path / "consegne.json", [_delivery(event_id)]))
    assert _counts(ctx) == (0, 0, 1, 0)


def test_a_conflict_in_a_later_file_leaves_earlier_files_imported(ctx, tmp_path, capsys):
    from app.cli import main

    event_id = str(uuid.uuid4())
    good = _write(tmp_path / "a.json", [_delivery(event_id)])
    bad = _write(tmp_path / "b.json", [_delivery(str(uuid.uuid4())), _delivery(event_id, stage="precetto")])
    status = main(["--data-dir", str(ctx.paths.data_dir), "stats", "import", str(good), str(bad)])
    captured = capsys.readouterr()
    assert status == 1
    assert "a.json: 1 eventi nuovi" in captured.out
    assert "«b.json» rifiutato" in captured.err and event_id in captured.err
    assert _counts(ctx)[:2] == (1, 2)


@pytest.fixture
def remote(tmp_path, prepared_sqlite):
    """The office's store another workstation pushes to (SQLite here; PostgreSQL below)."""
    context = make_context(tmp_path / "office")
    shutil.copy(prepared_sqlite, context.paths.sqlite_file)
    yield context
    context.dispose()


def _outbox_with_known_id(ctx, remote, tmp_path):
    """The workstation holds a delivery whose id the office already has, with other languages."""
    with ctx.sessions.begin() as session:
        event_id = record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ta"],
                                   workstation="pc-1", when=date(2026, 10, 7))
        row = session.get(Delivery, event_id)
        stamp = row.recorded_at
        token = row.workstation
    forged = [event_id, "2026-10-07", stamp.isoformat(), "accesso", "015146", "in_person", "unknown", token, ["it"]]
    _import(remote, _write(tmp_path / "forged.json", [forged]))
    return event_id


def test_push_never_adds_languages_to_a_delivery_already_on_the_server(ctx, remote, tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="app.stats.office")  # expected: logfail lets it through
    event_id = _outbox_with_known_id(ctx, remote, tmp_path)
    result = push_events(ctx.sessions, remote.engine, min_age=timedelta(0))
    assert result.error and result.pushed == 0 and result.pending == 1
    assert event_id in result.message and "restano sulla postazione" in result.message
    assert [row[0] for row in _languages(remote, event_id)] == ["it"]


@pytest.mark.postgres
def test_postgres_refuses_a_conflicting_copy_too(tmp_path, pg_url, prepared_sqlite):
    from app.bootstrap import prepare_database

    office = make_context(tmp_path / "pg", db_url=pg_url)
    prepare_database(office)
    try:
        event_id = str(uuid.uuid4())
        _import(office, _write(tmp_path / "uno.json", [_delivery(event_id)]))
        with pytest.raises(ImportRejected, match=event_id):
            _import(office, _write(tmp_path / "due.json", [_delivery(event_id, langs=("it", "ar", "sq"))]))
        assert _counts(office)[:2] == (1, 2)
        stamp = datetime(2026, 10, 5)  # only the day of recording is kept (issue 15)
        with office.sessions() as session:
            assert session.get(Delivery, event_id).recorded_at == stamp
    finally:
        office.dispose()


def _cli(data_dir, config, *args) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(install_root()), RACCORDO_CONFIG=str(config))
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], cwd=install_root(),
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _two_conflicting_imports_at_once(tmp_path, office, data_dirs, config) -> None:
    """Two supervisors import, at the same moment, files that give the same 1,500 ids other languages."""
    ids = [str(uuid.uuid4()) for _ in range(1500)]
    files = [_write(tmp_path / "ar.json", [_delivery(i, langs=("it", "ar")) for i in ids]),
             _write(tmp_path / "zh.json", [_delivery(i, langs=("it", "zh_Hans")) for i in ids])]
    runs = [_cli(data_dir, config, "stats", "import", str(path)) for data_dir, path in zip(data_dirs, files, strict=True)]
    outputs = [run.communicate(timeout=240) for run in runs]
    results = [(run.returncode, out, err) for run, (out, err) in zip(runs, outputs, strict=True)]
    assert sorted(code for code, _, _ in results) == [0, 1], results
    refused = next(err for code, _, err in results if code == 1)
    assert "rifiutato" in refused and "dati diversi" in refused and "Traceback" not in refused
    assert _counts(office)[:2] == (1500, 3000)
    with office.sessions() as session:
        langs = set(session.scalars(select(DeliveryLanguage.language).distinct()))
    assert langs in ({"it", "ar"}, {"it", "zh_Hans"})


def test_two_conflicting_imports_at_once_on_sqlite_keep_one_copy(ctx, tmp_path):
    config = tmp_path / "assente.toml"
    _two_conflicting_imports_at_once(tmp_path, ctx, [ctx.paths.data_dir] * 2, config)


@pytest.mark.postgres
def test_two_conflicting_imports_at_once_on_postgres_keep_one_copy(tmp_path, pg_url):
    from app.bootstrap import prepare_database

    config = tmp_path / "raccordo.toml"
    config.write_text(f'[database]\nurl = "{pg_url}"\n', encoding="utf-8")
    office = make_context(tmp_path / "office", db_url=pg_url)
    prepare_database(office)
    try:
        _two_conflicting_imports_at_once(tmp_path, office, [tmp_path / "sup1", tmp_path / "sup2"], config)
    finally:
        office.dispose()
