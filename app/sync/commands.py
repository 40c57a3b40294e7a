"""Commands: ``sync`` (check and apply, --status, --restore-previous), ``keygen``, ``publish`` (with ``--site``,
the leaflets' web site from the same data, for the portal)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext
    from app.sync.errors import SyncError


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("sync", parents=[common],
                              help="scarica, verifica e applica i dati firmati dell'editore")
    p.add_argument("--source", metavar="URL_O_CARTELLA", help="origine (predefinita: sync.source)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--status", action="store_true", help="mostra la versione in uso e l'ultimo controllo")
    group.add_argument("--restore-previous", action="store_true", help="torna alla versione applicata prima")
    p.set_defaults(handler=cmd_sync)

    p = subparsers.add_parser("keygen", parents=[common], help="crea una chiave di firma per l'editore")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="file della chiave privata da creare")
    p.set_defaults(handler=None, needs_database=False, direct=cmd_keygen)

    p = subparsers.add_parser("publish", parents=[common], help="firma e scrive un pacchetto dai dati locali")
    p.add_argument("--key", required=True, type=Path, metavar="FILE", help="file della chiave privata")
    p.add_argument("--out", required=True, type=Path, metavar="CARTELLA", help="cartella del pacchetto")
    p.add_argument("--expires-days", type=int, default=None, metavar="N", help="giorni di validità (predefinito 30)")
    p.add_argument("--publisher", default=None, help="nome dell'editore (predefinito: office.name)")
    p.add_argument("--site", type=Path, default=None, metavar="CARTELLA",
                   help="scrive anche il sito dei fogli per il portale (come «leaflets export») dagli stessi dati")
    p.set_defaults(handler=cmd_publish)


def _refused(exc: SyncError) -> int:
    print(f"Aggiornamento rifiutato: {exc.message}", file=sys.stderr)
    return 1


def cmd_sync(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.sync import service
    from app.sync.errors import SyncError

    if args.status:
        for line in service.status(ctx, args.source).lines():
            print(line)
        return 0
    if args.restore_previous:
        try:
            report = service.restore_previous(ctx)
        except SyncError as exc:
            print(f"Ripristino rifiutato: {exc.message}", file=sys.stderr)
            return 1
        print(report.text())
        return 0
    try:
        outcome = service.synchronize(ctx, args.source)
    except SyncError as exc:
        expired = service.mark_expiry(ctx)
        code = _refused(exc)
        if expired:
            print(service.status(ctx).warning(), file=sys.stderr)
        return code
    for line in outcome.lines():
        print(line)
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    from app.sync import keys
    from app.sync.errors import SyncError

    key = keys.generate()
    try:
        keys.write_private_key(key, args.out)
    except SyncError as exc:
        print(f"Errore: {exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Errore: impossibile scrivere {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Chiave privata scritta in {args.out} (leggibile solo dal proprietario: non copiarla, non condividerla).")
    print("Chiave pubblica da aggiungere a sync.trusted_keys nel file di sistema dell'IT:")
    print(keys.public_key_string(key.public_key()))
    return 0


def cmd_publish(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.sync.errors import SyncError
    from app.sync.publish import DEFAULT_EXPIRES_DAYS, publish

    site = None
    if getattr(args, "site", None) is not None:
        # The portal's site from the same data as the bundle, built before signing: a folder the export may not
        # write into, or a broken font, stops the publication before anything is signed or written.
        from app.leaflets.commands import site_progress
        from app.leaflets.site.export import SiteError, build_for, check_target
        from app.leaflets.site.fonts import SiteFontError

        try:
            check_target(args.site)
            site = build_for(ctx, progress=site_progress)
        except (SiteError, SiteFontError, OSError) as exc:
            print(f"Pubblicazione rifiutata: sito dei fogli: {exc}", file=sys.stderr)
            return 1
    try:
        signed = publish(ctx, args.out, key_file=args.key, publisher=args.publisher,
                         expires_days=args.expires_days or DEFAULT_EXPIRES_DAYS)
    except SyncError as exc:
        print(f"Pubblicazione rifiutata: {exc.message}", file=sys.stderr)
        return 1
    m = signed.manifest
    print(f"Pubblicata la versione {m.sequence} in {args.out}: {len(m.files)} file, chiave {m.key_id}, "
          f"valida fino al {m.expires_at:%d/%m/%Y}.")
    if site is None:
        return 0
    from app.leaflets.commands import report_site
    from app.leaflets.site.export import SiteError, write_site

    try:
        written = write_site(site, args.site)
    except (SiteError, OSError) as exc:
        print(f"Errore: pacchetto pubblicato, ma il sito dei fogli non è stato scritto: {exc}. Rifare "
              f"«leaflets export --out {args.site}».", file=sys.stderr)
        return 1
    print(report_site(site, written, ctx.config["directory.public_url"]))
    return 0
