"""Files from someone else: how fast hostile ones are refused, and the 5,000-key config check (43 s before)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import Row, median_ms


def _refusal_ms(make, tmp: Path, ctx) -> tuple[float, str]:
    from app.directory.importer import ImportError_, preview_file

    path = make(tmp / f"{make.__name__}.xlsx")
    size = path.stat().st_size

    def attempt() -> None:
        with ctx.sessions() as session:
            try:
                preview_file(session, path)
            except ImportError_:
                return
        raise AssertionError(f"{make.__name__} was not refused")

    return median_ms(attempt, runs=3), f"file di {size / 1000:.1f} KB"


def run() -> list[Row]:
    import dataclasses

    from app.bootstrap import prepare_database
    from app.config import check_file
    from app.context import AppContext
    from app.paths import resolve_paths
    from tests import hostile

    tmp = Path(tempfile.mkdtemp(prefix="raccordo-bench-inputs-"))
    try:
        config = tmp / "raccordo.toml"
        config.write_text("[office]\nname = \"UNEP\"\n" + "".join(f'chiave{i} = "v"\n' for i in range(5000)),
                          encoding="utf-8")
        rows = [Row("config --check di un file con 5.000 chiavi", median_ms(lambda: check_file(config), runs=3),
                    "ms", 1000, "prima: 43 s (ricerca della riga quadratica)")]
        paths = dataclasses.replace(resolve_paths(tmp / "dati"), machine_config_file=tmp / "none.toml")
        ctx = AppContext.create(paths, user="bench")
        prepare_database(ctx)
        for make, label in ((hostile.wide_xlsx, "xlsx che chiede 16.384 colonne x 20.000 righe"),
                            (hostile.tall_xlsx, "xlsx che chiede 1.048.576 righe"),
                            (hostile.bomb_xlsx, "xlsx bomba (300 MB decompressi)")):
            ms, note = _refusal_ms(make, tmp, ctx)
            rows.append(Row(f"rifiuto: {label}", ms, "ms", 2000, note))
        (tmp / "annidato.json").write_bytes(hostile.nested_json())
        from app.stats.exchange import ImportRejected, import_file

        started = time.perf_counter()
        with ctx.sessions() as session, contextlib.suppress(ImportRejected):
            import_file(session, tmp / "annidato.json")
        rows.append(Row("rifiuto: file di eventi annidato 100.000 livelli", (time.perf_counter() - started) * 1000,
                        "ms", 2000, "prima: RecursionError"))
        ctx.dispose()
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
