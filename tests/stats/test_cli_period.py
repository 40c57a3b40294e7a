"""Periods as typed by the supervisor, and the scripted commands."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import main
from app.stats.models import AccessOutcome, ScheduledAccess
from app.stats.period import (
    PeriodError,
    calendar_kind,
    check_publishable,
    parse_period,
    previous_period,
    series,
    year_earlier,
)


@pytest.mark.parametrize("text, start, end, title", [
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31), "ottobre 2026"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "febbraio 2024"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "4° trimestre 2026"),
    ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "1° trimestre 2026"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("2026-01-15..2026-03-31", date(2026, 1, 15), date(2026, 3, 31), "dal 15/01/2026 al 31/03/2026"),
    ("2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 28), "dal 01/11/2025 al 28/02/2026"),
    ("2022..2025", date(2022, 1, 1), date(2025, 12, 31), "anni 2022-2025"),
    # Four-month periods (quadrimestri), the technical table's rhythm: T1 January-April, T2 May-August, T3 Sep-Dec.
    ("2026-T1", date(2026, 1, 1), date(2026, 4, 30), "1° quadrimestre 2026 (gennaio-aprile)"),
    ("2026-t2", date(2026, 5, 1), date(2026, 8, 31), "2° quadrimestre 2026 (maggio-agosto)"),
    ("2026-T3", date(2026, 9, 1), date(2026, 12, 31), "3° quadrimestre 2026 (settembre-dicembre)"),
    # A range that is exactly one calendar period is that period, under its own name.
    ("2026-05..2026-08", date(2026, 5, 1), date(2026, 8, 31), "2° quadrimestre 2026 (maggio-agosto)"),
    ("2026-01-01..2026-03-31", date(2026, 1, 1), date(2026, 3, 31), "1° trimestre 2026"),
    ("2026-01..2026-12", date(2026, 1, 1), date(2026, 12, 31), "2026"),
])
def test_periods(text, start, end, title):
    period = parse_period(text)
    assert (period.start, period.end, period.title) == (start, end, title)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "ottobre", "2026-03..2026-01", "", "2026-10-40..2026-11",
                                  "2026-T4", "2026-T0"])
def test_bad_periods_say_what_is_accepted(text):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert "Periodo" in str(info.value)


@pytest.mark.parametrize("text, kind, previous, earlier", [
    ("2026-T1", "four_months", "2025-T3", "2025-T1"),  # the previous four months cross the year
    ("2026-T3", "four_months", "2026-T2", "2025-T3"),
    ("2026-01", "month", "2025-12", "2025-01"),
    ("2026-Q1", "quarter", "2025-Q4", "2025-Q1"),
    ("2026", "year", "2025", None),  # a year's previous period is the year before: no second comparison
    ("2022..2025", "years", "2018..2021", None),
])
def test_previous_and_year_earlier_periods(text, kind, previous, earlier):
    period = parse_period(text)
    assert calendar_kind(period) == kind
    assert previous_period(period).label == previous
    assert (year_earlier(period).label if year_earlier(period) else None) == earlier
    before = previous_period(period)
    assert before.end.toordinal() + 1 == period.start.toordinal(), "the previous period ends the day before"


def test_leap_years_keep_whole_months():
    """February 2028 has 29 days, 2027 and 2029 have 28: a year earlier or later is the whole February."""
    february = parse_period("2028-02")
    assert february.end == date(2028, 2, 29)
    assert (year_earlier(february).start, year_earlier(february).end) == (date(2027, 2, 1), date(2027, 2, 28))
    assert year_earlier(parse_period("2029-02")).end == date(2028, 2, 29)
    t1 = parse_period("2028-T1")
    assert year_earlier(t1).end == date(2027, 4, 30) and previous_period(parse_period("2028-T2")).end == t1.end
    assert [p.label for p in series(parse_period("2026-T2"), 4)] == ["2025-T2", "2025-T3", "2026-T1", "2026-T2"]
    assert [p.label for p in series(parse_period("2028-03"), 3)] == ["2028-01", "2028-02", "2028-03"]


def test_four_month_periods_are_published_only_once_over():
    t3 = parse_period("2026-T3")
    with pytest.raises(PeriodError, match="non è ancora concluso"):
        check_publishable(t3, date(2026, 12, 31))
    check_publishable(t3, date(2027, 1, 1))
    with pytest.raises(PeriodError, match="non esportabile"):  # four months, but not a quadrimestre
        check_publishable(parse_period("2026-02..2026-05"), date(2027, 1, 1))


def test_outcome_schedule_and_export_commands(ctx, tmp_path, capsys):
    data = ["--data-dir", str(ctx.paths.data_dir)]
    assert main([*data, "outcome", "--municipality", "Cernusco sul Naviglio", "--outcome", "executed",
                 "--social-services", "no", "--date", "2026-10-05"]) == 0
    assert main([*data, "schedule", "--municipality", "015146", "--date", "2026-11-20"]) == 0
    assert main([*data, "outcome", "--municipality", "Atlantide", "--outcome", "executed"]) == 2
    assert "Atlantide" in capsys.readouterr().err
    with ctx.sessions() as session:
        row = session.scalars(select(AccessOutcome)).one()
        assert (row.istat_code, row.outcome, row.social_services, row.day) == ("015070", "executed", "no",
                                                                               date(2026, 10, 5))
        assert session.scalar(select(ScheduledAccess.access_day)) == date(2026, 11, 20)
    out = tmp_path / "report.xlsx"
    assert main([*data, "export", "--period", "2026-10", "--level", "ambito", "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb["Riepilogo"]["B5"].value == "Ambito"
    assert wb["Riepilogo"]["B7"].value in (0, 3, 4, 5, 6)  # one outcome: never shown as 1 or 2
    assert main([*data, "export", "--period", "2026-14", "--out", str(out)]) == 2
    assert "Formati ammessi" in capsys.readouterr().err
    # A window, or a period not over yet, is refused in plain Italian (two of them could be subtracted).
    assert main([*data, "export", "--period", "2026-10-01..2026-10-15", "--out", str(out)]) == 2
    assert "non esportabile" in capsys.readouterr().err
    assert main([*data, "export", "--period", "2099-01", "--out", str(out)]) == 2
    assert "non è ancora concluso" in capsys.readouterr().err
