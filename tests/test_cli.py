"""The command line end to end: a few real ``python -m app`` processes; the rest in-process (tests/cli.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from app import __version__
from app.paths import install_root
from tests.cli import run_cli


def run(*args: str, env_extra: dict | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=install_root(),
                          env=env, timeout=timeout)


def test_version():
    out = run("version")
    assert out.returncode == 0 and out.stdout.strip() == f"Raccordo {__version__}"


def test_selftest_passes_on_a_temporary_folder_without_stderr(tmp_path):
    out = run("selftest", env_extra={"RACCORDO_CONFIG": str(tmp_path / "none.toml")})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Tutto in ordine" in out.stdout
    assert out.stderr == ""


def test_data_dir_option_and_environment_isolate_instances(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("--data-dir", str(first), "config").returncode == 0
    assert run_cli("config", env={"RACCORDO_DATA_DIR": str(second)}).returncode == 0
    assert (first / "logs").is_dir() and (second / "logs").is_dir()
    out = run_cli("config", "--data-dir", str(first))  # accepted after the command too
    assert f"Cartella dati:        {first}" in out.stdout


def test_unknown_command_is_an_error():
    out = run_cli("frobnicate")
    assert out.returncode == 2 and "'frobnicate'" in out.stderr  # argparse's own message (not translated)


def test_a_subprocess_started_by_the_tests_never_reads_the_real_machine_file_or_data_folder():
    """conftest points RACCORDO_CONFIG and RACCORDO_DATA_DIR at a throw-away folder for the whole session."""
    out = run("config")
    assert out.returncode == 0, out.stderr
    machine_line, _, data_line = out.stdout.splitlines()[:3]
    assert "/etc/raccordo" not in machine_line and "raccordo-tests-" in machine_line and "(assente)" in machine_line
    assert "raccordo-tests-" in data_line
