"""Use cases of the monitoring, shared by the CLI, the supervisor's screen and the self-test.

- :func:`make_monitoring`: the indicators of a period (the screen shows them as they come);
- :func:`write_report`: the PDF for the technical table (``python -m app report``);
- :func:`export_workbook`: the statistics workbook with its "Monitoraggio" sheet (``python -m app export``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.context import AppContext
from app.gcpause import collector_paused
from app.monitoring.build import Monitoring, build_monitoring
from app.stats.aggregate import PeriodCounts
from app.stats.disclosure import Disclosure
from app.stats.period import Period, check_publishable, parse_period
from app.stats.report import Report
from app.territory import Territory


def make_monitoring(ctx: AppContext, period: Period | str, *, today: date | None = None,
                    base: PeriodCounts | None = None, disclosure: Disclosure | None = None) -> Monitoring:
    """The monitoring of ``period``; a period not over yet gives one that shows only the directory.

    ``PeriodError`` (Italian) for a window that is no calendar period.
    """
    from app.stats.office import flush

    if isinstance(period, str):
        period = parse_period(period)
    flush(ctx)  # events kept aside while the database was busy count too
    with ctx.sessions() as session, collector_paused():
        territory = Territory.load(session)
        return build_monitoring(session, territory, period, k=ctx.config["stats.small_cell_threshold"],
                                office=ctx.config["office.name"], served=ctx.config["office.municipalities"],
                                stale_after_days=ctx.config["directory.stale_after_days"],
                                today=today or date.today(), base=base, disclosure=disclosure)


def write_report(ctx: AppContext, period: Period | str, out: Path, *, today: date | None = None) -> Monitoring:
    """Write the PDF report (safely: a failed write keeps the previous file) and return what it shows."""
    from app.monitoring.pdf import write_pdf
    from app.safe_output import write_output

    monitoring = make_monitoring(ctx, period, today=today)
    with collector_paused():
        write_output(Path(out), lambda fh: write_pdf(monitoring, fh))
    return monitoring


def export_workbook(ctx: AppContext, period: Period | str, level: str, out: Path, *,
                    today: date | None = None) -> Report:
    """The statistics workbook of ``period`` with the monitoring's sheet; ``PeriodError`` if not publishable."""
    from app.monitoring.sheet import SHEET, write_sheet
    from app.stats.service import make_report
    from app.stats.workbook import write_workbook

    if isinstance(period, str):
        period = parse_period(period)
    today = today or date.today()
    check_publishable(period, today)
    with collector_paused():
        report = make_report(ctx, period, level, today=today)
        monitoring = make_monitoring(ctx, period, today=today, base=report.counts, disclosure=report.disclosure)
        write_workbook(report, out, extra=[(SHEET, lambda ws: write_sheet(ws, monitoring))])
    return report
