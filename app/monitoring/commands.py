"""Monitoring command: ``report`` (the four-monthly PDF for the technical table, issue 20)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.stats.commands import PERIOD_HELP

if TYPE_CHECKING:
    from app.context import AppContext


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("report", parents=[common],
                              help="scrive il rapporto di monitoraggio del protocollo (PDF) per il tavolo tecnico")
    p.add_argument("--period", required=True, help=PERIOD_HELP)
    p.add_argument("--out", required=True, type=Path, help="file .pdf da scrivere")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.monitoring.service import write_report
    from app.monitoring.views import headline, situation
    from app.stats.period import PeriodError, parse_period

    try:
        monitoring = write_report(ctx, parse_period(args.period), args.out)
    except PeriodError as exc:  # a window of days: never published (docs/DISCLOSURE.md)
        print(f"Errore: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Errore: impossibile scrivere {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for line in situation(monitoring):
        print(f"Attenzione: {line}", file=sys.stderr)
    print(f"Rapporto di monitoraggio di {monitoring.period.title} salvato in {args.out}.")
    for line in headline(monitoring):
        print(f"  {line}")
    return 0
