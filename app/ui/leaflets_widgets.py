"""Pieces of the leaflet screen: warning banners, the stage keys, the language keys of the card.

Both key groups are one Tab stop each (the chosen button, or the first: the "roving" focus of a toolbar), arrows
move inside them, and a key chooses: 1-5 for the stage, the card's key (0-9, A, B...) for a language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.leaflets.content import Content
from app.leaflets.languages import MASTER, code_for_key, language
from app.ui.fonts import renders
from app.ui.reflow import ReflowGrid, reflowing

LEVELS = {  # background, text: red stops, amber warns, yellow informs
    "danger": ("#b00020", "#ffffff"),
    "warning": ("#ffd8a8", "#4a2600"),
    "note": ("#fff4ce", "#3d2e00"),
}
FOCUS_RING = "#f0a000"


class WrapLabel(QLabel):
    """A word-wrapped label that claims the height its text needs at its width.

    Qt gives a wrapped label its height-for-width only inside simple layouts; inside tabs or next to scroll
    areas it gets one line and cuts the rest. Keeping the minimum height in step with the text makes the
    layout take the room from what can scroll instead.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.width() < 120:  # not laid out yet: a narrow first guess would claim dozens of lines
            return
        need = self.heightForWidth(self.width()) if self.text() else 0
        if need >= 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


class Banner(QLabel):
    """A coloured band with one message for the bailiff; it takes its own room in the layout, never covers."""

    def __init__(self, level: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        self.setObjectName(name)
        background, color = LEVELS[level]
        weight = "bold" if level == "danger" else "normal"
        self.setStyleSheet(f"QLabel#{name} {{ background: {background}; color: {color}; padding: 2px 6px;"
                           f" font-weight: {weight}; border-radius: 3px; }}")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def say(self, text: str) -> None:
        """Show ``text``; an empty text hides the banner."""
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


class _KeyGroup(QWidget):
    """Checkable buttons in a grid, one Tab stop, arrows inside, one key per button."""

    def __init__(self, columns: int, parent: QWidget | None = None, *, uniform: bool = True):
        super().__init__(parent)
        self.buttons: list[QPushButton] = []
        self.grid = ReflowGrid(self, max_columns=columns, uniform=uniform)
        reflowing(self)

    @property
    def columns(self) -> int:
        """Buttons in the first row now (fewer on a narrow screen): what Up and Down step by."""
        return len(self.grid.rows(self.width())[0])

    def _add(self, button: QPushButton) -> None:
        self.buttons.append(button)
        button.setCheckable(True)
        button.installEventFilter(self)
        self.grid.addWidget(button)
        self._rove(self.buttons[0])

    def _rove(self, current: QPushButton) -> None:
        """Only ``current`` is a Tab stop, so Tab leaves the group in one step and comes back to the chosen one."""
        for button in self.buttons:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is current else Qt.FocusPolicy.ClickFocus)

    def focus_current(self) -> QPushButton:
        """Give the keyboard to the group (its chosen or first button); return that button."""
        current = next((b for b in self.buttons if b.focusPolicy() == Qt.FocusPolicy.StrongFocus), self.buttons[0])
        current.setFocus(Qt.FocusReason.OtherFocusReason)
        return current

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in self.buttons:
            self._rove(watched)
        if event.type() != QEvent.Type.KeyPress or watched not in self.buttons:
            return super().eventFilter(watched, event)
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False  # shortcuts (Ctrl+P, Alt+1) stay the window's
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -self.columns,
                 Qt.Key.Key_Down: self.columns}
        if event.key() in steps:
            index = self.buttons.index(watched) + steps[event.key()]
            if 0 <= index < len(self.buttons):
                self.buttons[index].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return self.key_typed(event.text(), watched)

    def key_typed(self, text: str, button: QPushButton) -> bool:  # pragma: no cover - overridden
        return False


class StageButtons(_KeyGroup):
    """The five stages; typing 1-5 chooses one (and the screen moves on to the municipality)."""

    chosen = Signal(str)

    def __init__(self, labels: dict[str, tuple[str, str]], parent: QWidget | None = None):
        """``labels``: stage -> (short label with its number, full name for the tooltip and screen readers)."""
        # one row if it fits: the five stages read left to right, as they happen
        super().__init__(len(labels), parent, uniform=False)
        self.stages = list(labels)
        for stage, (short, full) in labels.items():
            button = QPushButton(short, self)
            button.setToolTip(full)
            button.setAccessibleName(full)
            button.setMinimumHeight(32)
            button.setStyleSheet("QPushButton { font-size: 10.5pt; padding: 2px 6px; }"
                                 " QPushButton:checked { background: #0b4f8a; color: white;"
                                 " border: 2px solid #062c4d; }"
                                 f" QPushButton:focus {{ border: 2px solid {FOCUS_RING}; }}")
            button.clicked.connect(lambda _checked=False, s=stage: self.choose(s))
            self._add(button)

    def stage(self) -> str | None:
        return next((s for s, b in zip(self.stages, self.buttons, strict=True) if b.isChecked()), None)

    def button(self, stage: str) -> QPushButton:
        return self.buttons[self.stages.index(stage)]

    def choose(self, stage: str | None) -> None:
        for s, button in zip(self.stages, self.buttons, strict=True):
            button.setChecked(s == stage)
        if stage is not None:
            self._rove(self.button(stage))
            self.chosen.emit(stage)
        else:
            self._rove(self.buttons[0])

    def key_typed(self, text: str, button: QPushButton) -> bool:
        if text.isdigit() and 1 <= int(text) <= len(self.stages):
            self.choose(self.stages[int(text) - 1])
            return True
        if text in (" ", "\r"):
            self.choose(self.stages[self.buttons.index(button)])
            return True
        return False


class LanguageButton(QPushButton):
    """A card cell on screen: the key, the name in the household's script, the Italian name."""

    def __init__(self, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        lang = language(code)
        self.setFixedHeight(self.height_for(self.font()))
        self.setMinimumWidth(124)  # the key and a name of about ten letters; longer names end in "…"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 1, 4, 1)
        row.setSpacing(6)
        self.key_label = QLabel(lang.key, self)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFixedWidth(24)
        names = QVBoxLayout()
        names.setSpacing(0)
        self.native = QLabel(lang.native_name if code != MASTER else "Italiano", self)
        self.italian = QLabel(self)
        for label in (self.native, self.italian):  # next to the key, whatever the script's direction
            label.setAlignment(Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignLeft
                               | Qt.AlignmentFlag.AlignVCenter)
        self.texts = (self.native.text(), "")  # full texts; the labels show them elided to the button's width
        names.addWidget(self.native)
        names.addWidget(self.italian)
        row.addWidget(self.key_label)
        row.addLayout(names, 1)
        for label in (self.key_label, self.native, self.italian):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for label in (self.native, self.italian):  # they take the width the button has, and elide to it
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.note = ""
        self.problem = ""
        self.tr_font_note = None  # the note shown in words (a name Qt cannot draw); others go to the tooltip
        self.toggled.connect(lambda _on: self._paint())

    NATIVE_POINTS, ITALIAN_POINTS = 11.5, 8.5

    @classmethod
    def height_for(cls, font: QFont) -> int:
        """Two lines (the name in the household's script, the Italian name) and the borders: 36 px with the
        fonts of the offscreen tests, 40 on an X server at 96 dpi, where a fixed 36 cut the names' descenders."""
        def line(points: float) -> int:
            sized = QFont(font)
            sized.setPointSizeF(points)
            return QFontMetrics(sized).height()

        return max(36, line(cls.NATIVE_POINTS) + line(cls.ITALIAN_POINTS) + 4)

    def set_state(self, italian: str, *, note: str = "", problem: str = "") -> None:
        """``note``: shown in the Italian line (incomplete translation); ``problem``: the language cannot be used."""
        self.note, self.problem = note, problem
        font_note = note if note == self.tr_font_note else ""
        self.texts = (self.texts[0], f"{italian} · {font_note}" if font_note else italian)
        self.setEnabled(not problem)
        self.setToolTip(problem or " – ".join(self.texts))
        lang = language(self.code)
        self.setAccessibleName(f"{lang.key} {self.texts[0]} {italian}")
        self.setAccessibleDescription(problem or note)
        self._paint()
        self._elide()

    def set_native(self, text: str) -> None:
        self.texts = (text, self.texts[1])
        self._elide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        """A name longer than the button ends in "…" (the tooltip and the accessible name keep it whole)."""
        for label, text in zip((self.native, self.italian), self.texts, strict=True):
            width = max(20, label.width())
            label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))

    def _paint(self) -> None:
        on = self.isChecked()
        key_style = "background: white; color: #0b4f8a;" if on else "background: #0b4f8a; color: white;"
        self.key_label.setStyleSheet(f"{key_style} font-size: 13pt; font-weight: bold; border-radius: 3px;")
        ink = "white" if on else ("#8a8a8a" if self.problem else "black")
        soft = "#dce8f4" if on else ("#8b0000" if self.note or self.problem else "#444444")
        self.native.setStyleSheet(f"color: {ink}; font-size: {self.NATIVE_POINTS}pt;")
        self.italian.setStyleSheet(f"color: {soft}; font-size: {self.ITALIAN_POINTS}pt;")


class LanguageKeys(_KeyGroup):
    """The household languages as on the language card: same keys, same order, at most two, Italian always added.

    "0" asks for an Italian-only pack explicitly; a household language's key toggles it; Backspace removes the
    last one chosen. A third language, or one that cannot be printed, is refused with a message that stays
    visible under the keys (and a beep), never silently dropped.
    """

    changed = Signal()
    refused = Signal(str)
    MAX = 2

    def __init__(self, content: Content, printable: Callable[[str], bool], parent: QWidget | None = None):
        super().__init__(4, parent)
        self.printable = printable
        self.chosen: list[str] = []
        self.italian_only = False
        self.setAccessibleName(self.tr("Household languages: type the key shown on the language card"))
        self.by_code: dict[str, LanguageButton] = {}
        self._build(content)
        self.fill(content)

    def _build(self, content: Content) -> None:
        """One button per language of the content, in its order (the card's): the only list there is."""
        for button in self.by_code.values():
            self.grid.removeWidget(button)
            button.removeEventFilter(self)
            button.deleteLater()
        self.buttons.clear()
        self.by_code = {}
        self.chosen = [c for c in self.chosen if any(lang.code == c for lang in content.languages)]
        for lang in content.languages:
            code = lang.code
            button = LanguageButton(code, self)
            button.setStyleSheet("LanguageButton { border: 1px solid #9aa5b1; border-radius: 4px;"
                                 " background: #fafafa; }"
                                 " LanguageButton:checked { background: #0b4f8a; border: 2px solid #062c4d; }"
                                 f" LanguageButton:focus {{ border: 2px solid {FOCUS_RING}; }}")
            button.clicked.connect(lambda _checked=False, c=code: self.toggle(c))
            self.by_code[code] = button
            self._add(button)

    def fill(self, content: Content) -> None:
        """Names, completeness and fonts: what each button can honestly promise. A content with other languages
        (one arrived by sync) rebuilds the buttons first."""
        if tuple(self.by_code) != tuple(lang.code for lang in content.languages):
            self._build(content)
        for code, button in self.by_code.items():
            lang = language(code)
            italian = self.tr("Italian only") if code == MASTER else lang.italian_name
            note = problem = ""
            if code != MASTER:
                done = content.completeness(code)
                if not done.complete:  # said in colour and tooltip: in words on every key it would be noise
                    note = self.tr("Some paragraphs are printed in Italian.")
                if not self.printable(code):
                    problem = self.tr("Cannot be printed: the font for {language} is missing. Reinstall Raccordo.") \
                        .replace("{language}", lang.italian_name)
            if not renders(button.texts[0], button.native.font()):
                # Boxes would look like a language; a plain note does not.
                button.set_native(lang.italian_name.capitalize())
                note = button.tr_font_note = self.tr("name not shown: font missing")
            button.set_state(italian, note=note, problem=problem)
        self._sync()

    def codes(self) -> list[str]:
        """The household languages in the order chosen (Italian is added by the pack)."""
        return list(self.chosen)

    def clear(self) -> None:
        self.chosen, self.italian_only = [], False
        self._sync()
        self._rove(self.buttons[0])
        self.changed.emit()

    def set_codes(self, codes: list[str], *, italian_only: bool = False) -> None:
        self.chosen = [c for c in codes if c != MASTER][: self.MAX]
        self.italian_only = italian_only and not self.chosen
        self._sync()
        self.changed.emit()

    def toggle(self, code: str) -> None:
        if code == MASTER:
            self.chosen, self.italian_only = [], not self.italian_only
        elif code in self.chosen:
            self.chosen.remove(code)
        elif not self.printable(code):
            self._sync()
            self._refuse(self.by_code[code].problem)
            return
        elif len(self.chosen) >= self.MAX:
            self._sync()
            names = ", ".join(language(c).italian_name for c in self.chosen)
            self._refuse(self.tr("Already two languages ({chosen}): to change one, press its key again.")
                         .replace("{chosen}", names))
            return
        else:
            self.chosen.append(code)
            self.italian_only = False
        self._sync()
        self._rove(self.by_code[code])
        if self.isAncestorOf(QApplication.focusWidget()):
            self.by_code[code].setFocus(Qt.FocusReason.OtherFocusReason)  # the focus ring follows the last key
        self.changed.emit()

    def _refuse(self, message: str) -> None:
        QApplication.beep()
        self.refused.emit(message)

    def _sync(self) -> None:
        for code, button in self.by_code.items():
            button.setChecked(code in self.chosen or (code == MASTER and self.italian_only))

    def key_typed(self, text: str, button: QPushButton) -> bool:
        if text == "\b" or text == "\x7f":  # Backspace / Delete: take back the last language chosen
            if self.chosen:
                self.toggle(self.chosen[-1])
            return True
        if text == " ":
            self.toggle(button.code)
            return True
        code = code_for_key(text) if len(text) == 1 else None
        if code is None:
            return False
        self.toggle(code)
        return True
