"""Fixtures for sync: signing keys, workstations (each its own database), a publisher, a loopback server."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.context import AppContext
from app.db.meta import all_meta
from app.sync import keys
from app.sync.models import SyncBundle, SyncBundleFile
from tests.conftest import make_context
from tests.sync.server import BundleServer


@pytest.fixture
def signing_key():
    return keys.generate()


@pytest.fixture
def make_station(tmp_path, prepared_sqlite) -> Callable[..., AppContext]:
    """A workstation or publisher: own data folder, own copy of the migrated, seeded database, and IT's machine file
    (the station named "publisher" is the one where IT named its user a publisher)."""
    made: list[AppContext] = []

    def make(name: str, trusted: list = (), user: str = "tester") -> AppContext:
        base = tmp_path / name
        base.mkdir()
        strings = [keys.public_key_string(k.public_key()) for k in trusted]
        roles = f"[roles]\npublishers = [{json.dumps(user)}]\n" if name == "publisher" else ""
        ctx = make_context(base, machine_toml=f"[sync]\ntrusted_keys = {json.dumps(strings)}\n{roles}", user=user)
        shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.dispose()


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    srv = BundleServer(folder).start()
    yield srv
    srv.stop()


def data_snapshot(ctx: AppContext) -> dict:
    """Everything a sync may change: the three parts, every app_meta key, the kept bundles."""
    from sqlalchemy import select

    from app.directory.snapshot import export_snapshot as directory
    from app.leaflets.content import installed_catalogs
    from app.territory.data import export_snapshot as territory

    with ctx.sessions() as session:
        return {
            "territory": territory(session),
            "directory": directory(session),
            "leaflets": installed_catalogs(session),
            "meta": all_meta(session),
            "bundles": [(b.slot, b.sequence, b.manifest) for b in session.scalars(select(SyncBundle))],
            "files": sorted((f.slot, f.name, f.data) for f in session.scalars(select(SyncBundleFile))),
        }


def same_data(a: AppContext, b: AppContext) -> bool:
    """Two stations hold the same published data (the directory's own version stamp may differ)."""
    from app.leaflets.content import shipped_files

    x, y = data_snapshot(a), data_snapshot(b)
    for ctx, snap in ((a, x), (b, y)):
        snap["directory"].pop("version", None)
        snap["leaflets"] = snap["leaflets"] or shipped_files(ctx.paths.i18n / "leaflets")  # effective texts
    return x["territory"] == y["territory"] and x["directory"] == y["directory"] and x["leaflets"] == y["leaflets"]


def edit_publisher(ctx: AppContext, phone: str = "+390299998888", zona: str = "Zona di prova") -> None:
    """Change one referent's phone and one municipality's zona through the parts' public snapshot APIs."""
    from app.directory.snapshot import export_snapshot, replace_from_snapshot
    from app.territory.data import export_snapshot as t_export
    from app.territory.data import replace_from_snapshot as t_replace

    with ctx.sessions.begin() as session:
        snap = export_snapshot(session)
        snap["referents"][0]["phones"] = [phone]
        replace_from_snapshot(session, snap, user="editore")
        terr = t_export(session)
        terr["municipalities"][0]["zona_omogenea"] = zona
        t_replace(session, terr)


def publish_to(ctx: AppContext, key, out: Path, **kw):
    from app.sync.publish import publish

    return publish(ctx, out, key=key, publisher="Prefettura di Milano (prova)", **kw)
