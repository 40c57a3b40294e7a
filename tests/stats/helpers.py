"""Test data: random but reproducible events inserted in bulk, and LibreOffice read-back."""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import uuid
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from app.leaflets.languages import codes as language_codes
from app.stats.models import AccessOutcome, Delivery, DeliveryLanguage, ScheduledAccess
from app.stats.vocab import CAUSES, DELIVERY_MODES, OUTCOMES, SOCIAL_SERVICES, STAGES
from app.territory.models import Municipality


def seed_events(session, *, deliveries: int, start: date, days: int, seed: int = 1, outcomes: int = 0,
                scheduled: int = 0, codes: list[str] | None = None) -> None:
    """Insert events with a skewed spread over municipalities, so that small cells occur."""
    rng = random.Random(seed)
    codes = codes or sorted(session.scalars(select(Municipality.istat_code)))
    weights = [1 / (i + 1) for i in range(len(codes))]
    stamp = datetime(2020, 1, 1)
    rows, langs = [], []
    for _ in range(deliveries):
        event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        code = rng.choices(codes, weights)[0]
        day = start + timedelta(days=rng.randrange(days))
        rows.append({"id": event_id, "day": day, "recorded_at": stamp, "stage": rng.choice(STAGES),
                     "istat_code": code, "mode": rng.choice(DELIVERY_MODES), "cause": rng.choice(CAUSES),
                     "workstation": "0123456789ab"})
        for lang in {"it", rng.choice(language_codes())}:
            langs.append({"delivery_id": event_id, "language": lang, "day": day, "istat_code": code})
    if rows:
        session.execute(insert(Delivery), rows)
        session.execute(insert(DeliveryLanguage), langs)
    out = [{"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "day": start + timedelta(days=rng.randrange(days)),
            "recorded_at": stamp, "istat_code": rng.choices(codes, weights)[0], "outcome": rng.choice(OUTCOMES),
            "social_services": rng.choice(SOCIAL_SERVICES), "workstation": "0123456789ab"} for _ in range(outcomes)]
    if out:
        session.execute(insert(AccessOutcome), out)
    later = start + timedelta(days=days)
    sched = [{"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
              "access_day": later + timedelta(days=rng.randrange(100)), "recorded_at": stamp,
              "istat_code": rng.choices(codes, weights)[0], "workstation": "0123456789ab"} for _ in range(scheduled)]
    if sched:
        session.execute(insert(ScheduledAccess), sched)


def soffice() -> str:
    """The LibreOffice binary; in CI its absence fails, locally it skips loudly."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    message = "LibreOffice (soffice) not found: spreadsheet read-back SKIPPED. Install libreoffice-calc-nogui."
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    print(f"\n*** {message} ***\n", file=sys.stderr)
    pytest.skip(message)


def libreoffice_sheets(xlsx: Path, workdir: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice computes and exports it (CSV, raw values, one file per sheet)."""
    binary = soffice()
    out = workdir / "lo-csv"
    out.mkdir(parents=True, exist_ok=True)
    profile = workdir / "lo-profile"
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                             f"csv:Text - txt - csv (StarCalc):{options}", "--outdir", str(out), str(xlsx)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            sheets[path.stem.removeprefix(f"{xlsx.stem}-")] = list(csv.reader(fh))
    assert sheets, f"LibreOffice wrote nothing: {result.stdout} {result.stderr}"
    return sheets
