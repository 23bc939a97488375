"""The team's officers with their NIP and pangkat/golongan, set by the admin from Pengaturan.

The surat tugas names each officer with NIP and pangkat; without them it prints
a dash, and the office would have to fix the letter by hand.  An admin sets
them here (or with ``fieldkit officer set``), from the officer's SK; the core
checks the NIP's shape (birth date, appointment, sex digit), so a digit typed
wrong is refused before it reaches a letter.

Pengaturan holds only a small box with a button: the list opens in a window of
its own, wide enough for names, NIPs and ranks, so the settings screen still
fits 1280x720 without scrolling.  The same window is the admin's whole officer
administration (issue 23): add an officer with a first password, reset a
forgotten password, clear a lockout, disable an account.  Office admins do not
use a terminal; for them ``fieldkit officer ...`` does not exist.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.accounts import Accounts
from fieldkit.errors import KnownError
from fieldkit.officers import OfficerInfo, Role, format_nip
from fieldkit.permissions import may_administer
from ui.common import (
    StatusLine,
    fit_columns,
    read_only_table,
    row_key,
    tip_cells,
    widen_for_columns,
)
from ui.design import clear_field_error, mark_primary, show_field_error
from ui.design.empty import empty_state
from ui.design.pill import PillKind, mark_pill_cell, pill_column
from ui.enter_key import enter_presses
from ui.first_login_dialog import FirstLoginDialog, PasswordPair
from ui.labels_catalogue import role_texts
from ui.messages import explain

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

# Wide enough for a full name, the role, a spaced NIP and "Penata Muda Tingkat I, III/b".
DIALOG_MIN_WIDTH_PX = 860
TABLE_MIN_HEIGHT_PX = 200
#: The officers table's column that shows the account's state, drawn as a pill.
STATE_COLUMN = 4
ADD_DIALOG_MIN_WIDTH_PX = 560


class OfficersBox(QGroupBox):
    """Pengaturan's entry to the officers: the admin's list, and anyone's first-login button."""

    #: A new officer made their first login: the window is now theirs (an ``OfficerInfo``).
    officer_switched = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Team officers"), parent)
        self.workspace = workspace
        self.dialog: OfficersDialog | None = None
        self.first_login_dialog: FirstLoginDialog | None = None
        admin = may_administer(workspace.officer)
        about = QLabel(
            self.tr(
                "Add officers, reset a forgotten password, unlock or disable an account, and "
                "set the NIP and rank/grade the duty letter prints."
            )
            if admin
            else self.tr("An officer the office added logs in here the first time.")
        )
        about.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Manage officers…"))
        self.open_button.clicked.connect(self.open_officers)
        self.open_button.setVisible(admin)
        self.first_login_button = QPushButton(self.tr("First login of a new officer…"))
        self.first_login_button.clicked.connect(self.open_first_login)
        self.first_login_button.setVisible(not admin)  # the admin finds it in the list's window
        row = QHBoxLayout(self)
        row.addWidget(about, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.first_login_button)

    def open_first_login(self) -> FirstLoginDialog:
        self.first_login_dialog = FirstLoginDialog(self.workspace, self)
        self.first_login_dialog.switched.connect(self.officer_switched)
        self.first_login_dialog.open()
        return self.first_login_dialog

    def open_officers(self) -> OfficersDialog:
        """The officers' window, modal to Pengaturan; closed, it is deleted."""
        self.dialog = OfficersDialog(self.workspace, self)
        self.dialog.officer_switched.connect(self.officer_switched)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        self.dialog.open()
        return self.dialog

    def _forget_dialog(self) -> None:
        self.dialog = None


class OfficersDialog(QDialog):
    """Every officer of this laptop: accounts added, reset, unlocked, disabled; NIP and pangkat."""

    #: A new officer made their first login here: the window is now theirs.
    officer_switched = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team officers"))
        self.setAccessibleName(self.tr("Team officers"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH_PX)
        self.workspace = workspace
        self.status = StatusLine()
        self.role_words = role_texts()  # the same names as Beranda and the login
        self.officers: dict[str, OfficerInfo] = {}
        # Pills, as every state in the app: a symbol and a word, the colour only a second signal.
        self.state_words = {
            "active": "● " + self.tr("active"),
            "pending": "◐ " + self.tr("waiting for the first login"),
            "disabled": "⊘ " + self.tr("disabled"),
        }
        self.state_kinds = {
            "active": PillKind.OK,
            "pending": PillKind.WARNING,
            "disabled": PillKind.NEUTRAL,
        }
        self.source_words = {
            "office": self.tr("Office"),
            "local": self.tr("This laptop"),
        }
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("NIP"),
                self.tr("Rank/grade"),
                self.tr("Account"),
                self.tr("Added by"),
            ]
        )
        self.table.setAccessibleName(self.tr("Team officers"))
        read_only_table(self.table)
        fit_columns(self.table, stretch=(0, 3), wrap=True)
        pill_column(self.table, STATE_COLUMN)
        self.empty = empty_state(
            self.table,
            self.tr("No officer is registered on this laptop yet."),
            self.tr('Press "Add officer…", or sync: the office\'s package brings the team.'),
        )
        self.table.setMinimumHeight(TABLE_MIN_HEIGHT_PX)
        self.table.itemSelectionChanged.connect(self._show_chosen)
        self.nip = QLineEdit()
        self.nip.setAccessibleName(self.tr("Officer's NIP"))
        self.nip.setPlaceholderText(self.tr("18 digits, as on the SK"))
        self.rank = QLineEdit()
        self.rank.setAccessibleName(self.tr("Officer's rank/grade"))
        self.rank.setPlaceholderText(self.tr("for example: Penata Muda, III/a"))
        for field in (self.nip, self.rank):
            field.textEdited.connect(lambda _text, f=field: clear_field_error(f))
        self.save_button = QPushButton(self.tr("Save NIP and rank"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close the officers' list"))
        self.close_button.clicked.connect(self.accept)
        accounts = self._account_buttons()
        form = QFormLayout()
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Rank/grade"), self.rank)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(accounts)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        # From the list straight to the chosen officer's NIP, then the account buttons.
        chain = [
            self.table,
            self.nip,
            self.rank,
            self.save_button,
            self.add_button,
            self.reset_button,
            self.unlock_button,
            self.disable_button,
            self.first_login_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        enter_presses(self, self.save_button)  # Enter in the NIP or the rank saves them
        self.refresh()

    def _account_buttons(self) -> QVBoxLayout:
        """Add, reset a password, unlock, disable: the admin's work on accounts."""
        self.add_button = QPushButton(self.tr("Add officer…"))
        self.add_button.clicked.connect(self.add_officer)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.unlock)
        self.disable_button = QPushButton(self.tr("Disable…"))
        self.disable_button.clicked.connect(self.disable)
        self.first_login_button = QPushButton(self.tr("First login of a new officer…"))
        self.first_login_button.clicked.connect(self.open_first_login)
        self.first_login_dialog: FirstLoginDialog | None = None
        self.add_dialog: AddOfficerDialog | None = None
        self.password_dialog: NewPasswordDialog | None = None
        row = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.unlock_button, self.disable_button):
            row.addWidget(button)
        row.addStretch(1)
        # On a row of its own: beside the four it was cut at both ends at 1366x768
        # ("asuk pertama kali petugas baru.", issue 47).
        newcomer = QHBoxLayout()
        newcomer.addStretch(1)
        newcomer.addWidget(self.first_login_button)
        both = QVBoxLayout()
        both.addLayout(row)
        both.addLayout(newcomer)
        return both

    def open_first_login(self) -> FirstLoginDialog:
        """Anyone logged in opens it; the code from the office is what authorises."""
        self.first_login_dialog = FirstLoginDialog(self.workspace, self)
        self.first_login_dialog.switched.connect(self._first_login_done)
        self.first_login_dialog.open()
        return self.first_login_dialog

    def _first_login_done(self, info: object) -> None:
        self.accept()
        self.officer_switched.emit(info)

    def refresh(self) -> None:
        chosen = row_key(self.table)
        listed = Accounts(self.workspace).list_officers()
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
            state = QTableWidgetItem(self.state_words.get(officer.state, officer.state))
            mark_pill_cell(state, self.state_kinds.get(officer.state, PillKind.NEUTRAL))
            self.table.setItem(row, STATE_COLUMN, state)
            source = self.source_words.get(officer.source, officer.source)
            self.table.setItem(row, 5, QTableWidgetItem(source))
            if officer.username == chosen:
                self.table.selectRow(row)
        tip_cells(self.table)
        self._show_chosen()
        if self.isVisible():
            widen_for_columns(self.table)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        widen_for_columns(self.table)  # its width is known once it is laid out

    def _show_chosen(self) -> None:
        officer = self.officers.get(row_key(self.table) or "")
        active = officer is not None and officer.active
        for control in (self.nip, self.rank, self.save_button):
            control.setEnabled(active)
        for button in (self.reset_button, self.unlock_button, self.disable_button):
            button.setEnabled(active)
        self.nip.setText(format_nip(officer.nip) if officer and officer.nip else "")
        self.rank.setText(officer.rank or "" if officer else "")
        for field in (self.nip, self.rank):
            clear_field_error(field)  # another officer: the last one's error is not theirs

    def save(self) -> None:
        username = row_key(self.table)
        if username is None:
            self.status.error(self.tr("Choose an officer in the list first."))
            return
        for field in (self.nip, self.rank):
            clear_field_error(field)
        try:
            info = Accounts(self.workspace).set_officer_details(
                username, nip=self.nip.text(), rank=self.rank.text()
            )
        except KnownError as error:
            at_fault = {"rank_too_long": self.rank}.get(error.code)
            if at_fault is None and error.code.startswith("nip_"):
                at_fault = self.nip
            if at_fault is not None:
                show_field_error(at_fault, explain(error))
            else:
                self.status.error(explain(error))
            return
        log.info("officer details changed in the settings")  # no NIP in the log
        self.status.ok(self.tr("NIP and rank of %1 saved.").replace("%1", info.full_name))
        self.refresh()

    # --- accounts ----------------------------------------------------------------------

    def _chosen(self) -> OfficerInfo | None:
        officer = self.officers.get(row_key(self.table) or "")
        if officer is None:
            self.status.error(self.tr("Choose an officer in the list first."))
        return officer

    def add_officer(self) -> AddOfficerDialog:
        self.add_dialog = AddOfficerDialog(self.workspace, self)
        self.add_dialog.added.connect(self._added)
        self.add_dialog.open()
        return self.add_dialog

    def _added(self, info: OfficerInfo) -> None:
        self.status.ok(
            self.tr("%1 added; they log in as %2 with the password you gave.")
            .replace("%1", info.full_name)
            .replace("%2", info.username)
        )
        self.refresh()

    def reset_password(self) -> NewPasswordDialog | None:
        officer = self._chosen()
        if officer is None:
            return None
        self.password_dialog = NewPasswordDialog(self.workspace, officer, self)
        self.password_dialog.accepted.connect(
            lambda: self.status.ok(
                self.tr("New password of %1 saved; tell it to them in person.").replace(
                    "%1", officer.full_name
                )
            )
        )
        self.password_dialog.open()
        return self.password_dialog

    def unlock(self) -> None:
        officer = self._chosen()
        if officer is None:
            return
        try:
            Accounts(self.workspace).clear_lockout(officer.username)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(
            self.tr("%1 may log in again (wrong passwords forgotten).").replace(
                "%1", officer.full_name
            )
        )

    def disable(self) -> None:
        officer = self._chosen()
        if officer is None:
            return
        question = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Disable an officer"),
            self.tr("Disable %1?").replace("%1", officer.full_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        question.setInformativeText(
            self.tr(
                "They can no longer log in on this laptop; their records and the audit log "
                "stay. The store's key is changed and old backups replaced, which takes a "
                "moment."
            )
        )
        question.setDefaultButton(QMessageBox.StandardButton.No)  # Enter must not disable
        if question.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            Accounts(self.workspace).disable_officer(officer.username)
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.status.ok(self.tr("%1 is disabled.").replace("%1", officer.full_name))
        self.refresh()


class AddOfficerDialog(QDialog):
    """A new officer: username, name, role, NIP and rank, and a first password typed twice."""

    added = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an officer"))
        self.setMinimumWidth(ADD_DIALOG_MIN_WIDTH_PX)  # the hints in the fields read whole
        self.workspace = workspace
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("for logging in, e.g. siti.aminah"))
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role, words in role_texts().items():
            self.role.addItem(words, role.value)
        self.role.setCurrentIndex(self.role.findData(Role.PETUGAS.value))
        self.nip = QLineEdit()
        self.nip.setPlaceholderText(self.tr("18 digits, as on the SK (optional)"))
        self.rank = QLineEdit()
        self.rank.setPlaceholderText(self.tr("for example: Penata Muda, III/a (optional)"))
        form = QFormLayout(self)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Rank/grade"), self.rank)
        self.password = PasswordPair(form)
        self.status = StatusLine()
        form.addRow(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(
            self.tr("Add the officer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        mark_primary(self.add_button)
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        enter_presses(self, self.add_button)
        self.username.setFocus()

    def _fields(self) -> tuple[QWidget, ...]:
        return (
            self.username,
            self.full_name,
            self.nip,
            self.rank,
            self.password.first,
            self.password.second,
        )

    def _field_at_fault(self, code: str) -> QWidget | None:
        """The field a refusal is about: its message goes under it, in red."""
        return {
            "username_invalid": self.username,
            "officer_exists": self.username,
            "officer_name_required": self.full_name,
            "officer_name_too_long": self.full_name,
            "nip_length": self.nip,
            "nip_invalid": self.nip,
            "rank_too_long": self.rank,
            "password_too_short": self.password.first,
            "password_spaces": self.password.first,
        }.get(code)

    def add(self) -> None:
        self.status.clear()
        for field in self._fields():
            clear_field_error(field)
        if not self.password.filled():
            empty = self.password.second if self.password.first.text() else self.password.first
            show_field_error(empty, self.tr("Type the first password twice."))
            return
        if not self.password.matching():
            show_field_error(
                self.password.second, self.tr("The two passwords differ; type them again.")
            )
            return
        try:
            info = Accounts(self.workspace).add_officer(
                self.username.text().strip(),
                self.full_name.text(),
                Role(str(self.role.currentData())),
                self.password.first.text(),
                nip=self.nip.text() or None,
                rank=self.rank.text() or None,
            )
        except KnownError as error:  # the dialog stays, with what was typed
            at_fault = self._field_at_fault(error.code)
            if at_fault is not None:
                show_field_error(at_fault, explain(error))
            else:
                self.status.error(explain(error))
            return
        log.info("an officer was added in the settings")  # no name or username in the log
        self.added.emit(info)
        self.accept()


class NewPasswordDialog(QDialog):
    """The admin sets a new password for an officer who forgot theirs (typed twice)."""

    def __init__(
        self, workspace: Workspace, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New password for %1").replace("%1", officer.full_name))
        self.workspace = workspace
        self.officer = officer
        form = QFormLayout(self)
        self.password = PasswordPair(form)
        self.status = StatusLine()
        form.addRow(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(
            self.tr("Save the new password"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        mark_primary(self.save_button)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        enter_presses(self, self.save_button)
        self.password.first.setFocus()

    def save(self) -> None:
        if not self.password.filled() or not self.password.matching():
            self.status.error(self.tr("The two passwords differ; type them again."))
            return
        try:
            Accounts(self.workspace).reset_password(
                self.officer.username, self.password.first.text()
            )
        except KnownError as error:
            self.status.error(explain(error))
            return
        self.accept()
