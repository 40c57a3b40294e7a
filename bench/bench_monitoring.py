"""Monitoring budgets (issue 20): the four-monthly report to PDF, and the supervisor screen's indicators.

The office of the issue: 133 municipalities, 70,000 deliveries in the four-month period reported (May-August
2026), and as many in each period it is compared with or followed over (the previous four months, the same
period a year earlier, the series): 280,000 deliveries, with accesses and scheduled accesses in proportion,
and the demo directory. Both figures are measured warm (the second and later runs in one process), as the
supervisor's screen and a re-run report are; the first run of a fresh process is printed too.
"""

from __future__ import annotations

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
PERIOD = "2026-T2"
TODAY = date(2026, 12, 1)
PER_PERIOD = 70_000
FIRST_DAY = date(2025, 5, 1)  # 2025-T2, 2025-T3, 2026-T1, 2026-T2
PERIODS = 4


def _seed(data_dir: Path) -> None:
    """Four four-month periods of 70,000 deliveries each, Milan about three quarters, bulk-inserted."""
    from sqlalchemy import select

    from app.bootstrap import prepare_database
    from app.leaflets.languages import household_codes
    from app.stats.disclosure import record_key
    from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES
    from app.territory.models import Municipality
    from bench.bench_stats import _context

    ctx = _context(data_dir)
    prepare_database(ctx)
    rng = random.Random(20)
    household = household_codes()
    with ctx.sessions() as session:
        codes = sorted(session.scalars(select(Municipality.istat_code)))
    weights = [40.0 if c == "015146" else 1 / (1 + i % 40) for i, c in enumerate(codes)]
    days = (date(2026, 8, 31) - FIRST_DAY).days + 1
    n = PER_PERIOD * PERIODS
    ws = "0123456789ab"

    def day() -> date:
        return FIRST_DAY + timedelta(days=rng.randrange(days))

    raw = ctx.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size = -200000")
        rows, langs = [], []
        for code in rng.choices(codes, weights, k=n):
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            key, d = record_key(event_id), day().isoformat()
            rows.append((event_id, d, d, rng.choice(STAGES), code, rng.choice(DELIVERY_MODES), rng.choice(CAUSES), ws,
                         key))
            langs.append((event_id, "it", d, code, key))
            if rng.random() < 0.4:
                langs.append((event_id, rng.choice(household), d, code, key))
        cur.executemany("INSERT INTO stats_delivery (id, day, recorded_at, stage, istat_code, mode, cause, "
                        "workstation, rkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        cur.executemany("INSERT INTO stats_delivery_language (delivery_id, language, day, istat_code, rkey) "
                        "VALUES (?, ?, ?, ?, ?)", langs)
        outcomes = []
        for code in rng.choices(codes, weights, k=n // 5):
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            d = day().isoformat()
            outcomes.append((event_id, d, d, code, rng.choice(OUTCOMES), rng.choice(SOCIAL_SERVICES), ws,
                             record_key(event_id)))
        cur.executemany("INSERT INTO stats_outcome (id, day, recorded_at, istat_code, outcome, social_services, "
                        "workstation, rkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", outcomes)
        scheduled = []
        for code in rng.choices(codes, weights, k=n // 8):
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            recorded = day()
            scheduled.append((event_id, (recorded + timedelta(days=10 + rng.randrange(100))).isoformat(),
                              # stored as SQLAlchemy stores a DateTime on SQLite (microseconds included): the
                              # forecast compares it with one (recorded before the end of the period)
                              datetime.combine(recorded, datetime.min.time()).strftime("%Y-%m-%d %H:%M:%S.%f"), code, ws,
                              record_key(event_id)))
        cur.executemany("INSERT INTO stats_scheduled_access (id, access_day, recorded_at, istat_code, workstation, "
                        "rkey) VALUES (?, ?, ?, ?, ?, ?)", scheduled)
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        ctx.dispose()


def _first_report(data_dir: Path, out: Path) -> float:
    """The report in a process that has done nothing else (imports excluded): cold caches, fonts registered."""
    script = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from datetime import date
from bench.bench_stats import _context
from app.monitoring.service import write_report
ctx = _context(Path({str(data_dir)!r}))
t0 = time.perf_counter()
write_report(ctx, {PERIOD!r}, Path({str(out)!r}), today=date(2026, 12, 1))
print(time.perf_counter() - t0)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from app.monitoring.service import make_monitoring, write_report
    from app.ui.monitor_view import MonitorPanel
    from bench.bench_stats import _context

    rows = []
    with tempfile.TemporaryDirectory(prefix="raccordo-bench-monitoring-") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        seed = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from pathlib import Path; "
                f"from bench.bench_monitoring import _seed; _seed(Path({str(base / 'office')!r}))")
        subprocess.run([sys.executable, "-c", seed], check=True, cwd=ROOT, capture_output=True)
        seeded = time.perf_counter() - t0
        ctx = _context(base / "office")
        first = _first_report(base / "office", base / "first.pdf")
        monitoring = write_report(ctx, PERIOD, base / "warm.pdf", today=TODAY)
        deliveries = monitoring.current.tables["packs"].grand()
        cpu0 = time.process_time()
        report = median_ms(lambda: write_report(ctx, PERIOD, base / "report.pdf", today=TODAY), runs=3, warmup=0)
        report_cpu = (time.process_time() - cpu0) / 3 * 1000
        rows.append(Row("rapporto quadrimestrale PDF, 133 comuni (mediana 3)", report, "ms", 1500,
                        f"circa {deliveries:,} consegne nel periodo, {PER_PERIOD * PERIODS:,} in tutto; "
                        f"CPU {report_cpu:.0f} ms per volta; carico {os.getloadavg()[0]:.1f}; "
                        f"dati generati in {seeded:.0f} s".replace(",", ".")))
        rows.append(Row("  primo rapporto in un processo appena avviato", first * 1000, "ms", None,
                        "cache SQLite e caratteri a freddo; import esclusi"))
        app = QApplication.instance() or QApplication([])
        panel = MonitorPanel()
        panel.resize(1200, 700)
        panel.show()

        def shown(context) -> None:
            # What the screen does once a period is chosen: the indicators (the background job), then the cards
            # painted (the GUI thread).
            panel.set_monitoring(make_monitoring(context, PERIOD, today=TODAY))
            panel.repaint()
            app.processEvents()

        cpu0 = time.process_time()
        wall = median_ms(lambda: shown(ctx), runs=5, warmup=1)
        cpu = (time.process_time() - cpu0) / 6 * 1000
        rows.append(Row("schermata: indicatori dopo la scelta del periodo (mediana 5)", wall, "ms", 300,
                        f"indicatori dai totali mensili (migrazione 0305) e disegno delle schede; "
                        f"CPU {cpu:.0f} ms per volta, carico {os.getloadavg()[0]:.1f}"))

        def first_choice() -> None:
            # A period never shown in this context (a new one: nothing remembered, cold SQLite cache): every
            # compared period is read from the monthly totals.
            fresh = _context(base / "office")
            try:
                shown(fresh)
            finally:
                fresh.dispose()

        cpu0 = time.process_time()
        cold = median_ms(first_choice, runs=3, warmup=0)
        cpu = (time.process_time() - cpu0) / 3 * 1000
        rows.append(Row("  prima scelta di un periodo mai contato (mediana 3)", cold, "ms", 300,
                        f"4 periodi dai totali mensili, in un contesto nuovo; CPU {cpu:.0f} ms per volta, "
                        f"carico {os.getloadavg()[0]:.1f}"))
        panel.close()
        ctx.dispose()
        shutil.rmtree(base, ignore_errors=True)
    return rows
