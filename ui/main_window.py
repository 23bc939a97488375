"""The home window: who is logged in, and whether the store is healthy.

The enrollment, planning, sarpras and sync screens arrive with their issues;
this window already carries the idle lock that all of them rely on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFormLayout, QLabel, QMainWindow, QMessageBox, QWidget

from fieldkit import regions
from fieldkit._version import __version__
from fieldkit.errors import KnownError
from fieldkit.store import database
from ui.bridge import EventBridge
from ui.devices_panel import DevicesPanel
from ui.dialogs import UnlockDialog
from ui.messages import explain

if TYPE_CHECKING:
    from fieldkit.devices import DeviceSupervisor
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

IDLE_POLL_MS = 5_000


class ActivityWatcher(QObject):
    """Any key or click counts as activity for the idle lock."""

    _ACTIVE = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self._ACTIVE:
            self.workspace.idle.touch()
        return super().eventFilter(watched, event)


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, supervisor: DeviceSupervisor | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.supervisor = supervisor
        self.bridge = EventBridge(workspace.events, self)
        self.setWindowTitle(self.tr("FieldKit %1").replace("%1", __version__))
        self.resize(1024, 640)

        central = QWidget()
        form = QFormLayout(central)
        office = workspace.keyring.office_code
        region = regions.regency(office[:4])
        self.office_label = QLabel(f"{office} · {region.name}" if region else office)
        self.officer_label = QLabel(
            f"{workspace.officer.full_name} ({workspace.officer.username}) · "
            f"{workspace.officer.role.label_id}"
        )
        self.store_label = QLabel()
        self.audit_label = QLabel()
        self.backups_label = QLabel()
        form.addRow(self.tr("Office"), self.office_label)
        form.addRow(self.tr("Officer"), self.officer_label)
        form.addRow(self.tr("Data store"), self.store_label)
        form.addRow(self.tr("Audit log"), self.audit_label)
        form.addRow(self.tr("Backups"), self.backups_label)
        self.devices_panel = DevicesPanel(self.bridge)
        form.addRow(self.devices_panel)
        self.setCentralWidget(central)

        menu = self.menuBar().addMenu(self.tr("&FieldKit"))
        self.backup_action = QAction(self.tr("Back up now"), self)
        self.backup_action.setShortcut(QKeySequence("Ctrl+B"))
        self.backup_action.triggered.connect(self.back_up)
        self.lock_action = QAction(self.tr("Lock screen"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.backup_action, self.lock_action, quit_action):
            menu.addAction(action)
            self.addAction(action)

        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_POLL_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        self.refresh()

    def refresh(self) -> None:
        report = self.workspace.check()
        self.store_label.setText(
            self.tr("✔ healthy, encrypted")
            if report.ok
            else self.tr("✖ DAMAGED: %1").replace("%1", "; ".join(report.problems))
        )
        chain = self.workspace.verify_audit()
        if chain.ok:
            self.audit_label.setText(
                self.tr("✔ intact, %n event(s)").replace("%n", str(chain.events))
            )
        else:
            bad = chain.first_bad.seq if chain.first_bad else 0
            self.audit_label.setText(self.tr("✖ BROKEN at event %1").replace("%1", str(bad)))
        backups = database.list_backups(self.workspace.directory)
        latest = backups[0].taken_at.astimezone().strftime("%Y-%m-%d %H:%M") if backups else "-"
        self.backups_label.setText(
            self.tr("%n backup(s), latest %1")
            .replace("%n", str(len(backups)))
            .replace("%1", latest)
        )

    def back_up(self) -> None:
        try:
            self.workspace.backup()
        except KnownError as error:
            QMessageBox.warning(self, self.tr("Backup failed"), explain(error))
        self.refresh()

    def check_idle(self) -> None:
        if self.workspace.idle.due():
            self.lock()

    def lock(self) -> None:
        if self.workspace.idle.locked:
            return
        self.workspace.lock()
        UnlockDialog(self.workspace, self).open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.idle_timer.stop()
        if self.supervisor is not None:
            self.supervisor.stop()
        self.bridge.detach()
        self.workspace.close()
        super().closeEvent(event)
