#!/usr/bin/env python3
"""Check the leaflet texts in i18n/leaflets/: structure, figures, Italian master, and the 13 catalogs.

content.toml and leaflets.pot are loaded by the application's own loader, strictly
(the checks a synced bundle must pass): the layers of every stage, glossary terms,
figures with value, date, source and review-by date, and master texts that use
only known placeholders. Then, for every <lang>.po:
  - exactly the template's keys (msgctxt): none missing, none extra;
  - the same msgid (Italian master) as the template: a different one means the
    Italian text changed and the catalog was not merged (msgmerge); that paragraph
    prints in Italian;
  - for translated messages (not fuzzy, not empty): the same {placeholders} as the
    Italian text, and every number of the Italian text unchanged (extra numbers
    only give a warning);
  - header fields: Language equal to the file name, Last-Translator,
    X-Review-Status in (reviewed, needs-review, draft), X-Translator-Note.
Every problem names the file (the language) and the block (msgctxt). A fuzzy or
empty message is not an error: it prints in Italian and the language counts as
incomplete. Figures past their review-by date are listed as warnings.

Exit status 0 when there are no errors. Usage:
    python scripts/check_leaflet_catalogs.py [--dir i18n/leaflets] [--today YYYY-MM-DD]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po  # noqa: E402

from app.leaflets.content import (  # noqa: E402
    TEMPLATE_FILE,
    ContentError,
    load_content,
    shipped_files,
    stale_figures,
)
from app.leaflets.structure import parse_structure, placeholders  # noqa: E402

REVIEW_STATES = ("reviewed", "needs-review", "draft")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
HEADER_RE = re.compile(r'^"([A-Za-z-]+):\s*(.*?)\\n"\s*$')


def read_catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=True)


def raw_headers(path: Path) -> dict[str, str]:
    """Header fields as written (Babel drops X- headers when parsing)."""
    headers: dict[str, str] = {}
    in_header = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith('msgid ""'):
            in_header = True
            continue
        if in_header:
            if line.startswith('msgstr ""'):
                continue
            m = HEADER_RE.match(line)
            if m:
                headers[m.group(1)] = m.group(2)
            elif not line.startswith('"'):
                break
    return headers


def messages_by_key(catalog) -> dict[str, object]:
    return {msg.context or "": msg for msg in catalog if msg.id}


def numbers(text: str) -> list[str]:
    return sorted(NUMBER_RE.findall(text))


def check_master(d: Path, errors: list[str], warnings: list[str], today: date):
    """Structure, figures and master texts through the application's strict loader; returns the content."""
    files = shipped_files(d)
    try:
        content = load_content(files, strict=False)
    except ContentError as exc:
        errors.append(str(exc))
        return None
    errors.extend(content.structure_problems)  # a figure without a date, source or review date
    template = read_catalog(d / TEMPLATE_FILE)
    keys = messages_by_key(template)
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


def check_catalog(po_path: Path, content, errors: list[str], warnings: list[str]) -> tuple | None:
    lang = po_path.stem
    name = po_path.name
    try:
        cat = read_catalog(po_path)
    except Exception as exc:  # any parse failure is reported, not raised
        errors.append(f"{name}: catalogo illeggibile ({exc}); la lingua si stampa in italiano")
        return None
    hdr = raw_headers(po_path)
    keys = messages_by_key(cat)
    master = content.master
    wanted = content.structure.all_keys()
    errors.extend(f"{name}, blocco {k}: manca nel catalogo (eseguire msgmerge)" for k in wanted if k not in keys)
    errors.extend(f"{name}, blocco {k}: non esiste in {TEMPLATE_FILE}" for k in sorted(set(keys) - set(wanted)))
    if hdr.get("Language") != lang:
        errors.append(f"{name}: intestazione Language «{hdr.get('Language')}» invece di «{lang}»")
    if not hdr.get("Last-Translator"):
        errors.append(f"{name}: manca Last-Translator")
    status = hdr.get("X-Review-Status", "")
    if status not in REVIEW_STATES:
        errors.append(f"{name}: X-Review-Status «{status}» non è tra {', '.join(REVIEW_STATES)}")
    if not hdr.get("X-Translator-Note"):
        warnings.append(f"{name}: manca X-Translator-Note")
    translated = fuzzy = empty = 0
    for key in wanted:
        msg = keys.get(key)
        if msg is None:
            continue
        italian = master[key]
        text = (msg.string or "").strip() if isinstance(msg.string, str) else ""
        if not text:
            empty += 1
            continue
        if msg.fuzzy:
            fuzzy += 1
            continue  # not printed: the Italian paragraph stands in until a translator checks it
        if str(msg.id) != italian:
            errors.append(f"{name}, blocco {key}: tradotto da un testo italiano precedente (msgid diverso da "
                          f"{TEMPLATE_FILE}: eseguire msgmerge); si stampa il paragrafo italiano")
            continue
        translated += 1
        mine, theirs = placeholders(text), placeholders(italian)
        if mine != theirs:
            unknown = sorted(set(mine) - content.structure.placeholders())
            what = f"segnaposto sconosciuto {{{unknown[0]}}}" if unknown else f"segnaposto {mine} invece di {theirs}"
            errors.append(f"{name}, blocco {key}: {what}; si stampa il paragrafo italiano")
        missing_nums = Counter(numbers(italian)) - Counter(numbers(text))
        extra_nums = Counter(numbers(text)) - Counter(numbers(italian))
        if missing_nums:
            errors.append(f"{name}, blocco {key}: numeri mancanti o cambiati: {sorted(missing_nums.elements())}")
        if extra_nums:
            warnings.append(f"{name}, blocco {key}: numeri in più {sorted(extra_nums.elements())} (verificarli)")
    return lang, translated, fuzzy, empty, len(wanted), status, hdr.get("Last-Translator", "")


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
    rows = []
    if content is not None:
        for po_path in sorted(d.glob("*.po")):
            row = check_catalog(po_path, content, errors, warnings)
            if row:
                rows.append(row)
        structure = parse_structure((d / "content.toml").read_text(encoding="utf-8"))
        print(f"Testi dei fogli in {d}: versione {structure.version}, importi controllati il {structure.date}, "
              f"{len(content.structure.all_keys())} messaggi, {len(structure.figures)} importi, "
              f"{len(structure.glossary)} termini")
        head = f"{'lingua':<8} {'tradotti':>8} {'fuzzy':>6} {'vuoti':>6} {'completa':>9}  {'revisione':<13} traduttore"
        print(head)
        print("-" * len(head))
        for lang, tr, fz, em, total, status, who in rows:
            pct = 100.0 * tr / total if total else 0.0
            print(f"{lang:<8} {tr:>8} {fz:>6} {em:>6} {'sì' if tr == total else 'NO':>5} {pct:3.0f}%  "
                  f"{status:<13} {who}")
    for w in warnings:
        print("attenzione:", w)
    for e in errors:
        print("ERRORE:", e)
    print(f"{len(rows)} cataloghi, {len(errors)} errori, {len(warnings)} avvertimenti")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
