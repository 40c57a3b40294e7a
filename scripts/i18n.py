#!/usr/bin/env python3
"""Qt Linguist pipeline for the UI translation.

    python scripts/i18n.py update          # refresh i18n/ui/raccordo_it.ts from the sources (pyside6-lupdate)
    python scripts/i18n.py todo            # list strings still lacking an Italian translation
    python scripts/i18n.py apply FILE.json # fill translations from {"source": "traduzione"} or {"Context|source": ...}
    python scripts/i18n.py release         # compile .ts -> .qm (pyside6-lrelease); run by the install scripts
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "i18n" / "ui" / "raccordo_it.ts"
QM = TS.with_suffix(".qm")


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists() and not shutil.which(found):
        sys.exit(f"{name} non trovato: installare PySide6-Essentials nello stesso ambiente")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py") if "migrations" not in p.parts)


def lupdate(target: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "it_IT", "-ts", str(target)],
                   cwd=ROOT, check=True, capture_output=True)


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    tree = ET.parse(ts)
    found = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found.append((name, message.findtext("source", ""), message))
    return found


def unfinished(ts: Path) -> list[tuple[str, str]]:
    result = []
    for context, source, message in messages(ts):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") or not (
            translation.text or ""
        ).strip():
            result.append((context, source))
    return result


def apply(mapping_file: Path) -> int:
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    done = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            text = mapping.get(f"{name}|{source}", mapping.get(source))
            if text is None:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            translation.text = text
            translation.attrib.pop("type", None)
            done += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return done


def release() -> None:
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "release"
    if command == "update":
        lupdate(TS)
        print(f"{TS.relative_to(ROOT)}: {len(messages(TS))} messaggi, {len(unfinished(TS))} da tradurre")
    elif command == "todo":
        for context, source in unfinished(TS):
            print(f"{context}|{source}")
    elif command == "apply":
        print(f"{apply(Path(argv[1]))} traduzioni applicate")
    elif command == "release":
        release()
        print(f"{QM.relative_to(ROOT)} compilato")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
