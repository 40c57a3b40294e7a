"""``config --check`` tests what it checks: a malformed or unreachable database.url is never called valid."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from app.paths import install_root
from tests.faults import closed_port


def _check(tmp_path, url: str, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    machine = tmp_path / "raccordo.toml"
    machine.write_text(f'[office]\nname = "UNEP di Milano"\n\n[database]\nurl = "{url}"\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(install_root()))
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "config", "--check",
                          str(machine), *extra], capture_output=True, text=True, cwd=install_root(), env=env, timeout=120)
    return out, time.monotonic() - started


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://raccordo@server:porta/raccordo", "non è valida"),
    ("mysql://raccordo@server/raccordo", "database non supportato («mysql»)"),
    ("postgresql://raccordo@/raccordo", "è incompleta"),
])
def test_a_malformed_url_is_reported_with_its_line(tmp_path, url, expected):
    out, _ = _check(tmp_path, url)
    assert out.returncode == 1, out.stdout
    assert "riga 5:" in out.stderr and expected in out.stderr, out.stderr
    assert "valido" not in out.stdout


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1:{port}", "connessione rifiutata"),
    ("server-inesistente.invalid:5432", "nome del server sconosciuto"),
])
def test_an_unreachable_server_is_reported_quickly(tmp_path, host, expected):
    host = host.replace("{port}", str(closed_port()))
    out, seconds = _check(tmp_path, f"postgresql://raccordo@{host}/raccordo")
    assert out.returncode == 1, out.stdout
    assert "non è raggiungibile" in out.stderr and (expected in out.stderr or "nessuna risposta" in out.stderr), \
        out.stderr
    assert seconds < 20


@pytest.mark.postgres
def test_the_real_server_is_valid_and_a_missing_database_is_not(tmp_path, pg_server, pg_url):
    out, _ = _check(tmp_path, pg_url)
    assert out.returncode == 0 and "valido" in out.stdout, out.stderr
    missing = pg_url.rsplit("/", 1)[0] + "/non_esiste"
    out, _ = _check(tmp_path, missing)
    assert out.returncode == 1 and "il database indicato non esiste" in out.stderr, out.stderr


def test_offline_checks_the_form_only_as_the_installer_does(tmp_path):
    """The MSI runs ``config --check FILE --offline``: the server may be unreachable while a workstation installs."""
    out, _ = _check(tmp_path, f"postgresql://raccordo@127.0.0.1:{closed_port()}/raccordo", "--offline")
    assert out.returncode == 0 and "valido" in out.stdout, out.stderr
    out, _ = _check(tmp_path, "mysql://raccordo@server/raccordo", "--offline")
    assert out.returncode == 1 and "non supportato" in out.stderr
