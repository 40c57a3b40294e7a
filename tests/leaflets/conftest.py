"""The exported site shared by the site's tests (building every language's font subsets takes seconds)."""

from __future__ import annotations

import shutil

import pytest

from app.leaflets.site.export import export_site
from tests.conftest import make_context

TOWNS = ["Abbiategrasso", "Basiano", "Rho"]   # Rho: no municipal housing office in the directory


@pytest.fixture(scope="session")
def exported(tmp_path_factory, prepared_sqlite):
    """(ctx, folder, site, written): the whole site, every language, for three municipalities."""
    base = tmp_path_factory.mktemp("site")
    ctx = make_context(base)
    shutil.copy(prepared_sqlite, ctx.paths.sqlite_file)
    ctx.config.values["office.municipalities"] = TOWNS
    out = base / "sito"
    site, written = export_site(ctx, out)
    yield ctx, out, site, written
    ctx.dispose()
