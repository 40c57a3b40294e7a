"""About: version, database, configuration files and the versions of the data in use."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from app import __version__
from app.context import AppContext
from app.db.meta import all_meta
from app.roles import EDITORS, PUBLISHERS, ROLES, SUPERVISORS

log = logging.getLogger(__name__)


def roles_text(ctx: AppContext) -> str:
    """The user's roles in words; on a fresh install (no IT file) every role, and why (app/roles.py)."""
    translate = QCoreApplication.translate
    if not ctx.roles_managed:
        return translate("Roles", "every role: there is no IT settings file on this computer, as on a new installation")
    names = {EDITORS: translate("Roles", "directory editing"), PUBLISHERS: translate("Roles", "publishing signed data"),
             SUPERVISORS: translate("Roles", "office statistics")}
    held = [names[role] for role in ROLES if ctx.has_role(role)]
    return ", ".join(held) if held else translate("Roles", "none")


class AboutDialog(QDialog):
    """F1. ``database=False`` while the window has no database (being opened, or 'Statistics only' because the
    office's server did not answer): the data versions then say "not available" instead of asking a server that
    is not there (before, the dialog raised and the crash handler spoke instead)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, database: bool = True):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Raccordo"))
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Raccordo {version}").replace("{version}", __version__), self)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(QLabel(self.tr("Referents, leaflet packs and statistics for the eviction protocol "
                                         "of the Milan courts."), self))
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, QLabel] = {}

        def add(key: str, label: str, value: str) -> None:
            shown = QLabel(value, self)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
            self.fields[key] = shown

        paths = ctx.paths
        missing = self.tr("(missing)")
        add("database", self.tr("Database:"), ctx.db_label)
        add("data_dir", self.tr("Data folder:"), str(paths.data_dir))
        add("machine_config", self.tr("System settings (IT):"),
            f"{paths.machine_config_file}{'' if paths.machine_config_file.is_file() else ' ' + missing}")
        add("user_config", self.tr("User settings:"),
            f"{paths.user_config_file}{'' if paths.user_config_file.is_file() else ' ' + missing}")
        add("log", self.tr("Log file:"), str(paths.log_file))
        add("roles", self.tr("Your roles ({user}):").replace("{user}", ctx.user), roles_text(ctx))
        labels = {
            "territory.version": self.tr("Territory data:"),
            "directory.version": self.tr("Directory:"),
            "leaflets.version": self.tr("Leaflet texts:"),
            "sync.sequence": self.tr("Published version:"),
        }
        for key, label in labels.items():
            add(key, label, self.tr("reading...") if database else self.tr("not available"))
        if database:  # read in the pool: a shared server that stopped answering must not freeze the window
            from app.ui.workers import run_in_background

            def read() -> dict[str, str]:
                with ctx.sessions() as session:
                    return all_meta(session)

            def failed(exc: Exception, _details: str) -> None:  # the rest of the box still helps IT
                log.warning("About: the database did not answer: %s", exc)
                self._show_versions(labels, {})

            run_in_background(read, lambda meta: self._show_versions(labels, meta), failed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_versions(self, labels: dict[str, str], meta: dict[str, str]) -> None:
        if isValid(self):  # the box may have been closed meanwhile
            for key in labels:
                self.fields[key].setText(meta.get(key, self.tr("not available")))
