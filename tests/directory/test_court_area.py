"""Legal aid by court: the territory's court assignment picks the Ordine degli Avvocati's desk (M7, issue 11).

The demo directory has one legal-aid desk per court (Milano, Monza, Lodi, Busto Arsizio), scoped to the
court's area; ``comuni_mi.csv`` says which court each municipality belongs to, "?" meaning unverified.
"""

from __future__ import annotations

import pytest

from app.directory.importer import apply_preview, preview_file
from app.directory.resolve import referents_for
from app.directory.snapshot import export_snapshot, validate_snapshot
from app.directory.store import DirectoryDataError, Known, check_entry
from app.territory import Territory


def legal_aid(ctx, place: str):
    with ctx.sessions() as session:
        territory = Territory.load(session)
        municipality = territory.find(place)
        found = [r for r in referents_for(session, territory, municipality.istat_code)
                 if r.service_kind == "legal_aid"]
    return municipality, found


@pytest.mark.parametrize(("place", "court", "verified"), [
    ("Milano", "Milano", True), ("Cinisello Balsamo", "Monza", True), ("Bresso", "Monza", False),
    ("Carpiano", "Lodi", True), ("Legnano", "Busto Arsizio", False), ("Rho", "Milano", False),
])
def test_each_municipality_gets_the_desk_of_its_court(ctx, place, court, verified):
    municipality, found = legal_aid(ctx, place)
    assert (municipality.tribunale, municipality.tribunale_verified) == (court, verified)
    assert [r.institution for r in found] == [f"Ordine degli Avvocati di {court}"]
    assert found[0].scope_level == "tribunale" and found[0].area_verified is verified


def test_a_court_entry_is_checked_against_the_territory(ctx):
    with ctx.sessions() as session:
        known = Known.from_session(session)
    assert known.courts == {"Milano", "Monza", "Lodi", "Busto Arsizio"}
    base = {"institution": "Ordine degli Avvocati di Pavia", "service": "Patrocinio", "kind": "legal_aid",
            "name": "Sportello", "scope_level": "tribunale"}
    assert check_entry({**base, "tribunali": []}, known)[1]["tribunali"].startswith("indicare almeno un tribunale")
    assert "tribunale sconosciuto: «Pavia»" in check_entry({**base, "tribunali": ["Pavia"]}, known)[1]["tribunali"]
    clean, errors = check_entry({**base, "tribunali": ["Lodi"], "municipalities": ["015146"]}, known)
    assert not errors and clean["tribunali"] == ["Lodi"] and clean["municipalities"] == []
    with ctx.sessions() as session:
        snapshot = export_snapshot(session)
    entry = next(e for e in snapshot["referents"] if e["scope_level"] == "tribunale")
    entry["tribunali"] = ["Pavia"]
    with pytest.raises(DirectoryDataError, match="tribunale sconosciuto"):
        validate_snapshot(snapshot, known)


def test_import_reads_a_court_column(ctx, tmp_path):
    path = tmp_path / "ordini.csv"
    path.write_text("Ente;Servizio;Referente;Telefono;Livello;Tribunale\n"
                    "Ordine degli Avvocati di Lodi;Sportello patrocinio;Sportello Lodi bis;02 0000 5101;"
                    "Circondario del tribunale;Tribunale di Lodi\n"
                    "Ordine degli Avvocati di Pavia;Sportello patrocinio;Sportello Pavia;02 0000 5102;"
                    "tribunale;Pavia\n", encoding="utf-8")
    with ctx.sessions() as session:
        preview = preview_file(session, path)
        lodi, pavia = preview.rows
        assert lodi.status == "added" and lodi.data["scope_level"] == "tribunale" and lodi.data["tribunali"] == ["Lodi"]
        assert pavia.status == "rejected" and "tribunale sconosciuto: «Pavia»" in pavia.reasons[0]
        apply_preview(session, preview, "tester", skip_rejected=True)
        session.commit()
    _, found = legal_aid(ctx, "Carpiano")
    assert sorted(r.name for r in found) == ["Referente DEMO Sportello legale Lodi", "Sportello Lodi bis"]
