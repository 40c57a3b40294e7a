"""The sections of the main window, in navigation order.

Each entry names the module and class of a view built as ``View(ctx, parent)``.
A part that is not in this build is simply not listed.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.context import AppContext


@dataclass(frozen=True)
class Section:
    id: str
    module: str
    cls: str

    def build(self, ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        module = importlib.import_module(self.module)
        return getattr(module, self.cls)(ctx, parent)

    def available(self) -> bool:
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:
            return False


SECTIONS = (
    Section("directory", "app.ui.directory_view", "DirectoryView"),
    Section("leaflets", "app.ui.leaflets_view", "LeafletsView"),
    Section("stats", "app.ui.stats_view", "StatsView"),
    Section("sync", "app.ui.sync_view", "SyncView"),
    Section("settings", "app.ui.settings_view", "SettingsView"),
)
