"""``publish --site``: the signed bundle and the portal's leaflet site written in one step from the same data."""

from __future__ import annotations

from lxml import html as lhtml

from app.cli import main
from app.directory.resolve import directory_version
from app.sync import keys


def _publisher(make_station, tmp_path, monkeypatch):
    ctx = make_station("publisher")
    ctx.paths.machine_config_file.write_text('[office]\nmunicipalities = ["Basiano"]\n\n[directory]\n'
                                             'public_url = "https://unep.example.it/fogli/"\n\n'
                                             '[roles]\npublishers = ["editore"]\n', encoding="utf-8")
    monkeypatch.setenv("LOGNAME", "editore")  # the command runs as the user IT named a publisher
    key_file = tmp_path / "editore.key"
    keys.write_private_key(keys.generate(), key_file)
    monkeypatch.setenv("RACCORDO_CONFIG", str(ctx.paths.machine_config_file))
    return ctx, key_file


def test_publish_writes_the_bundle_and_the_site_with_the_same_versions(make_station, tmp_path, capsys, monkeypatch):
    ctx, key_file = _publisher(make_station, tmp_path, monkeypatch)
    bundle, site = tmp_path / "pacchetto", tmp_path / "portale"
    assert main(["--data-dir", str(ctx.paths.data_dir), "publish", "--key", str(key_file), "--out", str(bundle),
                 "--site", str(site)]) == 0
    shown = capsys.readouterr().out
    assert "Pubblicata la versione 1" in shown and "Sito dei fogli scritto" in shown
    assert "https://unep.example.it/fogli/" in shown and "1 comuni" in shown
    assert (bundle / "manifest.json").is_file()
    with ctx.sessions() as session:
        version = directory_version(session)
    footer = lhtml.fromstring((site / "ta" / "precetto" / "015014.html").read_bytes()).xpath("string(//footer)")
    assert version and version in footer


def test_a_site_folder_holding_other_files_stops_the_publication_before_signing(make_station, tmp_path, capsys,
                                                                                monkeypatch):
    ctx, key_file = _publisher(make_station, tmp_path, monkeypatch)
    bundle, site = tmp_path / "pacchetto", tmp_path / "portale"
    site.mkdir()
    (site / "circolare.pdf").write_bytes(b"%PDF-1.4 non nostra")
    assert main(["--data-dir", str(ctx.paths.data_dir), "publish", "--key", str(key_file), "--out", str(bundle),
                 "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Pubblicazione rifiutata: sito dei fogli:") and "circolare.pdf" in err
    assert "Traceback" not in err
    assert not bundle.exists()   # nothing signed, nothing written
    assert [p.name for p in site.iterdir()] == ["circolare.pdf"]
    assert (site / "circolare.pdf").read_bytes() == b"%PDF-1.4 non nostra"
