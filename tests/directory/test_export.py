"""Exports: xlsx round trip, no formulas, HSDS validated against the official schemas, HTML checked."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.directory.export_hsds import export_hsds
from app.directory.export_html import export_html
from app.directory.export_xlsx import export_xlsx
from app.directory.importer import apply_preview, preview_file
from app.directory.snapshot import export_snapshot
from app.directory.store import all_entries, save_entry, set_retired

SCHEMAS = Path(__file__).parent / "hsds_schema"


def add_tricky_entry(ctx) -> str:
    with ctx.sessions.begin() as session:
        row = save_entry(session, {
            "institution": "=HYPERLINK(\"http://x\")", "service": "+Servizio", "kind": "other",
            "name": "-Referente DEMO Formula", "role": "@ruolo", "phones": ["02 0000 7001"],
            "emails": ["formula@esempio.invalid"], "scope_level": "municipality", "municipalities": ["015059"],
            "hours": [{"days": [1, 3], "from": "14:00", "to": "16:00"}, {"days": [0], "from": "09:00", "to": "12:00"}],
            "hours_note": "chiuso ad agosto", "languages": ["it", "ar"], "valid_from": date(2024, 1, 1),
            "last_verified": date(2026, 1, 2), "source": "prova", "is_demo": True,
        }, "tester")
        return row.uid


def test_xlsx_round_trip_changes_nothing_and_has_no_formulas(ctx, tmp_path):
    uid = add_tricky_entry(ctx)
    with ctx.sessions.begin() as session:
        set_retired(session, uid, "tester")
    out = tmp_path / "rubrica.xlsx"
    with ctx.sessions() as session:
        before = export_snapshot(session)
        count = export_xlsx(session, out)
        assert count == len(before["referents"])
        preview = preview_file(session, out)
        assert preview.counts == {"added": 0, "changed": 0, "unchanged": count, "rejected": 0}, [
            (r.line, r.reasons) for r in preview.rows if r.status != "unchanged"]
        assert apply_preview(session, preview, "tester") == 0
        session.commit()
        assert export_snapshot(session) == before
    wb = load_workbook(out)
    ws = wb.active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    tricky = next(row for row in ws.iter_rows(values_only=True) if row[0] == uid)
    assert tricky[1] == "=HYPERLINK(\"http://x\")" and tricky[4] == "-Referente DEMO Formula"
    assert tricky[6] == "02 0000 7001" and tricky[11] == "lun 9:00-12:00; mar, gio 14:00-16:00"
    assert tricky[17].date() == date(2024, 1, 1) and tricky[22] == "ritirato"


def test_csv_to_db_to_xlsx_to_db_changes_nothing(ctx, tmp_path):
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("Ente;Servizio;Referente;Telefono;Cellulare;Email;Comune;Orari\n"
                        "Comune di Vignate;Servizi sociali;Referente Prova Giro;0200008001;3330008001;"
                        "g@esempio.invalid;Vignate;lun-mer 9-12; gio 14-17\n", encoding="utf-8")
    with ctx.sessions() as session:
        preview = preview_file(session, csv_path)
        assert preview.counts["added"] == 1
        apply_preview(session, preview, "tester")
        session.commit()
        out = tmp_path / "out.xlsx"
        export_xlsx(session, out)
        before = export_snapshot(session)
        again = preview_file(session, out)
        assert again.counts["unchanged"] == len(before["referents"]) and again.counts["changed"] == 0
        assert preview_file(session, csv_path).counts["unchanged"] == 1


@pytest.fixture(scope="module")
def hsds_registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resources.append((path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                                             default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def validator(registry: Registry, name: str) -> Draft202012Validator:
    schema = registry.contents(name)
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def test_hsds_export_validates_against_the_official_schemas(ctx, tmp_path, hsds_registry):
    add_tricky_entry(ctx)
    out = tmp_path / "rubrica.hsds.json"
    with ctx.sessions() as session:
        count = export_hsds(session, out)
        entries = all_entries(session)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["hsds_version"] == "3.0"
    assert count == len(entries) == len(data["services"])
    service_schema = validator(hsds_registry, "service.json")
    org_schema = validator(hsds_registry, "organization.json")
    for org in data["organizations"]:
        errors = list(org_schema.iter_errors(org))
        assert not errors, errors[0].message
    for service in data["services"]:
        errors = list(service_schema.iter_errors(service))
        assert not errors, f"{service['name']}: {errors[0].message} at {list(errors[0].path)}"
    # A broken document does fail: the validation is real.
    broken = dict(data["services"][0], status="aperto")
    assert list(service_schema.iter_errors(broken))
    tricky = next(s for s in data["services"] if "Formula" in s["name"])
    assert {a["istat_code"] for a in tricky["service_areas"]} == {"015059"}
    assert {s["byday"] for s in tricky["schedules"]} == {"MO", "TU,TH"}
    assert {lang["code"] for lang in tricky["languages"]} == {"it", "ar"}
    assert tricky["contacts"][0]["phones"][0]["number"] == "02 0000 7001"


class _Table(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: dict[str, str] = {}
        self.tags: list[str] = []
        self.external: list[str] = []
        self._uid = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "tr" and "data-uid" in attrs:
            self._uid, self._text = attrs["data-uid"], []
        if tag in ("link", "img", "iframe") or (tag == "script" and attrs.get("src")):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == "tr" and self._uid:
            self.rows[self._uid] = " ".join(self._text)
            self._uid = None

    def handle_data(self, data):
        if self._uid:
            self._text.append(data)


def test_html_export_lists_every_referent_in_force_and_is_self_contained(ctx, tmp_path):
    uid = add_tricky_entry(ctx)
    with ctx.sessions.begin() as session:
        retired = next(e for e in all_entries(session) if e["uid"] != uid)["uid"]
        set_retired(session, retired, "tester")
    out = tmp_path / "rubrica.html"
    with ctx.sessions() as session:
        export_html(session, out, today=date(2026, 11, 1))
        entries = all_entries(session)
    text = out.read_text(encoding="utf-8")
    page = _Table()
    page.feed(text)
    assert not page.external and "http://" not in text.split("<body>")[0]
    for tag in ("main", "header", "footer", "caption", "th", "label"):
        assert tag in page.tags
    assert 'scope="col"' in text and 'lang="it"' in text and "@media print" in text
    expected = {e["uid"]: e for e in entries if not e["retired"]}
    assert set(page.rows) == set(expected)
    assert retired not in page.rows
    for uid_, entry in expected.items():
        row = page.rows[uid_]
        assert entry["name"] in row and entry["institution"] in row
        for email in entry["emails"]:
            assert email in row
    assert "02 0000 7001" in page.rows[uid] and "Cassano d'Adda" in page.rows[uid]
    assert "<script>" in text and "addEventListener('input'" in text
