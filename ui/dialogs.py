"""First-run setup, login and the idle-lock screen.

Each dialog calls one ``fieldkit`` function and shows its error in place, so
a wrong password or a read-only disk never closes the app or loses input.
"""

from __future__ import annotations

import enum
import logging
from html import escape
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import KnownError, StoreError, StoreReason
from fieldkit.officers import Role
from ui import workers
from ui.dates import moment_text
from ui.design import mark_primary, mark_status
from ui.enter_key import enter_presses
from ui.messages import explain, explain_any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from drivers.interfaces import CardReader
    from fieldkit.workspace import Workspace
    from ui.card_login import CardLoginBox, CardUnlockBox

log = logging.getLogger(__name__)


class _FormDialog(QDialog):
    """A form whose button may be pressed before the code behind it has loaded.

    ``ui.app`` loads that code on a background thread once the dialog has painted
    (:meth:`hold_until`).  A press that comes first is kept and carried out when
    the code is there, with a note meanwhile, so the window never freezes on it.
    """

    def __init__(self, title: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        mark_status(self.error_label, "error")  # the theme's red, readable in each theme
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        mark_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self._on_accepted)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
        enter_presses(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.workspace: Workspace | None = None
        self._ready = True
        self._pressed_early = False
        self._refused = False

    def _add_below_the_button(self, box: QWidget) -> None:
        """A box that arrives once the dialog is on screen goes below the button.

        The staff-card box comes when a reader is found, after the first paint: above the
        button it moved "Masuk" from under a pointer on its way there (an end-to-end run's
        click landed in the new box instead).
        """
        layout = self.layout()
        if layout is not None:
            layout.addWidget(box)

    def hold_until(self, ready: SignalInstance) -> None:
        """Keep a press of the button until ``ready(list)`` is emitted (from any thread)."""
        self._ready = False
        ready.connect(self._now_ready)

    @Slot(list)
    def _now_ready(self, _loaded: list[str]) -> None:
        if self._ready or self._refused:
            return
        self._ready = True
        self.status_label.hide()
        self.buttons.setEnabled(True)
        if self._pressed_early and self.isVisible():
            self._pressed_early = False
            self.submit()

    @Slot(object)
    def refuse(self, error: object) -> None:
        """The dialog cannot do its job this run (e.g. the demo's store could not be made)."""
        self._refused = True
        self._pressed_early = False
        self.status_label.hide()
        self.buttons.setEnabled(False)
        self.show_error(explain_any(error))

    def show_error(self, text: str) -> None:
        # The text says what is wrong; colour is only a second signal.
        self.error_label.setText("⚠ " + text)
        self.error_label.show()
        # Grown to the new lines, or the layout squeezes the rows above them (the demo's
        # note on the login window lost its accounts line to a wrong password).
        self.adjustSize()

    @Slot()
    def _on_accepted(self) -> None:
        if self._refused:
            return
        if self._ready:
            self.submit()
            return
        self._pressed_early = True
        self.buttons.setEnabled(False)
        self.status_label.setText(self.tr("Getting ready… this takes a moment, then it goes on."))
        self.status_label.show()
        self.adjustSize()

    def submit(self) -> None:
        raise NotImplementedError

    def password_missing(self, field: QLineEdit) -> bool:
        """An empty password is not a wrong one: say so at the field and check nothing.

        Sent to the check, it counted toward the lockout ("4 attempts left") although
        nothing had been typed (issue 36): Enter pressed too soon, or in the wrong field.
        """
        if field.text():
            return False
        self.show_error(
            QCoreApplication.translate("LoginDialog", "The password is empty: type it first.")
        )
        field.setFocus()
        return True

    @staticmethod
    def password_field() -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field


class FirstRunDialog(_FormDialog):
    """Creates the store and its first admin on a new laptop."""

    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set up FieldKit on this laptop"), self.tr("Create"), parent)
        self.home = home
        intro = QLabel(
            self.tr(
                "No FieldKit data was found in %1. Create it with the first admin account."
            ).replace("%1", str(home))
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.office_code = QLineEdit()
        self.office_code.setPlaceholderText("3505")
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = self.password_field()
        self.repeat = self.password_field()
        self.form.addRow(self.tr("Office (regency code)"), self.office_code)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Full name"), self.full_name)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow(self.tr("Repeat password"), self.repeat)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.show_error(self.tr("The two passwords differ."))
            return
        from fieldkit.workspace import Workspace  # noqa: PLC0415 - see LoginDialog.submit

        try:
            self.workspace = Workspace.init(
                self.home,
                office_code=self.office_code.text(),
                username=self.username.text().strip(),
                full_name=self.full_name.text().strip() or self.username.text().strip(),
                role=Role.ADMIN,
                password=self.password.text(),
            )
        except KnownError as error:
            self.show_error(explain(error))
            return
        self.accept()


class LoginDialog(_FormDialog):
    """The first window of every start but the first: it must paint before the store's code loads.

    This module imports no SQLAlchemy, Alembic or domain models; ``ui.app`` warms
    them on a background thread while the officer types (see ``ui.app.Warmup``).
    """

    #: A login ended, in or refused (its error shown); the dialog is accepted after a success.
    login_finished = Signal()

    def __init__(self, home: Path, last_officer: str | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("FieldKit login"), self.tr("Log in"), parent)
        self.home = home
        self.username = QLineEdit(last_officer or "")
        self.password = self.password_field()
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Password"), self.password)
        (self.password if last_officer else self.username).setFocus()
        self.card_box: CardLoginBox | None = None
        # Offered only when the store is damaged and has a backup: the same restore as the CLI's.
        self.restore_button = QPushButton(self.tr("Restore the latest backup"))
        self.restore_button.clicked.connect(self.restore_latest_backup)
        self.restore_button.hide()
        self.form.addRow(self.restore_button)
        self._login_task: workers.Task | None = None

    def offer_demo(self, accounts: Sequence[tuple[str, str]], password: str) -> None:
        """Training mode: name the demo's accounts and fill in their (printed, fake) password."""
        note = demo_note(self, accounts, password)
        self.form.insertRow(0, note)
        self.password.setText(password)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def offer_card(self, open_reader: Callable[[], CardReader | None]) -> None:
        """Add the staff-card box (``ui.app`` calls it once a reader is found, after warm-up)."""
        from ui.card_login import CardLoginBox  # noqa: PLC0415 - loads the store's code

        if self.card_box is not None:
            return
        self.card_box = CardLoginBox(self.home, open_reader, self)
        self.card_box.logged_in.connect(self._logged_in_with_card)
        self._add_below_the_button(self.card_box)
        # The dialog is already on screen: grow it to the box, or the box is squeezed unreadable.
        # The layout is settled first (the box's own rows included) and the size taken after
        # the wrapped words' heights are known: measured before, the demo's note lost a line.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.adjustSize()
        QTimer.singleShot(0, self, self._fit_height)

    def _fit_height(self) -> None:
        """At least as tall as the layout needs at the dialog's width (wrapped labels too)."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    @Slot(object)
    def _logged_in_with_card(self, workspace: object) -> None:
        self.workspace = cast("Workspace", workspace)
        self.accept()

    def submit(self) -> None:
        """Log in on a worker: the window stays alive while the store opens.

        Opening checks every page of the store, migrates it when FieldKit was updated
        and writes the day's first backup: seconds on a big store or a busy disk, which
        froze the window ("Not responding") with the officer's click unanswered.
        """
        if self._login_task is not None or self.password_missing(self.password):
            return
        # Already imported by the warm-up unless the password came very fast.
        from fieldkit import login  # noqa: PLC0415 - kept off the first paint

        home, username, password = self.home, self.username.text().strip(), self.password.text()
        self.error_label.hide()
        self._set_logging_in(busy=True)
        self.status_label.setText(self.tr("Opening the store…"))
        self.status_label.show()
        self._login_task = workers.start_apart(
            lambda: login.log_in(home, username, password), self._logged_in, self._login_failed
        )

    def _set_logging_in(self, *, busy: bool) -> None:
        """Masuk and the staff-card box are off while one login runs: one session, not two."""
        self.buttons.setEnabled(not busy)
        if self.card_box is not None:
            self.card_box.setEnabled(not busy)

    @property
    def logging_in(self) -> bool:
        """True while a login runs on its worker (the button is off, Esc waits for it)."""
        return self._login_task is not None

    def _logged_in(self, workspace: object) -> None:
        self._login_task = None
        self.status_label.hide()
        self.workspace = cast("Workspace", workspace)
        self.login_finished.emit()
        self.accept()

    def _login_failed(self, error: object) -> None:
        self._login_task = None
        self.status_label.hide()
        self._set_logging_in(busy=False)
        if isinstance(error, StoreError):
            damaged = error.reason is StoreReason.CORRUPTED and bool(error.backups)
            if not damaged:  # the password was right; keep it for the restore
                self.password.clear()
            self.restore_button.setVisible(damaged)
            self.show_error(explain(error))
        elif isinstance(error, KnownError):
            self.password.clear()
            self.password.setFocus()  # where the officer types it again
            self.show_error(explain(error))
        else:  # a bug, logged with its trace by the worker: say where to look
            self.show_error(explain_any(error))
        self.login_finished.emit()

    def reject(self) -> None:
        """Esc or the window's close waits for a login under way: its store is open by then."""
        if self._login_task is None:
            super().reject()

    @Slot()
    def restore_latest_backup(self) -> None:
        """Put the newest backup in place of the damaged store (kept aside), then log in."""
        from fieldkit.login import restore_from_backup  # noqa: PLC0415 - kept off the first paint

        try:
            done = restore_from_backup(
                self.home, self.username.text().strip(), self.password.text()
            )
        except KnownError as error:
            self.password.clear()
            self.restore_button.hide()
            self.show_error(explain(error))
            return
        log.info("the store was restored from a backup at login")
        self.restore_button.hide()
        self.error_label.hide()
        self.status_label.setText(
            self.tr("Restored the backup of %1; the damaged file was kept.").replace(
                "%1", moment_text(done.backup.taken_at)
            )
        )
        self.status_label.show()
        self.submit()


def demo_note(dialog: QWidget, accounts: Sequence[tuple[str, str]], password: str) -> QLabel:
    """The training mode's note: the demo's accounts and their one (printed, fake) password.

    The login and the lock both show it: "Ganti pengguna" in the demo asks for another
    account's password, and the hint that was on the login must not be gone there
    (issue 47, finding 10).  Its words are the login dialog's, in its context.
    """
    roles = {
        "admin": QCoreApplication.translate("LoginDialog", "admin"),
        "ketua_tim": QCoreApplication.translate("LoginDialog", "team lead"),
        "petugas": QCoreApplication.translate("LoginDialog", "officer"),
    }
    names = ", ".join(
        f"<b>{escape(user)}</b> ({escape(roles.get(role, role))})" for user, role in accounts
    )
    note = QLabel(
        QCoreApplication.translate(
            "LoginDialog",
            "Training mode: made-up data, deleted when the app closes. "
            "Accounts: %1. The password of all of them, %2, is filled in.",
        )
        .replace("%1", names)
        # A non-breaking hyphen: the password must not wrap into something else.
        .replace("%2", "<b>" + escape(password).replace("-", "\u2011") + "</b>"),
        dialog,
    )
    note.setTextFormat(Qt.TextFormat.RichText)
    note.setObjectName("demo_note")
    note.setWordWrap(True)
    return note


class LockReason(enum.Enum):
    IDLE = "idle"  # nobody touched the laptop for the set minutes
    MANUAL = "manual"  # the officer locked it (Ctrl+L)
    SWITCH = "switch"  # the officer hands the laptop over (Ganti pengguna)


class UnlockDialog(_FormDialog):
    """The lock: the session and its work stay open behind it, the screen's content hidden.

    The locked officer unlocks with their password (or staff card); another officer of
    the team takes the laptop by typing their own name and password: the explicit
    choice of "Ganti pengguna", so the petugas and the ketua tim can take turns.
    """

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        reason: LockReason = LockReason.IDLE,
    ) -> None:
        # Taking the laptop over is a login, in the login window's word; unlocking is not.
        action = self.tr("Log in") if reason is LockReason.SWITCH else self.tr("Unlock")
        super().__init__(self.tr("Screen locked"), action, parent)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(480)
        self.target = workspace
        self.reason = reason
        who = workspace.officer.username
        words = {
            LockReason.IDLE: self.tr(
                "Locked after inactivity. Your work is kept. Enter the password of %1."
            ),
            LockReason.MANUAL: self.tr(
                "Screen locked. Your work is kept. Enter the password of %1."
            ),
            LockReason.SWITCH: self.tr(
                "Switch user: the next officer types their user name and password. "
                "The work of %1 is kept."
            ),
        }
        note = QLabel(words[reason].replace("%1", who))
        note.setWordWrap(True)
        self.note = note
        self.username = QLineEdit("" if reason is LockReason.SWITCH else who)
        self.username.setAccessibleName(self.tr("User name"))
        self.password = self.password_field()
        self.password.setAccessibleName(self.tr("Password"))
        self.form.addRow(note)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Password"), self.password)
        hint = QLabel(
            self.tr("Another officer of the team may log in here with their own name and password.")
        )
        hint.setWordWrap(True)
        self.form.addRow(hint)
        (self.username if reason is LockReason.SWITCH else self.password).setFocus()
        self.card_box: CardUnlockBox | None = None
        self._card_probe: workers.Task | None = None

    def offer_demo(self, accounts: Sequence[tuple[str, str]], password: str) -> None:
        """Training mode: the login's note on the demo's accounts, their password filled in."""
        self.form.insertRow(0, demo_note(self, accounts, password))
        self.password.setText(password)

    def offer_card(self, open_reader: Callable[[], CardReader | None]) -> None:
        """Add the staff-card box, for an officer with a bound card once a reader is found."""
        from ui.card_login import CardUnlockBox  # noqa: PLC0415 - only with a reader

        if self.card_box is not None:
            return
        self.card_box = CardUnlockBox(self.target, open_reader, self)
        self.card_box.unlocked.connect(self.accept)
        self._add_below_the_button(self.card_box)

    def offer_card_once_found(self) -> None:
        """The officer's card opens the lock too, once a reader is found (probed on a worker)."""
        from ui.card_login import first_pcsc_reader  # noqa: PLC0415 - pyscard, only here

        def answered(found: object) -> None:
            self._card_probe = None
            if found is True and self.isVisible():
                self.offer_card(first_pcsc_reader)

        self._card_probe = workers.start(
            lambda: first_pcsc_reader() is not None, answered, answered
        )

    def submit(self) -> None:
        if self.password_missing(self.password):
            return
        username = self.username.text().strip() or self.target.officer.username
        try:
            if username == self.target.officer.username:
                self.target.unlock(self.password.text())
            else:
                self.target.switch_officer(username, self.password.text())
        except KnownError as error:
            self.password.clear()
            self.show_error(explain(error))
            return
        self.accept()

    def reject(self) -> None:
        """Escape must not bypass the lock."""
