"""The print gate: every stage in every language (plus large print, two languages and bad input) rendered,
read back and checked; a contact sheet per pack under test-artifacts/print-gate/ for a person to look at.

Rendering runs in a pool of two processes (the CI machine has two cores); see ``gate.py`` for the checks.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.leaflets.gate import Case, cases, real_cases, run_case


def _run_all(selected: list[Case], out: str):
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_case, selected, [out] * len(selected), chunksize=2))


@pytest.mark.slow
def test_every_pack_passes_the_print_gate(artifacts, ctx):
    """Synthetic contacts (every stage in every language, large print, bad input) and the real demo directory's
    municipalities (Milano, Rho, Morimondo), each as the pack service resolves them with a public address set; among
    them their large-print accesso in Tamil and in Russian (the longest, 4 pages each at no less than 11.5 pt)."""
    from app.leaflets.pack import PackService
    from tests.leaflets.gate import PUBLIC_URL

    out = artifacts / "print-gate"
    out.mkdir(exist_ok=True)
    with ctx.sessions() as session:
        # as a real office configures it (directory.public_url): page 1 carries the web version's QR code
        real = real_cases(PackService(session, i18n_folder=ctx.paths.i18n / "leaflets", public_url=PUBLIC_URL))
    started = time.perf_counter()
    results = _run_all(cases() + real, str(out))
    elapsed = time.perf_counter() - started
    summary = [f"{r.name}: " + ", ".join(f"{code} {n}" for code, n in r.sections.items()) for r in results]
    (out / "pages.txt").write_text("\n".join(summary) + f"\n\n{len(results)} pacchetti in {elapsed:.1f} s\n",
                                   encoding="utf-8")
    problems = [f"{r.name}: {p}" for r in results for p in r.problems]
    assert not problems, "\n".join(problems[:60])
    assert len(list(out.glob("*.png"))) >= len(results)


def test_gate_catches_a_missing_glyph(tmp_path):
    """The gate is not blind: text in a script the pack's fonts cannot draw is reported."""
    from datetime import date

    from app.leaflets.fonts import Fonts
    from app.leaflets.render import PackSpec, render_document
    from app.leaflets.textflow import glyph_audit
    from tests.leaflets.gate import _content
    from tests.leaflets.helpers import contact

    thai = contact("social_services", "Servizi sociali", institution="ศูนย์บริการ")
    spec = PackSpec("diffida", "Prova", "015070", ("en",), [thai], "", _content(""), date(2026, 12, 1))
    with glyph_audit() as missing:
        render_document([spec], Fonts())
    assert {ch for _, ch, _ in missing} >= set("ศูนย์บริการ") - {"\u0e39", "\u0e4c"}
