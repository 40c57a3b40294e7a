"""Files received from someone else are bounded: refused in seconds with little memory, never parsed blindly.

The hostile files are generated here (tests/hostile.py). Spreadsheet imports run in a child process with its
address space capped, so a reader that trusted the file would die there instead of taking the machine down.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.paths import install_root
from tests import hostile

_BOX = """
import resource, sys, time
limit = 2 * 1024 ** 3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from app.cli import main
started = time.process_time()  # CPU seconds: the verdict must not depend on how busy the machine is
status = main(sys.argv[1:])
# This process's own peak (VmHWM): ru_maxrss would also count the test runner it was spawned from.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(f"SECONDS {time.process_time() - started:.2f} MAXRSS_MB {peak // 1024}", file=sys.stderr)
sys.exit(status)
"""


@pytest.fixture
def data_dir(tmp_path, prepared_sqlite) -> Path:
    folder = tmp_path / "dati"
    folder.mkdir()
    shutil.copy(prepared_sqlite, folder / "raccordo.sqlite3")
    return folder


def _import_in_a_box(data_dir: Path, path: Path) -> tuple[int, str, float, int]:
    env = dict(os.environ, PYTHONPATH=str(install_root()))
    done = subprocess.run([sys.executable, "-c", _BOX, "--data-dir", str(data_dir), "directory", "import", str(path)],
                          capture_output=True, text=True, cwd=install_root(), env=env, timeout=120)
    stats = done.stderr.rsplit("SECONDS ", 1)
    assert len(stats) == 2, done.stderr[-2000:]
    seconds, rss = stats[1].split(" MAXRSS_MB ")
    return done.returncode, stats[0], float(seconds), int(rss)


@pytest.mark.parametrize(("make", "reason"), [
    (hostile.wide_xlsx, "troppe colonne"),
    (hostile.tall_xlsx, "più di 20100 righe"),
    (hostile.bomb_xlsx, "contenuto decompresso supera"),
    (hostile.long_cell_xlsx, "cella troppo lunga"),
])
@pytest.mark.skipif(sys.platform != "linux", reason="the memory cap and /proc/self/status are Linux's")
def test_hostile_spreadsheets_are_refused_in_seconds_with_bounded_memory(data_dir, tmp_path, make, reason):
    path = make(tmp_path / "referenti.xlsx")
    assert path.stat().st_size < 1_000_000
    status, err, seconds, rss = _import_in_a_box(data_dir, path)
    assert status == 2, err
    assert err.startswith("Errore: il file referenti.xlsx è rifiutato: ") and reason in err, err
    assert "Traceback" not in err
    print(f"refused in {seconds:.2f} s CPU, peak {rss} MB")
    assert seconds < 3 and rss < 150, (seconds, rss)


def test_csv_with_an_unclosed_quote_is_refused_not_swallowed(ctx, tmp_path):
    from app.directory.importer import ImportError_, preview_file

    rows = ["Ente;Servizio;Referente;Telefono"]
    rows.append('Comune di Rho;"Servizi sociali;Referente Uno;02 0000 7001')  # the quote never closes
    rows += [f"Comune di Rho;Servizi sociali;Referente {n};02 0000 {7002 + n}" for n in range(40)]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with ctx.sessions() as session, pytest.raises(ImportError_, match="riga 2: virgolette"):
        preview_file(session, path)
    path.write_text("Ente;Servizio;Referente;Telefono\n" + "Comune di Rho;" + "x" * 200_000 + ";R;02 0000 7001\n",
                    encoding="utf-8")
    with ctx.sessions() as session, pytest.raises(ImportError_, match="cella troppo lunga"):
        preview_file(session, path)


def test_oversized_files_are_refused_before_they_are_read(ctx, tmp_path):
    from app.directory.importer import ImportError_, preview_file
    from app.stats.exchange import ImportRejected, import_file

    for name in ("grande.csv", "grande.json"):
        with open(tmp_path / name, "wb") as fh:
            fh.truncate(60_000_000)  # sparse: 60 MB on paper, nothing on disk
    started = time.process_time()
    with ctx.sessions() as session, pytest.raises(ImportError_, match="troppo grande"):
        preview_file(session, tmp_path / "grande.csv")
    with ctx.sessions.begin() as session, pytest.raises(ImportRejected, match="troppo grande"):
        import_file(session, tmp_path / "grande.json")
    assert time.process_time() - started < 2


def test_deeply_nested_event_file_is_refused_without_a_traceback(ctx, tmp_path, capsys):
    from app.cli import main

    path = tmp_path / "annidato.json"
    path.write_bytes(hostile.nested_json())
    status = main(["--data-dir", str(ctx.paths.data_dir), "stats", "import", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert "«annidato.json» rifiutato" in err and "annidata oltre il previsto" in err, err


def _keys():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from app.sync.keys import TrustedKey, key_id_of

    private = Ed25519PrivateKey.generate()
    trusted = TrustedKey(key_id_of(private.public_key()), private.public_key())
    return private, {trusted.key_id: trusted}


def test_an_unsigned_manifest_is_never_parsed(tmp_path):
    """A manifest of nested brackets with a garbage signature: refused as unsigned, the JSON never parsed."""
    from app.sync.bundle import verify_manifest
    from app.sync.errors import SyncError

    _, keys = _keys()
    deep = b'{"key_id":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    with pytest.raises(SyncError) as caught:
        verify_manifest(deep, base64.b64encode(os.urandom(64)), keys)
    assert caught.value.reason == "bad_signature"


def test_a_signed_manifest_is_parsed_within_limits_and_must_name_its_signer(tmp_path):
    from app.sync.bundle import sign, verify_manifest
    from app.sync.errors import SyncError

    private, keys = _keys()
    key_id = next(iter(keys))
    deep = json.dumps({"format": 1, "key_id": key_id, "files": [[[[[[[]]]]]]]}).encode()
    with pytest.raises(SyncError) as caught:
        verify_manifest(deep, sign(private, deep), keys)
    assert caught.value.reason == "bad_manifest" and "annidata" in caught.value.message
    other = json.dumps({"format": 1, "sequence": 1, "issued_at": "2026-01-01T00:00:00Z",
                        "expires_at": "2027-01-01T00:00:00Z", "key_id": "0123456789abcdef", "publisher": "P",
                        "files": {}}).encode()
    with pytest.raises(SyncError) as caught:
        verify_manifest(other, sign(private, other), keys)
    assert caught.value.reason == "bad_manifest" and "chiave diversa" in caught.value.message
    escape = other.replace(b'"P"', b'"Prefettura\\u001b[2J"').replace(b"0123456789abcdef", key_id.encode())
    with pytest.raises(SyncError, match="carattere di controllo"):
        verify_manifest(escape, sign(private, escape), keys)


def test_config_with_thousands_of_keys_is_checked_in_well_under_a_second(tmp_path):
    from app.config import check_file

    path = tmp_path / "raccordo.toml"
    path.write_text("[office]\nname = \"UNEP\"\n" + "".join(f'chiave{i} = "v"\n' for i in range(5000)),
                    encoding="utf-8")
    started = time.process_time()
    problems = check_file(path)
    assert time.process_time() - started < 1.5
    assert len(problems) == 5000 and problems[-1].line == 5002 and "office.chiave4999" in problems[-1].message


@pytest.mark.parametrize(("text", "expected"), [
    ("[office]\nname = " + "[" * 5000 + "]" * 5000 + "\n", "annidata"),
    ('[office]\nname = "UNEP\\u001b[31m Milano"\n', "carattere di controllo"),
    ("# " + "x" * 300_000 + "\n", "troppo grande"),
])
def test_hostile_config_files_are_problems_not_crashes(tmp_path, text, expected):
    from app.config import check_file, load_config

    path = tmp_path / "raccordo.toml"
    path.write_text(text, encoding="utf-8")
    problems = check_file(path)
    assert any(expected in p.message for p in problems), problems
    assert load_config(path, None)["office.name"] == "UNEP di Milano (dimostrazione)"  # the default, safe


def _xlsx_with_raw_controls(path: Path) -> Path:
    """Control characters as Excel writes them (``_x001B_``: XML 1.0 cannot hold them) and raw DEL / C1."""
    rows = []
    for n, name in enumerate(["Referente_x001B_[31m Rosso", "Referente Nullo_x0000_\u0085\x7f"], start=2):
        rows.append(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Comune di Rho</t></is></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>Servizio {n}</t></is></c>'
                    f'<c r="C{n}" t="inlineStr"><is><t>{name}</t></is></c>'
                    f'<c r="D{n}" t="inlineStr"><is><t>02 0000 700{n}</t></is></c></row>')
    return hostile.xlsx(path, rows)


def test_control_characters_are_removed_at_import_with_a_message_and_exports_still_work(ctx, tmp_path):
    from openpyxl import load_workbook

    from app.directory.export_html import export_html
    from app.directory.export_xlsx import export_xlsx
    from app.directory.importer import apply_preview, preview_file
    from app.directory.store import all_entries

    csv_path = tmp_path / "r.csv"
    csv_path.write_text("Ente;Servizio;Referente;Telefono;Comune\n"
                        "Comune di Rho;Servizi sociali;Referente\x1b[2J Csv;02 0000 7101;Rho\n"
                        "Comune di Rho;Ufficio casa;Referente\x00 Nul\x9b;02 0000 7102;Rho\n", encoding="utf-8")
    for path in (_xlsx_with_raw_controls(tmp_path / "r.xlsx"), csv_path):
        with ctx.sessions.begin() as session:
            preview = preview_file(session, path)
            assert preview.warnings[0].startswith("caratteri di controllo (invisibili) rimossi alle righe 2, 3")
            assert preview.counts["rejected"] == 0
            apply_preview(session, preview, "tester")
    with ctx.sessions() as session:
        names = {e["name"] for e in all_entries(session)}
        assert {"Referente[31m Rosso", "Referente Nullo", "Referente[2J Csv", "Referente Nul"} <= names
        assert export_xlsx(session, tmp_path / "out.xlsx") > 0
        export_html(session, tmp_path / "out.html", office="UNEP")
    values = [c.value for row in load_workbook(tmp_path / "out.xlsx").active.iter_rows() for c in row]
    assert "Referente[31m Rosso" in values


def test_control_characters_are_refused_where_text_is_typed_or_synced(ctx):
    from app.directory.snapshot import export_snapshot, validate_snapshot
    from app.directory.store import DirectoryDataError, all_entries, save_entry

    with ctx.sessions() as session:
        entry = next(e for e in all_entries(session) if not e["retired"])
        snapshot = export_snapshot(session)
    with pytest.raises(DirectoryDataError, match="carattere di controllo"), ctx.sessions.begin() as session:
        save_entry(session, {**entry, "role": "Capo\x1bufficio"}, "anna")
    snapshot["referents"][0]["address"] = "Via Roma 1\x00"
    with pytest.raises(DirectoryDataError, match="U\\+0000"):
        validate_snapshot(snapshot)
