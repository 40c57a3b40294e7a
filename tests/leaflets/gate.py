"""The print gate's worker: render one pack and read it back as a checker would (runs in a process pool).

For each pack it reports the problems that would make a household misread or lose it:
- a character drawn in a font that has no glyph for it (every run is checked against its font's
  character map while it is built: ``textflow.glyph_audit``), and U+FFFD in the extracted text of
  scripts that extract cleanly (Latin, Cyrillic, Chinese);
- a phone number of the municipality's contacts not found whole on one extracted line;
- a language section over its page budget (2 pages, 4 in large print), or set below 9 pt (11.5 in large print)
  to fit it;
- a page less than a fifth used, and a heading as the last thing on a page.
It also writes the PDF and a contact sheet (every page side by side) under ``test-artifacts/print-gate/``.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.leaflets.languages import MASTER, language
from app.leaflets.render import SECTION_PAGES
from app.leaflets.typeset import Scale

STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
MIN_PAGE_USE = 0.2
EXTRACTS_CLEANLY = ("latin", "cjk")


@dataclass
class Case:
    name: str
    stage: str
    languages: tuple[str, ...]
    large: bool = False
    contacts: str = "municipality"        # municipality | bad | many
    budget: bool = True                   # page budgets apply (not to bad input: 25 referents, 80-character e-mails)
    drop_kind: str = ""                   # a service kind whose translation is removed from every catalog
    # A municipality of the real demo directory: its name, ISTAT code, referents as the pack service resolves them
    # for this stage (``real_cases``), and its help page. None: the synthetic contacts named by ``contacts``.
    municipality: tuple[str, str, tuple, str] | None = None
    # directory.public_url as every real office sets it: page 1 then carries the web version's QR beside the title
    # (``render._title``), and the pack links the directory through it. "": the synthetic directory link only.
    public_url: str = ""


@dataclass
class Result:
    name: str
    problems: list[str] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)   # language -> pages
    seconds: float = 0.0


_content_cache: dict[str, object] = {}


def _content(drop_kind: str):
    from app.leaflets.content import load_content, shipped_files
    from app.paths import install_root

    if drop_kind not in _content_cache:
        files = shipped_files(install_root() / "i18n" / "leaflets")
        if drop_kind:
            pattern = re.compile(rf'(msgctxt "kind\.{drop_kind}"\nmsgid "[^"]*"\nmsgstr )"[^"]*"')
            files = {n: pattern.sub(r'\1""', t) if n.endswith(".po") else t for n, t in files.items()}
        _content_cache[drop_kind] = load_content(files)
    return _content_cache[drop_kind]


def _referents(kind: str) -> list:
    from tests.leaflets import helpers

    return {"municipality": helpers.municipality_contacts, "bad": helpers.bad_contacts,
            "many": helpers.many_contacts}[kind]()


def phone_is_number(phone: str) -> bool:
    return re.fullmatch(r"[0-9 ]{6,16}", phone) is not None


def run_case(case: Case, out_dir: str) -> Result:
    import time

    from app.leaflets.fonts import Fonts
    from app.leaflets.render import PackSpec, render_document
    from app.leaflets.stage_contacts import listed, stage_contacts
    from app.leaflets.textflow import glyph_audit

    result = Result(case.name)
    content = _content(case.drop_kind)
    if case.municipality is not None:
        name, istat, resolved, url = case.municipality
        referents = list(resolved)
    else:  # as a pack prints them: the kinds the stage's rule lists, in its order
        name, istat, url = "Cernusco sul Naviglio", "015070", "https://www.comune.example.it/aiuto-casa"
        referents = listed(stage_contacts(content.structure, case.stage), _referents(case.contacts))
    spec = PackSpec(case.stage, name, istat, case.languages, referents, "20261130T195558352980Z", content,
                    date(2026, 12, 1), large_print=case.large, municipality_url=url,
                    directory_url=case.public_url or "https://unep.example.it/referenti", web_url=case.public_url)
    started = time.perf_counter()
    with glyph_audit() as missing:
        rendered = render_document([spec], Fonts())
    result.seconds = time.perf_counter() - started
    for font, ch, where in dict.fromkeys(missing):
        result.problems.append(f"nessun glifo per {ch!r} (U+{ord(ch):04X}) nel carattere {font}: «{where}»")
    out = Path(out_dir)
    pdf = out / f"{case.name}.pdf"
    pdf.write_bytes(rendered.pdf)
    pages_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                check=True).stdout.split("\f")[:-1]
    pages = [p for p in rendered.pages if not p.blank]
    if len(pages_text) != len(rendered.pages):
        result.problems.append(f"pagine lette {len(pages_text)} ≠ pagine composte {len(rendered.pages)}")
    budget = SECTION_PAGES[case.large]
    for section in rendered.sections:  # the explanations are never set below the legible minimum to fit
        if section.text_size < Scale.of(case.large).floor - 0.01:
            result.problems.append(f"sezione {section.section}: testo a {section.text_size} pt")
    for code in (*case.languages, MASTER):
        count = sum(1 for p in pages if p.section == code)
        result.sections[code] = count
        if case.budget and count > budget:
            result.problems.append(f"sezione {code}: {count} pagine, al massimo {budget}")
    for number, page in enumerate(pages, 1):
        if page.used < MIN_PAGE_USE:
            result.problems.append(f"pagina {number} ({page.section}) usata solo al {page.used:.0%}")
        if page.last_tag == "heading":
            result.problems.append(f"pagina {number} ({page.section}) finisce con un titolo")
    sections = [p.section for p in rendered.pages]
    for index, text in enumerate(pages_text):
        code = sections[index] if index < len(sections) else MASTER
        if language(code).script in EXTRACTS_CLEANLY and "\ufffd" in text:
            result.problems.append(f"pagina {index + 1} ({code}): carattere illeggibile (U+FFFD) nel testo estratto")
    lines = [re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip() for page in pages_text
             for line in page.splitlines()]
    for r in referents:
        for phone in r.phones:
            if not phone_is_number(phone):
                continue  # a free-text field, not a number: it must be legible, not unbroken (checked by eye)
            if not any(phone in line for line in lines):
                result.problems.append(f"numero {phone} non intero su una riga")
    _contact_sheet(pdf, out / f"{case.name}.png")
    return result


def _contact_sheet(pdf: Path, target: Path) -> None:
    """Every page of the pack side by side, small: one picture to look at per pack."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "28", "-png", str(pdf), f"{tmp}/p"], check=True)
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))]
        if not images:
            return
        width, height = images[0].size
        per_row = min(6, len(images))
        rows = (len(images) + per_row - 1) // per_row
        sheet = Image.new("RGB", (per_row * (width + 6) + 6, rows * (height + 6) + 6), "#808080")
        for i, image in enumerate(images):
            sheet.paste(image, (6 + (i % per_row) * (width + 6), 6 + (i // per_row) * (height + 6)))
        sheet.save(target)


# The real demo directory's busiest municipalities and a small one without contacts of its own: every stage, in
# Italian and with the languages whose text runs longest (Arabic, Chinese, Tamil). A pack of two household
# languages holds three sections (ar, zh_Hans, it), each checked against its own budget.
REAL_MUNICIPALITIES = ("Milano", "Rho", "Morimondo")
REAL_LANGUAGES = (("ar", "zh_Hans"), ("ta",))
PUBLIC_URL = "https://unep.example.invalid/fogli"   # as pack.PackService passes directory.public_url
# Large print with the real directory: the accesso (five services listed, page 1's key cards one a row) in the
# languages whose text runs longest; each section within 4 pages at no less than 11.5 pt.
REAL_LARGE = ("accesso",)
REAL_LARGE_LANGUAGES = (("ta",), ("ru",))


def real_cases(service) -> list[Case]:
    """Cases of the real demo directory, resolved by ``service`` (a ``PackService``) as the counter would."""
    from app.leaflets.pack import PackRequest

    found = []
    for municipality in REAL_MUNICIPALITIES:
        for stage in STAGES:
            spec = service.spec(PackRequest(stage, municipality, ()), date(2026, 12, 1))
            where = (spec.municipality, spec.istat_code, tuple(spec.referents), spec.municipality_url)
            for codes in REAL_LANGUAGES:
                found.append(Case(f"real-{municipality}-{stage}-{'+'.join(codes)}", stage, codes, municipality=where,
                                  public_url=spec.web_url))
            if stage in REAL_LARGE:
                for codes in REAL_LARGE_LANGUAGES:
                    found.append(Case(f"real-LP-{municipality}-{stage}-{'+'.join(codes)}", stage, codes, large=True,
                                      municipality=where, public_url=spec.web_url))
    return found


def cases() -> list[Case]:
    from app.leaflets.languages import household_codes

    found = [Case(f"{stage}-{code}", stage, (code,)) for code in household_codes() for stage in STAGES]
    found += [Case(f"{stage}-it", stage, ()) for stage in STAGES]
    found += [Case(f"LP-{stage}-{code}", stage, () if code == MASTER else (code,), large=True) for stage, code in (
        ("avviso_sloggio", "ur"), ("precetto", "ta"), ("accesso", "zh_Hans"), ("intimazione", "it"),
        ("intimazione", "bn"), ("diffida", "si"), ("accesso", "uk"))]
    found += [Case("two-avviso_sloggio-ar+bn", "avviso_sloggio", ("ar", "bn")),
              Case("two-intimazione-uk+es", "intimazione", ("uk", "es")),
              Case("two-LP-precetto-ta+ur", "precetto", ("ta", "ur"), large=True)]
    found += [Case(f"bad-{stage}-{code}", stage, () if code == MASTER else (code,), contacts="bad", budget=False)
              for stage, code in (
        ("accesso", "ar"), ("intimazione", "ta"), ("precetto", "zh_Hans"), ("avviso_sloggio", "it"))]
    found += [Case("bad-LP-accesso-bn", "accesso", ("bn",), large=True, contacts="bad", budget=False),
              Case("many-avviso_sloggio-ur", "avviso_sloggio", ("ur",), contacts="many", budget=False),
              Case("many-diffida-it", "diffida", (), contacts="many", budget=False),
              Case("untranslated-kind-intimazione-ar", "intimazione", ("ar",), drop_kind="legal_aid")]
    return found
