"""Snapshot for sync and the demo directory: export, validate, replace (with history), seed."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from app.directory.demo import seed_if_empty
from app.directory.models import Referent, Revision
from app.directory.resolve import directory_version, referents_for
from app.directory.snapshot import DirectoryDataError, export_snapshot, replace_from_snapshot, validate_snapshot
from app.directory.store import history
from app.territory import Territory


def test_demo_is_loaded_on_first_start_and_covers_every_signatory_and_ambito(ctx):
    with ctx.sessions() as session:
        data = export_snapshot(session)
        territory = Territory.load(session)
        assert seed_if_empty(session, ctx) is False  # already seeded by prepare_database
    institutions = {i["name"] for i in data["institutions"]}
    for signatory in ("Prefettura di Milano", "Corte d'Appello di Milano", "Tribunale di Milano",
                      "UNEP presso la Corte d'Appello di Milano", "Città Metropolitana di Milano", "ANCI Lombardia",
                      "Comune di Milano", "Ordine degli Assistenti Sociali della Lombardia",
                      "Ordine degli Avvocati di Milano"):
        assert signatory in institutions
    covered = {a for r in data["referents"] for a in r["ambiti"]}
    assert covered | {"Milano"} == {a.name for a in territory.ambiti}
    assert all(r["is_demo"] and r["name"].startswith("Referente DEMO") for r in data["referents"])
    assert all(p.startswith(("+39020000", "+39333000")) for r in data["referents"] for p in r["phones"])
    assert all(e.endswith(".invalid") for r in data["referents"] for e in r["emails"] + r["pecs"])


def test_snapshot_is_json_and_replacing_with_itself_changes_nothing(ctx, known):
    with ctx.sessions.begin() as session:
        data = export_snapshot(session)
        version = directory_version(session)
        text = json.dumps(data)
        validate_snapshot(json.loads(text), known)
        changes = replace_from_snapshot(session, json.loads(text))
        assert not changes
        assert directory_version(session) == version


def test_replace_adds_changes_removes_and_keeps_history(ctx):
    with ctx.sessions.begin() as session:
        data = export_snapshot(session)
    edited = copy.deepcopy(data)
    edited["version"] = "pub-2"
    first, second = edited["referents"][0], edited["referents"][1]
    first["phones"] = ["+390200009999"]
    removed_uid = second["uid"]
    del edited["referents"][1]
    new = copy.deepcopy(first)
    new.update(uid="nuovo-1", name="Referente DEMO Nuovo", phones=["02 0000 8888"])
    edited["referents"].append(new)
    with ctx.sessions.begin() as session:
        changes = replace_from_snapshot(session, edited)
    assert changes.added == [f"Referente DEMO Nuovo ({first['institution']}, {first['service']})"]
    assert len(changes.changed) == 1 and first["name"] in changes.changed[0]
    assert len(changes.removed) == 1 and second["name"] in changes.removed[0]
    with ctx.sessions() as session:
        assert directory_version(session) == "pub-2"
        assert session.scalar(select(Referent).where(Referent.uid == removed_uid)) is None
        assert [r.action for r in history(session, removed_uid)] == ["remove", "sync"]
        revisions = history(session, first["uid"])
        assert [r.action for r in revisions] == ["sync", "sync"]
        assert revisions[0].data["phones"] == ["+390200009999"]
        assert revisions[1].data["phones"] == data["referents"][0]["phones"]
        again = export_snapshot(session)
    assert {r["uid"] for r in again["referents"]} == {r["uid"] for r in edited["referents"]}


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["referents"][0].update(phones=["12"]), "numero di telefono non valido"),
    (lambda d: d["referents"][0].update(emails=["not-an-email"]), "indirizzo e-mail non valido"),
    (lambda d: d["referents"][0].update(pecs=["x@pec"]), "indirizzo PEC non valido"),
    (lambda d: d["referents"][0].update(scope_level="municipality", municipalities=["015999"]),
     "codice ISTAT sconosciuto"),
    (lambda d: d["referents"][0].update(scope_level="ambito", ambiti=["Atlantide"]), "Ambito sconosciuto"),
    (lambda d: d["referents"][0].update(kind="weather"), "tipo di servizio sconosciuto"),
    (lambda d: d["referents"].append(dict(d["referents"][0])), "identificativo ripetuto"),
    (lambda d: d.pop("services"), "rubrica incompleta"),
    (lambda d: d.update(format="other"), "non sono una rubrica"),
])
def test_invalid_snapshots_are_refused_in_italian_and_nothing_changes(ctx, known, mutate, message):
    with ctx.sessions() as session:
        data = export_snapshot(session)
        count = session.scalar(select(func.count(Referent.id)))
        revisions = session.scalar(select(func.count(Revision.id)))
    mutate(data)
    with pytest.raises(DirectoryDataError, match=message):
        validate_snapshot(data, known)
    with ctx.sessions() as session:
        with pytest.raises(DirectoryDataError, match=message):
            replace_from_snapshot(session, data)
        session.rollback()
        assert session.scalar(select(func.count(Referent.id))) == count
        assert session.scalar(select(func.count(Revision.id))) == revisions


def test_fallback_visible_in_demo(ctx):
    with ctx.sessions() as session:
        territory = Territory.load(session)
        cernusco = {r.service_kind: r.scope_level for r in referents_for(session, territory, "015070")}
        basiano = {r.service_kind: r.scope_level for r in referents_for(session, territory, "015014")}
    assert cernusco["social_services"] == "municipality"
    assert cernusco["housing_emergency"] == "ambito"
    assert basiano["social_services"] == "ambito"
    assert basiano["housing_office"] == "metro"
    assert basiano["unep"] == "metro"
