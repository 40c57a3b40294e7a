#!/usr/bin/env python3
"""Run every benchmark (``bench/bench_*.py``, each with ``run() -> list[Row]``) and print one table.

    python bench/run.py            # all
    python bench/run.py startup    # only the modules whose name contains 'startup'
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# openpyxl as the bundle runs it: build.spec leaves lxml out, so it writes and reads with the standard library's XML
os.environ.setdefault("OPENPYXL_LXML", "False")

from bench.common import print_rows  # noqa: E402


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    rows = []
    failed = []
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        if wanted and wanted not in path.stem:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"... {path.stem}", file=sys.stderr, flush=True)
        try:
            rows.extend(module.run())
        except Exception:  # the other modules' rows are still worth the half hour they took
            traceback.print_exc()
            failed.append(path.stem)
    if rows:
        print_rows(rows)
    for name in failed:
        print(f"{name}: NON COMPLETATO (errore sopra)")
    return 1 if failed or any(r.within == "OLTRE" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
