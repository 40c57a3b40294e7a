"""Every message box goes through here, so tests can answer them instead of blocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

Answer = Callable[[QMessageBox], QMessageBox.StandardButton]
_test_hook: Answer | None = None


def set_test_hook(hook: Answer | None) -> None:
    """Tests install a hook that records the box and returns a button; None restores real dialogs."""
    global _test_hook
    _test_hook = hook


def show(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, *, details: str | None = None,
         buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
         default: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
         labels: dict[QMessageBox.StandardButton, str] | None = None) -> QMessageBox.StandardButton:
    """Show a box (or hand it to the tests' hook); ``labels`` renames standard buttons (a button says what it does)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setDefaultButton(default)
    for button, label in (labels or {}).items():
        box.button(button).setText(label)
    if details:
        box.setDetailedText(details)
    if _test_hook is not None:
        return _test_hook(box)
    return QMessageBox.StandardButton(box.exec())


def information(parent: QWidget | None, title: str, text: str) -> None:
    show(parent, QMessageBox.Icon.Information, title, text)


def warning(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    show(parent, QMessageBox.Icon.Warning, title, text, details=details)


def critical(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    show(parent, QMessageBox.Icon.Critical, title, text, details=details)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return show(parent, QMessageBox.Icon.Question, title, text, buttons=yes | no, default=no) == yes
