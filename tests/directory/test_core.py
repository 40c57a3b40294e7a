"""Contacts, hours, kinds, editing with revisions, the CLI, the migration on SQLite and PostgreSQL, the self-test."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect

from app.directory.contacts import ContactError, display_phone, normalize_email, split_emails, split_phones
from app.directory.hours import format_hours, parse_hours
from app.directory.kinds import guess_kind
from app.directory.resolve import directory_version, referents_for
from app.directory.snapshot import export_snapshot, replace_from_snapshot
from app.directory.store import DirectoryDataError, check_entry, history, save_entry, set_retired
from app.territory import Territory
from tests.cli import run_cli
from tests.conftest import make_context


@pytest.mark.parametrize(("cell", "expected"), [
    ("02 8845 1234", ["+390288451234"]),
    ("02-88451234", ["+390288451234"]),
    (288451234.0, ["+390288451234"]),          # a spreadsheet float lost the leading zero
    (3331234567, ["+393331234567"]),           # a mobile stored as a number
    ("02 8845 1234 / 333 123 4567", ["+390288451234", "+393331234567"]),
    ("02 8845 1234; 02 8845 1234", ["+390288451234"]),
    ("+44 20 7946 0958", ["+442079460958"]),
    ("", []),
    (None, []),
])
def test_phones_are_parsed_and_stored_e164(cell, expected):
    assert split_phones(cell) == expected


def test_phones_are_shown_in_italian_national_format_and_bad_ones_refused():
    assert display_phone("+390288451234") == "02 8845 1234"
    assert display_phone("+393331234567") == "333 123 4567"
    assert display_phone("+442079460958").startswith("+44 20")
    for bad in ("12", "abc", "02 12"):
        with pytest.raises(ContactError, match="numero di telefono non valido"):
            split_phones(bad)


def test_emails_and_pec():
    assert normalize_email(" Mario.Rossi@Comune.Milano.it ") == "mario.rossi@comune.milano.it"
    assert split_emails("a@esempio.invalid; b@esempio.invalid , a@esempio.invalid") == ["a@esempio.invalid",
                                                                                         "b@esempio.invalid"]
    for bad in ("a@b", "a b@c.it", "@c.it", "a@@c.it"):
        with pytest.raises(ContactError, match="non valido"):
            normalize_email(bad, "PEC")


@pytest.mark.parametrize(("text", "shown"), [
    ("lun-ven 9:00-12:00", "lun-ven 9:00-12:00"),
    ("Dal lunedì al venerdì dalle 9.00 alle 12.30", "lun-ven 9:00-12:30"),
    ("mar e gio 14-16; lun 9-12", "lun 9:00-12:00; mar, gio 14:00-16:00"),
    ("lunedì, mercoledì 9:00-12:00 e 14:00-16:00", "lun, mer 9:00-12:00, 14:00-16:00"),
    ("Lun–Ven ore 9-12,30", "lun-ven 9:00-12:30"),
])
def test_hours_are_read_from_italian_text_and_written_back(text, shown):
    slots, leftover = parse_hours(text)
    assert leftover == ""
    assert format_hours(slots) == shown
    assert parse_hours(shown)[0] == slots  # written text reads back the same


def test_hours_not_understood_are_kept_as_note():
    slots, leftover = parse_hours("lun-ven 9-12; su appuntamento il pomeriggio")
    assert slots == [{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:00"}]
    assert leftover == "su appuntamento il pomeriggio"
    assert format_hours(slots, leftover) == "lun-ven 9:00-12:00 (su appuntamento il pomeriggio)"
    assert parse_hours("ore 25-26") == ([], "ore 25-26")


def test_kinds_from_common_wording():
    assert guess_kind("Servizi Sociali") == "social_services"
    assert guess_kind("Emergenza abitativa") == "housing_emergency"
    assert guess_kind("Ufficio Casa") == "housing_office"
    assert guess_kind("Sportello patrocinio gratuito") == "legal_aid"
    assert guess_kind("UNEP") == "unep"
    assert guess_kind("legal_aid") == "legal_aid"
    assert guess_kind("Meteo") is None


def test_check_entry_reports_each_field_in_italian(known):
    clean, errors = check_entry({"institution": "", "name": "", "kind": "x", "scope_level": "ambito",
                                 "phones": ["1"], "valid_from": "2026-02-01", "valid_to": "01/01/2026",
                                 "languages": ["italiano"]}, known)
    assert errors["institution"] == "manca l'ente"
    assert errors["kind"].startswith("tipo di servizio sconosciuto")
    assert errors["ambiti"] == "indicare almeno un Ambito"
    assert errors["phones"].startswith("numero di telefono non valido")
    assert errors["valid_to"] == "la fine della validità precede l'inizio"
    assert errors["languages"].startswith("codice di lingua non valido")


def test_edit_retire_restore_keep_history_and_bump_version(ctx):
    with ctx.sessions.begin() as session:
        v0 = directory_version(session)
        row = save_entry(session, {"institution": "Comune di Melzo", "service": "Servizi sociali",
                                   "kind": "social_services", "name": "Referente DEMO Melzo",
                                   "phones": ["02 0000 9301"], "scope_level": "municipality",
                                   "municipalities": ["015142"]}, "anna")
        uid = row.uid
    with ctx.sessions() as session:
        v1 = directory_version(session)
        territory = Territory.load(session)
        assert v1 != v0
        assert "Referente DEMO Melzo" in [r.name for r in referents_for(session, territory, "015142")]
    with ctx.sessions.begin() as session:
        data = export_snapshot(session)["referents"]
        entry = next(e for e in data if e["uid"] == uid)
        save_entry(session, {**entry, "phones": ["02 0000 9302"]}, "bruno")
        save_entry(session, {**entry, "phones": ["02 0000 9302"]}, "bruno")  # no change: no revision
        set_retired(session, uid, "carla")
    with ctx.sessions() as session:
        assert "Referente DEMO Melzo" not in [r.name for r in referents_for(session, territory, "015142")]
        revisions = history(session, uid)
        assert [(r.action, r.user) for r in revisions] == [("retire", "carla"), ("edit", "bruno"), ("create", "anna")]
        assert revisions[1].data["phones"] == ["+390200009302"]
    with ctx.sessions.begin() as session:
        set_retired(session, uid, "carla", retired=False)
    with ctx.sessions() as session:
        assert "Referente DEMO Melzo" in [r.name for r in referents_for(session, territory, "015142")]
        with pytest.raises(DirectoryDataError, match="codice ISTAT sconosciuto"):
            save_entry(session, {**entry, "municipalities": ["015000"]}, "x")


def test_referents_for_respects_the_date(ctx):
    with ctx.sessions.begin() as session:
        save_entry(session, {"institution": "Comune di Basiano", "service": "Servizi sociali",
                             "kind": "social_services", "name": "Referente DEMO Basiano 2027",
                             "scope_level": "municipality", "municipalities": ["015014"],
                             "valid_from": date(2027, 1, 1)}, "x")
    with ctx.sessions() as session:
        territory = Territory.load(session)
        now = {r.name for r in referents_for(session, territory, "015014", date(2026, 12, 31))}
        later = {r.name for r in referents_for(session, territory, "015014", date(2027, 1, 1))}
        with pytest.raises(LookupError):
            referents_for(session, territory, "999999")
    assert "Referente DEMO Basiano 2027" not in now and "Referente DEMO Servizi sociali Adda Martesana" in now
    assert "Referente DEMO Basiano 2027" in later and "Referente DEMO Servizi sociali Adda Martesana" not in later


def directory_cli(ctx, *args):
    return run_cli("--data-dir", str(ctx.paths.data_dir), "directory", *args)


def test_cli_for_accepts_any_case_accents_or_istat_code(ctx):
    by_name = directory_cli(ctx, "for", "CASSANO D’ADDA")
    assert by_name.returncode == 0, by_name.stderr
    assert by_name.stdout.startswith("Cassano d'Adda (015059), Ambito Adda Martesana")
    assert "Referente DEMO Servizi sociali Adda Martesana" in by_name.stdout
    assert "Tel. 02 0000" in by_name.stdout
    by_code = directory_cli(ctx, "for", "15059")
    assert by_code.stdout == by_name.stdout
    unknown = directory_cli(ctx, "for", "Atlantide")
    assert unknown.returncode == 2 and "comune non trovato" in unknown.stderr


def test_cli_exports_every_format(ctx, tmp_path):
    for fmt, name in (("xlsx", "r.xlsx"), ("html", "r.html"), ("hsds", "r.json")):
        out = tmp_path / name
        result = directory_cli(ctx, "export", "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000
        assert "Esportate" in result.stdout


def test_migration_creates_the_directory_tables(ctx):
    tables = set(inspect(ctx.engine).get_table_names())
    assert {"directory_institution", "directory_service", "directory_referent", "directory_scope",
            "directory_revision"} <= tables


@pytest.mark.postgres
def test_postgresql_migration_seed_resolution_and_snapshot(tmp_path, pg_url):
    from app.bootstrap import prepare_database

    ctx = make_context(tmp_path, db_url=pg_url)
    try:
        result = prepare_database(ctx)
        assert "rubrica dimostrativa" in result.seeded
        with ctx.sessions() as session:
            territory = Territory.load(session)
            kinds = {r.service_kind: r.scope_level for r in referents_for(session, territory, "015070")}
            data = export_snapshot(session)
        assert kinds["social_services"] == "municipality" and kinds["housing_emergency"] == "ambito"
        with ctx.sessions.begin() as session:
            assert not replace_from_snapshot(session, data)
    finally:
        ctx.dispose()


def test_selftest_check(ctx):
    from app.directory.selftest import CHECKS

    name, check = CHECKS[0]
    assert name == "rubrica"
    assert "Milano" in check(ctx) and "Basiano" in check(ctx)
