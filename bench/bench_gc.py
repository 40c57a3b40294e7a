"""The cycle collector during a bulk job: ``app.gcpause.collector_paused`` against ``gc.freeze()`` after start-up.

Issue 16 asks to measure ``gc.freeze()`` (move everything alive after start-up out of the collector's sight, so a
full collection no longer rescans the loaded modules, Qt wrappers and mappers) against the pause the bulk jobs
take today, and to keep the simpler one that meets the sync budget. Each policy runs in a fresh interpreter that
has imported what the window imports, then verifies and applies a 5,000-referent bundle from a folder (the sync
budget row of ``bench_sync``); the figure is that interpreter's CPU time for the sync, median of 3 processes per
policy, so a busy machine inflates every policy alike.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POLICIES = {
    "pause": "il collettore sospeso durante il lavoro (app.gcpause, com'è oggi)",
    "freeze": "gc.freeze() dopo l'avvio, collettore sempre attivo",
    "none": "né l'uno né l'altro",
}

_CHILD = """
import contextlib, gc, sys, time
sys.path.insert(0, {root!r})
import app.gcpause
policy = {policy!r}
if policy != "pause":
    app.gcpause.collector_paused = contextlib.nullcontext  # the jobs run with the collector as it is
from pathlib import Path
import PySide6.QtWidgets  # what the window holds alive while a sync runs
import app.ui.main_window, app.leaflets.render, app.stats.aggregate  # noqa: F401
from bench.bench_sync import _station
from app.sync import service
station = _station(Path({template!r}), Path({base!r}), {trusted!r})
if policy == "freeze":
    gc.collect()
    gc.freeze()
t0 = time.process_time()
assert service.synchronize(station, {bundle!r}).updated
print((time.process_time() - t0) * 1000)
"""


def _sync_cpu_ms(policy: str, template: Path, base: Path, bundle: Path, trusted: list[str]) -> float:
    script = _CHILD.format(root=str(ROOT), policy=policy, template=str(template), base=str(base),
                           bundle=str(bundle), trusted=trusted)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT,
                            env={"QT_QPA_PLATFORM": "offscreen", **_environment()})
    return float(result.stdout.strip().splitlines()[-1])


def _environment() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run() -> list[Row]:
    from app.sync import bundle as bundles
    from bench.bench_sync import _big_directory, _exported, _publisher

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="raccordo-bench-gc-") as tmp:
        tmp_path = Path(tmp)
        key, trusted, publisher, template = _publisher(tmp_path)
        files = _exported(publisher)
        publisher.dispose()
        directory = json.loads(files["directory.json"])
        now = datetime.now(UTC)
        big = dict(files, **{"directory.json": json.dumps(_big_directory(directory, 5000), ensure_ascii=False)
                             .encode("utf-8")})
        bundles.write(bundles.build(big, key, sequence=1, publisher="bench", issued_at=now,
                                    expires_at=now + timedelta(days=30)), tmp_path / "big")
        results: dict[str, list[float]] = {policy: [] for policy in POLICIES}
        for attempt in range(3):  # alternated, so a change in the machine's load touches every policy
            for policy in POLICIES:
                results[policy].append(_sync_cpu_ms(policy, template, tmp_path / f"{policy}-{attempt}",
                                                    tmp_path / "big", trusted))
    for policy, label in POLICIES.items():
        rows.append(Row(f"sync di 5.000 referenti, CPU: {label} (mediana 3 processi)",
                        statistics.median(results[policy]), "ms", 1000 if policy == "pause" else None,
                        f"min {min(results[policy]):.0f} ms, max {max(results[policy]):.0f} ms"))
    return rows
