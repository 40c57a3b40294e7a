"""Directory budgets: filtering 5,000 referents per keystroke, a 2,000-row xlsx to preview, one municipality resolved."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import Row, median_ms

KINDS = ("social_services", "housing_emergency", "housing_office", "legal_aid", "unep", "other")
SURNAMES = ("Rossi", "Bianchi", "Colombo", "Ferrari", "Esposito", "Ricci", "Marino", "Greco", "Bruno", "Gallo")


def synthetic_entries(n: int, codes: list[str], ambiti: list[str], seed: int = 3) -> list[dict]:
    rnd = random.Random(seed)
    entries = []
    for i in range(n):
        level = rnd.choice(("municipality", "municipality", "ambito", "metro"))
        entries.append({
            "uid": f"b{i}", "institution": f"Comune di Prova {i % 133}", "service": f"Servizio {i % 17}",
            "kind": KINDS[i % len(KINDS)], "name": f"Referente {rnd.choice(SURNAMES)} {i}", "role": "Funzionario",
            "phones": [f"+39020000{i % 10000:04d}"], "emails": [f"r{i}@esempio.invalid"], "pecs": [],
            "website": "", "address": "", "hours": [{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:00"}],
            "hours_note": "", "languages": ["it"], "scope_level": level,
            "municipalities": [rnd.choice(codes)] if level == "municipality" else [],
            "ambiti": [rnd.choice(ambiti)] if level == "ambito" else [],
            "valid_from": None, "valid_to": None, "last_verified": date(2026, 1, 1), "source": "bench",
            "is_demo": True, "retired": i % 50 == 0,
        })
    return entries


def _context(tmp: str):
    import dataclasses

    from app.bootstrap import prepare_database
    from app.context import AppContext
    from app.paths import resolve_paths

    paths = dataclasses.replace(resolve_paths(Path(tmp)), machine_config_file=Path(tmp) / "none.toml")
    ctx = AppContext.create(paths, user="bench")
    prepare_database(ctx)
    return ctx


def bench_filter(ctx) -> list[Row]:
    """Type and erase words in the real DirectoryView's search box over the 5,000 entries in the database."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui import workers
    from app.ui.directory_view import DirectoryView

    app = QApplication.instance() or QApplication([])
    workers.set_synchronous(True)
    view = DirectoryView(ctx)
    view.resize(1200, 750)
    view.show()
    app.processEvents()
    rows = view.model.rowCount()
    filter_ms, paint_ms, cpu_ms = [], [], []
    words = ["rossi 12", "comune di prova 7", "0200001", "servizio 3", "milano"]
    for _ in range(3):
        for word in words:
            for ch in word:
                t0, c0 = time.perf_counter(), time.process_time()
                QTest.keyClick(view.search, ch)
                t1 = time.perf_counter()
                cpu_ms.append((time.process_time() - c0) * 1000)
                app.processEvents()
                filter_ms.append((t1 - t0) * 1000)
                paint_ms.append((time.perf_counter() - t1) * 1000)
            for _ch in word:
                t0, c0 = time.perf_counter(), time.process_time()
                QTest.keyClick(view.search, Qt.Key.Key_Backspace)
                t1 = time.perf_counter()
                cpu_ms.append((time.process_time() - c0) * 1000)
                app.processEvents()
                filter_ms.append((t1 - t0) * 1000)
                paint_ms.append((time.perf_counter() - t1) * 1000)
    view.close()
    workers.set_synchronous(False)
    p95 = sorted(filter_ms)[int(len(filter_ms) * 0.95)]
    return [
        Row(f"filtro {rows} referenti per tasto (mediana)", statistics.median(filter_ms), "ms", 10,
            f"{len(filter_ms)} tasti digitati e cancellati; max {max(filter_ms):.1f} ms"),
        Row(f"filtro {rows} referenti per tasto (p95)", p95, "ms", 10,
            f"vista reale DirectoryView; CPU p95 {sorted(cpu_ms)[int(len(cpu_ms) * 0.95)]:.1f} ms"),
        Row("ridisegno della tabella dopo un tasto (mediana)", statistics.median(paint_ms), "ms", None,
            f"p95 {sorted(paint_ms)[int(len(paint_ms) * 0.95)]:.1f} ms, offscreen"),
    ]


def bench_import(ctx, tmp: str) -> Row:
    from openpyxl import Workbook

    from app.directory.importer import preview_file

    path = Path(tmp) / "2000.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["Ente", "Servizio", "Referente", "Ruolo", "Telefono", "Cellulare", "Email", "PEC", "Comune", "Ambito",
               "Orari", "Verificato il"])
    towns = ["Milano", "Rho", "cernusco sul naviglio", "Legnano", "Melzo", "", ""]
    for i in range(2000):
        town = towns[i % len(towns)]
        ws.append([f"Comune di Prova {i % 133}", f"Servizio {i % 17}", f"Referente Prova {i}", "Funzionario",
                   float(200000000 + i) if i % 3 == 0 else f"02 0000 {i % 10000:04d} / 02 0001 {i % 10000:04d}",
                   f"333 000 {i:04d}" if i % 5 == 0 else None, f"r{i}@esempio.invalid",
                   f"p{i}@pec.esempio.invalid" if i % 4 == 0 else None, town,
                   "Adda Martesana" if not town and i % 2 else None, "lun-ven 9:00-12:30; mar 14-16",
                   date(2026, 1, 1)])
    wb.save(path)
    from app.directory import contacts, hours, identity, importer, kinds

    walls, cpus = [], []
    with ctx.sessions() as session:
        for _ in range(3):
            # A first import parses every number and every text: start from cold caches each time.
            contacts._PHONE_CACHE.clear()
            contacts.display_phone.cache_clear()
            hours._parse_segment_cached.cache_clear()
            kinds.guess_kind.cache_clear()
            importer.normalize.cache_clear()
            identity.normalize.cache_clear()
            identity._digest.cache_clear()
            c0, w0 = time.process_time(), time.perf_counter()
            preview = preview_file(session, path)
            walls.append((time.perf_counter() - w0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
    counts = preview.counts
    return Row("anteprima importazione xlsx 2.000 righe (mediana 3, cache fredde)", statistics.median(walls), "ms",
               2000, f"CPU del processo {statistics.median(cpus):.0f} ms; {counts['added']} da aggiungere, "
                     f"{counts['rejected']} scartate")


def bench_resolve(ctx, territory) -> list[Row]:
    from app.directory.resolve import DirectoryIndex, Entry, ResolvedReferent, referents_for
    from app.directory.snapshot import FORMAT, FORMAT_VERSION, replace_from_snapshot

    codes = [m.istat_code for m in territory.municipalities]
    ambiti = [a.name for a in territory.ambiti]
    data = synthetic_entries(5000, codes, ambiti)
    entries = [Entry(d["uid"], ResolvedReferent(d["kind"], d["service"], d["institution"], d["name"], d["role"],
                                                ("02 0000 0000",), tuple(d["emails"]), "", "", "lun-ven 9:00-12:00",
                                                d["scope_level"], True, None),
                     frozenset(d["municipalities"]), frozenset(d["ambiti"]), None, None, d["retired"])
               for d in data]
    index = DirectoryIndex(entries)
    today = date.today()
    pure = median_ms(lambda: [index.resolve(c, territory.by_code(c).ambito_name, today) for c in codes], runs=5)
    rows = [Row("risoluzione referenti di un comune (5.000 voci, pura)", pure / len(codes), "ms", 5,
                "media sui 133 comuni")]
    snapshot = {"format": FORMAT, "format_version": FORMAT_VERSION, "version": "bench",
                "institutions": [{"name": n, "website": ""} for n in sorted({d["institution"] for d in data})],
                "services": [{"institution": i, "name": s, "kind": k} for i, s, k in
                             sorted({(d["institution"], d["service"], d["kind"]) for d in data})],
                "referents": [{**d, "last_verified": "2026-01-01"} for d in data]}
    # Services are unique per institution and name, so give every (institution, service) one kind.
    kinds = {}
    for d in snapshot["referents"]:
        d["kind"] = kinds.setdefault((d["institution"], d["service"]), d["kind"])
    snapshot["services"] = [{"institution": i, "name": s, "kind": k} for (i, s), k in sorted(kinds.items())]
    with ctx.sessions.begin() as session:
        replace_from_snapshot(session, snapshot, user="bench")
    with ctx.sessions() as session:
        t0 = time.perf_counter()
        referents_for(session, territory, "015146")
        first = (time.perf_counter() - t0) * 1000
        warm = median_ms(lambda: referents_for(session, territory, "015070"), runs=20)
    rows.append(Row("referents_for dal database (5.000 voci, indice in cache)", warm, "ms", 5,
                    f"prima chiamata con caricamento {first:.0f} ms"))
    return rows


def run() -> list[Row]:
    from app.territory import Territory

    with tempfile.TemporaryDirectory(prefix="raccordo-bench-") as tmp:
        ctx = _context(tmp)
        try:
            with ctx.sessions() as session:
                territory = Territory.load(session)
            rows = bench_resolve(ctx, territory)  # loads 5,000 synthetic entries, used by the filter bench too
            rows.extend(bench_filter(ctx))
            rows.append(bench_import(ctx, tmp))
        finally:
            ctx.dispose()
    return rows
