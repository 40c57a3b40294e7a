"""The sections of the main window, in navigation order.

Each entry names the module and class of a view built as ``View(ctx, parent)``,
imported only when the section is first shown (start-up budget).
"""

from __future__ import annotations

import importlib
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


SECTIONS = (
    Section("directory", "app.ui.directory_view", "DirectoryView"),
    Section("leaflets", "app.ui.leaflets_view", "LeafletsView"),
    Section("stats", "app.ui.stats_view", "StatsView"),
    Section("sync", "app.ui.sync_view", "SyncView"),
    Section("settings", "app.ui.settings_view", "SettingsView"),
)
