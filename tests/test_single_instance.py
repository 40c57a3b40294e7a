from __future__ import annotations

import subprocess
import sys
import time

from app.ui import single_instance
from app.ui.application import run_gui


def _hold_lock_in_subprocess(data_dir, url):
    code = ("import sys, time; from app.ui.single_instance import acquire; "
            f"lock = acquire(__import__('pathlib').Path({str(data_dir)!r}), {url!r}); "
            "print('held' if lock else 'refused', flush=True); time.sleep(30)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_instance_on_same_database_is_refused(tmp_path):
    url = "sqlite:////x.sqlite3"
    holder = _hold_lock_in_subprocess(tmp_path, url)
    try:
        assert single_instance.acquire(tmp_path, url) is None
        other = single_instance.acquire(tmp_path, "sqlite:////another.sqlite3")
        assert other is not None  # another database is another instance
        other.unlock()
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    lock = single_instance.acquire(tmp_path, url)  # a dead process's lock is taken over
    assert lock is not None
    lock.unlock()


def test_gui_start_shows_clear_message_when_already_running(qtbot, tmp_path, message_boxes, monkeypatch):
    monkeypatch.setenv("RACCORDO_CONFIG", str(tmp_path / "none.toml"))
    data = tmp_path / "data"
    data.mkdir()
    holder = _hold_lock_in_subprocess(data, f"sqlite:///{data / 'raccordo.sqlite3'}")
    saved_hook = sys.excepthook
    try:
        assert run_gui(str(data)) == 1
    finally:
        sys.excepthook = saved_hook
        holder.kill()
        holder.wait()
    (_icon, title, text) = message_boxes[-1]
    assert title == "Raccordo è già aperto"
    assert "già aperto per questo utente e questo database" in text
