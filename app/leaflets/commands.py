"""Command line: ``pack`` (one pack or the language card) and ``languages``.

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


def _write(path: Path, data: bytes) -> None:
    from app.safe_output import write_output

    write_output(path, data)


def cmd_pack(args: argparse.Namespace, ctx: AppContext) -> int:
    from app import delivery
    from app.leaflets.content import ContentError
    from app.leaflets.fonts import FontError
    from app.leaflets.languages import parse_codes
    from app.leaflets.pack import PackError, PackRequest, service_for

    try:
        if args.language_card:
            with ctx.sessions() as session:
                _write(args.out, service_for(ctx, session).language_card())
            print(f"Cartellino delle lingue scritto in {args.out}")
            return 0
        if not args.stage or not args.municipality:
            print("Errore: indicare --stage e --municipality (oppure --language-card).", file=sys.stderr)
            return 2
        if args.copies < 1 or args.copies > 50:
            print("Errore: --copies deve essere tra 1 e 50.", file=sys.stderr)
            return 2
        from app.leaflets.content import effective_content

        with ctx.sessions() as session:  # the languages in force: one may have arrived by sync
            effective_content(session, ctx.paths.i18n / "leaflets")
        codes = tuple(parse_codes(args.lang))
        request = PackRequest(args.stage, args.municipality, codes, args.large_print, args.copies)
        result = delivery.render(ctx, [request])
        handed = delivery.hand_over(ctx, result, lambda pdf: _write(args.out, pdf), mode=args.mode,
                                    record_it=not args.no_record)
    except delivery.DeliveryError as exc:
        _report(result, args.out)
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    except (PackError, ContentError, FontError, ValueError, OSError) as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    _report(result, args.out)
    if handed.events:
        print(f"Consegna registrata nelle statistiche ({', '.join(handed.events)}).")
    return 0


def _report(result, out: Path) -> None:
    spec = result.specs[0]
    for warning in result.warnings:
        print(f"Attenzione: {warning}", file=sys.stderr)
    if result.is_demo:
        print("Attenzione: contatti della rubrica dimostrativa: DEMO - NON DISTRIBUIRE.", file=sys.stderr)
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
