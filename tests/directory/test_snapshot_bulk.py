"""The fast paths of sync's directory replace: E.164 phones, ISO dates, cached checks and bulk Core writes.

Each shortcut must give exactly the answer of the slow path it replaces.
"""

from __future__ import annotations

import copy
from datetime import date

import phonenumbers
import pytest
from sqlalchemy import func, select

from app.directory import snapshot
from app.directory.contacts import ContactError, _italian_e164, normalize_phone
from app.directory.models import Referent, Revision, Scope, Service
from app.directory.snapshot import DirectoryDataError, export_snapshot, replace_from_snapshot, validate_snapshot
from app.directory.store import Known, check_entry, history


def _full_parse(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "IT")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, "IT"):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@pytest.mark.parametrize("raw", ["+390288451234", "+393331234567", "+39800123456", "+390612345678",
                                 "+39020000", "+390020000123", "+3900288451234", "+393", "+39123"])
def test_e164_shortcut_agrees_with_the_full_parser(raw):
    fast = _italian_e164(raw)
    full = _full_parse(raw)
    assert fast is None or fast == full == raw
    if full == raw:
        assert fast == raw


def test_already_normalized_and_bad_phones_give_the_same_results():
    assert normalize_phone("+390288451234") == "+390288451234" == normalize_phone("02 8845 1234")
    with pytest.raises(ContactError, match="numero di telefono non valido"):
        normalize_phone("+3912")


def test_iso_and_italian_dates_and_bad_dates():
    clean, errors = check_entry({"valid_from": "2024-01-05", "valid_to": "05/02/2024", "last_verified": "2024-02-30"})
    assert clean["valid_from"] == date(2024, 1, 5) and clean["valid_to"] == date(2024, 2, 5)
    assert clean["last_verified"] is None
    assert errors["last_verified"] == "data di verifica non valida: «2024-02-30» (usare GG/MM/AAAA)"


def test_a_repeated_check_still_checks_the_territory(ctx, known):
    with ctx.sessions() as session:
        data = export_snapshot(session)
    entry = next(r for r in data["referents"] if r["scope_level"] == "municipality")
    validate_snapshot(data, known)
    smaller = Known(known.codes - set(entry["municipalities"]), known.ambiti)
    with pytest.raises(DirectoryDataError, match="codice ISTAT sconosciuto"):
        validate_snapshot(data, smaller)
    validate_snapshot(copy.deepcopy(data))  # form only: the territory is not known here
    with pytest.raises(DirectoryDataError, match="codice ISTAT sconosciuto"):
        validate_snapshot(data, smaller)
    form = copy.deepcopy(data)
    next(r for r in form["referents"] if r["uid"] == entry["uid"])["municipalities"] = ["15146x"]
    with pytest.raises(DirectoryDataError, match="codice ISTAT non valido"):
        validate_snapshot(form)


def test_checked_entries_are_copies(ctx, known):
    with ctx.sessions() as session:
        data = export_snapshot(session)
    raw = data["referents"][0]
    first, _ = snapshot._check(raw, known)
    first["name"] = "modificato"
    first["phones"].append("+390200000000")
    first["hours"][0]["days"].append(6)
    again, errors = snapshot._check(raw, known)
    assert not errors and again["name"] == raw["name"] and again["phones"] == raw["phones"]
    assert again["hours"] == raw["hours"]


def _many(data: dict, count: int) -> dict:
    template = next(r for r in data["referents"] if r["scope_level"] == "municipality")
    referents = []
    for i in range(count):
        entry = copy.deepcopy(template)
        entry.update(uid=f"bulk-{i:04d}", name=f"Referente DEMO Massivo {i:04d}", phones=[f"+3902{30000000 + i}"])
        referents.append(entry)
    return dict(data, referents=referents, version="bulk-1")


def test_bulk_replace_over_several_chunks_keeps_history_scopes_and_the_report(ctx):
    with ctx.sessions() as session:
        data = export_snapshot(session)
        old_uids = {r["uid"] for r in data["referents"]}
    big = _many(data, 1200)  # more than two IN (...) chunks
    with ctx.sessions.begin() as session:
        stale = session.scalar(select(Referent).where(Referent.uid == data["referents"][1]["uid"]))
        stale_id = stale.id
        changes = replace_from_snapshot(session, big, user="editore")
        assert changes.added == [f"{r['name']} ({r['institution']}, {r['service']})" for r in big["referents"]]
        assert len(changes.removed) == len(old_uids) and not changes.changed
        assert session.scalar(select(func.count(Referent.id))) == 1200
        assert session.get(Referent, stale_id) is None  # removed with Core; the loaded object is not trusted
    edited = copy.deepcopy(big)
    edited["referents"][700]["role"] = "Nuovo ruolo"
    edited["referents"][5]["municipalities"] = []
    edited["referents"][5]["scope_level"] = "metro"
    del edited["referents"][1100:]
    with ctx.sessions.begin() as session:
        changes = replace_from_snapshot(session, edited, user="altro")
    assert len(changes.changed) == 2 and len(changes.removed) == 100 and not changes.added
    with ctx.sessions() as session:
        assert export_snapshot(session)["referents"] == sorted(
            edited["referents"], key=lambda d: (d["institution"], d["service"], d["name"], d["uid"]))
        assert session.scalar(select(func.count(Scope.id)).join(Referent).where(Referent.uid == "bulk-0005")) == 0
        revisions = history(session, "bulk-0700")
        assert [(r.action, r.user) for r in revisions] == [("sync", "altro"), ("sync", "editore")]
        assert revisions[0].data["role"] == "Nuovo ruolo" and revisions[0].at is not None
        gone = history(session, "bulk-1150")
        assert [(r.action, r.user) for r in gone] == [("remove", "altro"), ("sync", "editore")]
        assert gone[0].data["name"] == "Referente DEMO Massivo 1150"
        for uid in old_uids:
            assert history(session, uid)[0].action == "remove"
        assert {(s.institution.name, s.name) for s in session.scalars(select(Service))} == \
            {(s["institution"], s["name"]) for s in data["services"]}
        count = session.scalar(select(func.count(Revision.id)))
    with ctx.sessions.begin() as session:
        assert not replace_from_snapshot(session, edited)
    with ctx.sessions() as session:
        assert session.scalar(select(func.count(Revision.id))) == count


def test_a_validated_directory_applies_like_the_raw_snapshot_and_rechecks_the_territory(ctx, tmp_path):
    from tests.conftest import make_context

    with ctx.sessions() as session:
        data = export_snapshot(session)
    big = _many(data, 300)
    twin = make_context(tmp_path / "twin")
    try:
        from app.bootstrap import prepare_database

        prepare_database(twin)
        with ctx.sessions.begin() as session:
            from_raw = replace_from_snapshot(session, copy.deepcopy(big), user="editore")
        validated = validate_snapshot(copy.deepcopy(big))
        with twin.sessions.begin() as session:
            from_validated = replace_from_snapshot(session, validated, user="editore")
        assert from_validated == from_raw and len(from_raw.added) == 300
        with ctx.sessions() as a, twin.sessions() as b:
            assert export_snapshot(a) == export_snapshot(b)
            assert [(r.action, r.data) for r in history(a, "bulk-0007")] == \
                [(r.action, r.data) for r in history(b, "bulk-0007")]
    finally:
        twin.dispose()
    # Well-formed but not in this territory: the form-only validation passes, the apply refuses like the raw path.
    stranger = copy.deepcopy(big)
    stranger["referents"][42]["municipalities"] = ["999999"]
    stranger["version"] = "bulk-2"
    validated = validate_snapshot(stranger)
    for offered in (validated, stranger):
        with ctx.sessions() as session:
            with pytest.raises(DirectoryDataError) as refused:
                replace_from_snapshot(session, offered)
            session.rollback()
            assert str(refused.value) == "Referente DEMO Massivo 0042: codice ISTAT sconosciuto: 999999"
            assert session.scalar(select(func.count(Referent.id))) == 300


def test_bulk_rows_are_stored_exactly_as_the_orm_stores_them(ctx):
    from app.directory.store import save_entry

    with ctx.sessions() as session:
        data = export_snapshot(session)
    big = _many(data, 3)
    big["referents"][1].update(hours=[{"days": [0, 2], "from": "09:00", "to": "12:30"}], languages=["en", "it"],
                               pecs=["ufficio@pec.esempio.invalid"], valid_to="2031-12-31",
                               role="Servizio «prova» àèì", retired=True)
    with ctx.sessions.begin() as session:
        replace_from_snapshot(session, big)
    with ctx.sessions.begin() as session:
        save_entry(session, dict(big["referents"][1], uid="orm-copy"), "editore")
    columns = "phones, emails, pecs, hours, languages, valid_from, valid_to, last_verified, is_demo, retired, role"
    with ctx.engine.connect() as conn:
        bulk, orm = (conn.exec_driver_sql(f"SELECT {columns}, updated_at FROM directory_referent WHERE uid = ?",
                                          (uid,)).one() for uid in ("bulk-0001", "orm-copy"))
        assert bulk[:-1] == orm[:-1] and isinstance(bulk[5], str) and isinstance(bulk[-1], str)
        assert len(bulk[-1]) == len(orm[-1]) and bulk[-1][10] == orm[-1][10]  # same DATETIME text layout
        revision = {uid: conn.exec_driver_sql("SELECT data, at FROM directory_revision WHERE referent_uid = ?",
                                              (uid,)).one() for uid in ("bulk-0001", "orm-copy")}
    assert revision["bulk-0001"][0] == revision["orm-copy"][0].replace('"orm-copy"', '"bulk-0001"')
    assert len(revision["bulk-0001"][1]) == len(revision["orm-copy"][1])


def test_remembered_emails_websites_dates_and_hours_answer_as_the_first_time():
    from app.directory.contacts import normalize_email, normalize_website

    for _ in range(2):
        assert normalize_email(" <Mario.Rossi@Esempio.IT> ") == "mario.rossi@esempio.it"
        with pytest.raises(ContactError, match="indirizzo PEC non valido: «x@pec»"):
            normalize_email("x@pec", "PEC")
        assert normalize_website("www.esempio.it") == "https://www.esempio.it"
        with pytest.raises(ContactError, match="sito web non valido"):
            normalize_website("non un sito")
    entry = {"hours": [{"days": [2, 0], "from": "09:00", "to": "12:00"}], "valid_from": "2024-01-05",
             "valid_to": "2024-02-30"}
    first, first_errors = check_entry(entry)
    first["hours"][0]["days"].append(6)
    first["hours"].append({"days": [1], "from": "14:00", "to": "15:00"})
    again, errors = check_entry(entry)
    assert again["hours"] == [{"days": [0, 2], "from": "09:00", "to": "12:00"}]
    assert again["valid_from"] == date(2024, 1, 5) and errors["valid_to"] == first_errors["valid_to"]
    wrong = {"hours": [{"days": [0], "from": "12:00", "to": "09:00"}]}
    for _ in range(2):
        assert check_entry(wrong)[1]["hours"] == "fascia oraria non valida: 12:00-09:00"
    assert check_entry({"hours": [{"days": [[0]], "from": "09:00", "to": "12:00"}]})[1]["hours"] == \
        "orari non validi"


def test_snapshot_phones_in_e164_are_taken_by_form_others_are_parsed(ctx):
    from app.directory.contacts import published_phone

    # A number this station's phone metadata does not know (say, a range opened after its release) is still
    # applied as the publisher stored it: re-judging it here would refuse the whole directory.
    with pytest.raises(ContactError):
        normalize_phone("+3912345678")
    assert published_phone("+3912345678") == "+3912345678"
    assert published_phone("02 8845 1234") == "+390288451234"  # not E.164: parsed and checked in full
    assert published_phone("+39 02 8845 1234") == "+390288451234"
    for bad in ("12", "+39 12 345 678", "+0288451234", "+39123", "chiamare Mario"):
        with pytest.raises(ContactError, match="numero di telefono non valido"):
            published_phone(bad)
    with ctx.sessions() as session:
        data = export_snapshot(session)
    data["referents"][0]["phones"] = ["+3912345678"]
    assert validate_snapshot(data).entries[0]["phones"] == ["+3912345678"]
    data["referents"][0]["phones"] = ["12"]
    with pytest.raises(DirectoryDataError, match="numero di telefono non valido"):
        validate_snapshot(data)


def test_list_fields_drop_blanks_and_repeats_whatever_their_form_and_however_often_seen():
    raw = {"uid": "x", "institution": "Comune", "name": "Sportello", "kind": "social_services",
           "scope_level": "municipality", "municipalities": ["  ", 15146, "015146", " 15146 "],
           "languages": [" AR", "ar", "", " ", "it"], "ambiti": ["  "]}
    for _ in range(2):  # the second time from the remembered answer, which must be a fresh list
        clean, errors = check_entry(raw)
        assert not errors
        assert clean["municipalities"] == ["015146"] and clean["languages"] == ["ar", "it"]
        assert clean["ambiti"] == []
        clean["languages"].append("zz")


@pytest.mark.postgres
def test_bulk_writes_on_postgresql_store_what_the_orm_stores_and_update_every_changed_row(tmp_path, pg_url):
    """The bulk writer's Core INSERT and UPDATE executemany on the shared database (psycopg): JSON, dates and
    flags as the ORM writes them, a changed entry rewritten in place (same row id), a removed one gone."""
    from sqlalchemy import text

    from app.bootstrap import prepare_database
    from app.directory.store import save_entry
    from tests.conftest import make_context

    ctx = make_context(tmp_path, db_url=pg_url)
    try:
        prepare_database(ctx)
        with ctx.sessions() as session:
            big = _many(export_snapshot(session), 700)  # two IN (...) chunks of ids
        big["referents"][1].update(hours=[{"days": [0, 2], "from": "09:00", "to": "12:30"}], languages=["en", "it"],
                                   pecs=["ufficio@pec.esempio.invalid"], valid_to="2031-12-31",
                                   role="Servizio «prova» àèì", retired=True)
        with ctx.sessions.begin() as session:
            assert len(replace_from_snapshot(session, big).added) == 700
        with ctx.sessions.begin() as session:
            save_entry(session, dict(big["referents"][1], uid="orm-copy"), "editore")
        columns = "phones, emails, pecs, hours, languages, valid_from, valid_to, last_verified, is_demo, retired, role"
        query = text(f"SELECT id, {columns} FROM directory_referent WHERE uid = :uid")
        with ctx.engine.connect() as conn:
            bulk, orm = (conn.execute(query, {"uid": uid}).one() for uid in ("bulk-0001", "orm-copy"))
        assert bulk[1:] == orm[1:]
        edited = copy.deepcopy(big)
        edited["referents"][1]["role"] = "Ruolo cambiato"
        edited["referents"][650]["phones"] = ["+390299999999"]
        del edited["referents"][690:]
        with ctx.sessions.begin() as session:
            changes = replace_from_snapshot(session, edited, user="altro")
        assert len(changes.changed) == 2 and len(changes.removed) == 10 + 1 and not changes.added  # + orm-copy
        with ctx.engine.connect() as conn:
            again = conn.execute(query, {"uid": "bulk-0001"}).one()
            assert again[0] == bulk[0] and again[-1] == "Ruolo cambiato"
            assert conn.execute(text("SELECT phones FROM directory_referent WHERE uid = 'bulk-0650'")).scalar() \
                == ["+390299999999"]
            assert conn.execute(text("SELECT count(*) FROM directory_referent")).scalar() == 690
        with ctx.sessions() as session:
            assert [(r.action, r.user) for r in history(session, "bulk-0001")] == [("sync", "altro"),
                                                                                  ("sync", "sincronizzazione")]
            assert export_snapshot(session)["referents"] == sorted(
                edited["referents"], key=lambda d: (d["institution"], d["service"], d["name"], d["uid"]))
    finally:
        ctx.dispose()
