"""A process killed with SIGKILL while applying a bundle leaves the old version or the new one, never a mix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from app.paths import install_root
from app.sync import service
from app.sync.apply import PAUSE_ENV, PAUSE_MARKER_ENV
from tests.sync.conftest import data_snapshot, edit_publisher, publish_to

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _sync_process(station, source, env_extra) -> subprocess.Popen:
    env = dict(os.environ, RACCORDO_CONFIG=str(station.paths.machine_config_file), **env_extra)
    return subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(station.paths.data_dir), "sync",
                             "--source", str(source)], cwd=install_root(), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("point", ["after_territory", "after_directory", "after_leaflets", "before_commit"])
def test_kill_during_apply_keeps_the_old_version(make_station, signing_key, tmp_path, point):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "v1")
    service.synchronize(station, str(tmp_path / "v1"))
    old = data_snapshot(station)
    station.dispose()  # the subprocess is the only writer now

    edit_publisher(publisher)
    publish_to(publisher, signing_key, tmp_path / "v2")
    marker = tmp_path / "paused"
    proc = _sync_process(station, tmp_path / "v2", {PAUSE_ENV: point, PAUSE_MARKER_ENV: str(marker)})
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the apply never reached its pause point"
        time.sleep(0.05)
    assert marker.read_text() == point
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    after = data_snapshot(station)
    assert after == old  # every part, every meta key, the kept bundles: exactly version 1
    assert after["meta"]["sync.sequence"] == "1"

    outcome = service.synchronize(station, str(tmp_path / "v2"))  # the next check completes the update
    assert outcome.updated and data_snapshot(station)["meta"]["sync.sequence"] == "2"


def test_uninterrupted_subprocess_applies_the_new_version(make_station, signing_key, tmp_path):
    publisher = make_station("publisher")
    station = make_station("station", trusted=[signing_key])
    publish_to(publisher, signing_key, tmp_path / "v1")
    station.dispose()
    proc = _sync_process(station, tmp_path / "v1", {})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert "Applicata la versione 1" in out.decode()
    assert data_snapshot(station)["meta"]["sync.sequence"] == "1"
