#!/usr/bin/env python3
"""Check the leaflet texts in i18n/leaflets/: structure, figures, Italian master, term base and every catalog.

content.toml and leaflets.pot are loaded by the application's own loader (the
layers of every stage, the languages, glossary terms, figures with value, date,
source and review-by date, master texts that use only known placeholders), then
termbase.toml is parsed, then every <lang>.po goes through the rules the sync
applies to a bundle too (app/leaflets/catalog_check.py; README.md, "Regole del
controllo"):
  - valid gettext (Babel's strict parser, and GNU msgfmt --check when installed),
    UTF-8, no msgctxt twice, header (Language, Last-Translator, X-Review-Status);
  - exactly the template's keys, each with the template's Italian msgid;
  - for translated messages (not fuzzy, not empty): placeholders, numbers, digits
    and law references as in the Italian; the term base's term for every concept
    the Italian names; the Italian name in brackets where a stage first names an act;
  - per language: five distinct act names; a complete catalog needs a complete term base.
Every problem names the file (the language), the block (msgctxt) and the rule. A
fuzzy or empty message is not an error: it prints in Italian and the language
counts as incomplete. Figures past their review-by date are listed as warnings.

Exit status 0 when there are no errors. Usage:
    python scripts/check_leaflet_catalogs.py [--dir i18n/leaflets] [--today YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po  # noqa: E402

from app.leaflets.catalog_check import (  # noqa: E402
    CatalogReport,
    Finding,
    check_catalog,
    check_termbase,
    first_mentions,
)
from app.leaflets.content import (  # noqa: E402
    TEMPLATE_FILE,
    TERMBASE_FILE,
    ContentError,
    load_content,
    shipped_files,
    stale_figures,
)
from app.leaflets.termbase import parse_termbase  # noqa: E402


def read_catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


def check_master(d: Path, errors: list[str], warnings: list[str], today: date):
    """Structure, figures and master texts through the application's loader; returns the content."""
    files = shipped_files(d)
    try:
        content = load_content(files, strict=False)
    except ContentError as exc:
        errors.append(str(exc))
        return None
    errors.extend(content.structure_problems)  # a figure without a date, source or review date
    template = read_catalog(d / TEMPLATE_FILE)
    keys = {m.context or "": m for m in template if m.id}
    if len(keys) != len([m for m in template if m.id]):
        errors.append(f"{TEMPLATE_FILE}: msgctxt ripetuto")
    used = set(content.structure.all_keys())
    errors.extend(f"{TEMPLATE_FILE}: blocco {k} non usato da content.toml" for k in sorted(set(keys) - used))
    if f"{template.project} {template.version}" != f"Raccordo leaflets {content.version}":
        errors.append(f"{TEMPLATE_FILE}: Project-Id-Version «{template.project} {template.version}» diverso dalla "
                      f"versione di content.toml ({content.version})")
    for stale in stale_figures(content, today):
        if not stale.figure.missing():
            warnings.append(stale.message)
    return content


def msgfmt_findings(path: Path) -> list[Finding]:
    """GNU gettext's own verdict, when it is installed (translators' tools use it; the app uses Babel)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return []
    done = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True,
                          encoding="utf-8", errors="replace", check=False, timeout=60)
    if done.returncode == 0:
        return []
    first = next((line for line in done.stderr.splitlines() if line.strip()), "errore")
    return [Finding(path.name, None, "gettext", f"msgfmt --check: {first.replace(str(path), path.name)}")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=ROOT / "i18n" / "leaflets")
    ap.add_argument("--today", type=date.fromisoformat, default=date.today(),
                    help="data rispetto a cui controllare le date di revisione degli importi")
    args = ap.parse_args(argv)
    d: Path = args.dir
    errors: list[str] = []
    warnings: list[str] = []
    content = check_master(d, errors, warnings, args.today)
    reports: dict[str, CatalogReport] = {}
    if content is not None:
        termbase = None
        if not (d / TERMBASE_FILE).is_file():
            errors.append(f"manca {TERMBASE_FILE}")
        else:
            try:
                termbase = parse_termbase((d / TERMBASE_FILE).read_text(encoding="utf-8"), content.household_codes,
                                          content.structure.glossary)
            except ContentError as exc:
                errors.append(str(exc))
        mentions = first_mentions(content.structure, content.master, termbase) if termbase else {}
        findings: list[Finding] = []
        listed = set(content.household_codes)
        for po_path in sorted(d.glob("*.po")):
            if po_path.stem not in listed:
                errors.append(f"{po_path.name}: lingua assente da «languages» in content.toml")
                continue
            report = check_catalog(po_path.stem, po_path.read_text(encoding="utf-8"), content.structure,
                                   content.master, termbase, mentions)
            if not any(f.rule == "gettext" for f in report.findings):
                report.findings.extend(msgfmt_findings(po_path))
            reports[po_path.stem] = report
            findings.extend(report.findings)
        errors.extend(f"{code}.po: manca il catalogo della lingua" for code in content.household_codes
                      if code not in reports)
        if termbase is not None:
            findings.extend(check_termbase(termbase, reports))
        errors.extend(str(f) for f in findings if f.error)
        warnings.extend(str(f) for f in findings if not f.error)
        structure = content.structure
        print(f"Testi dei fogli in {d}: versione {structure.version}, importi controllati il {structure.date}, "
              f"{len(structure.all_keys())} messaggi, {len(structure.figures)} importi, "
              f"{len(structure.glossary)} termini del glossario, "
              f"{len(termbase.concepts) if termbase else 0} concetti nella base terminologica")
        head = (f"{'lingua':<8} {'tradotti':>8} {'fuzzy':>6} {'vuoti':>6} {'completa':>9}  {'termini':>7}  "
                f"{'revisione':<13} traduttore")
        print(head)
        print("-" * len(head))
        for lang, r in reports.items():
            terms = (f"{len(termbase.concepts) - len(termbase.missing_terms(lang))}/{len(termbase.concepts)}"
                     if termbase else "-")
            pct = 100.0 * r.translated / r.total if r.total else 0.0
            print(f"{lang:<8} {r.translated:>8} {r.fuzzy:>6} {r.empty:>6} {'sì' if r.complete else 'NO':>5} "
                  f"{pct:3.0f}%  {terms:>7}  {r.status:<13} {r.translator}")
    for w in warnings:
        print("attenzione:", w)
    for e in errors:
        print("ERRORE:", e)
    print(f"{len(reports)} cataloghi, {len(errors)} errori, {len(warnings)} avvertimenti")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
