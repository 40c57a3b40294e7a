"""The same update on the shared PostgreSQL database: one transaction, kept bundles, restore."""

from __future__ import annotations

import pytest

from app.bootstrap import prepare_database
from app.sync import keys, service
from app.sync.errors import SyncError
from tests.conftest import make_context
from tests.sync.conftest import data_snapshot, edit_publisher, publish_to

pytestmark = pytest.mark.postgres


def test_sync_and_restore_on_postgresql(pg_url, make_station, signing_key, tmp_path):
    publisher = make_station("publisher")
    base = tmp_path / "pg"
    base.mkdir()
    strings = [keys.public_key_string(signing_key.public_key())]
    station = make_context(base, machine_toml=f'[sync]\ntrusted_keys = ["{strings[0]}"]\n', db_url=pg_url)
    try:
        prepare_database(station)
        publish_to(publisher, signing_key, tmp_path / "out")
        assert service.synchronize(station, str(tmp_path / "out")).updated
        v1 = data_snapshot(station)
        edit_publisher(publisher)
        publish_to(publisher, signing_key, tmp_path / "out")
        assert service.synchronize(station, str(tmp_path / "out")).report.manifest.sequence == 2
        (tmp_path / "out" / "manifest.sig").write_bytes(b"AAAA")
        before = data_snapshot(station)
        with pytest.raises(SyncError):
            service.synchronize(station, str(tmp_path / "out"))
        assert data_snapshot(station) == before
        service.restore_previous(station)
        after = data_snapshot(station)
        assert after["meta"]["sync.sequence"] == "1" and after["territory"] == v1["territory"]
        assert service.expiry_warning(station) is None
    finally:
        station.dispose()
