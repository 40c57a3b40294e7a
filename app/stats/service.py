"""Use cases shared by the CLI, the UI and the self-test: build a report and write the workbook.

Both check first that the period may be published (``check_publishable``): the protection of
the figures holds for closed calendar periods only (``docs/DISCLOSURE.md``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.context import AppContext
from app.gcpause import collector_paused
from app.roles import SUPERVISORS, require
from app.stats.period import Period, check_publishable, parse_period
from app.stats.report import Report, build_report
from app.stats.workbook import write_workbook
from app.territory import Territory


def make_report(ctx: AppContext, period: Period | str, level: str, *, today: date | None = None) -> Report:
    """The protected report of ``period``; ``PeriodError`` (Italian) if the period may not be published.

    For supervisors only (``RoleRefused`` otherwise).
    """
    from app.stats.office import flush

    require(ctx, SUPERVISORS)

    if isinstance(period, str):
        period = parse_period(period)
    check_publishable(period, today or date.today())
    flush(ctx)  # events kept aside while the database was busy count too
    with ctx.sessions() as session, collector_paused():
        territory = Territory.load(session)
        return build_report(session, territory, period, level=level, k=ctx.config["stats.small_cell_threshold"],
                            office=ctx.config["office.name"], served=ctx.config["office.municipalities"])


def export_report(ctx: AppContext, period: Period | str, level: str, out: Path, *,
                  today: date | None = None) -> Report:
    """The statistics workbook of a period, written to ``out``: for supervisors only (``RoleRefused`` otherwise)."""
    require(ctx, SUPERVISORS)
    with collector_paused():
        report = make_report(ctx, period, level, today=today)
        write_workbook(report, out)
    return report
