from __future__ import annotations

import copy
import csv

import pytest

from app.paths import install_root
from app.territory import Territory, normalize
from app.territory.data import (
    TerritoryDataError,
    export_snapshot,
    read_shipped,
    replace_from_snapshot,
    validate_snapshot,
)

FOLDER = install_root() / "resources" / "territory"


@pytest.fixture
def territory(ctx) -> Territory:
    with ctx.sessions() as session:
        return Territory.load(session)


def test_counts_match_the_data_own_totals(territory):
    with open(FOLDER / "ambiti_mi.csv", encoding="utf-8") as fh:
        declared = {row["ambito"]: int(row["n_comuni"]) for row in csv.DictReader(fh)}
    assert len(territory) == 133 == sum(declared.values())
    assert {a.name for a in territory.ambiti} == set(declared)
    for ambito in territory.ambiti:
        assert len(territory.members(ambito.id)) == declared[ambito.name], ambito.name


def test_every_municipality_belongs_to_exactly_one_ambito(territory):
    seen = [m.istat_code for a in territory.ambiti for m in territory.members(a.id)]
    assert sorted(seen) == sorted(m.istat_code for m in territory.municipalities)
    assert all(len(m.istat_code) == 6 and m.istat_code.startswith("015") for m in territory.municipalities)


def test_confidence_is_kept_not_presented_as_fact(territory):
    milano = territory.find("Milano")
    assert milano.istat_code == "015146" and milano.ambito_verified
    abbiategrasso = territory.find("abbiategrasso")
    assert not abbiategrasso.ambito_verified  # INFERRED in the source data
    unverified = [m for m in territory.municipalities if not m.ambito_verified]
    assert 80 < len(unverified) < 133
    san_colombano = territory.find("San Colombano al Lambro")
    assert san_colombano.ambito_name.startswith("Lodi")


@pytest.mark.parametrize("query,expected", [
    ("cernusco", "Cernusco sul Naviglio"),
    ("CERNUSCO SUL NAVIGLIO", "Cernusco sul Naviglio"),
    ("cassano d'adda", "Cassano d'Adda"),
    ("Cassano d’Adda", "Cassano d'Adda"),
    ("15146", "Milano"),
    ("015146", "Milano"),
    ("sesto san giovanni", "Sesto San Giovanni"),
])
def test_find_by_name_any_case_and_accents_or_istat(territory, query, expected):
    assert territory.find(query).name == expected


def test_search_prefers_prefix_and_ignores_accents(territory):
    names = [m.name for m in territory.search("san")]
    assert names[0].startswith("San")
    assert "Cassina de' Pecchi" in [m.name for m in territory.search("pecchi")]
    assert territory.find("nowhere") is None
    assert normalize("  Città  d’Àrte ") == "citta d arte"


def test_validation_rejects_broken_data():
    good = read_shipped(FOLDER)
    validate_snapshot(good)
    bad = copy.deepcopy(good)
    bad["municipalities"][0]["ambito"] = "Atlantide"
    with pytest.raises(TerritoryDataError, match="Ambito sconosciuto"):
        validate_snapshot(bad)
    bad = copy.deepcopy(good)
    bad["municipalities"][1]["istat_code"] = bad["municipalities"][0]["istat_code"]
    with pytest.raises(TerritoryDataError, match="ripetuto"):
        validate_snapshot(bad)
    bad = copy.deepcopy(good)
    bad["municipalities"][0]["istat_code"] = "15A"
    with pytest.raises(TerritoryDataError, match="non valido"):
        validate_snapshot(bad)


def test_new_version_replaces_and_reports_changes(ctx):
    with ctx.sessions.begin() as session:
        snapshot = export_snapshot(session)
        snapshot["version"] = "2027.1"
        moved = next(m for m in snapshot["municipalities"] if m["name"] == "Abbiategrasso")
        moved["ambito_verified"] = True
        changes = replace_from_snapshot(session, snapshot)
    assert changes.changed == ["Abbiategrasso"] and not changes.added and not changes.removed
    with ctx.sessions() as session:
        assert Territory.load(session).find("Abbiategrasso").ambito_verified
        assert export_snapshot(session)["version"] == "2027.1"


def test_served_municipalities_default_all_and_report_typos(territory):
    everything, unknown = territory.served([])
    assert len(everything) == 133 and unknown == []
    some, unknown = territory.served(["015146", "Cernusco sul Naviglio", "rho", "Atlantide"])
    assert [m.name for m in some] == ["Cernusco sul Naviglio", "Milano", "Rho"]
    assert unknown == ["Atlantide"]
