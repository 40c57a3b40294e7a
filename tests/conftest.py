"""Shared fixtures: isolated paths, a migrated database per test, a real PostgreSQL server, quiet dialogs."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
import warnings
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# No test may reach a real office: on a workstation IT configured, /etc/raccordo/raccordo.toml names the shared
# database and the trusted keys, and the user's data folder holds real records. Every process the tests start
# (in-process or as a subprocess, which inherits this environment) sees an empty machine-wide file path and a
# throw-away data folder unless a test sets its own.
os.environ["RACCORDO_CONFIG"] = os.path.join(tempfile.mkdtemp(prefix="raccordo-tests-"), "no-machine-config.toml")
os.environ["RACCORDO_DATA_DIR"] = os.path.join(os.path.dirname(os.environ["RACCORDO_CONFIG"]), "data")
# openpyxl as the bundle runs it: build.spec leaves lxml out, so openpyxl reads and writes with the standard
# library's XML there (lxml stays installed for the tests that parse the site's HTML).
os.environ["OPENPYXL_LXML"] = "False"

import pytest

from app.context import AppContext
from app.paths import Paths, install_root
from tests.logfail import _fail_on_logging, _no_unexpected_log  # noqa: F401 - autouse fixtures
from tests.pgserver import PostgresServer, find_bindir

ARTIFACTS = install_root() / "test-artifacts"
POSTGRES_FIXTURES = {"pg_server", "pg_url"}


def pytest_collection_modifyitems(config, items):
    """Every test that reaches the PostgreSQL server carries ``@pytest.mark.postgres``, so ``-m 'not postgres'``
    really leaves the server alone; an unmarked one is a collection error, not a silent exception."""
    unmarked = [item.nodeid for item in items
                if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("postgres") is None]
    if unmarked:
        raise pytest.UsageError("PostgreSQL tests without @pytest.mark.postgres:\n  " + "\n  ".join(unmarked))


def make_paths(base: Path) -> Paths:
    return Paths(install_root(), base / "data", base / "data" / "logs", base / "data" / "settings.toml",
                 base / "machine.toml")


def make_context(base: Path, *, machine_toml: str | None = None, user: str = "tester",
                 db_url: str | None = None) -> AppContext:
    paths = make_paths(base)
    if machine_toml is not None:
        paths.machine_config_file.write_text(machine_toml, encoding="utf-8")
    ctx = AppContext.create(paths, user=user)
    if db_url is not None:
        ctx.config.values["database.url"] = db_url
    return ctx


@pytest.fixture(scope="session")
def prepared_sqlite(tmp_path_factory) -> Path:
    """One migrated and seeded SQLite file, copied for each test (migrating every time is slow)."""
    from app.bootstrap import prepare_database

    base = tmp_path_factory.mktemp("template")
    ctx = make_context(base)
    prepare_database(ctx)
    with ctx.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.dispose()
    return ctx.paths.sqlite_file


@pytest.fixture
def ctx(tmp_path, prepared_sqlite) -> AppContext:
    """A context on a fresh, migrated and seeded SQLite database in a temp folder."""
    context = make_context(tmp_path)
    shutil.copy(prepared_sqlite, context.paths.sqlite_file)
    yield context
    context.dispose()


@pytest.fixture(scope="session")
def pg_server():
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found: PostgreSQL tests SKIPPED. Install 'postgresql'."
        warnings.warn(message, stacklevel=1)
        print(f"\n*** {message} ***\n", file=sys.stderr)
        pytest.skip(message)
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def message_boxes():
    """Record every message box instead of showing it; each answers with its default button."""
    from app.ui import msgbox

    shown: list = []

    def answer(box):
        shown.append((box.icon(), box.windowTitle(), box.text()))
        return box.defaultButton() and box.standardButton(box.defaultButton())

    msgbox.set_test_hook(answer)
    yield shown
    msgbox.set_test_hook(None)


@pytest.fixture(scope="session")
def italian(qapp):
    """The Italian UI translation, as users get it by default."""
    from app.ui.i18n import install_translators

    return install_translators(qapp, "it", install_root() / "i18n")


@pytest.fixture(autouse=True)
def _notices_stay_in_their_test():
    """A notice (app.notices) one test left, or a window still listening, never reaches the next test."""
    yield
    from app import notices

    notices.reset()


@pytest.fixture(autouse=True)
def _synchronous_workers(request):
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from app.ui import workers

        request.getfixturevalue("italian")
        workers.set_synchronous(True)
        yield
        workers.set_synchronous(False)
    else:
        yield


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
