"""Self-test checks for the leaflet packs: one pack per script family, checked from the PDF bytes.

pypdf is a test-only dependency, so the bundle checks what it can without it:
a complete file (``%%EOF``), its page objects, and that each family's font is
embedded (``/FontFile2`` streams named after our registered fonts).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from app.context import AppContext

FAMILY_PACKS = (("latino", "en", "NotoSans-"), ("arabo", "ar", "NotoSansArabic-"), ("indiano", "bn", "NotoSansBengali-"),
                ("cinese", "zh_Hans", "DroidSansFallback"))


def inspect_pdf(data: bytes) -> tuple[int, set[str]]:
    """(pages, embedded font names) read from the raw bytes of an uncompressed-object PDF."""
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise AssertionError("PDF incompleto")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    names = {m.decode("ascii") for m in re.findall(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z0-9-]+)", data)}
    if data.count(b"/FontFile2") < len(names):
        raise AssertionError("caratteri non incorporati")
    return pages, names


def _packs(ctx: AppContext) -> str:
    from app.leaflets.pack import PackRequest, service_for

    details = []
    with ctx.sessions() as session, tempfile.TemporaryDirectory() as tmp:
        service = service_for(ctx, session)
        for label, code, font in FAMILY_PACKS:
            result = service.render([PackRequest("accesso", "015146", (code,))])
            path = Path(tmp) / f"{code}.pdf"
            path.write_bytes(result.pdf)
            pages, fonts = inspect_pdf(path.read_bytes())
            if pages < 2 or not any(f.startswith(font) for f in fonts) or "NotoSans-Regular" not in fonts:
                raise AssertionError(f"foglio {label}: {pages} pagine, caratteri {sorted(fonts)}")
            details.append(f"{label} {pages} pp.")
        card = service.language_card()
        if inspect_pdf(card)[0] != 1:
            raise AssertionError("il cartellino delle lingue non è di una pagina")
    return ", ".join(details)


def _content(ctx: AppContext) -> str:
    from app.leaflets.content import effective_content

    with ctx.sessions() as session:
        content = effective_content(session, ctx.paths.i18n / "leaflets")
    incomplete = [c for c in content.household_codes if not content.completeness(c).complete]
    return f"testi {content.version}, lingue incomplete: {', '.join(incomplete) or 'nessuna'}"


CHECKS = [("testi dei fogli", _content), ("fogli informativi", _packs)]
