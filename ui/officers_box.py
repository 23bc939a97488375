"""The team's officers with their NIP and pangkat/golongan, set by the admin from Pengaturan.

The surat tugas names each officer with NIP and pangkat; without them it prints
a dash, and the office would have to fix the letter by hand.  An admin sets
them here (or with ``fieldkit officer set``), from the officer's SK; the core
checks the NIP's shape (birth date, appointment, sex digit), so a digit typed
wrong is refused before it reaches a letter.

Pengaturan holds only a small box with a button: the list opens in a window of
its own, wide enough for names, NIPs and ranks, so the settings screen still
fits 1280x720 without scrolling.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.accounts import Accounts
from fieldkit.errors import KnownError
from fieldkit.officers import OfficerInfo, Role, format_nip
from ui.common import StatusLine, fit_columns, read_only_table, row_key, tip_cells
from ui.messages import explain

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

# Wide enough for a full name, the role, a spaced NIP and "Penata Muda Tingkat I, III/b".
DIALOG_MIN_WIDTH_PX = 860
TABLE_MIN_HEIGHT_PX = 200


class OfficersBox(QGroupBox):
    """Pengaturan's entry to the officers' details: a sentence and a button (admin only)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Team officers"), parent)
        self.workspace = workspace
        self.dialog: OfficersDialog | None = None
        about = QLabel(self.tr("The duty letter prints each officer's NIP and rank/grade."))
        about.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Set officers' NIP and rank…"))
        self.open_button.clicked.connect(self.open_officers)
        row = QHBoxLayout(self)
        row.addWidget(about, 1)
        row.addWidget(self.open_button)

    def open_officers(self) -> OfficersDialog:
        """The officers' window, modal to Pengaturan; closed, it is deleted."""
        self.dialog = OfficersDialog(self.workspace, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()
        return self.dialog

    def _forget_dialog(self) -> None:
        self.dialog = None


class OfficersDialog(QDialog):
    """Every active officer of this laptop; the chosen one's NIP and pangkat can be changed."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team officers (for the duty letter)"))
        self.setAccessibleName(self.tr("Team officers (for the duty letter)"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH_PX)
        self.workspace = workspace
        self.status = StatusLine()
        self.role_words = {
            Role.PETUGAS: self.tr("recording officer"),
            Role.KETUA_TIM: self.tr("team lead"),
            Role.OPERATOR: self.tr("operator"),
            Role.ADMIN: self.tr("admin"),
        }
        self.officers: dict[str, OfficerInfo] = {}
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("NIP"), self.tr("Rank/grade")]
        )
        self.table.setAccessibleName(self.tr("Team officers"))
        read_only_table(self.table)
        fit_columns(self.table, stretch=(0, 3))
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT_PX)
        self.table.itemSelectionChanged.connect(self._show_chosen)
        self.nip = QLineEdit()
        self.nip.setAccessibleName(self.tr("Officer's NIP"))
        self.nip.setPlaceholderText(self.tr("18 digits, as on the SK"))
        self.rank = QLineEdit()
        self.rank.setAccessibleName(self.tr("Officer's rank/grade"))
        self.rank.setPlaceholderText(self.tr("for example: Penata Muda, III/a"))
        self.save_button = QPushButton(self.tr("Save NIP and rank"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the officers' list"))
        self.close_button.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Rank/grade"), self.rank)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        chosen = row_key(self.table)
        listed = [o for o in Accounts(self.workspace).list_officers() if o.active]
        self.officers = {o.username: o for o in listed}
        self.table.setRowCount(len(listed))
        for row, officer in enumerate(listed):
            name = QTableWidgetItem(officer.full_name)
            name.setData(Qt.ItemDataRole.UserRole, officer.username)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(self.role_words[officer.role]))
            nip = format_nip(officer.nip) if officer.nip else "-"
            self.table.setItem(row, 2, QTableWidgetItem(nip))
            self.table.setItem(row, 3, QTableWidgetItem(officer.rank or "-"))
            if officer.username == chosen:
                self.table.selectRow(row)
        tip_cells(self.table)
        self._show_chosen()

    def _show_chosen(self) -> None:
        officer = self.officers.get(row_key(self.table) or "")
        for control in (self.nip, self.rank, self.save_button):
            control.setEnabled(officer is not None)
        self.nip.setText(format_nip(officer.nip) if officer and officer.nip else "")
        self.rank.setText(officer.rank or "" if officer else "")

    def save(self) -> None:
        username = row_key(self.table)
        if username is None:
            self.status.error(self.tr("Choose an officer in the list first."))
            return
        try:
            info = Accounts(self.workspace).set_officer_details(
                username, nip=self.nip.text(), rank=self.rank.text()
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        log.info("officer details changed in the settings")  # no NIP in the log
        self.status.ok(self.tr("NIP and rank of %1 saved.").replace("%1", info.full_name))
        self.refresh()
