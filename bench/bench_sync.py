"""Sync budgets: a "nothing changed" check against a loopback server, and verify + apply of 5,000 referents."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row, median_ms

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _context(base: Path, trusted: list[str] | None = None):
    from app.context import AppContext
    from app.paths import Paths, install_root

    base.mkdir(parents=True, exist_ok=True)
    machine = base / "machine.toml"
    machine.write_text(f"[sync]\ntrusted_keys = {json.dumps(trusted or [])}\n[roles]\npublishers = [\"bench\"]\n",
                       encoding="utf-8")
    paths = Paths(install_root(), base / "data", base / "data" / "logs", base / "data" / "settings.toml", machine)
    return AppContext.create(paths, user="bench")


def _station(template: Path, base: Path, trusted: list[str]):
    ctx = _context(base, trusted)
    shutil.copy(template, ctx.paths.sqlite_file)
    return ctx


def _big_directory(snapshot: dict, count: int, series: int = 0) -> dict:
    """The demo directory grown to ``count`` referents, each a distinct person with a distinct phone.

    Each ``series`` has its own phones and addresses, so a run never finds them already checked by an earlier one
    in the same process (the directory remembers the contacts it has validated).
    """
    demo = snapshot["referents"]
    referents = []
    for i in range(count):
        n = series * count + i
        entry = dict(demo[i % len(demo)])
        entry.update(uid=f"bench-{n:06d}", name=f"Referente di prova {n:06d}", phones=[f"+3902{30000000 + n}"],
                     emails=[f"referente{n:06d}@esempio.invalid"], pecs=[])
        referents.append(entry)
    return dict(snapshot, referents=referents)


@contextlib.contextmanager
def _timed_directory(spent: list[float]):
    """Measure the time spent inside the directory's own public API during a sync."""
    from app.sync import parts

    def timed(fn):
        def wrapper(*args):
            t0 = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent.append(time.perf_counter() - t0)
        return wrapper

    saved = parts.PARTS
    parts.PARTS = tuple(dataclasses.replace(p, validate=timed(p.validate), apply=timed(p.apply))
                            if p.id == "directory" else p for p in saved)
    try:
        yield
    finally:
        parts.PARTS = saved


def _first_sync_in_fresh_process(template: Path, tmp_path: Path, trusted: list[str]) -> float:
    script = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from bench.bench_sync import _station
from app.sync import service
station = _station(Path({str(template)!r}), Path({str(tmp_path / "first-station")!r}), {trusted!r})
t0 = time.perf_counter()
assert service.synchronize(station, {str(tmp_path / "big-0")!r}).updated
print((time.perf_counter() - t0) * 1000)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def _publisher(tmp_path: Path):
    """(key, trusted keys, the publisher's context on a fresh database, a copy of that database for stations)."""
    from app.bootstrap import prepare_database
    from app.sync import keys

    key = keys.generate()
    trusted = [keys.public_key_string(key.public_key())]
    publisher = _context(tmp_path / "publisher")
    prepare_database(publisher)
    with publisher.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    template = tmp_path / "template.sqlite3"
    shutil.copy(publisher.paths.sqlite_file, template)
    return key, trusted, publisher, template


def _exported(publisher) -> dict[str, bytes]:
    """Every sync part's files as the publisher would put them in a bundle."""
    from app.sync.parts import PARTS

    files: dict[str, bytes] = {}
    with publisher.sessions() as session:
        for part in PARTS:
            files.update(part.export(publisher, session))
    return files


def run() -> list[Row]:
    from app.sync import bundle as bundles
    from app.sync import service
    from app.sync.publish import publish
    from tests.sync.server import BundleServer

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="raccordo-bench-sync-") as tmp:
        tmp_path = Path(tmp)
        key, trusted, publisher, template = _publisher(tmp_path)

        # 1. nothing changed: conditional request answered 304, state recorded.
        www = tmp_path / "www"
        publish(publisher, www, key=key)
        server = BundleServer(www).start()
        try:
            station = _station(template, tmp_path / "station", trusted)
            service.synchronize(station, server.url)
            samples = []
            for _ in range(30):
                t0 = time.perf_counter()
                outcome = service.synchronize(station, server.url)
                samples.append((time.perf_counter() - t0) * 1000)
                assert not outcome.updated
            station.dispose()
        finally:
            server.stop()
        rows.append(Row("sync: controllo 'nessuna novità' su server locale (mediana 30)", statistics.median(samples),
                        "ms", 50, f"max {max(samples):.1f} ms"))

        # 2. verify and apply a bundle with 5,000 referents (from a folder: no network in the figure).
        files = _exported(publisher)
        directory = json.loads(files["directory.json"])
        now = datetime.now(UTC)
        territory = json.loads(files["territory.json"])
        territory["municipalities"][0]["zona_omogenea"] = "Zona modificata"
        changed_territory = json.dumps(territory, ensure_ascii=False).encode("utf-8")
        applied, in_directory, updates = [], [], []
        for run_no in range(3):
            # A bundle of its own per run (see _big_directory), and its successor changing only the territory.
            big = dict(files, **{"directory.json": json.dumps(_big_directory(directory, 5000, run_no),
                                                              ensure_ascii=False).encode("utf-8")})
            bundle = bundles.build(big, key, sequence=1, publisher="bench", issued_at=now,
                                   expires_at=now + timedelta(days=30))
            size_mb = sum(e.size for e in bundle.manifest.files.values()) / 1e6
            bundles.write(bundle, tmp_path / f"big-{run_no}")
            bundles.write(bundles.build(dict(big, **{"territory.json": changed_territory}), key, sequence=2,
                                        publisher="bench", issued_at=now, expires_at=now + timedelta(days=30)),
                          tmp_path / f"big-{run_no}-next")
            station = _station(template, tmp_path / f"big-station-{run_no}", trusted)
            spent: list[float] = []
            with _timed_directory(spent):
                t0 = time.perf_counter()
                outcome = service.synchronize(station, str(tmp_path / f"big-{run_no}"))
                applied.append(time.perf_counter() - t0)
            in_directory.append(sum(spent))
            assert outcome.updated
            t0 = time.perf_counter()
            assert service.synchronize(station, str(tmp_path / f"big-{run_no}-next")).updated
            updates.append(time.perf_counter() - t0)
            station.dispose()
        # The first sync after the program starts: the same work, plus importing the parts' modules and loading
        # the phone-number metadata, in a fresh interpreter that has imported only the sync service.
        first = _first_sync_in_fresh_process(template, tmp_path, trusted)
        publisher.dispose()
        total, directory_ms = statistics.median(applied) * 1000, statistics.median(in_directory) * 1000
        rows.append(Row("sync: verifica e applicazione di 5.000 referenti (mediana 3)", total, "ms", 1000,
                        f"pacchetto {size_mb:.1f} MB"))
        rows.append(Row("  di cui API della rubrica (validate + replace_from_snapshot)", directory_ms, "ms", None,
                        "codice della rubrica"))
        rows.append(Row("  di cui sincronizzazione (firma, impronte, territorio, testi, stato)", total - directory_ms,
                        "ms", None, ""))
        rows.append(Row("  primo sync in un processo appena avviato (import compresi)", first, "ms", None,
                        "una volta per avvio del programma"))
        rows.append(Row("sync: nuova versione con 5.000 referenti invariati (mediana 3)",
                        statistics.median(updates) * 1000, "ms", 1000, "cambia il territorio; rubrica non riscritta"))
    return rows + _leaflet_checks()


def _leaflet_checks() -> list[Row]:
    """The leaflet texts' strict check a bundle passes (catalog rules, term base): one catalog changed, or a new
    language or term base, which checks every catalog again (issue 13)."""
    from app.leaflets.content import shipped_files, validate_catalogs
    from app.paths import install_root

    shipped = shipped_files(install_root() / "i18n" / "leaflets")
    one = dict(shipped)
    one["fr.po"] = one["fr.po"].replace("X-Translator-Note: ", "X-Translator-Note: (bench) ", 1)
    new = dict(shipped)
    toml = new["content.toml"]
    end = toml.index("\n]\n", toml.index("languages = ["))
    new["content.toml"] = (toml[:end + 1] + '  { code = "pl", native = "Polski", italian = "polacco", script = "Latn", '
                           'direction = "ltr" },\n' + toml[end + 1:])
    new["pl.po"] = new["ru.po"].replace('"Language: ru\\n"', '"Language: pl\\n"', 1)
    # A new language comes with its term base lines (the strict check refuses a complete catalog without them):
    # the Russian catalog's copy takes the Russian lines.
    new["termbase.toml"] = "\n".join(f"{line}\npl{line[2:]}" if line.startswith("ru = ") else line
                                      for line in new["termbase.toml"].splitlines()) + "\n"
    catalogs = sum(1 for name in new if name.endswith(".po"))
    return [
        Row("testi dei fogli: controllo di un pacchetto con un catalogo cambiato (mediana 5)",
            median_ms(lambda: validate_catalogs(one, known_good=shipped)), "ms", None, "regole e base terminologica"),
        Row(f"testi dei fogli: controllo con una lingua nuova, {catalogs} cataloghi (mediana 5)",
            median_ms(lambda: validate_catalogs(new, known_good=shipped)), "ms", None,
            "una volta per pacchetto che cambia lingue o base terminologica"),
    ]
