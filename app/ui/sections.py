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
    # Works on this workstation's own store alone: open even when the office's shared database does not answer
    # (the statistics entry writes to the outbox, sent when the network is back).
    works_offline: bool = False

    def build(self, ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        module = importlib.import_module(self.module)
        return getattr(module, self.cls)(ctx, parent)


SECTIONS = (
    Section("directory", "app.ui.directory_view", "DirectoryView"),
    Section("leaflets", "app.ui.leaflets_view", "LeafletsView"),
    Section("stats", "app.ui.stats_view", "StatsView", works_offline=True),
    Section("sync", "app.ui.sync_view", "SyncView"),
    Section("settings", "app.ui.settings_view", "SettingsView"),
)
