"""Leaflet packs: Italian + Arabic with 10 referents (warm), first pack in a fresh process, a batch of 30."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import Row, median_ms

ROOT = Path(__file__).resolve().parent.parent

_FIRST_PACK = """
import json, time
t0 = time.perf_counter()
from datetime import date
from app.leaflets.content import load_content, shipped_files
from app.leaflets.fonts import Fonts
from app.leaflets.render import PackSpec, render_packs
from app.paths import install_root
from tests.leaflets.helpers import ten_referents
referents = ten_referents()
t1 = time.perf_counter()  # the application has imported its modules; the bailiff now asks for a pack
content = load_content(shipped_files(install_root() / "i18n" / "leaflets"))
spec = PackSpec("accesso", "Cernusco sul Naviglio", "015070", ("ar",), referents, "bench", content, date.today())
pdf = render_packs([spec], Fonts())
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "seconds": t2 - t1, "bytes": len(pdf)}))
"""


def _spec(content, stage: str, code: str):
    from app.leaflets.render import PackSpec
    from tests.leaflets.helpers import ten_referents

    return PackSpec(stage, "Cernusco sul Naviglio", "015070", (code,), ten_referents(), "bench", content,
                    date.today())


def first_pack_seconds(runs: int = 3) -> tuple[list[float], list[float]]:
    """Content loading, font registration and one Arabic pack, in a new interpreter each time (and its imports)."""
    samples, imports = [], []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _FIRST_PACK], capture_output=True, text=True, check=True,
                             cwd=ROOT, env=env)
        data = json.loads(out.stdout.strip().splitlines()[-1])
        samples.append(data["seconds"])
        imports.append(data["imports"])
    return samples, imports


def run() -> list[Row]:
    from app.leaflets.content import load_content, shipped_files
    from app.leaflets.fonts import Fonts
    from app.leaflets.languages import household_codes
    from app.leaflets.render import render_packs
    from app.paths import install_root

    content = load_content(shipped_files(install_root() / "i18n" / "leaflets"))
    fonts = Fonts()
    arabic = [_spec(content, "accesso", "ar")]
    warm = median_ms(lambda: render_packs(arabic, fonts), runs=9, warmup=2)
    cpu0 = time.process_time()
    for _ in range(5):
        render_packs(arabic, fonts)
    warm_cpu = (time.process_time() - cpu0) / 5 * 1000
    first, imports = first_pack_seconds()
    stages = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
    batch = [_spec(content, stages[i % 5], household_codes()[i % len(household_codes())]) for i in range(30)]
    render_packs(batch[:13], fonts)  # every family registered: the batch measures rendering only
    batch_samples, batch_cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        pdf = render_packs(batch, fonts)
        batch_samples.append(time.perf_counter() - t0)
        batch_cpu.append(time.process_time() - c0)
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as fh:
        fh.write(pdf)
    size_mb = os.path.getsize(fh.name) / 1e6
    os.unlink(fh.name)
    return [
        Row("foglio italiano + arabo, 10 referenti (mediana 9, caratteri caricati)", warm, "ms", 100,
            f"CPU {warm_cpu:.0f} ms; carico medio {os.getloadavg()[0]:.1f}"),
        Row("primo foglio dopo l'avvio, processo nuovo (mediana 3)", statistics.median(first) * 1000, "ms", 700,
            f"min {min(first) * 1000:.0f} max {max(first) * 1000:.0f}; import dei moduli a parte: "
            f"{statistics.median(imports) * 1000:.0f} ms"),
        Row("lotto di 30 fogli, 13 lingue, un PDF (mediana 3)", statistics.median(batch_samples) * 1000, "ms", 3000,
            f"{size_mb:.1f} MB; CPU {statistics.median(batch_cpu) * 1000:.0f} ms"),
    ]
