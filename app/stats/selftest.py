"""Self-test of the statistics: record a few events, export a small workbook, read it back."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from app.context import AppContext


def _statistics(ctx: AppContext) -> str:
    from openpyxl import load_workbook

    from app.stats.events import record_delivery, record_outcome, schedule_access, undo_delivery
    from app.stats.office import local_sessions
    from app.stats.service import export_report

    # Last month: only a period that is over may be exported (app.stats.period.check_publishable).
    day = date.today().replace(day=1) - timedelta(days=1)
    with local_sessions(ctx).begin() as session:
        for stage in ("diffida", "precetto", "accesso", "accesso"):
            record_delivery(session, stage=stage, istat_code="015146", languages=["it", "ar"],
                            workstation="selftest", when=day)
        mistake = record_delivery(session, stage="diffida", istat_code="015146", languages=["it"],
                                  workstation="selftest", when=day)
        if not undo_delivery(session, mistake):
            raise AssertionError("annullamento di una consegna non riuscito")
        record_outcome(session, istat_code="015146", outcome="executed", workstation="selftest", when=day)
        schedule_access(session, istat_code="015146", access_day=day, workstation="selftest")
    with tempfile.TemporaryDirectory(prefix="raccordo-stats-") as tmp:
        out = Path(tmp) / "statistiche.xlsx"
        report = export_report(ctx, f"{day:%Y-%m}", "municipality", out)
        wb = load_workbook(out)
        shown = wb["Riepilogo"]["B6"].value
        noise = report.disclosure.table.max_noise
        if shown != report.summary.grand() or report.totals["deliveries"] < 4 \
                or abs(shown - report.totals["deliveries"]) > noise:
            raise AssertionError(f"cartella Excel non coerente: {shown!r} consegne")
        sheets = len(wb.sheetnames)
    return (f"{report.totals['deliveries']} consegne registrate (nella cartella, protetta: {shown}), cartella Excel "
            f"di {sheets} fogli riletta")


CHECKS = [("statistiche", _statistics)]
