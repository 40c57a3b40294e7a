"""Periods as typed by the supervisor, and the scripted commands."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import main
from app.stats.models import AccessOutcome, ScheduledAccess
from app.stats.period import PeriodError, parse_period


@pytest.mark.parametrize("text, start, end, title", [
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31), "ottobre 2026"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "febbraio 2024"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "4° trimestre 2026"),
    ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "1° trimestre 2026"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ("2026-01-15..2026-03-31", date(2026, 1, 15), date(2026, 3, 31), "dal 15/01/2026 al 31/03/2026"),
    ("2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 28), "dal 01/11/2025 al 28/02/2026"),
    ("2022..2025", date(2022, 1, 1), date(2025, 12, 31), "anni 2022-2025"),
])
def test_periods(text, start, end, title):
    period = parse_period(text)
    assert (period.start, period.end, period.title) == (start, end, title)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "ottobre", "2026-03..2026-01", "", "2026-10-40..2026-11"])
def test_bad_periods_say_what_is_accepted(text):
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert "Periodo" in str(info.value)


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
