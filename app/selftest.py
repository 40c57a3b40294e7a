"""``python -m app selftest``: prove an installation works, on a throw-away data folder.

Used by CI on the source tree, on the PyInstaller bundle and on the installed
package. Each part adds its checks in ``app/<part>/selftest.py`` as
``CHECKS = [(name, function(ctx))]``.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from app import __version__
from app.context import AppContext
from app.log import close_logging, setup_logging
from app.paths import resolve_paths

CHECK_MODULES = (
    "app.directory.selftest",
    "app.leaflets.selftest",
    "app.stats.selftest",
    "app.sync.selftest",
)

Check = Callable[[AppContext], str | None]


def _database(ctx: AppContext) -> str:
    from app.bootstrap import prepare_database

    result = prepare_database(ctx)
    return f"migrato a {', '.join(sorted(result.migration.after))}; caricati: {', '.join(result.seeded) or 'nulla'}"


def _territory(ctx: AppContext) -> str:
    from app.territory import Territory

    with ctx.sessions() as session:
        territory = Territory.load(session)
    if len(territory) != 133:
        raise AssertionError(f"attesi 133 comuni, trovati {len(territory)}")
    if territory.find("cernusco") is None or territory.find("015146") is None:
        raise AssertionError("ricerca dei comuni non funzionante")
    return f"{len(territory)} comuni, {len(territory.ambiti)} Ambiti"


def _window(ctx: AppContext) -> str:
    from app.ui.application import create_application, create_main_window
    from app.ui.crash import route_qt_messages

    route_qt_messages()  # Qt's chatter goes to the log, so stderr shows only real failures
    app, translators = create_application([], ctx)
    window = create_main_window(ctx)
    window.show()
    app.processEvents()
    title = window.windowTitle()
    window.close()
    if not translators:
        raise AssertionError("traduzione italiana dell'interfaccia non trovata")
    # The bundled fonts reach Qt (the bundle and the .deb bring their own: a bare desk has only DejaVu).
    from app.leaflets.languages import household_codes, language
    from app.ui.fonts import renders

    boxes = [language(c).italian_name for c in household_codes() if not renders(language(c).native_name, app.font())]
    if boxes:
        raise AssertionError(f"nomi delle lingue mostrati come quadratini (caratteri mancanti): {', '.join(boxes)}")
    return f"finestra «{title}», {len(translators)} traduzioni, {len(household_codes())} lingue leggibili"


def checks() -> list[tuple[str, Check]]:
    found: list[tuple[str, Check]] = [("database", _database), ("territorio", _territory)]
    for name in CHECK_MODULES:
        found.extend(importlib.import_module(name).CHECKS)
    found.append(("interfaccia", _window))
    return found


def run_selftest(data_dir: str | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="raccordo-selftest-") as tmp:
        base = Path(data_dir) if data_dir else Path(tmp)
        # A self-test never reads IT's machine file: its result must not depend on the workstation.
        paths = dataclasses.replace(resolve_paths(base), machine_config_file=base / "machine-none.toml")
        setup_logging(paths.log_file)
        ctx = AppContext.create(paths)
        print(f"Raccordo {__version__} - verifica dell'installazione in {base}")
        failures = 0
        started = time.perf_counter()
        for name, check in checks():
            t0 = time.perf_counter()
            try:
                detail = check(ctx)
            except Exception as exc:  # a self-test reports every failure and goes on
                failures += 1
                print(f"FALLITO {name}: {exc}")
                traceback.print_exc(file=sys.stdout)
                continue
            print(f"OK      {name} ({(time.perf_counter() - t0) * 1000:.0f} ms){': ' + detail if detail else ''}")
        ctx.dispose()
        close_logging()
        total = time.perf_counter() - started
        print(f"{'Tutto in ordine' if not failures else f'{failures} verifiche fallite'} ({total:.2f} s)")
        return 1 if failures else 0
