"""Statistics budgets: recording an event, a monthly export, five years with a million events.

The five-year export runs in a fresh process that does nothing else (interpreter, imports, the export), and
its peak memory is that process's own high-water resident set, ``VmHWM`` in ``/proc/self/status``. Not
``ru_maxrss``: on Linux exec keeps the parent's high-water mark in it (fs/exec.c folds the old memory's peak
into the process's ``maxrss``), so a child started by this benchmark's ~90 MB process reported ~90 MB, and one
started by a parent that had seeded the million rows itself reported that parent's ~300 MB, whatever the
export used (~70 MB, of which ~56 MB is the interpreter and imports).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.common import Row, median_ms

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 1_000_000
FIRST_DAY, DAYS = date(2021, 1, 1), 5 * 365  # 2021-2025: five closed years, the only kind of period exported
MONTH, FIVE_YEARS = "2025-10", "2021..2025"
TODAY = date(2026, 12, 1)  # every exported period closed, whatever day the bench runs


def _context(base: Path):
    from app.context import AppContext
    from app.paths import Paths

    paths = Paths(ROOT, base, base / "logs", base / "settings.toml", base / "machine-none.toml")
    return AppContext.create(paths, user="bench")


def _seed(ctx, n: int) -> None:
    """n deliveries over five years, skewed towards the big municipalities, inserted in bulk."""
    from sqlalchemy import select

    from app.leaflets.languages import household_codes
    from app.stats.disclosure import record_key
    from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES
    from app.territory.models import Municipality

    rng = random.Random(5)
    household = household_codes()
    with ctx.sessions() as session:
        codes = sorted(session.scalars(select(Municipality.istat_code)))
    weights = [40.0 if c == "015146" else 1 / (1 + i % 40) for i, c in enumerate(codes)]
    stamp = datetime(2022, 1, 1).isoformat(sep=" ")
    ws = "0123456789ab"
    # Raw DBAPI executemany: the ORM/Core layers would triple the seeding time, which is not what is measured.
    raw = ctx.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size = -400000")  # random UUID keys: keep the index pages in memory
        for start in range(0, n, 100_000):
            picks = rng.choices(codes, weights, k=min(100_000, n - start))
            rows, langs = [], []
            for code in picks:
                event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                key = record_key(event_id)
                day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
                rows.append((event_id, day, stamp, rng.choice(STAGES), code, rng.choice(DELIVERY_MODES),
                             rng.choice(CAUSES), ws, key))
                langs.append((event_id, "it", day, code, key))
                if rng.random() < 0.4:
                    langs.append((event_id, rng.choice(household), day, code, key))
            cur.executemany("INSERT INTO stats_delivery (id, day, recorded_at, stage, istat_code, mode, cause, "
                            "workstation, rkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            cur.executemany("INSERT INTO stats_delivery_language (delivery_id, language, day, istat_code, rkey) "
                            "VALUES (?, ?, ?, ?, ?)", langs)
        ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n // 20 + n // 50)]
        cur.executemany("INSERT INTO stats_outcome (id, day, recorded_at, istat_code, outcome, social_services, "
                        "workstation, rkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
                            (i, (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat(), stamp,
                             rng.choices(codes, weights)[0], rng.choice(OUTCOMES), rng.choice(SOCIAL_SERVICES), ws,
                             record_key(i)) for i in ids[:n // 20]])
        cur.executemany("INSERT INTO stats_scheduled_access (id, access_day, recorded_at, istat_code, workstation, "
                        "rkey) VALUES (?, ?, ?, ?, ?, ?)", [
                            (i, (FIRST_DAY + timedelta(days=rng.randrange(DAYS + 90))).isoformat(),
                             stamp, rng.choices(codes, weights)[0], ws, record_key(i)) for i in ids[n // 20:]])
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _export_in_subprocess(data_dir: Path, period: str, level: str, out: Path) -> dict:
    script = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from bench.bench_stats import _context, _peak_mb, TODAY
from app.monitoring.service import export_workbook
ctx = _context(Path({str(data_dir)!r}))
before = _peak_mb()
t0, c0 = time.perf_counter(), time.process_time()
report = export_workbook(ctx, {period!r}, {level!r}, Path({str(out)!r}), today=TODAY)
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({{"seconds": elapsed, "cpu": cpu, "peak_mb": _peak_mb(), "before_mb": before,
                   "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "deliveries": report.totals["deliveries"]}}))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    """This process's peak resident set since its exec (``VmHWM``), in MB; ``ru_maxrss`` where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _information_loss(ctx, report) -> list[Row]:
    """What the protection costs planners on the benchmark month (cell key method, docs/DISCLOSURE.md)."""
    from app.stats.aggregate import count_period

    d = report.disclosure
    with ctx.sessions() as session:
        counts = count_period(session, report.period)
    true_totals: dict[str, int] = {}
    for (code, _), t in counts.stages.items():
        true_totals[code] = true_totals.get(code, 0) + t.n
    grouped = report.municipalities
    shown = {code: grouped.row_total(code) for _, members in grouped.groups for code, _ in members}
    top = set(sorted(true_totals, key=true_totals.get, reverse=True)[:10])
    top_shown = set(sorted(shown, key=shown.get, reverse=True)[:10])
    small = [(code, s) for (code, s), t in counts.stages.items() if 1 <= t.n < report.k]
    small_zero = sum(grouped.cell(code, s) == 0 for code, s in small)
    return [
        Row("  perdita di informazione: scarto medio assoluto per dato", d.absolute_noise / d.published, "", None,
            f"{d.published:,} dati pubblicati, {100 * d.moved / d.published:.0f}% diversi dal vero".replace(",", ".")),
        Row("  comuni: scarto medio sui totali per comune", sum(abs(shown[c] - true_totals.get(c, 0)) for c in shown)
            / len(shown), "", None, f"i 10 comuni con più consegne: {len(top & top_shown)} su 10 restano i primi 10"),
        Row("  celle comune × fase da 1 a k-1 pubblicate come 0", 100 * small_zero / max(1, len(small)), "%", None,
            f"{len(small)} celle piccole; le altre compaiono come {report.k} o più"),
    ]


def run() -> list[Row]:
    from app.bootstrap import prepare_database
    from app.monitoring.service import export_workbook
    from app.stats.events import record_delivery

    rows = []
    with tempfile.TemporaryDirectory(prefix="raccordo-bench-stats-") as tmp:
        base = Path(tmp)
        ctx = _context(base / "record")
        prepare_database(ctx)

        def record() -> None:
            with ctx.sessions.begin() as session:
                record_delivery(session, stage="accesso", istat_code="015146", languages=["it", "ar"],
                                workstation="bench")

        rows.append(Row("registrazione di una consegna (mediana 200)", median_ms(record, runs=200, warmup=5), "ms",
                        5))
        ctx.dispose()

        # Seeding runs in its own process: it needs a few hundred MB that this one need not keep.
        t0 = time.perf_counter()
        seed = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; "
                f"from bench.bench_stats import _context, _seed; from app.bootstrap import prepare_database; "
                f"ctx = _context(Path({str(base / 'big')!r})); prepare_database(ctx); _seed(ctx, {EVENTS}); "
                f"ctx.dispose()")
        subprocess.run([sys.executable, "-c", seed], check=True, cwd=ROOT, capture_output=True)
        seeded = time.perf_counter() - t0
        big = _context(base / "big")
        # A month of a five-year, million-event office: about 16,000 deliveries.
        # As users run it (the screen's Export button, ``python -m app export``): with the "Monitoraggio" sheet,
        # whose indicators count the months the period is compared with too.
        report = export_workbook(big, MONTH, "municipality", base / "warm.xlsx", today=TODAY)
        cpu0 = time.process_time()
        month = median_ms(lambda: export_workbook(big, MONTH, "municipality", base / "month.xlsx", today=TODAY),
                          runs=5)
        cpu = (time.process_time() - cpu0) / 6 * 1000
        rows.append(Row("export mensile con foglio Monitoraggio, 133 comuni (mediana 5)", month, "ms", 500,
                        f"{report.totals['deliveries']:,} consegne nel mese; CPU {cpu:.0f} ms per volta; "
                        f"carico {os.getloadavg()[0]:.1f}".replace(",", ".")))
        rows += _information_loss(big, report)
        big.dispose()
        first = _export_in_subprocess(base / "big", MONTH, "municipality", base / "first.xlsx")
        rows.append(Row("  primo export mensile in un processo appena avviato", first["seconds"] * 1000, "ms", None,
                        f"query compilate e cache SQLite a freddo; import esclusi; CPU {first['cpu'] * 1000:.0f} ms"))
        five = _export_in_subprocess(base / "big", FIVE_YEARS, "municipality", base / "five.xlsx")
        rows.append(Row("export 5 anni, 1.000.000 consegne", five["seconds"], "s", 5,
                        f"{five['deliveries']:,} consegne; dati generati in {seeded:.0f} s".replace(",", ".")))
        rows.append(Row("export 5 anni: memoria di picco", five["peak_mb"], "MB", 300,
                        f"processo separato, VmHWM; {five['before_mb']:.0f} MB prima dell'export (interprete e import)"))
        shutil.rmtree(base, ignore_errors=True)
    return rows
