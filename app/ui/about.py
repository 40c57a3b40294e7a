"""About: version, database, configuration files and the versions of the data in use."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app import __version__
from app.context import AppContext
from app.db.meta import all_meta
from app.roles import EDITORS, PUBLISHERS, ROLES, SUPERVISORS


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
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
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
        with ctx.sessions() as session:
            meta = all_meta(session)
        for key, label in labels.items():
            add(key, label, meta.get(key, self.tr("not available")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
