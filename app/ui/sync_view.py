"""Sync: the published version in use, "Sync now", the change report, restore, and publishing for publishers.

All network and database work runs in the worker pool, the small status read
included: the window builds this view 1.5 s after start even if nobody opens it,
and a constructor that read the database crashed it when the office's server had
died meanwhile (and froze it on a dead network). A status that cannot be read is
shown in the view's warning, in plain Italian. A timer repeats the check every
``sync.interval_hours`` while the window is open.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.context import AppContext
from app.sync import service
from app.sync.errors import SyncError
from app.sync.publish import DEFAULT_EXPIRES_DAYS, publish
from app.sync.report import local_time
from app.ui import msgbox
from app.ui.workers import run_in_background

log = logging.getLogger(__name__)


class SyncView(QWidget):
    bundle_applied = Signal(object)  # the ChangeReport
    check_finished = Signal(bool)  # True when the check succeeded (updated or not)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, check_at_start: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self._generation = 0  # the latest status read: an older one that arrives later is not shown
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Sync"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("Directory, territory and leaflet texts come from the publisher, "
                                         "signed and verified on this workstation."), self))

        self.warning = QLabel(self)
        self.warning.setObjectName("syncWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel#syncWarning { background: #fde7e9; color: #6e0811; padding: 6px; "
                                   "font-weight: bold; }")
        self.warning.setVisible(False)
        layout.addWidget(self.warning)

        box = QGroupBox(self.tr("Data in use"), self)
        form = QFormLayout(box)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("sequence", self.tr("Published version:")), ("publisher", self.tr("Publisher:")),
                           ("issued", self.tr("Issued:")), ("age", self.tr("Age:")),
                           ("expires", self.tr("Valid until:")), ("last_check", self.tr("Last successful check:")),
                           ("source", self.tr("Source:")), ("outcome", self.tr("Last check:"))):
            value = QLabel(box)
            value.setWordWrap(True)
            form.addRow(label, value)
            self.fields[key] = value
        layout.addWidget(box)

        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Sync now"), self)
        self.sync_button.clicked.connect(self.sync_now)
        self.restore_button = QPushButton(self.tr("Restore previous version"), self)
        self.restore_button.clicked.connect(self.restore_previous)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        report_box = QGroupBox(self.tr("Changes in the last update"), self)
        report_layout = QVBoxLayout(report_box)
        self.report = QPlainTextEdit(report_box)
        self.report.setReadOnly(True)
        self.report.setPlaceholderText(self.tr("No update applied in this session."))
        report_layout.addWidget(self.report)
        layout.addWidget(report_box, 1)

        self.publish_box = self._build_publish_box() if ctx.has_role("publishers") else None
        if self.publish_box is not None:
            layout.addWidget(self.publish_box)

        self.timer = QTimer(self)
        self.timer.setInterval(int(ctx.config["sync.interval_hours"]) * 3600 * 1000)
        self.timer.timeout.connect(self.check_in_background)
        self.timer.start()
        self.refresh()
        if check_at_start:
            QTimer.singleShot(0, self, self.check_in_background)  # tied to the view: never fires after it is gone

    # --- status --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the status in the pool and show it when it arrives; the buttons follow ``busy`` at once."""
        self._generation += 1
        generation, ctx = self._generation, self.ctx
        self.sync_button.setEnabled(not self.busy)
        if self.busy:
            self.restore_button.setEnabled(False)
        run_in_background(lambda: service.status(ctx), lambda status: self._show_status(status, generation),
                          lambda exc, _details: self._status_failed(exc, generation))

    def _current(self, generation: int) -> bool:
        return isValid(self) and generation == self._generation  # the view may be gone, or a newer read started

    def _show_status(self, status, generation: int) -> None:
        if not self._current(generation):
            return
        none = self.tr("none yet (data shipped with the program)")
        self.fields["sequence"].setText(str(status.sequence) if status.sequence is not None else none)
        self.fields["publisher"].setText(status.publisher or "-")
        self.fields["issued"].setText(local_time(status.issued_at))
        self.fields["age"].setText(self.tr("{n} days").replace("{n}", str(status.age_days))
                                   if status.age_days is not None else "-")
        self.fields["expires"].setText(local_time(status.expires_at))
        self.fields["last_check"].setText(local_time(status.last_check) if status.last_check else self.tr("never"))
        self.fields["source"].setText(status.source or self.tr("not configured (ask IT)"))
        warning = status.warning()
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        self.restore_button.setEnabled(status.previous_sequence is not None and not self.busy)
        self.sync_button.setEnabled(not self.busy)

    def _status_failed(self, exc: Exception, generation: int) -> None:
        """The database did not answer (the office's server down since start): say so in the view, plainly; "Sync
        now" reads it again. ``exc`` is already the Italian explanation (app/errors.py via the pool)."""
        if not self._current(generation):
            return
        self.warning.setText(self.tr("Sync status not available. {reason}").replace("{reason}", str(exc)))
        self.warning.setVisible(True)
        self.restore_button.setEnabled(False)
        self.sync_button.setEnabled(not self.busy)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.fields["outcome"].setText(self.tr("Checking..."))
        self.refresh()

    # --- check ---------------------------------------------------------------------------------------------------

    def check_in_background(self) -> None:
        """The automatic check: silent unless something changes or goes wrong (shown in the view, no dialog)."""
        if self.busy or not self.ctx.config["sync.source"] or not self.ctx.config["sync.trusted_keys"]:
            return
        self._start_check(interactive=False)

    def sync_now(self) -> None:
        if not self.busy:
            self._start_check(interactive=True)

    def _start_check(self, *, interactive: bool) -> None:
        self._set_busy(True)
        ctx = self.ctx

        def check() -> service.SyncOutcome:
            try:
                return service.synchronize(ctx)
            except Exception:
                try:  # in the pool too: the database may be what failed
                    service.mark_expiry(ctx)
                except Exception:  # the database itself failing is already in the log; keep showing the data
                    log.exception("Cannot update the expiry flag")
                raise

        run_in_background(check,
                          lambda outcome: self._checked(outcome, interactive),
                          lambda exc, details: self._check_failed(exc, details, interactive))

    def _checked(self, outcome: service.SyncOutcome, interactive: bool) -> None:
        if not isValid(self):
            return
        self._set_busy(False)
        if outcome.updated:
            self.report.setPlainText(outcome.report.text())
            self.fields["outcome"].setText(self.tr("Update applied."))
            self.bundle_applied.emit(outcome.report)
        else:
            self.fields["outcome"].setText(self.tr("No newer version available."))
            if interactive:
                msgbox.information(self, self.tr("Sync"), outcome.message)
        self.check_finished.emit(True)

    def _check_failed(self, exc: Exception, details: str, interactive: bool) -> None:
        if not isValid(self):  # the window closed while the check ran
            return
        self._set_busy(False)
        message = exc.message if isinstance(exc, SyncError) else str(exc)
        self.fields["outcome"].setText(self.tr("Refused: {reason}").replace("{reason}", message))
        if interactive:
            text = self.tr("The update was refused and the data in use is unchanged.\n\n{reason}")
            msgbox.warning(self, self.tr("Update refused"), text.replace("{reason}", message),
                           None if isinstance(exc, SyncError) else details)
        self.check_finished.emit(False)

    # --- restore -------------------------------------------------------------------------------------------------

    def restore_previous(self) -> None:
        if not msgbox.ask_yes_no(self, self.tr("Restore previous version"),
                                 self.tr("Go back to the version applied before the current one?")):
            return
        self._set_busy(True)
        ctx = self.ctx
        run_in_background(lambda: service.restore_previous(ctx), self._restored, self._restore_failed)

    def _restored(self, report) -> None:
        self._set_busy(False)
        self.report.setPlainText(report.text())
        self.fields["outcome"].setText(self.tr("Previous version restored."))
        self.bundle_applied.emit(report)

    def _restore_failed(self, exc: Exception, details: str) -> None:
        self._set_busy(False)
        message = exc.message if isinstance(exc, SyncError) else str(exc)
        msgbox.warning(self, self.tr("Restore refused"), message)

    # --- publish -------------------------------------------------------------------------------------------------

    def _path_row(self, form: QFormLayout, label: str, placeholder: str, choose) -> QLineEdit:
        """A path field with its "Choose..." button, added to ``form``."""
        field = QLineEdit(form.parentWidget())
        field.setPlaceholderText(placeholder)
        button = QPushButton(self.tr("Choose..."), form.parentWidget())
        button.clicked.connect(choose)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        form.addRow(label, row)
        return field

    def _build_publish_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Publish a new version"), self)
        form = QFormLayout(box)
        self.key_file = self._path_row(form, self.tr("Signing key:"), self.tr("private key file"), self._choose_key)
        self.out_dir = self._path_row(form, self.tr("Output folder:"),
                                      self.tr("folder published on the portal or the share"), self._choose_out)
        self.expires_days = QSpinBox(box)
        self.expires_days.setRange(1, 365)
        self.expires_days.setValue(DEFAULT_EXPIRES_DAYS)
        self.expires_days.setSuffix(self.tr(" days"))
        self.expires_days.setMaximumWidth(120)
        form.addRow(self.tr("Valid for:"), self.expires_days)
        self.publish_button = QPushButton(self.tr("Sign and publish"), box)
        self.publish_button.clicked.connect(self.publish)
        row = QHBoxLayout()
        row.addWidget(self.publish_button)
        row.addStretch(1)
        form.addRow("", row)
        return box

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Signing key"))
        if path:
            self.key_file.setText(path)

    def _choose_out(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Output folder"))
        if path:
            self.out_dir.setText(path)

    def publish(self) -> None:
        key, out = self.key_file.text().strip(), self.out_dir.text().strip()
        if not key or not out:
            msgbox.warning(self, self.tr("Publish"), self.tr("Choose the signing key and the output folder."))
            return
        ctx, days = self.ctx, self.expires_days.value()
        self.publish_button.setEnabled(False)
        run_in_background(lambda: publish(ctx, Path(out), key_file=Path(key), expires_days=days),
                          self._published, self._publish_failed)

    def _published(self, signed) -> None:
        self.publish_button.setEnabled(True)
        m = signed.manifest
        text = self.tr("Version {n} signed and written to {folder}.")
        msgbox.information(self, self.tr("Published"),
                           text.replace("{n}", str(m.sequence)).replace("{folder}", self.out_dir.text().strip()))

    def _publish_failed(self, exc: Exception, details: str) -> None:
        self.publish_button.setEnabled(True)
        message = exc.message if isinstance(exc, SyncError) else str(exc)
        msgbox.critical(self, self.tr("Publication refused"), message,
                        None if isinstance(exc, SyncError) else details)

    def shutdown(self) -> None:
        self.timer.stop()
