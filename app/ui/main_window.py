"""Main window: a navigation list of the sections, built on first visit to keep start-up fast."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.ui.sections import SECTIONS, Section


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, database_ready: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Raccordo - {office}").replace("{office}", ctx.config["office.name"]))
        self._state = QSettings(str(ctx.paths.data_dir / "window-state.ini"), QSettings.Format.IniFormat)
        self.sections: list[Section] = list(SECTIONS)
        self.views: dict[str, QWidget] = {}

        central = QWidget(self)
        outer = QVBoxLayout(central)
        self.banner = QLabel(central)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#banner { background: #fff4ce; color: #3d2e00; padding: 6px; }")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }")
        self.stack = QStackedWidget(central)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        titles = self.section_titles()
        for number, section in enumerate(self.sections, start=1):
            item = QListWidgetItem(titles.get(section.id, section.id), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            item.setToolTip(f"Ctrl+{number}")
            placeholder = QWidget(self.stack)
            self.stack.addWidget(placeholder)
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, row=number - 1: self.nav.setCurrentRow(row))
            self.addAction(action)
        self._build_menus()
        self._restore_geometry()
        if database_ready:
            self.database_ready()
        else:
            self.nav.setEnabled(False)
            self.banner.setText(self.tr("Opening the database..."))

    def database_ready(self) -> None:
        """Build the first section once the database is migrated (start-up shows the window before that)."""
        self.nav.setEnabled(True)
        self.nav.currentRowChanged.connect(self.show_section)
        self._show_problems()
        if self.sections:
            self.nav.setCurrentRow(0)
        if any(s.id == "sync" for s in self.sections):
            # The sync view checks for new data when built and then every few hours: build it soon after
            # start even if the user never opens it (after the first paint, not before).
            QTimer.singleShot(1500, self, lambda: self.view("sync"))

    def section_titles(self) -> dict[str, str]:
        return {
            "directory": self.tr("Directory"),
            "leaflets": self.tr("Leaflet packs"),
            "stats": self.tr("Statistics"),
            "sync": self.tr("Sync"),
            "settings": self.tr("Settings"),
        }

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Raccordo"), self)
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _show_problems(self) -> None:
        from app.territory import Territory

        problems = [str(p) for p in self.ctx.config.problems]
        lines = [self.tr("Configuration: {problem}").replace("{problem}", p) for p in problems]
        with self.ctx.sessions() as session:
            _served, unknown = Territory.load(session).served(self.ctx.config["office.municipalities"])
        if unknown:
            lines.append(self.tr("Served municipalities not recognised in the IT settings: {names}")
                         .replace("{names}", ", ".join(unknown)))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def add_banner_message(self, text: str) -> None:
        current = self.banner.text()
        self.banner.setText(f"{current}\n{text}" if current else text)
        self.banner.setVisible(True)

    def view(self, section_id: str) -> QWidget:
        """The view of a section, built now if it was not yet shown."""
        row = next(i for i, s in enumerate(self.sections) if s.id == section_id)
        if section_id not in self.views:
            placeholder = self.stack.widget(row)
            view = self.sections[row].build(self.ctx, self.stack)
            self.stack.insertWidget(row, view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.views[section_id] = view
        return self.views[section_id]

    def show_section(self, row: int) -> None:
        if row < 0:
            return
        view = self.view(self.sections[row].id)
        self.stack.setCurrentWidget(view)

    def show_about(self) -> None:
        from app.ui.about import AboutDialog

        AboutDialog(self.ctx, self).exec()

    def _restore_geometry(self) -> None:
        geometry = self._state.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:  # first start: a comfortable size that still fits a small laptop screen
            available = self.screen().availableGeometry()
            self.resize(min(1180, int(available.width() * 0.95)), min(760, int(available.height() * 0.9)))

    def closeEvent(self, event) -> None:
        self._state.setValue("main/geometry", self.saveGeometry())
        self._state.sync()
        for view in self.views.values():
            closing = getattr(view, "shutdown", None)
            if closing:
                closing()
        super().closeEvent(event)
