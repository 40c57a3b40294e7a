"""Outputs are written safely: a failed export keeps the previous file, and a device or a pipe is never replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.paths import install_root
from tests.faults import fill, small_filesystem

EXPORTS = {
    "directory-xlsx": ["directory", "export", "--format", "xlsx", "--out"],
    "directory-html": ["directory", "export", "--format", "html", "--out"],
    "directory-hsds": ["directory", "export", "--format", "hsds", "--out"],
    "stats-workbook": ["export", "--period", "2025", "--out"],  # a closed period: only those can be exported
    "stats-events": ["stats", "export-events", "--out"],
    "pack": ["pack", "--stage", "accesso", "--municipality", "Rho", "--lang", "ar", "--no-record", "--out"],
}


def _cli(data_dir, *args, timeout=300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(install_root()))
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, cwd=install_root(), env=env, timeout=timeout)


@pytest.mark.parametrize("export", list(EXPORTS))
def test_an_export_that_fails_on_a_full_disk_leaves_the_previous_file_untouched(ctx, tmp_path, export):
    with small_filesystem(tmp_path / "chiavetta", "1m") as stick:
        target = stick / "uscita.dat"
        previous = b"the export of last month, still needed\n" * 100
        target.write_bytes(previous)
        fill(stick)
        out = _cli(ctx.paths.data_dir, *EXPORTS[export], str(target))
        assert out.returncode != 0, out.stdout
        assert target.read_bytes() == previous
        assert sorted(p.name for p in stick.iterdir()) == ["ballast", "uscita.dat"]  # no temporary file left
    assert "Traceback" not in out.stderr and "Errno" not in out.stderr, out.stderr
    assert "Disco pieno" in out.stderr or "spazio" in out.stderr, out.stderr


def _char_device(path: Path) -> Path:
    """A private /dev/null (same device numbers), so the test never risks the real one."""
    if os.geteuid() != 0 or not hasattr(os, "mknod"):
        pytest.skip("creating a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


@pytest.mark.parametrize("export", ["stats-workbook", "stats-events", "pack"])
def test_writing_to_a_device_writes_into_it_and_keeps_it(ctx, tmp_path, export):
    null = _char_device(tmp_path / "null")
    out = _cli(ctx.paths.data_dir, *EXPORTS[export], str(null))
    assert out.returncode == 0, out.stderr
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a file that replaced it
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["null"]


def test_writing_to_a_named_pipe_streams_through_it(ctx, tmp_path):
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    out = _cli(ctx.paths.data_dir, *EXPORTS["stats-events"], str(fifo))
    thread.join(30)
    assert out.returncode == 0, out.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b'{"format":"raccordo-stats-events"')


def test_a_pipe_nobody_reads_and_a_folder_are_refused_at_once(ctx, tmp_path):
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    out = _cli(ctx.paths.data_dir, *EXPORTS["directory-html"], str(fifo), timeout=60)
    assert out.returncode != 0 and "nessun programma sta leggendo" in out.stderr, out.stderr
    folder = tmp_path / "cartella"
    folder.mkdir()
    out = _cli(ctx.paths.data_dir, *EXPORTS["stats-events"], str(folder))
    assert out.returncode != 0 and "è una cartella" in out.stderr, out.stderr
    assert folder.is_dir() and not any(folder.iterdir())


def test_a_disk_device_is_refused(ctx, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    disk = tmp_path / "disco"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 200))  # a loop device number nobody uses here
    out = _cli(ctx.paths.data_dir, *EXPORTS["directory-xlsx"], str(disk))
    assert out.returncode != 0 and "unità disco" in out.stderr, out.stderr
    assert stat.S_ISBLK(disk.stat().st_mode)


def test_a_symbolic_link_keeps_pointing_at_the_file_it_names(tmp_path):
    from app.safe_output import write_output

    real = tmp_path / "archivio" / "rubrica.html"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "ultima.html"
    link.symlink_to(real)
    write_output(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
