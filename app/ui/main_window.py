"""Main window: a navigation list of the sections, built on first visit to keep start-up fast.

It fits the screens offices have: 1280x720, and 1366x768 at 125% scaling (1093x614 logical pixels, about
1093x540 once the taskbar and the title bar are gone). Each section sits in a scroll area, so a section that
needs more room than the screen gives scrolls instead of pushing the window (and its buttons) off the screen,
and the window's minimum size stays well below those screens (``MINIMUM``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.context import AppContext
from app.ui.sections import SECTIONS, Section

log = logging.getLogger(__name__)

MINIMUM = (900, 480)  # below 1093x540 (1366x768 at 125%) with room for a larger system font


class SectionFrame(QScrollArea):
    """A section's page: the view fills it, and scrolls only when the window is smaller than the view's minimum.

    Not ``widgetResizable``: with it, a view whose layout has height-for-width (wrapped labels, reflowing keys)
    is sized to its *preferred* height, so a screen that fits would still scroll.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(view)
        view.installEventFilter(self)

    def fit(self) -> None:
        view = self.widget()
        if view is None:
            return
        needed = view.minimumSizeHint().expandedTo(view.minimumSize())
        room = self.maximumViewportSize()  # the viewport without scroll bars
        width, height = max(room.width(), needed.width()), max(room.height(), needed.height())
        if width > room.width():  # a horizontal bar takes height, a vertical one width
            height = max(needed.height(), room.height() - self.horizontalScrollBar().sizeHint().height())
        if height > room.height():
            width = max(needed.width(), room.width() - self.verticalScrollBar().sizeHint().width())
        view.resize(width, height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self.fit)  # its minimum may have changed (a warning appeared)
        return super().eventFilter(watched, event)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, database_ready: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Raccordo - {office}").replace("{office}", ctx.config["office.name"]))
        self._state = QSettings(str(ctx.paths.data_dir / "window-state.ini"), QSettings.Format.IniFormat)
        self.sections: tuple[Section, ...] = SECTIONS
        self.offline = False  # True when only the sections that work without the shared database are open
        self.ready = False  # True once the database is prepared and the sections open (start-up prepares it later)
        self.closed = False  # a start-up still preparing the database then leaves this window alone
        self.views: dict[str, QWidget] = {}
        self.frames: dict[str, SectionFrame] = {}  # each view's scroll area, the page of the stack

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)
        self.banner = QLabel(central)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#banner { background: #fff4ce; color: #3d2e00; padding: 6px; }")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.banner)
        body = QHBoxLayout()
        body.setSpacing(6)
        outer.addLayout(body, 1)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 6px; }")
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
            action.triggered.connect(lambda _checked=False, row=number - 1: self._go_to(row))
            self.addAction(action)
        self._fit_navigation()
        self._build_menus()
        self.setMinimumSize(*MINIMUM)
        self._restore_geometry()
        if database_ready:
            self.database_ready()
        else:
            self.opening_database()

    def opening_database(self) -> None:
        """The light state start-up shows while the database is prepared in the pool (up to 5 s on a dead
        network): the window paints and answers, the sections wait."""
        self.nav.setEnabled(False)
        self.banner.setText(self.tr("Opening the database..."))
        self.banner.setVisible(True)

    def database_ready(self) -> None:
        """Build the first section once the database is migrated (start-up shows the window before that)."""
        self.ready = True
        self.nav.setEnabled(True)
        self.nav.currentRowChanged.connect(self.show_section)
        self._show_problems()
        self.nav.setCurrentRow(0)
        # The sync view checks for new data when built and then every few hours: build it soon after
        # start even if the user never opens it (after the first paint, not before); not for a window closed
        # meanwhile (its database may be gone: a closed test window built it during the next test).
        QTimer.singleShot(1500, self, lambda: self.isVisible() and self.view("sync"))

    def work_offline(self) -> None:
        """The office's shared database did not answer at start: open only the sections that work on this
        workstation's own store (statistics entry), say so, and keep the others greyed out until a restart."""
        self.offline = True
        self.nav.setEnabled(True)
        for row, section in enumerate(self.sections):
            if not section.works_offline:
                item = self.nav.item(row)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self.nav.currentRowChanged.connect(self.show_section)
        self.banner.setText(self.tr("The office's shared database does not answer: only Statistics can be used. "
                                    "What you record stays on this workstation and is sent when the network is back. "
                                    "To use the other sections, close and reopen Raccordo."))
        self.banner.setVisible(True)
        first = next((row for row, s in enumerate(self.sections) if s.works_offline), -1)
        if first >= 0:
            self.nav.setCurrentRow(first)

    def section_titles(self) -> dict[str, str]:
        return {
            "directory": self.tr("Directory"),
            "leaflets": self.tr("Leaflet packs"),
            "stats": self.tr("Statistics"),
            "sync": self.tr("Sync"),
            "settings": self.tr("Settings"),
        }

    def _fit_navigation(self) -> None:
        """As wide as its longest title (a fixed 190 px wasted a fifth of a small screen, or cut a long title)."""
        self.nav.ensurePolished()
        metrics = self.nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count())), default=80)
        self.nav.setFixedWidth(widest + 2 * 6 + 2 * self.nav.frameWidth() + 12)

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
        """The IT settings' problems in the banner; the served municipalities are checked against the territory in
        the pool (a database read: never on the GUI thread, where a shared server that stops answering would
        freeze the window) and added when known."""
        from app.ui.workers import run_in_background

        lines = [self.tr("Configuration: {problem}").replace("{problem}", str(p)) for p in self.ctx.config.problems]
        self._set_problems(lines)
        served = self.ctx.config["office.municipalities"]
        if not served:
            return
        ctx = self.ctx

        def unknown() -> list[str]:
            from app.territory import Territory

            with ctx.sessions() as session:
                return Territory.load(session).served(served)[1]

        def show(names: list[str]) -> None:
            if names and isValid(self):
                note = self.tr("Served municipalities not recognised in the IT settings: {names}")
                self._set_problems([*lines, note.replace("{names}", ", ".join(names))])

        run_in_background(unknown, show, lambda exc, _details: log.warning("Served municipalities unchecked: %s", exc))

    def _set_problems(self, lines: list[str]) -> None:
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def add_banner_message(self, text: str) -> None:
        """One more line under the banner (the daily backup that failed says so there)."""
        current = self.banner.text()
        self.banner.setText(f"{current}\n{text}" if current else text)
        self.banner.setVisible(True)

    def view(self, section_id: str) -> QWidget:
        """The view of a section, built now if it was not yet shown (inside its scroll area)."""
        row = next(i for i, s in enumerate(self.sections) if s.id == section_id)
        if section_id not in self.views:
            placeholder = self.stack.widget(row)
            view = self.sections[row].build(self.ctx, self.stack)
            frame = SectionFrame(view, self.stack)
            frame.setObjectName(f"section-{section_id}")
            self.stack.insertWidget(row, frame)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.views[section_id] = view
            self.frames[section_id] = frame
        return self.views[section_id]

    def current_view(self) -> QWidget | None:
        frame = self.stack.currentWidget()
        return frame.widget() if isinstance(frame, QScrollArea) else None

    def show_section(self, row: int) -> None:
        if row < 0 or self.offline and not self.sections[row].works_offline:
            return
        section_id = self.sections[row].id
        self.view(section_id)
        self.stack.setCurrentWidget(self.frames[section_id])

    def _go_to(self, row: int) -> None:
        """Ctrl+1..5: open the section and give it the keyboard (the leaflet screen starts on the stage keys)."""
        if self.offline and not self.sections[row].works_offline:
            return
        self.nav.setCurrentRow(row)
        view = self.current_view()
        if view is None:
            return
        focus_first = getattr(view, "focus_first", None)
        if focus_first is not None:
            focus_first()
        else:
            view.focusNextChild()

    def show_about(self) -> None:
        from app.ui.about import AboutDialog

        AboutDialog(self.ctx, self, database=self.ready).exec()

    def _restore_geometry(self) -> None:
        geometry = self._state.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:  # first start: a comfortable size that still fits a small laptop screen
            available = self.screen().availableGeometry()
            self.resize(min(1180, int(available.width() * 0.95)), min(760, int(available.height() * 0.9)))

    def closeEvent(self, event) -> None:
        self.closed = True
        self._state.setValue("main/geometry", self.saveGeometry())
        self._state.sync()
        for view in self.views.values():
            closing = getattr(view, "shutdown", None)
            if closing:
                closing()
        super().closeEvent(event)
