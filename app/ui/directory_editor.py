"""Create or edit one directory entry, with inline Italian validation; and the history of an entry.

Validation is the core's :func:`app.directory.store.check_entry`, run on every
change: each field shows its own message under it and Save stays disabled
while any message is shown, so a bad value never reaches the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.directory.contacts import display_phone
from app.directory.fields import EMAILS, FIELDS, LANGUAGES, PHONES, PLACES, SLOTS, Field
from app.directory.hours import format_hours, parse_hours
from app.directory.kinds import KIND_LABELS, SCOPE_LABELS
from app.directory.store import Known, check_entry
from app.territory import Territory

_ERROR_STYLE = "color: #a4000f;"


def _date_text(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ";").replace(",", ";").split(";") if p.strip()]


class EntryEditor(QDialog):
    """``EntryEditor(territory, known, data)``; ``result_data()`` after accept gives the clean entry."""

    def __init__(self, territory: Territory, known: Known, data: dict[str, Any] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.territory = territory
        self.known = known
        self.original = data or {}
        self.clean: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Edit referent") if data else self.tr("New referent"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        def add(key: str, label: str, widget: QWidget, error_key: str | None = None) -> None:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            error = QLabel(self)
            error.setStyleSheet(_ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            box.addWidget(error)
            form.addRow(label, box)
            self.fields[key] = widget
            self.errors[error_key or key] = error

        d = self.original
        self.institution = QLineEdit(d.get("institution", ""), self)
        add("institution", self.tr("Institution:"), self.institution)
        self.service = QLineEdit(d.get("service", ""), self)
        add("service", self.tr("Service or office:"), self.service)
        self.kind = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.get("kind", "social_services"))))
        add("kind", self.tr("Service kind:"), self.kind)
        self.name = QLineEdit(d.get("name", ""), self)
        add("name", self.tr("Name (person or office):"), self.name)
        self.role = QLineEdit(d.get("role", ""), self)
        add("role", self.tr("Role:"), self.role)
        self.phones = QLineEdit(" / ".join(display_phone(p) for p in d.get("phones", [])), self)
        self.phones.setPlaceholderText("02 8845 1234 / 333 123 4567")
        add("phones", self.tr("Phones:"), self.phones)
        self.emails = QLineEdit("; ".join(d.get("emails", [])), self)
        add("emails", self.tr("E-mail:"), self.emails)
        self.pecs = QLineEdit("; ".join(d.get("pecs", [])), self)
        add("pecs", self.tr("PEC:"), self.pecs)
        self.website = QLineEdit(d.get("website", ""), self)
        add("website", self.tr("Website:"), self.website)
        self.address = QLineEdit(d.get("address", ""), self)
        add("address", self.tr("Office address:"), self.address)
        self.hours = QLineEdit(format_hours(d.get("hours", [])), self)
        self.hours.setPlaceholderText("lun-ven 9:00-12:00; mar 14:00-16:00")
        add("hours", self.tr("Opening hours:"), self.hours)
        self.hours_note = QLineEdit(d.get("hours_note", ""), self)
        add("hours_note", self.tr("Note on hours:"), self.hours_note)
        self.languages = QLineEdit(", ".join(d.get("languages", [])), self)
        self.languages.setPlaceholderText("it, en, fr")
        add("languages", self.tr("Languages spoken:"), self.languages)
        self.scope_level = QComboBox(self)
        for level, label in SCOPE_LABELS.items():
            self.scope_level.addItem(label, level)
        self.scope_level.setCurrentIndex(max(0, self.scope_level.findData(d.get("scope_level", "municipality"))))
        add("scope_level", self.tr("Applies to:"), self.scope_level)
        names = [territory.by_code(c).name if territory.by_code(c) else c for c in d.get("municipalities", [])]
        self.municipalities = QLineEdit("; ".join(names), self)
        self.municipalities.setPlaceholderText(self.tr("municipality names or ISTAT codes, separated by ;"))
        add("municipalities", self.tr("Municipalities:"), self.municipalities)
        self.ambiti = QLineEdit("; ".join(d.get("ambiti", [])), self)
        add("ambiti", self.tr("Ambiti:"), self.ambiti)
        self.tribunali = QLineEdit("; ".join(d.get("tribunali", [])), self)
        self.tribunali.setPlaceholderText("; ".join(territory.courts()))
        add("tribunali", self.tr("Court areas:"), self.tribunali)
        self.valid_from = QLineEdit(_date_text(d.get("valid_from")), self)
        self.valid_from.setPlaceholderText("GG/MM/AAAA")
        add("valid_from", self.tr("Valid from:"), self.valid_from)
        self.valid_to = QLineEdit(_date_text(d.get("valid_to")), self)
        self.valid_to.setPlaceholderText("GG/MM/AAAA")
        add("valid_to", self.tr("Valid until:"), self.valid_to)
        self.last_verified = QLineEdit(_date_text(d.get("last_verified") or date.today()), self)
        add("last_verified", self.tr("Last verified on:"), self.last_verified)
        self.source = QLineEdit(d.get("source", ""), self)
        add("source", self.tr("Source:"), self.source)
        self.is_demo = QCheckBox(self.tr("Demo data (not real)"), self)
        self.is_demo.setChecked(bool(d.get("is_demo", False)))
        form.addRow("", self.is_demo)
        self.fields["is_demo"] = self.is_demo

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.validate)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.validate)
        self.validate()

    def _codes(self, errors: dict[str, str]) -> list[str]:
        codes = []
        for text in _split(self.municipalities.text()):
            found = self.territory.find(text)
            if found is None:
                errors["municipalities"] = self.tr("Unknown municipality: {name}").replace("{name}", text)
            else:
                codes.append(found.istat_code)
        return codes

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The entry as the form shows it, one value per declared field (app.directory.fields), checked.

        A field the form has no widget for (the uid, the retired flag, one added to the declaration later)
        keeps the value it had, so editing an entry never drops what the form does not show.
        """
        errors: dict[str, str] = {}
        slots, leftover = parse_hours(self.hours.text())
        if leftover:
            errors["hours"] = self.tr("Hours not understood: {text} (write e.g. lun-ven 9:00-12:00; put other "
                                      "remarks in the note)").replace("{text}", leftover)
        data = {f.name: self._value(f, slots, errors) for f in FIELDS}
        clean, found = check_entry(data, self.known)
        for key, message in errors.items():
            found.setdefault(key, message)
        return clean, found

    def _value(self, f: Field, slots: list, errors: dict[str, str]) -> Any:
        widget = self.fields.get(f.name)
        if widget is None:
            return self.original.get(f.name, f.empty)
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        text = widget.text()
        if f.kind == SLOTS:
            return slots
        if f.kind == PHONES:
            return [p for p in text.split("/") if p.strip()]
        if f.kind == LANGUAGES:
            return _split(text.replace(" ", ";"))
        if f.kind == PLACES:
            if f.scope == "municipality":
                return self._codes(errors)
            if f.scope == "ambito" and self.scope_level.currentData() == "ambito":
                return [self._ambito_name(a) for a in _split(text)]
            if f.scope == "tribunale":
                return [self._court_name(c) for c in _split(text)]
        if f.kind in (EMAILS, PLACES):
            return _split(text)
        return text  # TEXT, URL, DATE: check_entry normalizes them

    def _ambito_name(self, text: str) -> str:
        from app.territory import normalize

        for a in self.territory.ambiti:
            if normalize(a.name) == normalize(text) or normalize(a.name.split(" (")[0]) == normalize(text):
                return a.name
        return text

    def _court_name(self, text: str) -> str:
        """"monza", "Tribunale di Monza" -> "Monza"; anything else is left for check_entry to refuse."""
        from app.territory import normalize

        key = normalize(text).removeprefix("tribunale di ").strip()
        return next((c for c in self.territory.courts() if normalize(c) == key), text)

    def validate(self) -> bool:
        level = self.scope_level.currentData()
        self.municipalities.setEnabled(level == "municipality")
        self.ambiti.setEnabled(level == "ambito")
        self.tribunali.setEnabled(level == "tribunale")
        clean, errors = self.collect()
        for key, label in self.errors.items():
            message = errors.get(key, "")
            label.setText(message[:1].upper() + message[1:])
            label.setVisible(bool(message))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not errors)
        self.clean = None if errors else clean
        return not errors

    def accept(self) -> None:
        if self.validate():
            super().accept()

    def result_data(self) -> dict[str, Any] | None:
        return self.clean


_ACTIONS = {"create": "creata", "edit": "modificata", "retire": "ritirata", "restore": "ripristinata",
            "import": "importata", "sync": "sincronizzata", "remove": "eliminata dalla sincronizzazione"}


class HistoryDialog(QDialog):
    """Every revision of an entry (who, when, what it became); newest first."""

    def __init__(self, revisions: list, territory: Territory, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("History"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(splitter)
        self.detail = QPlainTextEdit(splitter)
        self.detail.setReadOnly(True)
        splitter.setSizes([300, 460])
        layout.addWidget(splitter, 1)
        self.revisions = revisions
        self.territory = territory
        for rev in revisions:
            self.list.addItem(f"{rev.at:%d/%m/%Y %H:%M} - {rev.user} - {_ACTIONS.get(rev.action, rev.action)}")
        self.list.currentRowChanged.connect(self.show_revision)
        row = QHBoxLayout()
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        if revisions:
            self.list.setCurrentRow(0)

    def show_revision(self, row: int) -> None:
        if not 0 <= row < len(self.revisions):
            self.detail.clear()
            return
        d = self.revisions[row].data
        towns = [self.territory.by_code(c).name if self.territory.by_code(c) else c for c in d.get("municipalities", [])]
        lines = [
            f"{d.get('name', '')} - {d.get('role', '')}", f"{d.get('institution', '')}, {d.get('service', '')}",
            "Tel. " + " / ".join(display_phone(p) for p in d.get("phones", [])),
            "E-mail " + "; ".join(d.get("emails", []) + d.get("pecs", [])),
            "Orari " + format_hours(d.get("hours", []), d.get("hours_note", "")),
            "Territorio: " + (", ".join(towns) or ", ".join(d.get("ambiti", [])) or "Città metropolitana"),
            f"Validità: {d.get('valid_from') or '-'} / {d.get('valid_to') or '-'}",
            f"Verificato il: {d.get('last_verified') or '-'}", f"Fonte: {d.get('source', '')}",
            "Ritirata" if d.get("retired") else "Attiva",
        ]
        self.detail.setPlainText("\n".join(lines))
