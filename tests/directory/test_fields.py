"""The declaration of an entry's fields (app/directory/fields.py) is the only list of them, and every consumer
carries every field: an entry with each field set survives the editor's storage, the xlsx export, the import,
the sync bundle and the bulk writer unchanged. Adding a field to the declaration that one of them does not
handle fails here; so does a second hand-written list of the fields anywhere in ``app/``.
"""

from __future__ import annotations

import ast
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

import app
from app.directory import fields
from app.directory.export_xlsx import export_xlsx
from app.directory.fields import FIELDS, NAMES
from app.directory.importer import apply_preview, preview_file
from app.directory.kinds import guess_kind, kind_label
from app.directory.snapshot import export_snapshot, replace_from_snapshot
from app.directory.store import Known, all_entries, save_entry
from app.territory import Territory
from tests.conftest import make_context

LEVELS = ("municipality", "ambito", "tribunale")


def _samples(territory: Territory) -> list[dict]:
    """One entry per scope level, every field holding a value that is not its empty one.

    A field of a new kind has no sample here: KeyError, and the kind needs a sample and a rule in each
    consumer (store, loading, importer, export_xlsx, the editor).
    """
    ambito = next(a.name for a in territory.ambiti if a.name != "Milano")
    town = next(m for m in territory.municipalities if m.ambito_name == ambito)
    places = {"municipality": [town.istat_code], "ambito": [ambito], "tribunale": ["Lodi"]}
    entries = []
    for n, level in enumerate(LEVELS):
        per_kind = {
            fields.UID: f"giro-{level}",
            fields.TEXT: None,  # per field, below
            fields.SERVICE_KIND: "legal_aid",
            fields.PHONES: ["+390288451234", f"+39333123456{n}"],
            fields.EMAILS: None,
            fields.URL: f"https://www.esempio{n}.it/ufficio",
            fields.SLOTS: [{"days": [0, 1, 2, 3, 4], "from": "09:00", "to": "12:30"},
                           {"days": [1], "from": "14:00", "to": "16:00"}],
            fields.LANGUAGES: ["ar", "en", "it"],
            fields.LEVEL: level,
            fields.PLACES: None,
            fields.DATE: None,
            fields.FLAG: n != 2,  # both words of each flag go through the spreadsheet
        }
        entry = {}
        for i, f in enumerate(FIELDS):
            value = per_kind[f.kind]
            if f.kind == fields.TEXT:
                value = f"Prova {f.label} {level}"
            elif f.kind == fields.EMAILS:
                value = [f"{f.name}.{level}@esempio.it"]
            elif f.kind == fields.PLACES:
                value = places[level] if f.scope == level else []
            elif f.kind == fields.DATE:
                value = date(2024, 1, 1) + timedelta(days=40 * i + n)  # increasing: valid_to after valid_from
            entry[f.name] = value
        entries.append(entry)
    return entries


@pytest.fixture
def other_ctx(tmp_path, prepared_sqlite):
    """A second workstation's database, as fresh as ``ctx``'s."""
    contexts = []

    def make(name: str):
        context = make_context(tmp_path / name)
        shutil.copy(prepared_sqlite, context.paths.sqlite_file)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.dispose()


def _cells(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_an_entry_with_every_field_set_survives_storage_export_import_bundle_and_bulk_write(ctx, other_ctx,
                                                                                              tmp_path):
    assert guess_kind(kind_label("legal_aid")) == "legal_aid"
    with ctx.sessions.begin() as session:
        samples = _samples(Territory.load(session))
        known = Known.from_session(session)
        for entry in samples:
            save_entry(session, entry, "tester", known)
    with ctx.sessions() as session:
        stored = {e["uid"]: e for e in all_entries(session)}
        before = list(stored.values())
    for entry in samples:  # the editor's storage (store.write_entry) and the Core loader keep every field
        assert list(stored[entry["uid"]]) == list(NAMES)
        assert stored[entry["uid"]] == entry

    spreadsheet = tmp_path / "rubrica.xlsx"
    with ctx.sessions() as session:
        export_xlsx(session, spreadsheet)
    header = _cells(spreadsheet)[0]
    assert header == tuple(f.header for f in FIELDS)

    second = other_ctx("second")  # the import on another workstation reads every column back
    with second.sessions.begin() as session:
        preview = preview_file(session, spreadsheet)
        assert set(preview.columns.values()) == set(NAMES)
        assert preview.counts == {"added": 3, "changed": 0, "unchanged": len(before) - 3, "rejected": 0}, [
            (r.label, r.reasons) for r in preview.rows if r.status != "unchanged"]
        apply_preview(session, preview, "tester")
    with second.sessions() as session:
        assert all_entries(session) == before
        bundle = json.loads(json.dumps(export_snapshot(session)))  # the sync bundle's wire format
    for entry in bundle["referents"]:
        assert list(entry) == list(NAMES)

    third = other_ctx("third")  # the bundle applied by the bulk writer on a third workstation
    with third.sessions.begin() as session:
        changes = replace_from_snapshot(session, bundle)
        assert sorted(a for a in changes.added if not a.startswith("Ente ")) == sorted(f"{e['name']} ({e['institution']}, {e['service']})" for e in samples)
    with third.sessions() as session:
        assert all_entries(session) == before
        export_xlsx(session, tmp_path / "again.xlsx")
    assert _cells(tmp_path / "again.xlsx") == _cells(spreadsheet)


def test_a_bundle_from_before_a_field_was_added_still_loads(ctx):
    """Bundles published by an older Raccordo lack ``tribunali``: applying one changes nothing."""
    with ctx.sessions() as session:
        bundle = json.loads(json.dumps(export_snapshot(session)))
    bundle["referents"] = [e for e in bundle["referents"] if not e["tribunali"]]
    for entry in bundle["referents"]:
        del entry["tribunali"]
    with ctx.sessions.begin() as session:
        kept = [e for e in all_entries(session) if not e["tribunali"]]
        replace_from_snapshot(session, bundle)
    with ctx.sessions() as session:
        assert all_entries(session) == kept


# ------------------------------------------------------------------ no second list of the fields

SECOND_COPY = 6
"""A literal naming this many fields is a list of the fields, not a use of a few of them."""
ALLOWED = {
    "app/directory/demo.py": "authors the demo entries: its values are the data; a field it omits gets its empty "
                             "value from check_entry",
}


def second_copies(path: Path, root: Path) -> list[str]:
    """``file:line`` of each tuple, list, set or dict literal in ``path`` that spells SECOND_COPY or more fields."""
    names = set(NAMES)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        spelled = {e.value for e in items if isinstance(e, ast.Constant) and e.value in names}
        if len(spelled) >= SECOND_COPY:
            found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}")
    return found


def _app_copies() -> list[str]:
    root = Path(app.__file__).parent.parent
    found = []
    for path in sorted((root / "app").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "app/directory/fields.py" or relative in ALLOWED:
            continue
        if relative.startswith("app/db/migrations/"):  # frozen by rule: a migration never imports live code
            continue
        found += second_copies(path, root)
    return found


def test_no_module_spells_the_fields_again():
    assert _app_copies() == []


def test_a_planted_second_copy_is_found(tmp_path):
    planted = tmp_path / "app" / "planted.py"
    planted.parent.mkdir()
    planted.write_text('COLUMNS = ("uid", "institution", "service", "name", "phones", "emails")\n'
                       'ROW = {"uid": 1, "kind": 2, "role": 3, "pecs": 4, "address": 5, "hours": 6}\n'
                       'FEW = ("name", "institution", "service")\n', encoding="utf-8")
    assert second_copies(planted, tmp_path) == ["app/planted.py:1", "app/planted.py:2"]


def test_the_editor_gives_back_every_field_of_an_entry_it_did_not_change(ctx, qtbot):
    """Open an entry with every field set and save it untouched: the same entry, nothing dropped or reset."""
    from app.ui.directory_editor import EntryEditor

    with ctx.sessions.begin() as session:
        territory = Territory.load(session)
        known = Known.from_session(session)
        samples = _samples(territory)
        for entry in samples:
            save_entry(session, entry, "tester", known)
    for entry in samples:
        editor = EntryEditor(territory, known, entry)
        qtbot.addWidget(editor)
        assert editor.validate(), editor.collect()[1]
        assert editor.result_data() == entry
