"""Whole commands as scripts, IT's checks and tomorrow's batch run them: ``python -m app ...`` from spawn to exit.

Each row is the median wall time of several runs of a fresh interpreter on an existing data folder (migrated,
with the demo directory plus four referents of Milano's own, so that a Milano pack lists 10), with bytecode
cached as in any installation (the bundle and pip ship compiled modules), so it measures imports and work, not
compilation. Optionally, LibreOffice converting an equivalent Italian + Arabic leaflet from HTML to PDF: the
office-suite route the command line replaces (for information, when ``soffice`` is installed).
"""

from __future__ import annotations

import html
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
MILANO = "015146"


def command_env(data: Path) -> dict[str, str]:
    """An isolated data folder, no machine-wide file, bytecode written and reused as in an installation."""
    env = dict(os.environ, RACCORDO_DATA_DIR=str(data), RACCORDO_CONFIG=str(data / "none.toml"),
               QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def prepare_folder(data: Path) -> None:
    """Migrate and seed through the command line, then add Milano's own referents up to 10 in a Milano pack."""
    env = command_env(data)
    subprocess.run([sys.executable, "-m", "app", "directory", "for", "Milano"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from app.context import AppContext
from app.directory.store import save_entry
from app.paths import resolve_paths
ctx = AppContext.create(resolve_paths(), user="bench")
with ctx.sessions.begin() as session:
    for i, kind in enumerate(("legal_aid", "other", "other", "unep")):
        save_entry(session, {{"institution": "Comune di Milano", "service": f"Sportello {{i}}", "kind": kind,
                              "name": f"Referente DEMO banco {{i}}", "role": "Funzionario",
                              "phones": [f"02 0000 {{2100 + i}}"], "emails": [f"banco{{i}}@esempio.invalid"],
                              "hours": [{{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:00"}}],
                              "scope_level": "municipality", "municipalities": [{MILANO!r}],
                              "source": "bench", "is_demo": True}}, "bench")
ctx.dispose()
"""
    subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_seconds(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float, float]:
    """(median, min, max) wall seconds of ``python -m app ARGS`` after one run that fills the bytecode cache, and
    the median CPU seconds of a run (less sensitive than wall time to other work on the machine's two cores)."""
    subprocess.run([sys.executable, "-m", "app", *args], env=env, cwd=ROOT, check=True, capture_output=True)
    samples, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "app", *args], env=env, cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - t0)
        cpu.append(_children_cpu() - c0)
    return statistics.median(samples), min(samples), max(samples), statistics.median(cpu)


ROUND_PACKS = 30


def batch_round() -> str:
    """Tomorrow's round for ``pack --batch``: 30 packs over the five stages, three municipalities, 13 languages."""
    stages = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
    places = ("Milano", "Rho", "Cernusco sul Naviglio")
    languages = ("ar", "en", "es", "fr", "ro", "sq", "uk", "ru", "bn", "ta", "si", "zh", "ur", "ar+en", "")
    lines = ["fase;comune;lingue"]
    lines += [f"{stages[i % 5]};{places[i % 3]};{languages[i % len(languages)]}" for i in range(ROUND_PACKS)]
    return "\n".join(lines) + "\n"


def _row(name: str, timing: tuple[float, float, float, float], budget: float | None, note: str = "") -> Row:
    median, low, high, cpu = timing
    spread = f"min {low * 1000:.0f} max {high * 1000:.0f}; CPU {cpu * 1000:.0f}"
    return Row(name, median * 1000, "ms", budget, f"{spread}; {note}" if note else spread)


def _leaflet_html(folder: Path) -> Path:
    """An Italian + Arabic leaflet as a word processor would hold it: the shipped texts and 10 referents."""
    from app.leaflets.content import load_content, shipped_files
    from app.paths import install_root

    content = load_content(shipped_files(install_root() / "i18n" / "leaflets"))
    parts = ['<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans","Noto Sans Arabic";'
             'font-size:10pt} .ar{direction:rtl;text-align:right}</style></head><body>']
    for lang, css in (("ar", "ar"), ("it", "it")):
        for block in content.blocks("accesso"):
            text = html.escape(content.text(lang, block.key)[0])
            tag = {"title": "h1", "heading": "h2"}.get(block.kind, "p")
            parts.append(f'<{tag} class="{css}">{text}</{tag}>')
    parts.append("<table>")
    for i in range(10):
        parts.append(f"<tr><td>Servizio {i}</td><td>Referente {i}</td><td>02 0000 {1000 + i}</td>"
                     f"<td>ufficio{i}@esempio.invalid</td></tr>")
    parts.append("</table></body></html>")
    path = folder / "foglio.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def office_suite_row(folder: Path, runs: int = 5) -> Row | None:
    """LibreOffice's HTML -> PDF conversion of the same leaflet, its profile already created (for information)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    source = _leaflet_html(folder)
    profile = (folder / "lo-profile").as_uri()
    args = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf:writer_web_pdf_Export",
            "--outdir", str(folder), str(source)]
    subprocess.run(args, check=True, capture_output=True, timeout=300)  # first start creates the profile
    samples, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run(args, check=True, capture_output=True, timeout=300)
        samples.append(time.perf_counter() - t0)
        cpu.append(_children_cpu() - c0)
    return _row(f"LibreOffice, HTML -> PDF italiano + arabo (mediana {runs}, per confronto)",
                (statistics.median(samples), min(samples), max(samples), statistics.median(cpu)), None,
                "soffice --headless --convert-to")


def run() -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="raccordo-bench-commands-") as tmp:
        data = Path(tmp) / "data"
        prepare_folder(data)
        env = command_env(data)
        out = Path(tmp)
        load = f"carico medio {os.getloadavg()[0]:.1f}"
        rows.append(_row("version (mediana 11)", median_seconds(["version"], env, 11), 150, load))
        rows.append(_row("directory for Milano (mediana 7)", median_seconds(["directory", "for", "Milano"], env, 7),
                         350))
        pack = ["pack", "--stage", "accesso", "--municipality", "Milano", "--lang", "ar", "--out",
                str(out / "pack.pdf")]
        rows.append(_row("pack italiano + arabo, 10 referenti, consegna registrata (mediana 7)",
                         median_seconds(pack, env, 7), 450))
        round_file = out / "giro.csv"
        round_file.write_text(batch_round(), encoding="utf-8")
        batch = median_seconds(["pack", "--batch", str(round_file), "--out", str(out / "giro.pdf")], env, 3)
        single = rows[-1].value
        rows.append(_row(f"pack --batch, giro di {ROUND_PACKS} fogli in un processo (mediana 3)", batch, None,
                         f"{batch[0] * 1000 / ROUND_PACKS:.0f} ms a foglio; {ROUND_PACKS} processi pack: "
                         f"~{single * ROUND_PACKS / 1000:.0f} s"))
        month = f"{date.today().replace(day=1) - timedelta(days=1):%Y-%m}"  # the last closed month: publishable
        rows.append(_row(f"export del mese {month} (mediana 5)",
                         median_seconds(["export", "--period", month, "--out", str(out / "mese.xlsx")], env, 5), None))
        rows.append(_row("selftest (mediana 3)", median_seconds(["selftest"], env, 3), None,
                         f"{os.getloadavg()[0]:.1f} di carico medio alla fine"))
        office = office_suite_row(out)
        if office is not None:
            rows.append(office)
    return rows
