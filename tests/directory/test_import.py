"""Importing the technical table's spreadsheets: messy real-world files, preview, all-or-nothing apply."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.directory.importer import ImportError_, ImportRefused, apply_preview, preview_file
from app.directory.models import Referent, Revision
from app.directory.resolve import directory_version, referents_for
from app.directory.store import all_entries
from app.territory import Territory
from tests.cli import run_cli


def messy_xlsx(path, extra_rows=()):
    wb = Workbook()
    ws = wb.active
    ws.append(["Rubrica referenti - Tavolo tecnico sfratti (bozza)"])
    ws.merge_cells("A1:J1")
    ws.append([])
    ws.append([None, None, None, None, "Contatti", None, None, None, "Territorio", None])
    ws.merge_cells("E3:G3")
    ws.append([" Ente ", "Servizio", "Nominativo", "Qualifica", "Telefono", "Cellulare", "E-mail", "Orari",
               "Comune", "Ambito", "Ultima verifica", "Colonna misteriosa"])
    ws.append(["Comune di Gorgonzola", "Servizi Sociali", "  Referente   Prova Uno ", "Assistente sociale",
               200005001.0, None, "Servizi.Sociali@Esempio.invalid ", "Lun-Ven 9.00-12.30", "gorgonzola", None,
               datetime(2026, 3, 1), None])
    ws.append([])
    ws.append(["Ambito Rhodense", "Emergenza abitativa", "Referente Prova Due", None,
               "02 0000 5002 / 02-0000-5003", 3330005002, "due@esempio.invalid; due.bis@esempio.invalid",
               "su appuntamento", None, "rhodense", "01/02/2026", None])
    ws.append(["Città Metropolitana di Milano", "Sportello legale", "Referente Prova Tre", None, "02 0000 5004",
               None, "tre@esempio.invalid", "mar e gio 14-16", None, "Città metropolitana", None, "nota a margine"])
    ws.append(["Comune di Rho", "Servizi sociali", "Referente Prova Quattro", None, "02 0000 5005", None,
               "quattro@esempio", None, "Rho", None, None, None])   # bad e-mail
    ws.append(["Comune di Atlantide", "Servizi sociali", "Referente Prova Cinque", None, "02 0000 5006", None,
               "cinque@esempio.invalid", None, "Atlantide", None, None, None])   # unknown municipality
    ws.append(["Comune di Gorgonzola", "Servizi sociali", "Referente Prova Uno", "Assistente sociale",
               "02 0000 5001", None, "servizi.sociali@esempio.invalid", None, "Gorgonzola", None, None, None])  # repeat
    ws.append(["Comune di Melzo", "Ufficio casa", "Referente Prova Sei", None, "12", None, None, None, "Melzo",
               None, None, None])   # bad phone
    ws.append(["Comune di Melzo", "Ufficio casa", "Referente Prova Sette", None, "02 0000 5007", None, None, None,
               "Melzo", "Rhodense", None, None])   # municipality not in that Ambito
    for row in extra_rows:
        ws.append(row)
    wb.save(path)
    return path


def test_messy_xlsx_preview_lists_every_row_with_a_status_and_reason(ctx, tmp_path):
    path = messy_xlsx(tmp_path / "referenti.xlsx")
    with ctx.sessions() as session:
        preview = preview_file(session, path)
    counts = preview.counts
    assert counts == {"added": 3, "changed": 0, "unchanged": 0, "rejected": 5}
    lines = {r.line: r for r in preview.rows}
    assert sorted(lines) == [5, 7, 8, 9, 10, 11, 12, 13]  # every non-empty data row, by spreadsheet line
    first = lines[5].data
    assert first["name"] == "Referente Prova Uno"
    assert first["phones"] == ["+390200005001"]  # float lost its leading zero
    assert first["emails"] == ["servizi.sociali@esempio.invalid"]
    assert first["hours"] == [{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:30"}]
    assert first["scope_level"] == "municipality" and first["municipalities"] == ["015108"]
    assert first["kind"] == "social_services"
    assert first["last_verified"] == date(2026, 3, 1)
    second = lines[7].data
    assert second["phones"] == ["+390200005002", "+390200005003", "+393330005002"]
    assert second["emails"] == ["due@esempio.invalid", "due.bis@esempio.invalid"]
    assert second["hours"] == [] and second["hours_note"] == "su appuntamento"  # kept, not dropped
    assert second["scope_level"] == "ambito" and second["ambiti"] == ["Rhodense"]
    assert second["kind"] == "housing_emergency"
    assert lines[8].data["scope_level"] == "metro" and lines[8].data["kind"] == "legal_aid"
    assert "indirizzo e-mail non valido" in lines[9].reasons[0]
    assert "comune sconosciuto" in lines[10].reasons[0]
    assert "voce ripetuta" in lines[11].reasons[0] and "5" in lines[11].reasons[0]
    assert "numero di telefono non valido" in lines[12].reasons[0]
    assert "non appartiene all'Ambito" in lines[13].reasons[0]
    assert any("Colonna misteriosa" in w for w in preview.warnings)
    assert any("riga 8" in w and "nota a margine" in w for w in preview.warnings)  # reported, not dropped


def test_apply_is_all_or_nothing_and_reimport_changes_nothing(ctx, tmp_path):
    path = messy_xlsx(tmp_path / "referenti.xlsx")
    with ctx.sessions() as session:
        before = session.scalar(select(func.count(Referent.id)))
        version = directory_version(session)
        preview = preview_file(session, path)
        with pytest.raises(ImportRefused, match="5 righe scartate"):
            apply_preview(session, preview, "tester")
        session.rollback()
        assert session.scalar(select(func.count(Referent.id))) == before
        assert directory_version(session) == version
        written = apply_preview(session, preview, "tester", skip_rejected=True)
        session.commit()
    assert written == 3
    with ctx.sessions() as session:
        assert session.scalar(select(func.count(Referent.id))) == before + 3
        assert directory_version(session) != version
        revisions = session.scalars(select(Revision).where(Revision.action == "import")).all()
        assert len(revisions) == 3 and {r.user for r in revisions} == {"tester"}
        territory = Territory.load(session)
        gorgonzola = referents_for(session, territory, "015108")
        assert [r.name for r in gorgonzola if r.service_kind == "social_services"] == ["Referente Prova Uno"]
        again = preview_file(session, path)
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 3, "rejected": 5}


def test_changed_rows_name_the_fields_and_missing_columns_keep_values(ctx, tmp_path):
    path = messy_xlsx(tmp_path / "a.xlsx")
    with ctx.sessions() as session:
        apply_preview(session, preview_file(session, path), "tester", skip_rejected=True)
        session.commit()
    wb = Workbook()
    ws = wb.active
    ws.append(["Ente", "Servizio", "Referente", "Telefono"])
    ws.append(["Comune di Gorgonzola", "Servizi Sociali", "Referente Prova Uno", "02 0000 5999"])
    wb.save(tmp_path / "b.xlsx")
    with ctx.sessions() as session:
        preview = preview_file(session, tmp_path / "b.xlsx")
        assert preview.counts["changed"] == 1
        assert preview.rows[0].reasons == ["telefoni"]
        apply_preview(session, preview, "tester")
        session.commit()
        entry = next(e for e in all_entries(session) if e["name"] == "Referente Prova Uno")
    assert entry["phones"] == ["+390200005999"]
    assert entry["emails"] == ["servizi.sociali@esempio.invalid"]  # the file had no e-mail column
    assert entry["municipalities"] == ["015108"]


def test_csv_in_windows_1252_with_semicolons(ctx, tmp_path):
    text = ("Ente;Servizio;Referente;Ruolo;Tel.;PEC;Comune;Orari;Lingue;Verificato il\r\n"
            "Comune di Cassano d'Adda;Servizi sociali;Referente Prova Città;Funzionario;02 0000 6001;"
            "protocollo@pec.esempio.invalid;CASSANO D’ADDA;lunedì 9-12;italiano, inglese;15/10/2026\r\n"
            ";;;;;;;;;\r\n"
            "Comune di Cassano d'Adda;Ufficio casa;Referente Prova Perché;;;;Cassano d'Adda;;;\r\n")
    path = tmp_path / "rubrica.csv"
    path.write_bytes(text.encode("cp1252"))
    with ctx.sessions() as session:
        preview = preview_file(session, path)
    assert preview.counts == {"added": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    data = preview.rows[0].data
    assert data["name"] == "Referente Prova Città"
    assert data["pecs"] == ["protocollo@pec.esempio.invalid"]
    assert data["municipalities"] == ["015059"]
    assert data["languages"] == ["en", "it"]
    assert data["hours"] == [{"days": [0], "from": "09:00", "to": "12:00"}]
    assert data["last_verified"] == date(2026, 10, 15)
    assert preview.rows[1].data["kind"] == "housing_office"


def test_utf8_csv_with_bom_and_commas(ctx, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\ufeffEnte,Servizio,Referente,Email,Ambito\n"
                    "ANCI Lombardia,Dipartimento welfare,Referente Prova Ünì,u@esempio.invalid,"
                    "\"Lodi (ATS Milano, ASST Lodi)\"\n", encoding="utf-8")
    with ctx.sessions() as session:
        preview = preview_file(session, path)
    assert preview.counts["added"] == 1
    assert preview.rows[0].data["ambiti"] == ["Lodi (ATS Milano, ASST Lodi)"]


def test_unreadable_files_are_refused_clearly(ctx, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    no_workbook = tmp_path / "w.xlsx"
    with __import__("zipfile").ZipFile(no_workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    headerless = tmp_path / "y.csv"
    headerless.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with ctx.sessions() as session:
        with pytest.raises(ImportError_, match="non è un foglio Excel"):
            preview_file(session, bad)
        with pytest.raises(ImportError_, match="non è un foglio Excel leggibile"):
            preview_file(session, no_workbook)
        with pytest.raises(ImportError_, match="intestazione non trovata"):
            preview_file(session, headerless)
        with pytest.raises(ImportError_, match="formato non supportato"):
            preview_file(session, tmp_path / "z.pdf")


def test_cli_import_previews_then_applies(ctx, tmp_path):
    path = messy_xlsx(tmp_path / "r.xlsx")
    base = ["--data-dir", str(ctx.paths.data_dir), "directory", "import", str(path)]
    preview = run_cli(*base)
    assert preview.returncode == 1, preview.stderr
    assert "Da aggiungere: 3" in preview.stdout and "Scartata: 5" in preview.stdout
    assert "riga 9: " in preview.stdout and "indirizzo e-mail non valido" in preview.stdout
    assert "nessuna modifica applicata" in preview.stdout
    refused = run_cli(*base, "--apply")
    assert refused.returncode == 1 and "righe scartate" in refused.stderr
    applied = run_cli(*base, "--apply", "--skip-rejected")
    assert applied.returncode == 0, applied.stderr
    assert "Applicate 3 modifiche" in applied.stdout
    with ctx.sessions() as session:
        assert session.scalar(select(func.count(Referent.id)).where(Referent.name.like("Referente Prova%"))) == 3


def _trimmed(rows):
    out = []
    for _line, cells in rows:
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def _renamed_parts(source, path):
    """``source`` rewritten with its workbook, shared strings and sheet under other names, as some generators
    write them: only the package's relationships and content types say where they are."""
    import zipfile

    names = {"xl/workbook.xml": "xl/book.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels",
             "xl/sharedStrings.xml": "xl/strings/shared.xml", "xl/worksheets/sheet1.xml": "xl/data/first.xml"}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename in ("[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"):
                text = data.decode("utf-8")
                for before, after in (("/xl/workbook.xml", "/xl/book.xml"), ("xl/workbook.xml", "xl/book.xml"),
                                      ("sharedStrings.xml", "strings/shared.xml"),
                                      ("worksheets/sheet1.xml", "data/first.xml")):
                    text = text.replace(before, after)
                data = text.encode("utf-8")
            new.writestr(names.get(item.filename, item.filename), data)
    return path


@pytest.mark.parametrize("source", ["messy", "export", "libreoffice", "renamed parts"])
def test_fast_xlsx_reader_reads_what_openpyxl_reads(ctx, tmp_path, source):
    from openpyxl import load_workbook

    from app.directory.export_xlsx import export_xlsx
    from app.directory.xlsx_reader import read_first_sheet

    if source == "messy":
        path = messy_xlsx(tmp_path / "m.xlsx")
    elif source == "export":
        path = tmp_path / "e.xlsx"
        with ctx.sessions() as session:
            export_xlsx(session, path)
    elif source == "libreoffice":
        path = FIXTURES / "libreoffice.xlsx"  # written by LibreOffice Calc from a csv, Italian locale
    else:
        path = _renamed_parts(messy_xlsx(tmp_path / "m.xlsx"), tmp_path / "renamed.xlsx")
    wb = load_workbook(path, read_only=True, data_only=True)
    expected = _trimmed(enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1))
    wb.close()
    assert _trimmed(read_first_sheet(path)) == expected


def test_libreoffice_file_previews(ctx):
    with ctx.sessions() as session:
        preview = preview_file(session, FIXTURES / "libreoffice.xlsx")
    assert preview.counts == {"added": 3, "changed": 0, "unchanged": 0, "rejected": 0}
    first, second, third = (r.data for r in preview.rows)
    assert first["phones"] == ["+390200007101"]  # Calc turned it into a number and dropped the 0
    assert first["last_verified"] == date(2026, 2, 3)
    assert second["phones"] == ["+390200007102", "+393330007102"]
    assert third["municipalities"] == ["015114"] and third["hours_note"] == "su appuntamento"
