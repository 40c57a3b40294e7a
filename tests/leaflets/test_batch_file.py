"""``pack --batch``: tomorrow's round from a CSV in one process, one PDF, one delivery per pack (issue 18).

The file is read as Excel writes it (";" columns, a header, Windows line ends, Windows-1252 or UTF-8 with a
byte-order mark); a wrong line is named and nothing is written or recorded.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.leaflets.batch_file import MAX_PACKS, BatchFileError, parse_batch
from app.leaflets.pack import PackRequest
from app.stats.models import Delivery, DeliveryLanguage
from tests.cli import run_cli

ROUND = ("fase;comune;lingue;caratteri grandi;copie\r\n"
         "accesso;Milano;ar;no;1\r\n"
         "# la famiglia di via ... non va scritta qui: solo fase, comune e lingue\r\n"
         "\r\n"
         "precetto;Rho;bn+en;;\r\n"
         "diffida;015146;;sì;2\r\n")


def test_a_round_as_excel_writes_it():
    assert parse_batch("\ufeff" + ROUND) == [
        PackRequest("accesso", "Milano", ("ar",)),
        PackRequest("precetto", "Rho", ("bn", "en")),
        PackRequest("diffida", "015146", (), True, 2),
    ]
    assert parse_batch("Accesso,Rho,zh\nintimazione,Basiano") == [PackRequest("accesso", "Rho", ("zh_Hans",)),
                                                                  PackRequest("intimazione", "Basiano", ())]


@pytest.mark.parametrize(("text", "message"), [
    ("accesso;Milano;ar\nsfratto;Rho;\n", "riga 2: fase «sfratto» sconosciuta"),
    ("accesso;;ar\n", "riga 1: manca il comune"),
    ("accesso;Milano;klingon\n", "riga 1: lingua sconosciuta: «klingon»"),
    ("accesso;Milano;ar+bn+en\n", "riga 1: al massimo due lingue"),
    ("accesso;Milano;ar;forse\n", "riga 1: caratteri grandi: «forse»"),
    ("accesso;Milano;ar;no;0\n", "riga 1: copie: «0»"),
    ("accesso;Milano;ar;no;51\n", "riga 1: copie: «51»"),
    ("accesso\n", "riga 1: servono da 2 a 5 colonne"),
    ("accesso;Milano;ar;no;1;Mario Rossi\n", "riga 1: servono da 2 a 5 colonne"),
    ("fase;comune;lingue\n# nulla\n", "nessun foglio nel file"),
    ("accesso;Milano\n" * (MAX_PACKS + 1), f"più di {MAX_PACKS} fogli"),
])
def test_a_wrong_line_is_named(text, message):
    with pytest.raises(BatchFileError, match=message):
        parse_batch(text)


def _count(ctx, model=Delivery) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _run(ctx, *args: str):
    return run_cli("--data-dir", str(ctx.paths.data_dir), *args,
                   env={"RACCORDO_CONFIG": str(ctx.paths.machine_config_file)})


def test_pack_batch_writes_one_pdf_and_records_one_delivery_per_pack(ctx, tmp_path):
    source = tmp_path / "giro.csv"
    source.write_bytes(ROUND.encode("cp1252"))  # "CSV (delimitato dal separatore di elenco)", as Excel saves it
    out = tmp_path / "giro.pdf"
    before, languages_before = _count(ctx), _count(ctx, DeliveryLanguage)
    ran = _run(ctx, "pack", "--batch", str(source), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    assert "Lotto scritto" in ran.stdout and "3 fogli" in ran.stdout
    assert _count(ctx) == before + 3  # one per pack: the two copies of the diffida are one household
    assert _count(ctx, DeliveryLanguage) == languages_before + 2 + 3 + 1
    with ctx.sessions() as session:
        stages = sorted(session.scalars(select(Delivery.stage)).all())
    assert stages.count("accesso") >= 1 and stages.count("precetto") >= 1 and stages.count("diffida") >= 1
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(out.read_bytes())).pages]
    text = "\n".join(pages)
    assert "Milano" in text and "Rho" in text  # each pack for its own municipality
    # the packs in the file's order: the Milano accesso first, the Rho precetto later
    first_rho = next(i for i, page in enumerate(pages) if "Rho" in page)
    first_milano = next(i for i, page in enumerate(pages) if "Milano" in page)
    assert first_milano < first_rho


def test_a_wrong_batch_writes_and_records_nothing(ctx, tmp_path):
    source = tmp_path / "giro.csv"
    out = tmp_path / "giro.pdf"
    before = _count(ctx)
    source.write_text("accesso;Milano;ar\nprecetto;Atlantide;bn\n", encoding="utf-8")
    ran = _run(ctx, "pack", "--batch", str(source), "--out", str(out))
    assert ran.returncode == 1 and "Atlantide" in ran.stderr and "Traceback" not in ran.stderr
    source.write_text("accesso;Milano;ar\nsfratto;Rho\n", encoding="utf-8")
    ran = _run(ctx, "pack", "--batch", str(source), "--out", str(out))
    assert ran.returncode == 1 and f"{source}: riga 2" in ran.stderr
    source.write_bytes(b"accesso;Milano;ar\x00\n")
    ran = _run(ctx, "pack", "--batch", str(source), "--out", str(out))
    assert ran.returncode == 1 and "carattere di controllo" in ran.stderr
    ran = _run(ctx, "pack", "--batch", str(tmp_path / "assente.csv"), "--out", str(out))
    assert ran.returncode == 1 and "assente.csv: file non trovato" in ran.stderr
    ran = _run(ctx, "pack", "--batch", str(tmp_path), "--out", str(out))
    assert ran.returncode == 1 and "è una cartella" in ran.stderr
    ran = _run(ctx, "pack", "--batch", str(source), "--stage", "accesso", "--out", str(out))
    assert ran.returncode == 2 and "nel file" in ran.stderr
    assert not out.exists() and _count(ctx) == before
