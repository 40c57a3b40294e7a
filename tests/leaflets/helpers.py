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


def pdftotext(data: bytes, tmp: Path, *, layout: bool = False, raw: bool = False) -> str:
    """The text as pdftotext reads it; ``raw``: in the order it is drawn (column by column, as a reader reads
    two columns; the default groups lines of both columns that share a baseline)."""
    path = tmp / "read.pdf"
    path.write_bytes(data)
    mode = ["-layout"] if layout else ["-raw"] if raw else []
    args = ["pdftotext", "-enc", "UTF-8", *mode, str(path), "-"]
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


WEEKDAYS = (0, 1, 2, 3, 4)


def contact(kind: str, label: str, *, scope: str = "municipality", n: int = 0, phones=None, emails=None,
            slots=((WEEKDAYS, "09:00", "12:00"),), note: str = "", website: str = "", institution: str = "",
            demo: bool = False) -> ResolvedReferent:
    """A referent as the directory resolves it, with structured hours (printed in the household's language)."""
    phones = phones if phones is not None else (f"02 {8800 + n:04d} {1200 + n * 7:04d}", f"333 {100 + n} {4000 + n:04d}")
    return ResolvedReferent(service_kind=kind, service_label=label, institution=institution or "Comune di Prova",
                            name=f"Sportello {label} {n}", role="Referente", phones=tuple(phones),
                            emails=tuple(emails if emails is not None else (f"ufficio{n}@comune.example.it",)),
                            website=website, address=f"Via Roma {n + 1}, Prova", hours="",
                            scope_level=scope, is_demo=demo, last_verified=date(2026, 10, 1),
                            hours_slots=tuple(slots), hours_note=note)


def municipality_contacts() -> list[ResolvedReferent]:
    """What a typical municipality's pack lists: its own social services, the Ambito's emergency housing, the
    metropolitan city's housing office standing in for a missing municipal one, the court's legal-aid desk and
    the UNEP."""
    return [
        contact("social_services", "Servizi sociali", n=0, website="https://www.comune.example.it/aiuto-casa"),
        contact("housing_emergency", "Emergenza abitativa dell'Ambito", scope="ambito", n=1,
                institution="Ufficio di Piano Ambito di Prova", slots=(((0, 2), "09:30", "12:30"),
                                                                        ((1, 3), "14:00", "16:00"))),
        contact("housing_office", "Politiche sociali e abitative", scope="metro", n=2,
                institution="Città Metropolitana di Milano", note="su appuntamento il pomeriggio"),
        contact("legal_aid", "Sportello patrocinio a spese dello Stato", scope="metro", n=3,
                institution="Ordine degli Avvocati di Milano", slots=(((1, 3), "14:00", "17:00"),)),
        contact("unep", "Ufficio esecuzioni", scope="metro", n=4, phones=("02 5433 2211",),
                institution="UNEP presso la Corte d'Appello di Milano", slots=((WEEKDAYS, "08:30", "12:30"),)),
    ]


def bad_contacts() -> list[ResolvedReferent]:
    """Input no directory should hold but a pack must survive: a 40-character phone field, an 80-character
    e-mail, hours the parser did not understand (kept as a note), plus the usual contacts."""
    long_phone = "02 8845 1234 interno 5 chiedere di Anna"
    long_email = "ufficio.emergenza.abitativa.e.politiche.sociali.sostegno@comune.esempio-lungo.it"
    assert len(long_phone) >= 39 and len(long_email) == 80, (len(long_phone), len(long_email))
    odd = contact("social_services", "Servizi sociali", n=7, phones=(long_phone, "333 100 4007"),
                  emails=(long_email,), slots=(),
                  note="tutti i giorni tranne i festivi, previo appuntamento telefonico con l'assistente sociale")
    return [odd, *municipality_contacts()[1:]]


def many_contacts(count: int = 25) -> list[ResolvedReferent]:
    """A municipality with ``count`` referents spread over the household-facing services."""
    kinds = [("social_services", "Servizi sociali"), ("housing_emergency", "Emergenza abitativa"),
             ("housing_office", "Ufficio casa"), ("legal_aid", "Patrocinio"), ("unep", "UNEP")]
    return [contact(*kinds[i % 5], n=i, phones=(f"02 {8800 + i:04d} {1200 + i * 7:04d}",)) for i in range(count)]
