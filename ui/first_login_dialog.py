"""An officer the office added logs in for the first time, with the office's one-time code.

The office adds an officer (``fieldkit-datacenter officers add``) and hands them a
one-time code; the office package brings the officer to this laptop, waiting. A
colleague who is logged in opens this dialog from Pengaturan (any role: the code
authorises, not the colleague), the newcomer chooses their name, types the code and
a new password twice, and the window becomes theirs. Checking the code and sealing
the new password are Argon2id, slow on purpose: both run on the thread pool.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from fieldkit import office
from fieldkit.errors import KnownError
from fieldkit.officers import check_new_password
from ui import workers
from ui.common import StatusLine
from ui.design import clear_field_error, keep_field_error_room, mark_primary, show_field_error
from ui.enter_key import enter_presses
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from fieldkit.officers import OfficerInfo
    from fieldkit.store.keyring import KdfParams
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

DIALOG_MIN_WIDTH_PX = 520


class PasswordPair:
    """A new password typed twice: both must match before anything is saved."""

    def __init__(self, form: QFormLayout) -> None:
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(QCoreApplication.translate("PasswordPair", "Password"), self.first)
        form.addRow(QCoreApplication.translate("PasswordPair", "Password again"), self.second)
        for field in (self.first, self.second):
            # Typing again is the answer to an error under the field: it goes at once.
            field.textEdited.connect(lambda _text, f=field: clear_field_error(f))

    def filled(self) -> bool:
        return bool(self.first.text() and self.second.text())

    def matching(self) -> bool:
        return self.first.text() == self.second.text()


class FirstLoginDialog(QDialog):
    """Choose the waiting officer, type the office's code and a new password twice."""

    #: The first login worked and the window is now this officer's (an ``OfficerInfo``).
    switched = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        kdf: KdfParams | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("First login of a new officer"))
        self.setAccessibleName(self.tr("First login of a new officer"))
        self.setMinimumWidth(DIALOG_MIN_WIDTH_PX)
        self.workspace = workspace
        self.kdf = kdf  # the new password's cost; None is the keyring's own (tests pass less)
        self._task: workers.Task | None = None
        about = QLabel(
            self.tr(
                "For an officer the office added: choose your name, type the one-time code "
                "the office gave you, and choose your password."
            )
        )
        about.setWordWrap(True)
        self.officer = QComboBox()
        self.officer.setAccessibleName(self.tr("New officer"))
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("One-time code from the office"))
        self.code.setPlaceholderText(self.tr("for example: K7QM-3XPA-HW9N"))
        form = QFormLayout(self)
        form.addRow(about)
        form.addRow(self.tr("New officer"), self.officer)
        form.addRow(self.tr("One-time code"), self.code)
        self.password = PasswordPair(form)
        self.code.textEdited.connect(lambda _text: clear_field_error(self.code))
        self.status = StatusLine()
        form.addRow(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.login_button = self.buttons.addButton(
            self.tr("Log in as this officer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        mark_primary(self.login_button)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        enter_presses(self, self.login_button)
        # Typing hides a message, and nothing below it moves; the office's answer on the
        # code (two lines: wrong or expired, ask the office) comes while the petugas may be
        # reaching for the password fields: its room is there from the start.
        keep_field_error_room(self.code, lines=2)
        for field in (self.password.first, self.password.second):
            keep_field_error_room(field)
        self.fill()

    def fill(self) -> None:
        """The officers waiting for their first login on this laptop."""
        self.officer.clear()
        for info in office.pending_officers(self.workspace):
            self.officer.addItem(f"{info.full_name} ({info.username})", info.username)
        waiting = self.officer.count() > 0
        for control in (self.officer, self.code, self.password.first, self.password.second):
            control.setEnabled(waiting)
        self.login_button.setEnabled(waiting)
        if waiting:
            self.code.setFocus()
        else:
            self.status.info(
                self.tr(
                    "No officer from the office is waiting for a first login on this laptop. "
                    "Sync first: the office's package brings new officers."
                )
            )

    def submit(self) -> None:
        username = self.officer.currentData()
        if not isinstance(username, str):
            return
        if not self._fields_fine():
            return
        code, password, kdf, ws = (
            self.code.text(),
            self.password.first.text(),
            self.kdf,
            self.workspace,
        )

        def work() -> OfficerInfo:
            office.first_login(ws, username, code, password, kdf=kdf)
            return ws.switch_officer(username, password)

        self._busy(busy=True)
        self.status.info(self.tr("Checking the code…"))
        self._task = workers.start(work, self._done, self._refused)

    def _fields(self) -> tuple[QLineEdit, ...]:
        return (self.code, self.password.first, self.password.second)

    def _fields_fine(self) -> bool:
        """Check what can be checked here, each message under the field it is about.

        The password rule is checked before the code: a too-short password costs no
        attempt at the office's code.
        """
        self.status.clear()
        for field in self._fields():
            clear_field_error(field)
        if not self.code.text().strip():
            show_field_error(self.code, self.tr("Type the one-time code from the office."))
            return False
        if not self.password.filled():
            empty = self.password.second if self.password.first.text() else self.password.first
            show_field_error(empty, self.tr("Type the new password twice."))
            return False
        try:
            check_new_password(self.password.first.text())
        except KnownError as error:
            show_field_error(self.password.first, explain(error))
            return False
        if not self.password.matching():
            show_field_error(
                self.password.second, self.tr("The two passwords differ; type them again.")
            )
            return False
        return True

    def _busy(self, *, busy: bool) -> None:
        for control in (self.buttons, self.officer, self.code):
            control.setEnabled(not busy)

    def _done(self, result: object) -> None:
        self._task = None
        log.info("an officer made their first login")  # no name in the log
        self.accept()
        self.switched.emit(result)

    def _refused(self, error: object) -> None:
        self._task = None
        self._busy(busy=False)
        self.status.clear()  # "Memeriksa kode…" has had its answer (issue 47)
        self.password.first.clear()
        self.password.second.clear()
        code = getattr(error, "code", "")
        if isinstance(error, KnownError) and code.startswith("first_login_code"):
            show_field_error(self.code, explain(error))  # the code was wrong or has expired
        elif isinstance(error, KnownError) and code.startswith("password_"):
            show_field_error(self.password.first, explain(error))
        else:
            self.status.error(explain_any(error))
