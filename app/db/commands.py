"""``raccordo database backup|backups|restore``: copy the local database now, list the copies, put a damaged
database aside and bring back its last backup.

A light module like every ``commands.py`` (building the parser imports it): each handler imports what it uses.
Neither command opens the database first: that is exactly what must not happen to a damaged file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("database", parents=[common], help="copie di sicurezza e ripristino del database locale")
    sub = p.add_subparsers(dest="database_command", metavar="AZIONE", required=True)
    q = sub.add_parser("backup", parents=[common],
                       help="fa subito una copia di sicurezza del database locale (oltre a quella giornaliera)")
    q.set_defaults(handler=cmd_backup, needs_database=False)
    q = sub.add_parser("backups", parents=[common], help="elenca le copie di sicurezza del database")
    q.set_defaults(handler=cmd_backups, needs_database=False)
    q = sub.add_parser("restore", parents=[common],
                       help="mette da parte il database danneggiato e ripristina l'ultima copia di sicurezza")
    q.add_argument("--backup", type=Path, metavar="FILE", help="una copia precisa invece dell'ultima")
    q.add_argument("--new", action="store_true", help="senza copie: crea un database nuovo (dati dimostrativi)")
    q.set_defaults(handler=cmd_restore, needs_database=False)


def _local_file(ctx: AppContext) -> Path | None:
    from app.bootstrap import sqlite_file

    path = sqlite_file(ctx)
    if path is None:
        print("Errore: il database è quello condiviso (database.url): il ripristino riguarda solo il database locale; "
              "per quello condiviso rivolgersi all'IT.", file=sys.stderr)
    return path


def cmd_backup(args: argparse.Namespace, ctx: AppContext) -> int:
    """A copy now, rotated with the daily ones: for IT's scheduled tasks and before risky work."""
    from app.db.backup import BackupError, take
    from app.db.recovery import check_file

    db_file = _local_file(ctx)
    if db_file is None:
        return 2
    check_file(db_file, ctx.paths.backup_dir)  # an emptied or foreign file is reported, not copied
    try:
        result = take(db_file, ctx.paths.backup_dir, ctx.config["database.backups_kept"])
    except BackupError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    print(result.message)
    return 0


def cmd_backups(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.db.backup import is_daily, taken_at
    from app.db.recovery import backups

    db_file = _local_file(ctx)
    if db_file is None:
        return 2
    found = backups(ctx.paths.backup_dir, db_file)
    if not found:
        print(f"Nessuna copia di sicurezza in {ctx.paths.backup_dir}.")
    for path in found:
        when = taken_at(path).strftime("%d/%m/%Y %H:%M")
        kind = "giornaliera" if is_daily(path) else "prima di un aggiornamento"
        print(f"{when}  {path.stat().st_size // 1024:>7} KB  {kind:<25}  {path}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.db.recovery import DatabaseDamaged, restore
    from app.paths import window_running

    db_file = _local_file(ctx)
    if db_file is None:
        return 2
    if window_running(ctx.paths.data_dir, ctx.db_url):
        print("Errore: Raccordo è aperto su questo database: chiuderlo prima di ripristinare.", file=sys.stderr)
        return 1
    try:
        restored = restore(db_file, ctx.paths.backup_dir, backup=args.backup, new=args.new)
    except DatabaseDamaged as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    except PermissionError:  # Windows: the file is open in a Raccordo still running
        print("Errore: il database è in uso: chiudere Raccordo prima di ripristinare.", file=sys.stderr)
        return 1
    from app.bootstrap import prepare_database

    prepare_database(ctx)  # the copy may be from an older version: brought up to date like any start
    print(restored.message)
    return 0
