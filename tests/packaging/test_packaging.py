"""Fast checks of the packaging sources; the real builds run in .ci/run (scripts/build_*.sh)."""

from __future__ import annotations

import ast
import configparser
import importlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.config import SETTINGS, check_file

ROOT = Path(__file__).resolve().parents[2]
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
WXS = ROOT / "installer" / "windows" / "raccordo.wxs"
SEED_PROPERTIES = ["OFFICE_NAME", "MUNICIPALITIES", "SYNC_SOURCE", "TRUSTED_KEYS", "DATABASE_URL", "EDITORS",
                   "PUBLISHERS", "SUPERVISORS"]


def spec_source() -> str:
    return (ROOT / "build.spec").read_text(encoding="utf-8")


def test_spec_is_python_and_names_every_runtime_folder():
    source = spec_source()
    ast.parse(source)
    for folder in ('"resources"', '"i18n" / "leaflets"', '"env.py"', '"script.py.mako"', '"versions"',
                   '"qtbase_it.qm"', '"i18n" / "ui"'):
        assert folder in source, folder
    for excluded in ("tkinter", "PyQt5", "PyQt6", "PySide2"):
        assert f'"{excluded}"' in source


def test_runtime_files_the_spec_collects_exist():
    migrations = ROOT / "app" / "db" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py"))
    assert (ROOT / "resources" / "territory").is_dir()
    assert list((ROOT / "i18n" / "leaflets").glob("*.po"))
    assert (ROOT / "i18n" / "ui" / "raccordo_it.ts").is_file()
    import PySide6

    assert (Path(PySide6.__file__).parent / "Qt" / "translations" / "qtbase_it.qm").is_file()


def test_every_module_the_migrations_import_is_importable():
    """build.spec adds these as hidden imports; a missing one would only fail inside the bundle."""
    migrations = ROOT / "app" / "db" / "migrations"
    names = set()
    for file in [migrations / "env.py", *(migrations / "versions").glob("*.py")]:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    names.discard("__future__")
    assert "alembic" in names
    for name in sorted(names):
        importlib.import_module(name)


def test_icons_exist_in_every_size_the_packages_use():
    from PIL import Image

    icons = ROOT / "resources" / "icons"
    assert Image.open(icons / "raccordo.png").size == (256, 256)
    ico = Image.open(icons / "raccordo.ico")
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    for size in (16, 32, 48, 256):
        assert Image.open(icons / "hicolor" / f"{size}x{size}" / "apps" / "raccordo.png").size == (size, size)


def test_system_library_table_is_well_formed():
    rows = [line.split("#")[0].split(None, 1) for line in
            (ROOT / "installer" / "linux" / "system-libraries.txt").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r]
    names = [r[0] for r in rows]
    assert len(names) == len(set(names))
    for name, packages in rows:
        assert re.fullmatch(r"lib[\w+.-]+\.so(\.\d+)+", name), name
        for alternative in packages.split("|"):
            assert re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", alternative.strip()), packages
    # never the libraries that must come from the bundle
    assert not any(n.startswith(("libpython", "libQt6", "libicu", "libpyside", "libshiboken")) for n in names)


def test_desktop_entry_is_valid():
    path = ROOT / "installer" / "linux" / "raccordo.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"] == "raccordo" and section["Icon"] == "raccordo"
    assert section["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:  # the Freedesktop validator when present (CI installs desktop-file-utils)
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_deb_control_template_has_every_placeholder():
    control = (ROOT / "installer" / "linux" / "control.in").read_text(encoding="utf-8")
    for placeholder in ("@VERSION@", "@INSTALLED_SIZE@", "@SYSTEM_DEPENDS@"):
        assert placeholder in control
    assert "libgl1" in control and "libegl1" in control and "fontconfig-config" in control


def test_wxs_declares_per_machine_upgrade_shortcut_and_actions():
    root = ET.parse(WXS).getroot()
    product = root.find(f"{WIX}Product")
    assert product is not None and product.get("UpgradeCode")
    assert product.find(f"{WIX}Package").get("InstallScope") == "perMachine"
    assert product.find(f"{WIX}MajorUpgrade").get("DowngradeErrorMessage")
    shortcut = root.find(f".//{WIX}Shortcut")
    assert shortcut.get("Target") == "[INSTALLDIR]Raccordo.exe"
    actions = {a.get("Id"): a for a in root.iter(f"{WIX}CustomAction")}
    assert {"CheckNotRunning", "SetSeedConfig", "SeedConfig", "CheckConfig", "RemoveData"} <= set(actions)
    assert actions["SeedConfig"].get("Execute") == "deferred" and actions["SeedConfig"].get("Impersonate") == "no"
    sequence = {c.get("Action"): (c.text or "") for c in root.iter(f"{WIX}Custom")}
    assert "REMOVE_DATA" in sequence["RemoveData"]
    assert root.find(f".//{WIX}RemoveExistingProducts").get("After") == "InstallValidate"


def test_seed_properties_reach_the_script_in_the_same_order():
    """SetSeedConfig's value and actions.js's FIELDS must list the properties in one order."""
    root = ET.parse(WXS).getroot()
    value = next(a.get("Value") for a in root.iter(f"{WIX}CustomAction") if a.get("Id") == "SetSeedConfig")
    fields = value.split("|~|")
    assert fields[:2] == ["[CommonAppDataFolder]Raccordo", "[OriginalDatabase]"]
    assert [f.strip("[]") for f in fields[2:]] == SEED_PROPERTIES
    script = (ROOT / "installer" / "windows" / "actions.js").read_text(encoding="utf-8")
    assert re.findall(r'\["\w+", "\w+", "(\w+)", "(?:text|list)"\]', script) == SEED_PROPERTIES
    build = (ROOT / "scripts" / "build_msi.sh").read_text(encoding="utf-8")
    assert all(p in build for p in SEED_PROPERTIES)  # made secure after wixl


def make_tree(base: Path) -> Path:
    bundle = base / "Raccordo"
    (bundle / "_internal" / "resources" / "icons").mkdir(parents=True)
    (bundle / "_internal" / "deep" / "er").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "raccordo.ico", bundle / "_internal" / "resources" / "icons")
    for name in ("Raccordo.exe", "raccordo-cli.exe", "_internal/deep/er/a file with spaces & more.txt"):
        (bundle / name).write_bytes(b"stand-in")
    (bundle / "_internal" / "link.so").symlink_to(bundle / "Raccordo.exe")
    return bundle


def test_file_list_is_stable_valid_and_skips_links(tmp_path):
    from installer.windows.make_files_wxs import fragment

    bundle = make_tree(tmp_path)
    first, second = fragment(bundle), fragment(bundle)
    assert first == second  # same GUIDs every time: component rules across upgrades
    root = ET.fromstring(first)
    files = {f.get("Name"): f for f in root.iter(f"{WIX}File")}
    assert set(files) == {"raccordo.ico", "Raccordo.exe", "raccordo-cli.exe", "a file with spaces & more.txt"}
    assert files["raccordo-cli.exe"].get("Id") == "raccordo_cli.exe"
    refs = {r.get("Id") for r in root.iter(f"{WIX}ComponentRef")}
    assert refs == {c.get("Id") for c in root.iter(f"{WIX}Component")} and len(refs) == 4


def test_wixl_compiles_the_installer_source(tmp_path):
    """The real compiler on a tiny tree (the full bundle is compiled by scripts/build_msi.sh in .ci/run)."""
    wixl = shutil.which("wixl")
    if wixl is None:
        pytest.skip("wixl not installed (apt-get install wixl); .ci/run installs it and builds the full MSI")
    from installer.windows.make_files_wxs import fragment

    work = ROOT / "build" / "test-wixl"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bundle = make_tree(work)
    (work / "files.wxs").write_text(fragment(bundle), encoding="utf-8")
    rel = work.relative_to(ROOT)
    msi = rel / "t.msi"
    result = subprocess.run([wixl, "-a", "x64", "-D", "Version=1.2.3", "-D", f"SourceDir={rel}/Raccordo",
                             "-D", "ActionsJs=installer/windows/actions.js", "-o", str(msi),
                             str(WXS.relative_to(ROOT)), str(rel / "files.wxs")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    table = subprocess.run(["msiinfo", "export", str(msi), "CustomAction"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout
    assert "checkNotRunning" in table and "seedConfig" in table
    shutil.rmtree(work, ignore_errors=True)


def test_it_guide_documents_every_setting_and_the_example_validates():
    guide = (ROOT / "installer" / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.key}`" in guide, setting.key
    for topic in ("msiexec /i", "msiexec /x", "REMOVE_DATA", "config --check", "keygen", "pg_dump",
                  "%LOCALAPPDATA%", "~/.local/share/Raccordo", "dpkg -r"):
        assert topic in guide, topic
    example = ROOT / "installer" / "raccordo.toml.example"
    assert check_file(example, connect=False) == []  # its server is an example: only the form can be checked
    text = example.read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.key.rpartition(".")[2] + " =" in text, setting.key


def test_allow_list_admits_every_runtime_dependency_and_nothing_the_build_environment_adds():
    """The smoke test's allow-list (tests/packaging/contents.py) against pyproject: a declared dependency that
    the list forgot would fail every build; numpy or scipy, present on a build machine, must be caught."""
    import tomllib
    from importlib.metadata import packages_distributions

    from tests.packaging.contents import ALLOWED, foreign_modules

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = {re.split(r"[<>=\[ ]", d)[0].lower().replace("_", "-") for d in declared}
    wanted -= {"rl-accel"}  # ReportLab's accelerator lives inside the reportlab package
    imported_as = {name: {d.lower().replace("_", "-") for d in dists}
                   for name, dists in packages_distributions().items()}
    for dist in wanted:
        names = {name for name, dists in imported_as.items() if dist in dists and not name.startswith("_")}
        assert names, f"{dist} is declared but not installed"
        assert names & set(ALLOWED), f"{dist} (imported as {sorted(names)}) is missing from the allow-list"
    assert foreign_modules({"app", "json", "numpy", "scipy", "PySide6"}) == ["numpy", "scipy"]
    excludes = spec_source()
    assert '"numpy", "scipy"' in excludes


def _formatted_in_every_language():
    """What the app asks Babel for, in each shipped language: the pack's figures and check month
    (``Content.values``), a contact card's opening hours (day names, list, direction), Italian names and dates."""
    from datetime import date

    from app import l10n
    from app.leaflets.card_model import localized_hours
    from app.leaflets.content import language_locale, load_content, shipped_files
    from app.stats.vocab import language_names

    content = load_content(shipped_files(ROOT / "i18n" / "leaflets"))
    slots = [((0, 1, 2, 3, 4), "09:00", "12:00"), ((1, 3), "14:00", "17:00")]
    found = {}
    for code in content.household_codes:
        locale = language_locale(code)
        found[code] = (locale, content.values(code, "Rho"), localized_hours(slots, locale))
    found["it"] = (l10n.month_names(), l10n.weekday_names(), l10n.month_year(date(2026, 11, 3)),
                   language_names(content.household_codes))
    return found


def test_the_bundle_keeps_the_cldr_data_the_app_asks_for(tmp_path, monkeypatch):
    """build.spec keeps Babel's locale files by exact name (``app.vocab.cldr_languages``; 31 MiB for all 1,000-odd
    locales, 0.9 MiB more with every regional variant). With only those files, everything the app formats in
    every shipped language must come out as with all of them: a missing one (zh for zh_Hans) falls back to
    Italian or fails."""
    import shutil

    from babel import localedata

    from app.leaflets import card_model
    from app.vocab import cldr_languages

    kept = cldr_languages()
    assert {"root", "it", "en", "zh_Hans", "zh", "fil", "ar"} <= kept and len(kept) < 25
    assert not any(name.count("_") > 1 or name.split("_")[-1].isupper() for name in kept), kept  # no region
    everything = _formatted_in_every_language()
    pruned = tmp_path / "locale-data"
    pruned.mkdir()
    for name in kept:
        shutil.copy(Path(localedata._dirname) / f"{name}.dat", pruned)
    caches = (localedata._cache, localedata._dict_cache, card_model._day_names, card_model._right_to_left,
              localedata.locale_identifiers)

    def forget() -> None:  # what Babel and the card model loaded from the other folder
        for cache in caches:
            getattr(cache, "cache_clear", getattr(cache, "clear", None))()

    monkeypatch.setattr(localedata, "_dirname", str(pruned))
    forget()
    try:
        assert _formatted_in_every_language() == everything
    finally:
        forget()
    assert "cldr_languages(ROOT)" in spec_source() and '("babel", "locale-data")' in spec_source()
