#!/usr/bin/env python3
"""Check the leaflet catalogs in i18n/leaflets/ against leaflets.pot and content.toml.

Checks, for every <lang>.po:
  - exactly the template's keys (msgctxt): none missing, none extra;
  - same msgid (Italian master) as the template for each key;
  - the same {placeholders} as the Italian text, and only allowed ones;
  - every number of the Italian text (days, euros, articles), unchanged;
    extra numbers only give a warning;
  - header fields: Language equal to the file name, Last-Translator,
    X-Review-Status in (reviewed, needs-review, draft), X-Translator-Note.
and that content.toml refers only to keys of the template, and uses them all.
Prints a completeness table (a fuzzy or empty message prints in Italian).

Exit status 0 when there are no errors. Usage:
    python scripts/check_leaflet_catalogs.py [--dir i18n/leaflets]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore

from babel.messages.pofile import read_po

ALLOWED_PLACEHOLDERS = {"municipality", "figures_checked", "legal_aid_income_limit", "fmi_isee_limit",
                        "fmi_ise_limit", "sap_isee_limit"}
REVIEW_STATES = ("reviewed", "needs-review", "draft")
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
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
    out = {}
    for msg in catalog:
        if not msg.id:
            continue  # header
        out[msg.context or ""] = msg
    return out


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(text))


def numbers(text: str) -> list[str]:
    return sorted(NUMBER_RE.findall(text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parent.parent
    ap.add_argument("--dir", type=Path, default=root / "i18n" / "leaflets")
    args = ap.parse_args(argv)
    d: Path = args.dir
    errors: list[str] = []
    warnings: list[str] = []

    pot_path = d / "leaflets.pot"
    template = read_catalog(pot_path)
    tkeys = messages_by_key(template)
    if len(tkeys) != len([m for m in template if m.id]):
        errors.append("leaflets.pot: duplicate msgctxt")
    for key, msg in tkeys.items():
        if not key:
            errors.append(f"leaflets.pot: message without msgctxt: {msg.id[:40]!r}")
        bad = set(placeholders(msg.id)) - ALLOWED_PLACEHOLDERS
        if bad:
            errors.append(f"leaflets.pot {key}: placeholder not allowed: {sorted(bad)}")

    # content.toml <-> template
    content = tomllib.loads((d / "content.toml").read_text(encoding="utf-8"))
    used: list[str] = []
    stage_ids = [s["id"] for s in content.get("stage", [])]
    expected_stages = ["diffida", "intimazione", "precetto", "avviso_sloggio", "accesso"]
    if stage_ids != expected_stages:
        errors.append(f"content.toml: stages {stage_ids} != {expected_stages}")
    for section in content.get("stage", []):
        for block in section.get("blocks", []):
            if block.get("kind") not in ("title", "box", "deadline", "step", "heading", "para", "bullet", "term", "law"):
                errors.append(f"content.toml: bad block kind {block}")
            used.append(block.get("key"))
    used += content.get("labels", {}).get("keys", [])
    for key in used:
        if key not in tkeys:
            errors.append(f"content.toml: key {key!r} not in leaflets.pot")
    for key in tkeys:
        if key not in used:
            errors.append(f"leaflets.pot: key {key!r} not used by content.toml")
    if f"Raccordo leaflets {content.get('version')}" != f"{template.project} {template.version}":
        errors.append(f"leaflets.pot Project-Id-Version {template.project} {template.version} "
                      f"does not match content.toml version {content.get('version')}")

    rows = []
    for po_path in sorted(d.glob("*.po")):
        lang = po_path.stem
        try:
            cat = read_catalog(po_path)
        except Exception as exc:  # broken catalog
            errors.append(f"{po_path.name}: cannot read: {exc}")
            continue
        hdr = raw_headers(po_path)
        keys = messages_by_key(cat)
        missing = sorted(set(tkeys) - set(keys))
        extra = sorted(set(keys) - set(tkeys))
        for k in missing:
            errors.append(f"{po_path.name}: missing key {k}")
        for k in extra:
            errors.append(f"{po_path.name}: extra key {k}")
        if hdr.get("Language") != lang:
            errors.append(f"{po_path.name}: Language header {hdr.get('Language')!r} != {lang!r}")
        if not hdr.get("Last-Translator"):
            errors.append(f"{po_path.name}: no Last-Translator")
        status = hdr.get("X-Review-Status", "")
        if status not in REVIEW_STATES:
            errors.append(f"{po_path.name}: X-Review-Status {status!r} not in {REVIEW_STATES}")
        if not hdr.get("X-Translator-Note"):
            warnings.append(f"{po_path.name}: no X-Translator-Note")
        translated = fuzzy = empty = 0
        for key, tmsg in tkeys.items():
            msg = keys.get(key)
            if msg is None:
                continue
            if msg.id != tmsg.id:
                errors.append(f"{po_path.name} {key}: msgid differs from leaflets.pot (run pybabel update)")
            text = msg.string or ""
            if not text.strip():
                empty += 1
                continue
            if msg.fuzzy:
                fuzzy += 1
                continue  # not printed: the Italian paragraph stands in until a translator checks it
            translated += 1
            if placeholders(text) != placeholders(tmsg.id):
                errors.append(f"{po_path.name} {key}: placeholders {placeholders(text)} != {placeholders(tmsg.id)}")
            # every number of the Italian text must be there, unchanged; extra
            # numbers (e.g. a month written as a number in Chinese) only warn.
            missing_nums = Counter(numbers(tmsg.id)) - Counter(numbers(text))
            extra_nums = Counter(numbers(text)) - Counter(numbers(tmsg.id))
            if missing_nums:
                errors.append(f"{po_path.name} {key}: numbers missing or changed: {sorted(missing_nums.elements())}")
            if extra_nums:
                warnings.append(f"{po_path.name} {key}: extra numbers {sorted(extra_nums.elements())} (check they are right)")
        rows.append((lang, translated, fuzzy, empty, len(tkeys), status,
                     hdr.get("Last-Translator", "")))

    print(f"Leaflet catalogs in {d}  (content version {content.get('version')}, "
          f"figures dated {content.get('date')}, {len(tkeys)} messages)")
    head = f"{'lang':<8} {'translated':>10} {'fuzzy':>6} {'empty':>6} {'complete':>9}  {'review':<13} last translator"
    print(head)
    print("-" * len(head))
    for lang, tr, fz, em, total, status, who in rows:
        pct = 100.0 * tr / total if total else 0.0
        mark = "yes" if tr == total else "NO"
        print(f"{lang:<8} {tr:>10} {fz:>6} {em:>6} {mark:>5} {pct:3.0f}%  {status:<13} {who}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"{len(rows)} catalogs, {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
