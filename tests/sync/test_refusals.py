"""Every refusal names its reason in Italian and leaves the data exactly as it was."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest

from app.sync import bundle as bundles
from app.sync import keys, service
from app.sync.errors import SyncError
from app.sync.fetch import Timing
from app.sync.manifest import Limits
from tests.sync.conftest import data_snapshot, edit_publisher, publish_to
from tests.sync.server import Fault


@pytest.fixture
def setup(make_station, signing_key, server):
    """A publisher, a workstation already on version 1, and version 2 on the server."""
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, server.folder / "v1")
    service.synchronize(station, server.url + "v1/")
    edit_publisher(publisher)
    shutil.copytree(server.folder / "v1", server.folder / "v2")
    publish_to(publisher, signing_key, server.folder / "v2")
    return publisher, station


def refused(station, source, reason, **kw) -> SyncError:
    before = data_snapshot(station)
    with pytest.raises(SyncError) as caught:
        service.synchronize(station, source, **kw)
    assert caught.value.reason == reason, caught.value.message
    assert data_snapshot(station) == before
    return caught.value


def test_new_version_over_http_is_applied_and_then_nothing_changed(setup, server):
    _, station = setup
    outcome = service.synchronize(station, server.url + "v2/")
    assert outcome.updated and outcome.report.manifest.sequence == 2
    assert any("Rubrica: 1 modificati" in line for line in outcome.lines())
    again = service.synchronize(station, server.url + "v2/")
    assert not again.updated
    assert server.requests[-1] == ("v2/manifest.json", 304)  # conditional request answered "not modified"


def test_truncated_body(setup, server):
    _, station = setup
    server.faults["v2/directory.json"] = Fault(truncate=True)
    error = refused(station, server.url + "v2/", "truncated")
    assert "interrotto" in error.message


def test_server_error_500(setup, server):
    _, station = setup
    server.faults["v2/manifest.json"] = Fault(status=500)
    assert "500" in refused(station, server.url + "v2/", "http_error").message


def test_missing_file_404(setup, server):
    _, station = setup
    (server.folder / "v2" / "territory.json").unlink()
    refused(station, server.url + "v2/", "http_error")


def test_slow_drip_is_cut_off(setup, server):
    _, station = setup
    server.faults["v2/territory.json"] = Fault(drip=0.05)
    started = datetime.now(UTC)
    refused(station, server.url + "v2/", "timeout", timing=Timing(read_timeout=1.0, total_seconds=1.5))
    assert datetime.now(UTC) - started < timedelta(seconds=5)


def test_wrong_content_type(setup, server):
    _, station = setup
    server.faults["v2/manifest.json"] = Fault(content_type="text/html")
    assert "text/html" in refused(station, server.url + "v2/", "content_type").message


def test_replayed_old_bundle_is_a_rollback(setup, server):
    _, station = setup
    service.synchronize(station, server.url + "v2/")
    shutil.rmtree(server.folder / "v2")
    shutil.copytree(server.folder / "v1", server.folder / "v2")  # the mirror now replays version 1
    error = refused(station, server.url + "v2/", "rollback")
    assert "non più recente" in error.message


def test_swapped_file(setup, server):
    _, station = setup
    server.faults["v2/directory.json"] = Fault(body=(server.folder / "v1" / "directory.json").read_bytes())
    longer = refused(station, server.url + "v2/", "size_mismatch")  # the old file is longer than the signed one
    assert "directory.json" in longer.message
    leaflets = server.folder / "v2" / "leaflets"
    shutil.copy(leaflets / "fr.po", leaflets / "en.po")  # one language's catalog swapped for another's
    assert "en.po" in refused(station, str(server.folder / "v2"), "size_mismatch").message


def test_same_size_altered_file(setup, server):
    _, station = setup
    path = server.folder / "v2" / "territory.json"
    data = bytearray(path.read_bytes())
    data[-3] = ord("X") if data[-3] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    assert "alterato" in refused(station, server.url + "v2/", "hash_mismatch").message


def test_size_mismatch_from_a_folder(setup, server):
    _, station = setup
    path = server.folder / "v2" / "leaflets" / "en.po"
    path.write_bytes(path.read_bytes()[:-10])
    refused(station, str(server.folder / "v2"), "size_mismatch")


def test_bad_signature(setup, server):
    _, station = setup
    path = server.folder / "v2" / "manifest.json"
    path.write_bytes(path.read_bytes().replace(b"Prefettura", b"Truffatori"))
    assert "firma" in refused(station, server.url + "v2/", "bad_signature").message


def test_garbage_signature(setup, server):
    _, station = setup
    (server.folder / "v2" / "manifest.sig").write_bytes(b"not base64 at all!")
    refused(station, server.url + "v2/", "bad_signature")


def test_unknown_key(setup, server):
    publisher, station = setup
    stranger = keys.generate()
    publish_to(publisher, stranger, server.folder / "v2")
    assert "sconosciuta" in refused(station, server.url + "v2/", "unknown_key").message


def test_no_trusted_keys_configured(setup, server):
    _, station = setup
    station.config.values["sync.trusted_keys"] = []
    refused(station, server.url + "v2/", "no_keys")


def test_expired_manifest(setup, server, signing_key):
    publisher, station = setup
    publish_to(publisher, signing_key, server.folder / "v3", now=datetime.now(UTC) - timedelta(days=40),
               expires_days=30)
    assert "scaduta" in refused(station, server.url + "v3/", "expired").message


def test_file_over_size_limit(setup, server):
    _, station = setup
    refused(station, server.url + "v2/", "too_large", limits=Limits(file_bytes=1000))


def test_manifest_over_size_limit(setup, server):
    _, station = setup
    refused(station, server.url + "v2/", "too_large", limits=Limits(manifest_bytes=100))


def test_server_sends_more_than_signed(setup, server):
    _, station = setup
    extra = (server.folder / "v2" / "territory.json").read_bytes() + b" " * 5000
    server.faults["v2/territory.json"] = Fault(body=extra)
    refused(station, server.url + "v2/", "size_mismatch")


def _sign_raw(key, folder, files: dict[str, bytes], sequence: int = 9) -> None:
    """A correctly signed manifest naming arbitrary files, as an attacker holding a trusted key might."""
    now = datetime.now(UTC)
    body = {"format": 1, "sequence": sequence, "issued_at": bundles.mf.iso(now),
            "expires_at": bundles.mf.iso(now + timedelta(days=5)), "key_id": keys.key_id_of(key.public_key()),
            "publisher": "x", "files": {n: {"size": len(d), "sha256": bundles.sha256(d)} for n, d in files.items()}}
    data = json.dumps(body).encode()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_bytes(data)
    (folder / "manifest.sig").write_bytes(base64.b64encode(key.sign(data)))


@pytest.mark.parametrize("name", ["../evil.json", "leaflets/../../evil.po", "/etc/passwd", "a/b/c.po", "C:evil"])
def test_path_escaping(setup, server, signing_key, tmp_path, name):
    _, station = setup
    _sign_raw(signing_key, server.folder / "evil", {name: b"{}"})
    refused(station, server.url + "evil/", "path_escape")
    refused(station, str(server.folder / "evil"), "path_escape")
    assert not (tmp_path / "evil.json").exists()


def test_invalid_territory_content(setup, server, signing_key):
    _, station = setup
    files = {n: (server.folder / "v2" / n).read_bytes() for n in
             ["directory.json", "territory.json"] + [f"leaflets/{p.name}" for p in (server.folder / "v2" / "leaflets").iterdir()]}
    territory = json.loads(files["territory.json"])
    territory["municipalities"][0]["istat_code"] = "12AB"
    files["territory.json"] = json.dumps(territory).encode()
    _sign_raw(signing_key, server.folder / "bad", {})
    signed = bundles.build(files, signing_key, sequence=9, publisher="x", issued_at=datetime.now(UTC),
                           expires_at=datetime.now(UTC) + timedelta(days=3))
    bundles.write(signed, server.folder / "bad")
    assert "territorio" in refused(station, server.url + "bad/", "invalid_content").message


def test_invalid_directory_and_leaflet_content(setup, server, signing_key):
    _, station = setup
    base = server.folder / "v2"
    files = {str(p.relative_to(base)): p.read_bytes() for p in base.rglob("*")
             if p.is_file() and p.name not in ("manifest.json", "manifest.sig")}
    directory = json.loads(files["directory.json"])
    directory["referents"][0]["phones"] = ["chiamare Mario"]
    bad_dir = dict(files, **{"directory.json": json.dumps(directory).encode()})
    bundles.write(bundles.build(bad_dir, signing_key, sequence=9, publisher="x", issued_at=datetime.now(UTC),
                                expires_at=datetime.now(UTC) + timedelta(days=3)), server.folder / "bad1")
    assert "rubrica" in refused(station, server.url + "bad1/", "invalid_content").message
    bad_texts = dict(files, **{"leaflets/content.toml": b"version = [unterminated"})
    bundles.write(bundles.build(bad_texts, signing_key, sequence=9, publisher="x", issued_at=datetime.now(UTC),
                                expires_at=datetime.now(UTC) + timedelta(days=3)), server.folder / "bad2")
    assert "volantini" in refused(station, server.url + "bad2/", "invalid_content").message
    incomplete = {n: d for n, d in files.items() if n != "directory.json"}
    bundles.write(bundles.build(incomplete, signing_key, sequence=9, publisher="x", issued_at=datetime.now(UTC),
                                expires_at=datetime.now(UTC) + timedelta(days=3)), server.folder / "bad3")
    refused(station, server.url + "bad3/", "incomplete")


def test_unreachable_server_and_missing_folder(setup, tmp_path):
    _, station = setup
    refused(station, "http://127.0.0.1:9/", "network", timing=Timing(read_timeout=2, total_seconds=3))
    refused(station, str(tmp_path / "nowhere"), "source_missing")
    refused(station, "ftp://example.invalid/x", "bad_source")


@pytest.mark.parametrize(("name", "planted", "shown"), [
    ("leaflets/en.po", "\x1b[2J", "carattere di controllo non ammesso (U+001B)"),
    ("leaflets/ar.po", "\x00", "carattere di controllo non ammesso (U+0000)"),
    ("leaflets/uk.po", "\\033[31m", "sequenza «\\033» non ammessa"),
    ("leaflets/termbase.toml", "\x9b", "carattere di controllo non ammesso (U+009B)"),
])
def test_leaflet_texts_with_control_characters_are_refused_naming_file_and_line(setup, server, signing_key, name,
                                                                                 planted, shown):
    """A catalog carrying an ESC (or a NUL, or msgfmt's \\033) would reach every workstation's PDFs: the bundle is
    refused whole, the message names the file and the line, and the texts in force stay (``refused``)."""
    _, station = setup
    base = server.folder / "v2"
    files = {str(p.relative_to(base)): p.read_bytes() for p in base.rglob("*")
             if p.is_file() and p.name not in ("manifest.json", "manifest.sig")}
    lines = files[name].decode("utf-8").split("\n")
    if name.endswith(".po"):  # inside the first translated string after the header
        at = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 10 and i > 20)
        lines[at] = lines[at].replace('msgstr "', f'msgstr "{planted}', 1)
    else:  # a comment line of the term base: even where no parser would look
        at = next(i for i, line in enumerate(lines) if line.startswith("#"))
        lines[at] += planted
    files[name] = "\n".join(lines).encode("utf-8")
    bundles.write(bundles.build(files, signing_key, sequence=9, publisher="x", issued_at=datetime.now(UTC),
                                expires_at=datetime.now(UTC) + timedelta(days=3)), server.folder / "ctl")
    error = refused(station, server.url + "ctl/", "invalid_content")
    assert f"{name.removeprefix('leaflets/')}: riga {at + 1}: {shown}" in error.message, error.message
    assert "volantini" in error.message
