"""The leaflets' web site (``leaflets export``): time to build and write the whole site (every language, every
municipality of the office), time to export again into the same folder, and what it weighs on the portal."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def run() -> list:
    from app.bootstrap import prepare_database
    from app.leaflets.site.export import build_for, write_site
    from bench.common import Row
    from tests.conftest import make_context

    with tempfile.TemporaryDirectory() as tmp:
        ctx = make_context(Path(tmp))
        prepare_database(ctx)          # migrated and seeded: the shipped content and the demo directory
        out = Path(tmp) / "sito"
        try:
            t0 = time.perf_counter()
            site = build_for(ctx)
            t1 = time.perf_counter()
            first = write_site(site, out)
            t2 = time.perf_counter()
            again = build_for(ctx)
            second = write_site(again, out)
            t4 = time.perf_counter()
        finally:
            ctx.dispose()
        on_disk = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        pages = [len(b) for p, b in site.files.items() if p.endswith(".html")]
    scope = f"{site.languages} lingue, {site.municipalities} comuni, {site.pages} pagine"
    return [
        Row("sito: esportazione completa (costruzione + scrittura)", t2 - t0, "s", 120, scope),
        Row("sito: di cui costruzione in memoria", t1 - t0, "s", None, "pagine, sottoinsiemi dei caratteri"),
        Row("sito: di cui scrittura", t2 - t1, "s", None, f"{first.written} file"),
        Row("sito: nuova esportazione nella stessa cartella", t4 - t2, "s", 120,
            f"{second.written} file riscritti, {second.unchanged} invariati"),
        Row("sito: dimensione totale", site.size / 1e6, "MB", None, f"su disco {on_disk / 1e6:.1f} MB con il manifesto"),
        Row("sito: caratteri (sottoinsiemi WOFF2)", site.font_size / 1e3, "kB", 600, "6 scritture, licenze incluse"),
        Row("sito: pagina più pesante", max(pages) / 1e3, "kB", None, f"media {sum(pages) / len(pages) / 1e3:.1f} kB"),
    ]
