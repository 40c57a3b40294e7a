"""Command line: ``python -m app [--data-dir DIR] COMMAND``; without a command the window opens.

Each part adds its commands in ``app/<part>/commands.py`` with ``register(subparsers, common)``; a handler
receives ``(args, ctx)`` and returns an exit status, or, set as ``direct``, receives ``args`` alone and needs no
data folder. Scripts, IT's checks and the batch start a process per command, so every command pays only for
what it uses: the commands modules are light (argparse and the standard library at module level) and each
handler imports its implementation inside. Building the parser thus loads no part of the application, and
``tests/test_cli_imports.py`` runs each command and fails when it imports a module it does not need.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__

COMMAND_MODULES = (
    "app.core_commands",
    "app.db.commands",
    "app.directory.commands",
    "app.leaflets.commands",
    "app.stats.commands",
    "app.monitoring.commands",
    "app.sync.commands",
)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS,
                        help="cartella dei dati (database, impostazioni, log); anche RACCORDO_DATA_DIR")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(prog="raccordo", description="Raccordo: referenti, volantini e statistiche UNEP.",
                                     parents=[common])
    parser.add_argument("--version", action="version", version=f"Raccordo {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMANDO")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def run_command(args: argparse.Namespace) -> int:
    import logging

    from app.context import AppContext
    from app.log import setup_logging
    from app.paths import resolve_paths
    from app.roles import RoleRefused

    paths = resolve_paths(getattr(args, "data_dir", None))
    setup_logging(paths.log_file, console_level=logging.ERROR)
    ctx = AppContext.create(paths)
    for problem in ctx.config.problems:
        print(f"Attenzione: {problem}", file=sys.stderr)
    try:
        if getattr(args, "needs_database", True):
            from app.bootstrap import prepare_database
            from app.db.migrate import MigrationError

            try:
                for notice in prepare_database(ctx).notices:
                    print(f"Attenzione: {notice}", file=sys.stderr)
            except MigrationError as exc:
                print(f"Errore: {exc}", file=sys.stderr)
                return 2
            except Exception as exc:
                if not _goes_on_offline(args, exc):
                    raise
        return int(args.handler(args, ctx) or 0)
    except RoleRefused as exc:  # the use case said no: the same answer the window gives, in Italian
        print(f"Errore: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.dispose()
        from app import notices

        for notice in notices.take():  # what the core had to say on the way (a damaged outbox set aside)
            print(f"Attenzione: {notice}", file=sys.stderr)


def _goes_on_offline(args: argparse.Namespace, exc: BaseException) -> bool:
    """The shared database does not answer and the command works on this workstation's own store (recording a
    statistics event: it waits in the outbox): say so and go on."""
    from app.errors import UNREACHABLE, classify

    if not getattr(args, "works_offline", False) or classify(exc)[0] != UNREACHABLE:
        return False
    from app.db.engine import connection_problem

    print(f"Attenzione: il database condiviso non risponde ({connection_problem(exc, 5)}): si registra su questa "
          "postazione.", file=sys.stderr)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command (or the window); no failure ends in a traceback: see app/errors.py."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("Interrotto.", file=sys.stderr)
        return 130
    except Exception as exc:
        from app.errors import report_to_console

        return report_to_console(exc, _data_dir(argv))


def _data_dir(argv: Sequence[str] | None) -> str | None:
    """The ``--data-dir`` of a command line, for the error log when the command failed before setting it up."""
    probe = argparse.ArgumentParser(add_help=False, parents=[_common()], exit_on_error=False)
    probe.add_argument("rest", nargs="*")
    try:
        return getattr(probe.parse_known_args(list(sys.argv[1:] if argv is None else argv))[0], "data_dir", None)
    except (argparse.ArgumentError, SystemExit):
        return None


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The window is the common case: open it without importing every command's module (start-up budget).
    probe = argparse.ArgumentParser(add_help=False, parents=[_common()])
    probe.add_argument("rest", nargs="*")
    known, unknown = probe.parse_known_args(argv)
    if not known.rest and not unknown:
        from app.ui.application import run_gui

        return run_gui(getattr(known, "data_dir", None))
    args = build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.application import run_gui

        return run_gui(getattr(args, "data_dir", None))
    if getattr(args, "direct", None):
        return int(args.direct(args) or 0)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
