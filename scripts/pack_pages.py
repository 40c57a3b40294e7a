"""Pages per language section for every real pack: Milano, Rho, Morimondo x 5 stages x 15 languages.

Renders through ``app.leaflets.pack.PackService`` on a fresh, seeded SQLite database (the demo directory), with
``directory.public_url`` set as a real office sets it, and prints each section over a page count (default: over
its budget). ``--large`` renders large print; ``--all`` prints every section; ``--pdf DIR`` keeps the PDFs.

    .venv/bin/python scripts/pack_pages.py --large
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MUNICIPALITIES = ("Milano", "Rho", "Morimondo")
STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
PUBLIC_URL = "https://unep.example.invalid/fogli"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="large print")
    parser.add_argument("--all", action="store_true", help="print every section, not only those over budget")
    parser.add_argument("--pdf", type=Path, help="folder where each pack's PDF is written")
    parser.add_argument("--only", nargs="*", default=(), help="municipality:stage:lang filters, e.g. Rho:accesso:ta")
    args = parser.parse_args(argv)

    from app.bootstrap import prepare_database
    from app.context import AppContext
    from app.leaflets.languages import MASTER, household_codes
    from app.leaflets.pack import PackRequest, PackService
    from app.leaflets.render import SECTION_PAGES, render_document
    from app.paths import Paths, install_root

    base = Path(tempfile.mkdtemp(prefix="pack-pages-"))
    paths = Paths(install_root(), base / "data", base / "data" / "logs", base / "data" / "settings.toml",
                  base / "machine.toml")
    ctx = AppContext.create(paths, user="pack-pages")
    prepare_database(ctx)
    budget = SECTION_PAGES[args.large]
    counts: Counter[int] = Counter()
    over = 0
    with ctx.sessions() as session:
        service = PackService(session, i18n_folder=ctx.paths.i18n / "leaflets", public_url=PUBLIC_URL)
        for municipality in MUNICIPALITIES:
            for stage in STAGES:
                for code in (*household_codes(), MASTER):   # MASTER: the Italian-only pack
                    key = f"{municipality}:{stage}:{code}"
                    if args.only and not any(key.startswith(f) for f in args.only):
                        continue
                    codes = () if code == MASTER else (code,)
                    spec = service.spec(PackRequest(stage, municipality, codes, large_print=args.large),
                                        date(2026, 12, 1))
                    rendered = render_document([spec], service.fonts)
                    if args.pdf:
                        args.pdf.mkdir(parents=True, exist_ok=True)
                        (args.pdf / f"{municipality}-{stage}-{code}{'-LP' if args.large else ''}.pdf").write_bytes(
                            rendered.pdf)
                    sizes = {s.section: s.text_size for s in rendered.sections}
                    pages = sum(1 for p in rendered.pages if p.section == code and not p.blank)
                    italian = 0 if code == MASTER else sum(1 for p in rendered.pages
                                                           if p.section == MASTER and not p.blank)
                    counts[pages] += 1
                    if pages > budget or italian > budget:
                        over += 1
                    if args.all or pages > budget or italian > budget:
                        print(f"{key}: {pages} pagine a {sizes.get(code)} pt (it {italian})", flush=True)
    ctx.dispose()
    print("sezioni per pagine:", dict(sorted(counts.items())), f"- oltre {budget} pagine: {over}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
