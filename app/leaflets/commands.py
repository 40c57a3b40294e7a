"""Command line: ``pack`` (one pack or the language card), ``languages`` and ``leaflets export`` (the web site).

Writing a pack as handed over goes through the use case in ``app.delivery`` (as
the UI does), which records the delivery; the leaflet core never touches the statistics.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("pack", parents=[common], help="crea il foglio informativo in PDF (o il cartellino lingue)")
    p.add_argument("--batch", type=Path, metavar="FILE",
                   help="un lotto di fogli in un solo PDF: file CSV, una riga per foglio (fase;comune;lingue)")
    p.add_argument("--stage", help="fase: diffida, intimazione, precetto, avviso_sloggio, accesso")
    p.add_argument("--municipality", help="comune (nome o codice ISTAT)")
    p.add_argument("--lang", default="", help="lingue del nucleo, separate da virgola (max 2), es. ar,bn")
    p.add_argument("--large-print", action="store_true", help="caratteri grandi")
    p.add_argument("--copies", type=int, default=1, help="copie nel PDF (predefinito 1)")
    p.add_argument("--out", type=Path, required=True, help="file PDF da scrivere")
    p.add_argument("--no-record", action="store_true", help="non registrare la consegna nelle statistiche")
    p.add_argument("--mode", default="in_person", help="modalità di consegna (predefinita in_person)")
    p.add_argument("--language-card", action="store_true", help="cartellino «indichi la sua lingua»")
    p.set_defaults(handler=cmd_pack)

    p = subparsers.add_parser("languages", parents=[common], help="elenca le lingue dei fogli e la loro completezza")
    p.set_defaults(handler=cmd_languages)

    p = subparsers.add_parser("leaflets", parents=[common], help="fogli informativi: il sito per il portale UNEP")
    sub = p.add_subparsers(dest="leaflets_command", metavar="AZIONE", required=True)
    q = sub.add_parser("export", parents=[common],
                       help="scrive il sito statico dei fogli (tutte le lingue e i comuni) in una cartella")
    q.add_argument("--out", type=Path, required=True, metavar="CARTELLA",
                   help="cartella del sito: vuota, nuova o di un'esportazione precedente")
    q.set_defaults(handler=cmd_export_site)


def _write(path: Path, data: bytes) -> None:
    from app.safe_output import write_output

    write_output(path, data)


def cmd_pack(args: argparse.Namespace, ctx: AppContext) -> int:
    from app import delivery
    from app.leaflets.batch_file import BatchFileError
    from app.leaflets.content import ContentError
    from app.leaflets.fonts import FontError
    from app.leaflets.languages import parse_codes
    from app.leaflets.pack import PackError, PackRequest, service_for
    from app.untrusted import InputRefused

    try:
        if args.language_card:
            with ctx.sessions() as session:
                _write(args.out, service_for(ctx, session).language_card())
            print(f"Cartellino delle lingue scritto in {args.out}")
            return 0
        if args.batch is not None and (args.stage or args.municipality or args.lang):
            print("Errore: con --batch fase, comune e lingue sono nel file, non sulla riga di comando.",
                  file=sys.stderr)
            return 2
        if args.batch is None and (not args.stage or not args.municipality):
            print("Errore: indicare --stage e --municipality (oppure --batch, o --language-card).", file=sys.stderr)
            return 2
        if args.copies < 1 or args.copies > 50:
            print("Errore: --copies deve essere tra 1 e 50.", file=sys.stderr)
            return 2
        from app.leaflets.content import effective_content

        with ctx.sessions() as session:  # the languages in force: one may have arrived by sync
            effective_content(session, ctx.paths.i18n / "leaflets")
        if args.batch is not None:
            requests = _batch_requests(args.batch)
        else:
            codes = tuple(parse_codes(args.lang))
            requests = [PackRequest(args.stage, args.municipality, codes, args.large_print, args.copies)]
        result = delivery.render(ctx, requests)
        handed = delivery.hand_over(ctx, result, lambda pdf: _write(args.out, pdf), mode=args.mode,
                                    record_it=not args.no_record)
    except delivery.DeliveryError as exc:
        _report(result, args.out)
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    except (PackError, ContentError, FontError, ValueError, OSError) as exc:
        where = f"{args.batch}: " if isinstance(exc, BatchFileError | InputRefused) else ""
        print(f"Errore: {where}{exc}", file=sys.stderr)
        return 1
    _report(result, args.out)
    if handed.events:
        print(f"Consegna registrata nelle statistiche ({', '.join(handed.events)}).")
    return 0


def _batch_requests(path: Path):
    """The packs of a batch file (read bounded, Excel's Windows encoding accepted); raises BatchFileError or
    InputRefused with an Italian message."""
    from app.leaflets.batch_file import MAX_BYTES, BatchFileError, parse_batch
    from app.untrusted import control_problem, read_limited

    try:
        raw = read_limited(path, MAX_BYTES, "File del lotto")
    except FileNotFoundError as exc:
        raise BatchFileError("file non trovato") from exc
    except IsADirectoryError as exc:
        raise BatchFileError("è una cartella, non un file") from exc
    except PermissionError as exc:
        raise BatchFileError("mancano i permessi per leggerlo") from exc
    except OSError as exc:
        raise BatchFileError(f"file non leggibile ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # "CSV (delimitato dal separatore di elenco)" of Excel
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a file saved on Windows
    problem = control_problem(text, newlines=True)
    if problem:
        raise BatchFileError(problem)
    return parse_batch(text)


def _report(result, out: Path) -> None:
    for warning in result.warnings:
        print(f"Attenzione: {warning}", file=sys.stderr)
    if result.is_demo:
        print("Attenzione: contatti della rubrica dimostrativa: DEMO - NON DISTRIBUIRE.", file=sys.stderr)
    if len(result.specs) > 1:
        print(f"Lotto scritto in {out}: {len(result.specs)} fogli")
        return
    spec = result.specs[0]
    print(f"Foglio scritto in {out} ({spec.municipality}, {spec.stage}, "
          f"{', '.join((*spec.languages, 'it'))}, {len(spec.referents)} referenti)")


def cmd_languages(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.leaflets.content import effective_content, stale_figures

    with ctx.sessions() as session:
        content = effective_content(session, ctx.paths.i18n / "leaflets")
    print(f"Testi dei fogli versione {content.version} ({'sincronizzati' if content.source == 'sync' else 'installati'})")
    for lang in content.languages:  # those of the texts in force, in card order, with their card key
        c = content.completeness(lang.code)
        state = "completa" if c.complete else f"INCOMPLETA ({c.total - c.translated} paragrafi in italiano)"
        review = f", revisione: {c.review_status}" if c.review_status else ""
        print(f"{lang.key} {lang.code:<8} {lang.label:<34} {c.translated:>3}/{c.total} {state}{review}")
    for problem in content.problems:
        print(f"Attenzione: {problem}", file=sys.stderr)
    for stale in stale_figures(content):
        if not stale.figure.missing():  # a missing date or source is among content.problems already
            print(f"Attenzione: {stale.message}", file=sys.stderr)
    return 0


def cmd_export_site(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.leaflets.site.export import SiteError, export_site
    from app.leaflets.site.fonts import SiteFontError

    try:
        site, written = export_site(ctx, args.out, progress=site_progress)
    except (SiteError, SiteFontError, OSError, ValueError) as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    print(report_site(site, written, ctx.config["directory.public_url"]))
    return 0


def site_progress(language: str) -> None:
    """A line per language while the site is built (a minute for every language and municipality): the person
    waiting sees it is working, and where it stopped if it fails."""
    print(f"Preparo le pagine della lingua {language}...", file=sys.stderr, flush=True)


def report_site(site, written, public_url: str) -> str:
    """What the export wrote, in Italian, with the size to host (for ``leaflets export`` and ``publish --site``)."""
    lines = [f"Sito dei fogli scritto in {written.folder}: {site.languages} lingue, {site.municipalities} comuni, "
             f"{site.pages} pagine, {site.size / 1_000_000:.1f} MB (caratteri {site.font_size / 1000:.0f} kB); "
             f"{written.written} file scritti, {written.unchanged} invariati, {len(written.removed)} tolti.",
             f"Versione dei testi {site.content_version}, versione della rubrica {site.directory_version or '-'}."]
    if public_url:
        lines.append(f"Da pubblicare all'indirizzo {public_url} (directory.public_url).")
    else:
        lines.append("Attenzione: directory.public_url non è impostato: i fogli stampati non hanno il codice QR del "
                     "sito finché l'IT non lo imposta.")
    if site.demo:
        lines.append("Attenzione: rubrica dimostrativa (DEMO): il sito non va pubblicato.")
    return "\n".join(lines)
