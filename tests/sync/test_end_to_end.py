"""A publisher and two workstations; key rotation; restore of the previous version; the command line."""

from __future__ import annotations

import shutil
import stat
from datetime import UTC, datetime, timedelta

import pytest

from app.cli import main
from app.sync import keys, service
from app.sync.errors import SyncError
from app.sync.publish import publish
from tests.sync.conftest import data_snapshot, edit_publisher, publish_to, same_data


def _serve(server, bundle_dir) -> None:
    """Publish into the web server's live folder the way a portal upload would."""
    live = server.folder / "live"
    if live.exists():
        shutil.rmtree(live)
    shutil.copytree(bundle_dir, live)


def test_publisher_and_two_workstations(make_station, signing_key, server, tmp_path):
    publisher = make_station("publisher")
    first = make_station("first", trusted=[signing_key])
    second = make_station("second", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "out")
    _serve(server, tmp_path / "out")
    for station in (first, second):
        assert service.synchronize(station, server.url + "live/").updated
    assert same_data(first, publisher) and same_data(second, publisher)

    edit_publisher(publisher, phone="+390211112222", zona="Zona aggiornata")
    publish_to(publisher, signing_key, tmp_path / "out")
    _serve(server, tmp_path / "out")
    reports = [service.synchronize(station, server.url + "live/") for station in (first, second)]
    assert all(r.updated and r.report.manifest.sequence == 2 for r in reports)
    assert same_data(first, publisher) and same_data(second, publisher) and same_data(first, second)
    from app.directory.snapshot import export_snapshot

    with first.sessions() as session:
        assert export_snapshot(session)["referents"][0]["phones"] == ["+390211112222"]
    text = reports[0].report.text()
    assert "Rubrica: 1 modificati" in text and "Territorio: 1 modificati" in text


def test_key_rotation(make_station, server, tmp_path):
    old_key, new_key = keys.generate(), keys.generate()
    publisher = make_station("publisher")
    station = make_station("station", trusted=[old_key])
    publish_to(publisher, old_key, tmp_path / "out")
    _serve(server, tmp_path / "out")
    service.synchronize(station, server.url + "live/")

    # IT adds the new key next to the old one; the publisher switches keys.
    station.config.values["sync.trusted_keys"] = [keys.public_key_string(k.public_key()) for k in (old_key, new_key)]
    edit_publisher(publisher)
    publish_to(publisher, new_key, tmp_path / "out")
    _serve(server, tmp_path / "out")
    assert service.synchronize(station, server.url + "live/").report.manifest.key_id == keys.key_id_of(
        new_key.public_key())

    # IT retires the old key: anything still signed with it is refused, including the kept previous bundle.
    station.config.values["sync.trusted_keys"] = [keys.public_key_string(new_key.public_key())]
    edit_publisher(publisher, phone="+390233334444")
    publish_to(publisher, old_key, tmp_path / "out")
    _serve(server, tmp_path / "out")
    before = data_snapshot(station)
    with pytest.raises(SyncError) as caught:
        service.synchronize(station, server.url + "live/")
    assert caught.value.reason == "unknown_key"
    with pytest.raises(SyncError) as caught:
        service.restore_previous(station)
    assert caught.value.reason == "unknown_key"
    assert data_snapshot(station) == before


def test_trusted_key_string_must_match_its_id(signing_key):
    good = keys.public_key_string(signing_key.public_key())
    assert keys.parse_public_key(good).key_id == good.split(":")[0]
    other = keys.public_key_string(keys.generate().public_key())
    with pytest.raises(SyncError):
        keys.parse_public_key(good.split(":")[0] + ":" + other.split(":")[1])
    with pytest.raises(SyncError):
        keys.parse_public_key("no-colon-here")


def test_restore_previous_and_no_reapply_of_the_undone_version(make_station, signing_key, tmp_path):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "out")
    service.synchronize(station, str(tmp_path / "out"))
    v1 = data_snapshot(station)
    edit_publisher(publisher)
    publish_to(publisher, signing_key, tmp_path / "out")
    service.synchronize(station, str(tmp_path / "out"))

    report = service.restore_previous(station)
    assert report.restored and report.manifest.sequence == 1
    restored = data_snapshot(station)
    for key in ("territory", "leaflets"):
        assert restored[key] == v1[key]
    assert restored["directory"]["referents"] == v1["directory"]["referents"]
    assert restored["meta"]["sync.sequence"] == "1"
    # The source still offers version 2, the one just undone: it is not applied again ...
    assert not service.synchronize(station, str(tmp_path / "out")).updated
    assert data_snapshot(station)["meta"]["sync.sequence"] == "1"
    # ... until the publisher issues a newer one.
    edit_publisher(publisher, phone="+390255556666")
    publish_to(publisher, signing_key, tmp_path / "out")
    assert service.synchronize(station, str(tmp_path / "out")).report.manifest.sequence == 3


def test_expired_data_keeps_working_with_a_warning(make_station, signing_key, tmp_path):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "out", expires_days=2)
    service.synchronize(station, str(tmp_path / "out"))
    later = datetime.now(UTC) + timedelta(days=3)  # the mirror froze: it still serves the same version
    outcome = service.synchronize(station, str(tmp_path / "out"), now=later)
    assert not outcome.updated and outcome.expired
    assert "scaduti" in outcome.message
    with station.sessions() as session:
        from app.db.meta import get_meta

        assert get_meta(session, "sync.expired") == "1"
        assert get_meta(session, "sync.sequence") == "1"


def test_keygen_publish_sync_status_restore_from_the_command_line(make_station, tmp_path, capsys, monkeypatch):
    key_file = tmp_path / "editore.key"
    assert main(["keygen", "--out", str(key_file)]) == 0
    public = capsys.readouterr().out.strip().splitlines()[-1]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "PRIVATE KEY" in key_file.read_text()
    assert main(["keygen", "--out", str(key_file)]) == 1  # never overwrites a key

    publisher = make_station("publisher")
    station = make_station("station")
    station.paths.machine_config_file.write_text(f'[sync]\ntrusted_keys = ["{public}"]\n', encoding="utf-8")
    out = tmp_path / "bundle"

    def run(ctx, *args) -> int:
        monkeypatch.setenv("RACCORDO_CONFIG", str(ctx.paths.machine_config_file))
        monkeypatch.setenv("LOGNAME", ctx.user)  # the station's user, whom the publisher's IT file names
        return main(["--data-dir", str(ctx.paths.data_dir), *args])

    assert run(publisher, "publish", "--key", str(key_file), "--out", str(out), "--expires-days", "10") == 0
    assert "Pubblicata la versione 1" in capsys.readouterr().out
    assert run(station, "sync", "--source", str(out)) == 0
    assert "Applicata la versione 1" in capsys.readouterr().out
    assert run(station, "sync", "--status", "--source", str(out)) == 0
    status = capsys.readouterr().out
    assert "Versione pubblicata: 1" in status and "Ultimo controllo riuscito" in status
    assert run(station, "sync", "--restore-previous") == 1
    assert "Ripristino rifiutato: non c'è una versione precedente" in capsys.readouterr().err
    (out / "manifest.json").write_bytes((out / "manifest.json").read_bytes().replace(b'"sequence": 1', b'"sequence": 7'))
    assert run(station, "sync", "--source", str(out)) == 1
    assert "Aggiornamento rifiutato: la firma del pacchetto non è valida" in capsys.readouterr().err

    key_file.chmod(0o644)
    assert run(publisher, "publish", "--key", str(key_file), "--out", str(out)) == 1
    assert "accessibile ad altri utenti" in capsys.readouterr().err


def test_private_key_never_enters_the_database(make_station, tmp_path):
    key = keys.generate()
    key_file = tmp_path / "k.pem"
    keys.write_private_key(key, key_file)
    publisher = make_station("publisher")
    publish(publisher, tmp_path / "out", key_file=key_file)
    publisher.dispose()
    secret = keys.private_key_bytes(key)
    raw = key.private_bytes_raw()
    database = publisher.paths.sqlite_file.read_bytes()
    assert secret not in database and raw not in database


def test_selftest_check_passes(make_station):
    from app.sync.selftest import CHECKS

    station = make_station("publisher")  # it signs a bundle: its IT file names the user a publisher
    [(name, check)] = CHECKS
    assert name == "aggiornamento firmato"
    assert "verificati e applicati" in check(station)
    assert station.config["sync.trusted_keys"] == []  # the in-memory key is not left trusted


def test_commands_are_registered_in_the_real_entry_point():
    from tests.cli import run_cli

    out = run_cli("sync", "--help")
    assert out.returncode == 0 and "--restore-previous" in out.stdout and "--status" in out.stdout


def test_unchanged_directory_is_not_rewritten_unless_edited_locally(make_station, signing_key, tmp_path):
    from app.directory.resolve import directory_version
    from app.directory.snapshot import export_snapshot
    from app.directory.store import save_entry
    from app.territory.data import export_snapshot as t_export
    from app.territory.data import replace_from_snapshot as t_replace

    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "out")
    service.synchronize(station, str(tmp_path / "out"))
    with station.sessions() as session:
        version = directory_version(session)

    def edit_territory_only(zona: str) -> None:
        with publisher.sessions.begin() as session:
            terr = t_export(session)
            terr["municipalities"][1]["zona_omogenea"] = zona
            t_replace(session, terr)

    edit_territory_only("Solo territorio")
    publish_to(publisher, signing_key, tmp_path / "out")
    report = service.synchronize(station, str(tmp_path / "out")).report
    assert "Rubrica: nessuna modifica" in report.text() and "Territorio: 1 modificati" in report.text()
    with station.sessions() as session:
        assert directory_version(session) == version  # 'nothing rewritten', not merely 'nothing different'

    with station.sessions.begin() as session:  # someone edits a referent on the workstation
        entry = dict(export_snapshot(session)["referents"][0], phones=["+390277778888"])
        save_entry(session, entry, user="locale")
    edit_territory_only("Ancora territorio")
    publish_to(publisher, signing_key, tmp_path / "out")
    report = service.synchronize(station, str(tmp_path / "out")).report
    assert "Rubrica: 1 modificati" in report.text()  # the publisher's directory is back in force
    assert same_data(station, publisher)
