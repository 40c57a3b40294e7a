"""Settings: every effective value and where it comes from; the user's own preferences are editable here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT, MACHINE, SETTINGS, USER, load_config, save_user_setting
from app.context import AppContext
from app.ui import msgbox
from app.ui.about import roles_text


class SettingsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Settings"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        self.roles_note = QLabel(self)
        self.roles_note.setObjectName("rolesNote")
        self.roles_note.setWordWrap(True)
        self.roles_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if ctx.roles_managed:
            self.roles_note.setText(self.tr("Your roles ({user}): {roles}.").replace("{user}", ctx.user)
                                    .replace("{roles}", roles_text(ctx)))
        else:  # a fresh install: nobody has named the roles yet, so the person trying Raccordo holds them all
            self.roles_note.setText(self.tr("There is no IT settings file on this computer: as on a new "
                                            "installation, you hold every role (directory editing, publishing "
                                            "signed data, office statistics). Once IT installs its file, the "
                                            "roles it names apply."))
            self.roles_note.setStyleSheet("background: #fff4ce; color: #3d2e00; padding: 6px;")
        layout.addWidget(self.roles_note)

        mine = QGroupBox(self.tr("Your preferences"), self)
        form = QFormLayout(mine)
        self.language = QComboBox(mine)
        self.language.addItem("Italiano", "it")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.config["ui.language"])))
        form.addRow(self.tr("Interface language (after restart):"), self.language)
        self.stale_days = QSpinBox(mine)
        self.stale_days.setRange(1, 3650)
        self.stale_days.setValue(ctx.config["directory.stale_after_days"])
        self.stale_days.setSuffix(self.tr(" days"))
        form.addRow(self.tr("Mark referents to verify after:"), self.stale_days)
        self.large_print = QCheckBox(self.tr("Large print by default"), mine)
        self.large_print.setChecked(ctx.config["leaflets.large_print"])
        form.addRow("", self.large_print)
        self.save_button = QPushButton(self.tr("Save preferences"), mine)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow("", buttons)
        layout.addWidget(mine)

        layout.addWidget(QLabel(self.tr("Settings in force (those marked IT are set by the IT department "
                                         "for the whole workstation and cannot be changed here):"), self))
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Key"), self.tr("Value"), self.tr("Source")])
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.refresh()

    def _source_label(self, origin: str) -> str:
        return {
            DEFAULT: self.tr("default"),
            MACHINE: self.tr("IT (system file)"),
            USER: self.tr("your preferences"),
        }[origin]

    def refresh(self) -> None:
        cfg = self.ctx.config
        self.table.setRowCount(len(SETTINGS))
        for row, setting in enumerate(SETTINGS):
            value = cfg[setting.key]
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            if isinstance(value, list) and not value:
                shown = self.tr("(none)")
            elif value == "":
                shown = self.tr("(empty)")
            elif isinstance(value, bool):
                shown = self.tr("yes") if value else self.tr("no")
            name = QTableWidgetItem(setting.doc)
            name.setToolTip(setting.doc)
            lock = self.tr("IT") + " - " if setting.machine_only else ""
            cells = [name, QTableWidgetItem(setting.key), QTableWidgetItem(shown),
                     QTableWidgetItem(lock + self._source_label(cfg.sources[setting.key]))]
            for column, cell in enumerate(cells):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)

    def save(self) -> None:
        user_file = self.ctx.paths.user_config_file
        try:
            save_user_setting(user_file, "ui.language", self.language.currentData())
            save_user_setting(user_file, "directory.stale_after_days", self.stale_days.value())
            save_user_setting(user_file, "leaflets.large_print", self.large_print.isChecked())
        except OSError as exc:
            msgbox.critical(self, self.tr("Preferences not saved"),
                            self.tr("The preferences could not be saved: {error}").replace("{error}", str(exc)))
            return
        self.ctx.config = load_config(self.ctx.paths.machine_config_file, user_file)
        self.refresh()
        msgbox.information(self, self.tr("Preferences saved"), self.tr("Your preferences have been saved."))
