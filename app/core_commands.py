"""Foundation commands: version, config, selftest.

A light module, like every part's ``commands.py``: building the parser imports it, so only argparse and the
standard library load here; each handler imports what it uses (``tests/test_cli_imports.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from app.context import AppContext


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("version", parents=[common], help="mostra la versione")
    p.set_defaults(handler=None, needs_database=False, direct=cmd_version)

    p = subparsers.add_parser("config", parents=[common], help="mostra le impostazioni in vigore e da dove vengono")
    p.add_argument("--check", metavar="FILE", type=Path, help="verifica un file di sistema raccordo.toml prima di distribuirlo")
    p.add_argument("--offline", action="store_true",
                   help="con --check, non prova a collegarsi al database (ad esempio durante l'installazione)")
    p.set_defaults(handler=cmd_config, needs_database=False)

    p = subparsers.add_parser("selftest", parents=[common],
                              help="verifica l'installazione su una cartella dati temporanea ed esce")
    p.set_defaults(handler=None, needs_database=False, direct=cmd_selftest)


def cmd_version(args: argparse.Namespace) -> int:
    """Needs no data folder, settings or database: a script's ``version`` check costs the interpreter only."""
    print(f"Raccordo {__version__}")
    return 0


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]" if value else "[] (nessuno)"
    if value == "":
        return '""'
    return str(value)


def cmd_config(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.config import SETTINGS, check_file
    from app.roles import held

    if args.check:
        problems = check_file(args.check, connect=not args.offline)
        if problems:
            for problem in problems:
                print(f"ERRORE {problem}", file=sys.stderr)
            print(f"{args.check}: {len(problems)} problemi; correggere prima di distribuire.", file=sys.stderr)
            return 1
        print(f"{args.check}: valido.")
        return 0
    cfg = ctx.config
    print(f"File di sistema (IT): {ctx.paths.machine_config_file}"
          f"{'' if ctx.paths.machine_config_file.is_file() else ' (assente)'}")
    print(f"File dell'utente:     {ctx.paths.user_config_file}"
          f"{'' if ctx.paths.user_config_file.is_file() else ' (assente)'}")
    print(f"Cartella dati:        {ctx.paths.data_dir}")
    print(f"Database:             {ctx.db_label}")
    print(f"{'Ruoli di ' + ctx.user + ':':<21} {held(ctx)}")
    print()
    width = max(len(s.key) for s in SETTINGS)
    for setting in SETTINGS:
        lock = " [IT]" if setting.machine_only else ""
        print(f"{setting.key:<{width}} = {_show(cfg[setting.key])}   ({cfg.source_of(setting.key)}){lock}")
    for problem in cfg.problems:
        print(f"Attenzione: {problem}", file=sys.stderr)
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from app.selftest import run_selftest

    return run_selftest(getattr(args, "data_dir", None))
