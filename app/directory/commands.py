"""``python -m app directory import|export|for``: the directory from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("directory", parents=[common], help="rubrica dei referenti: importa, esporta, consulta")
    sub = p.add_subparsers(dest="directory_command", metavar="AZIONE", required=True)

    q = sub.add_parser("import", parents=[common], help="anteprima dell'importazione di un file xlsx o csv")
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--apply", action="store_true", help="applica le modifiche (tutte o nessuna)")
    q.add_argument("--skip-rejected", action="store_true", help="con --apply, applica anche se ci sono righe scartate")
    q.set_defaults(handler=cmd_import)

    q = sub.add_parser("export", parents=[common], help="esporta la rubrica")
    q.add_argument("--format", choices=("xlsx", "html", "hsds"), required=True)
    q.add_argument("--out", type=Path, required=True, metavar="PATH")
    q.set_defaults(handler=cmd_export)

    q = sub.add_parser("for", parents=[common], help="referenti che un pacchetto per il comune indicato elencherebbe")
    q.add_argument("municipality", metavar="COMUNE", help="nome del comune (maiuscole e accenti indifferenti) o codice ISTAT")
    q.set_defaults(handler=cmd_for)


def print_preview(preview) -> None:
    from app.directory.importer import STATUS_LABELS

    counts = preview.counts
    print(f"File: {preview.file}")
    print("Colonne riconosciute: " + ", ".join(f"{h} -> {f}" for h, f in preview.columns.items()))
    for status in ("added", "changed", "unchanged", "rejected"):
        rows = preview.by_status(status)
        print(f"\n{STATUS_LABELS[status].capitalize()}: {counts[status]}")
        for row in rows:
            reason = f" [{'; '.join(row.reasons)}]" if row.reasons else ""
            print(f"  riga {row.line}: {row.label}{reason}")
    for warning in preview.warnings:
        print(f"Attenzione: {warning}")


def cmd_import(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.directory import editing
    from app.directory.importer import ImportError_, ImportRefused, preview_file
    from app.roles import EDITORS, require

    if not args.file.is_file():
        print(f"Errore: file non trovato: {args.file}", file=sys.stderr)
        return 2
    if args.apply:
        require(ctx, EDITORS)  # before a long preview: the use case would refuse it at the end anyway
    with ctx.sessions() as session:
        try:
            preview = preview_file(session, args.file)
        except (ImportError_, OSError) as exc:
            print(f"Errore: {exc}", file=sys.stderr)
            return 2
    print_preview(preview)
    if not args.apply:
        print("\nAnteprima: nessuna modifica applicata (usare --apply per applicare).")
        return 1 if preview.by_status("rejected") else 0
    try:
        written = editing.apply_import(ctx, preview, skip_rejected=args.skip_rejected)
    except ImportRefused as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    print(f"\nApplicate {written} modifiche.")
    return 0


def cmd_export(args: argparse.Namespace, ctx: AppContext) -> int:
    with ctx.sessions() as session:
        try:
            if args.format == "xlsx":
                from app.directory.export_xlsx import export_xlsx  # openpyxl only for this format

                count = export_xlsx(session, args.out)
            elif args.format == "html":
                from app.directory.export_html import export_html

                count = export_html(session, args.out, office=ctx.config["office.name"])
            else:
                from app.directory.export_hsds import export_hsds

                count = export_hsds(session, args.out)
        except OSError as exc:
            print(f"Errore: impossibile scrivere {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    print(f"Esportate {count} voci in {args.out}")
    return 0


def cmd_for(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.directory.kinds import SCOPE_LABELS
    from app.directory.resolve import referents_for
    from app.territory import Territory

    with ctx.sessions() as session:
        territory = Territory.load(session)
        municipality = territory.find(args.municipality)
        if municipality is None:
            hints = ", ".join(m.name for m in territory.search(args.municipality, limit=5))
            print(f"Errore: comune non trovato: «{args.municipality}»" + (f" (forse: {hints})" if hints else ""),
                  file=sys.stderr)
            return 2
        referents = referents_for(session, territory, municipality.istat_code)
    print(f"{municipality.name} ({municipality.istat_code}), Ambito {municipality.ambito_name}"
          + ("" if municipality.ambito_verified else " (assegnazione all'Ambito da verificare)")
          + f", Tribunale di {municipality.tribunale or '?'}"
          + ("" if municipality.tribunale_verified else " (da verificare)"))
    for r in referents:
        area = SCOPE_LABELS[r.scope_level] + ("" if r.area_verified else ", da verificare")
        print(f"\n{r.service_label} - {r.institution} [{area}]{' DEMO' if r.is_demo else ''}")
        print(f"  {r.name}{', ' + r.role if r.role else ''}")
        for label, values in (("Tel.", r.phones), ("E-mail", r.emails)):
            if values:
                print(f"  {label} {' / '.join(values)}")
        for label, value in (("Orari", r.hours), ("Indirizzo", r.address), ("Sito", r.website)):
            if value:
                print(f"  {label}: {value}")
    if not referents:
        print("Nessun referente in vigore per questo comune.")
    return 0
