"""Self-test of the statistics: record a few events, export a small workbook, read it back."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from app.context import AppContext


def _statistics(ctx: AppContext) -> str:
    from openpyxl import load_workbook

    from app.stats.events import record_delivery, record_outcome, schedule_access, undo_delivery
    from app.stats.office import local_sessions
    from app.stats.service import export_report

    day = date.today()
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
        if shown != report.totals["deliveries"] or shown < 4:
            raise AssertionError(f"cartella Excel non coerente: {shown!r} consegne")
        sheets = len(wb.sheetnames)
    return f"{shown} consegne registrate, cartella Excel di {sheets} fogli riletta"


CHECKS = [("statistiche", _statistics)]
