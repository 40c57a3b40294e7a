"""Shared helpers: read a PDF back like a user would (pypdf, pdftotext, pdftoppm)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from app.directory.resolve import ResolvedReferent


def pdf_fonts(data: bytes) -> tuple[int, set[str], set[str]]:
    """(pages, font names used, font names embedded as TrueType programs)."""
    reader = PdfReader(io.BytesIO(data))
    used: set[str] = set()
    embedded: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "")).split("+")[-1]
            used.add(name)
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(name)
    return len(reader.pages), used, embedded


def pdftotext(data: bytes, tmp: Path, *, layout: bool = False) -> str:
    path = tmp / "read.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def referent(kind: str, label: str, *, phones=("02 8845 1234",), emails=("sociale@comune.example.it",),
             scope: str = "municipality", demo: bool = False, website: str = "") -> ResolvedReferent:
    return ResolvedReferent(service_kind=kind, service_label=label, institution="Comune di Prova",
                            name=f"Sportello {label}", role="Referente", phones=tuple(phones), emails=tuple(emails),
                            website=website, address="Via Roma 1, Prova", hours="lun-ven 9:00–12:00",
                            scope_level=scope, is_demo=demo, last_verified=date(2026, 10, 1))


def ten_referents(demo: bool = False) -> list[ResolvedReferent]:
    kinds = [("social_services", "Servizi sociali"), ("housing_emergency", "Emergenza abitativa"),
             ("housing_office", "Ufficio casa"), ("legal_aid", "Patrocinio"), ("unep", "UNEP"),
             ("court", "Tribunale"), ("prefecture", "Prefettura"), ("social_workers_order", "Ordine AS"),
             ("other", "Caritas"), ("other", "Sindacato inquilini")]
    return [referent(k, label, phones=(f"02 {8800 + i:04d} {1200 + i * 7:04d}", f"333 {100 + i} {4000 + i:04d}"),
                     emails=(f"ufficio{i}@comune.example.it",), demo=demo,
                     website="https://www.comune.example.it/aiuto-casa" if i == 0 else "")
            for i, (k, label) in enumerate(kinds)]
