"""Statistics commands: ``export``, ``outcome``, ``schedule`` and ``stats export-events|import|push|recover-outbox``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.stats.vocab import LEVELS, OUTCOMES, SOCIAL_SERVICES  # closed lists only: the parser needs the choices

if TYPE_CHECKING:
    from app.context import AppContext

PERIOD_HELP = ("periodo solare concluso: 2026-10 (mese), 2026-Q4 (trimestre), 2026-T2 (quadrimestre: T1 gennaio-"
               "aprile, T2 maggio-agosto, T3 settembre-dicembre), 2026 (anno), 2022..2026 (anni)")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("export", parents=[common], help="esporta le statistiche di un periodo in Excel")
    p.add_argument("--period", required=True, help=PERIOD_HELP)
    p.add_argument("--level", choices=LEVELS, default="municipality", help="dettaglio per comune o per Ambito")
    p.add_argument("--out", required=True, type=Path, help="file .xlsx da scrivere")
    p.set_defaults(handler=cmd_export)

    p = subparsers.add_parser("outcome", parents=[common], help="registra l'esito di un accesso")
    p.add_argument("--municipality", required=True, help="comune (nome o codice ISTAT)")
    p.add_argument("--outcome", required=True, choices=OUTCOMES)
    p.add_argument("--social-services", choices=SOCIAL_SERVICES, default="unknown",
                   help="il nucleo aveva contattato i servizi sociali?")
    p.add_argument("--date", type=_date_arg, default=None, help="data dell'accesso (AAAA-MM-GG, predefinito oggi)")
    p.set_defaults(handler=cmd_outcome, works_offline=True)  # the outbox keeps it while the server is down

    p = subparsers.add_parser("schedule", parents=[common], help="registra la data di un accesso programmato")
    p.add_argument("--municipality", required=True, help="comune (nome o codice ISTAT)")
    p.add_argument("--date", required=True, type=_date_arg, help="data dell'accesso (AAAA-MM-GG)")
    p.set_defaults(handler=cmd_schedule, works_offline=True)

    stats = subparsers.add_parser("stats", parents=[common], help="raccolta delle statistiche dell'ufficio")
    sub = stats.add_subparsers(dest="stats_command", metavar="AZIONE", required=True)
    p = sub.add_parser("export-events", parents=[common], help="salva gli eventi di questa postazione in un file")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=cmd_export_events)
    p = sub.add_parser("import", parents=[common], help="importa file di eventi di altre postazioni")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser("push", parents=[common], help="invia subito gli eventi al database condiviso")
    p.set_defaults(handler=cmd_push)
    p = sub.add_parser("recover-outbox", parents=[common],
                       help="recupera gli eventi non inviati di un file delle statistiche danneggiato (in damaged/)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_recover_outbox)


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"data non valida «{text}»: usare AAAA-MM-GG") from exc


def _municipality(ctx: AppContext, text: str) -> str | None:
    from app.stats.office import local_sessions
    from app.territory import Territory

    with local_sessions(ctx)() as session:  # where the event is recorded: the outbox works without the server
        found = Territory.load(session).find(text)
    if found is None:
        print(f"Errore: comune «{text}» non trovato (indicare il nome o il codice ISTAT).", file=sys.stderr)
        return None
    return found.istat_code


def cmd_export(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.monitoring.service import export_workbook
    from app.stats.period import PeriodError, parse_period

    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 2
    try:
        report = export_workbook(ctx, period, args.level, args.out)
    except PeriodError as exc:  # a window or a period not yet over: the protection only holds for closed ones
        print(f"Errore: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Errore: impossibile scrivere {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Statistiche di {report.period.title} salvate in {args.out} ({report.summary.grand()} consegne).")
    return 0


def _record(ctx: AppContext, fn) -> int:
    from app.stats.events import StatsInputError
    from app.stats.office import push, record, uses_outbox

    try:
        record(ctx, fn)  # a busy database keeps the event for later instead of losing it
    except StatsInputError as exc:
        print(f"Errore: {exc}", file=sys.stderr)
        return 2
    if uses_outbox(ctx):
        from datetime import timedelta

        result = push(ctx, min_age=timedelta(0))  # scripted entry has no undo: send it now
        print(result.message)
    return 0


def cmd_outcome(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.stats.events import record_outcome
    from app.stats.vocab import OUTCOME_LABELS

    code = _municipality(ctx, args.municipality)
    if code is None:
        return 2
    status = _record(ctx, lambda s: record_outcome(s, istat_code=code, outcome=args.outcome,
                                                   social_services=args.social_services,
                                                   workstation=ctx.config.workstation(), when=args.date))
    if status == 0:
        print(f"Esito registrato: {OUTCOME_LABELS[args.outcome]}.")
    return status


def cmd_schedule(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.stats.events import schedule_access

    code = _municipality(ctx, args.municipality)
    if code is None:
        return 2
    status = _record(ctx, lambda s: schedule_access(s, istat_code=code, access_day=args.date,
                                                    workstation=ctx.config.workstation()))
    if status == 0:
        print(f"Accesso programmato registrato per il {args.date:%d/%m/%Y}.")
    return status


def cmd_export_events(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.stats.exchange import export_events
    from app.stats.office import local_sessions
    from app.stats.vocab import workstation_token

    try:
        with local_sessions(ctx)() as session:
            counts = export_events(session, args.out, workstation_token=workstation_token(ctx.config.workstation()))
    except OSError as exc:
        print(f"Errore: impossibile scrivere {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Salvati in {args.out}: {counts['deliveries']} consegne, {counts['outcomes']} esiti, "
          f"{counts['scheduled']} accessi programmati.")
    return 0


def cmd_import(args: argparse.Namespace, ctx: AppContext) -> int:
    from app.stats.exchange import ImportRejected, import_file

    failures = 0
    for path in args.files:
        try:
            with ctx.sessions.begin() as session:
                result = import_file(session, path)
        except ImportRejected as exc:
            failures += 1
            print(f"Errore: {exc}", file=sys.stderr)
            continue
        print(result.message)
    return 1 if failures else 0


def cmd_push(args: argparse.Namespace, ctx: AppContext) -> int:
    from datetime import timedelta

    from app.stats.office import push, uses_outbox

    result = push(ctx, min_age=timedelta(0))
    if result is None:
        print("Nessun database condiviso configurato (database.url): gli eventi sono già nel database locale.")
        return 0
    if not uses_outbox(ctx) and not result.error:  # events kept aside while the local database was busy
        print(f"Registrati nel database locale {result.pushed} eventi rimasti in attesa.")
        return 0
    print(result.message)
    return 1 if result.error else 0


def cmd_recover_outbox(args: argparse.Namespace, ctx: AppContext) -> int:
    """The readable unsent events of a set-aside outbox, merged into the database the outbox pushes to."""
    from app.db.recovery import HEADER
    from app.stats.merge import EventConflict
    from app.stats.outbox_damage import recover

    try:
        with open(args.file, "rb") as fh:
            if fh.read(len(HEADER)) != HEADER:
                print(f"Errore: {args.file} non è un file delle statistiche (SQLite): nessun evento da recuperare.",
                      file=sys.stderr)
                return 1
    except OSError as exc:
        print(f"Errore: impossibile leggere {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    try:
        read, result = recover(args.file, ctx.engine)
    except EventConflict as exc:
        print(f"Errore: recupero interrotto, {exc}: nessun evento è stato aggiunto.", file=sys.stderr)
        return 1
    print(f"Letti {read} eventi non inviati: {result.new} aggiunti alle statistiche, {result.already} già presenti.")
    return 0
