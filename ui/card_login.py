"""Staff card and PIN: a box for the login dialog, and one for binding a card in Settings.

Both call ``fieldkit.staffcard``, which finds and opens the reader and turns the
card's refusals into known errors.  Waiting for the card, the PIN, reading the
secret and opening the store run on a worker, so a slow reader never freezes
the dialog; the refusals are worded in ``ui.messages``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton

from fieldkit import staffcard
from fieldkit.accounts import Accounts
from fieldkit.errors import KnownError
from ui import workers
from ui.messages import explain_any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from PySide6.QtWidgets import QWidget

    from drivers.interfaces import CardReader
    from fieldkit.staffcard import StaffUnlock
    from fieldkit.workspace import Workspace

#: The login dialog, the lock and Settings offer a card box when this finds a reader.
first_pcsc_reader = staffcard.first_reader


def _pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    most = staffcard.MAX_PIN_DIGITS
    field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{most}}}")))
    field.setMaxLength(most)
    return field


class _CardBox(QGroupBox):
    """What both boxes share: the PIN field, the message, and card work off the GUI thread."""

    failed = Signal(str)

    def __init__(
        self, title: str, open_reader: Callable[[], CardReader | None], parent: QWidget | None
    ) -> None:
        super().__init__(title, parent)
        self._open_reader = open_reader
        self._task: workers.Task | None = None
        self.pin = _pin_field()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.action = QPushButton()

    def _run_on_card(
        self, work: Callable[[CardReader], object], on_done: Callable[[object], None]
    ) -> None:
        if self._task is not None:
            return
        if len(self.pin.text()) < staffcard.MIN_PIN_DIGITS:
            # ``tr`` in a base class may pick the subclass's context: name this one.
            short = QCoreApplication.translate("CardBox", "The PIN has 4 to 12 digits.")
            self.message.setText("⚠ " + short)
            return
        self.action.setEnabled(False)
        self.message.setText(QCoreApplication.translate("CardBox", "Reading the card…"))

        def done(result: object) -> None:
            self._settle()
            on_done(result)

        self._task = workers.start(
            lambda: staffcard.on_reader(self._open_reader, work), done, self._refused
        )

    def _settle(self) -> None:
        self._task = None
        self.pin.clear()
        self.action.setEnabled(True)

    def _refused(self, error: object) -> None:
        self._settle()
        text = "⚠ " + explain_any(error)
        self.message.setText(text)
        self.failed.emit(text)


class _PinBox(_CardBox):
    """A card box with one action: what to do, the PIN field and the button."""

    def __init__(
        self,
        action: str,
        how: str,
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(QCoreApplication.translate("CardBox", "Staff card"), open_reader, parent)
        self.pin.setPlaceholderText(QCoreApplication.translate("CardBox", "PIN of the card"))
        self.pin.installEventFilter(self)  # Enter in the PIN: this box's button, only
        self.button = self.action
        self.button.setText(action)
        self.button.clicked.connect(self.submit)
        self.message.setText(how)
        form = QFormLayout(self)
        form.addRow(self.message)
        form.addRow(QCoreApplication.translate("CardBox", "PIN"), self.pin)
        form.addRow(self.button)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the PIN field reads the card, and goes no further.

        Passed on, it also pressed the dialog's own button: the login window's "Masuk"
        tried the password field, empty, and counted it as a wrong password (issue 36).
        """
        if (
            watched is self.pin
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        raise NotImplementedError


class CardLoginBox(_PinBox):
    """Insert the staff card, type the PIN: the store opens as the card's officer."""

    logged_in = Signal(object)  # the Workspace

    def __init__(
        self,
        home: Path,
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("CardLoginBox", "Log in with the card"),
            QCoreApplication.translate(
                "CardLoginBox", "Put your staff card on the reader, then type its PIN."
            ),
            open_reader,
            parent,
        )
        self.home = home

    def submit(self) -> None:
        pin = self.pin.text()
        self._run_on_card(
            lambda reader: staffcard.log_in(self.home, reader, pin), self.logged_in.emit
        )


class CardUnlockBox(_PinBox):
    """The idle lock: the officer's own staff card and PIN open the screen again."""

    unlocked = Signal()

    def __init__(
        self,
        workspace: Workspace,
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("CardUnlockBox", "Unlock with the card"),
            QCoreApplication.translate(
                "CardUnlockBox", "Or put your staff card on the reader and type its PIN."
            ),
            open_reader,
            parent,
        )
        self.workspace = workspace

    def submit(self) -> None:
        pin = self.pin.text()
        # The card on a worker; the keyring and the session on this (the GUI) thread.
        self._run_on_card(lambda reader: staffcard.read_login_secret(reader, pin), self._card_read)

    def _card_read(self, card: object) -> None:
        unlock = cast("StaffUnlock", card)
        try:
            self.workspace.unlock_with_card(unlock.uid, unlock.login_secret)
        except KnownError as error:
            self._refused(error)
            return
        self.unlocked.emit()


class CardCosignBox(_PinBox):
    """The ketua tim present countersigns with their own card and PIN (``enrollment.cosign``).

    The card is read on a worker, as at login; the countersign itself (the keyring's
    check of the card, the role, the store) runs on this thread, as the idle lock's.
    """

    signed = Signal(object)  # the list of Cosign

    def __init__(
        self,
        countersign: Callable[[StaffUnlock], object],
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("CardCosignBox", "Countersign"),
            QCoreApplication.translate(
                "CardCosignBox", "Ketua tim: put your staff card on the reader, then type its PIN."
            ),
            open_reader,
            parent,
        )
        self._countersign = countersign

    def submit(self) -> None:
        pin = self.pin.text()
        self._run_on_card(lambda reader: staffcard.read_login_secret(reader, pin), self._card_read)

    def _card_read(self, card: object) -> None:
        try:
            signed = self._countersign(cast("StaffUnlock", card))
        except KnownError as error:
            self._refused(error)
            return
        self.signed.emit(signed)


class CardBindBox(_CardBox):
    """The logged-in officer binds the staff card they hold, or forgets a lost one."""

    bound = Signal(str)  # the officer id printed on the card

    def __init__(
        self,
        workspace: Workspace,
        open_reader: Callable[[], CardReader | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("My staff card"), open_reader, parent)
        self.workspace = workspace
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.bind_button = self.action
        self.bind_button.setText(self.tr("Bind the card on the reader"))
        self.bind_button.clicked.connect(self.bind)
        self.forget_button = QPushButton(self.tr("Forget my card (lost)"))
        self.forget_button.clicked.connect(self.forget)
        self.message.setText(
            self.tr("Log in with your staff card and its PIN too: bind it once here.")
        )
        form = QFormLayout(self)
        form.addRow(self.message)
        form.addRow(self.tr("Your password"), self.password)
        form.addRow(self.tr("Card PIN"), self.pin)
        form.addRow(self.bind_button)
        form.addRow(self.forget_button)

    def bind(self) -> None:
        password, pin = self.password.text(), self.pin.text()
        self._run_on_card(
            lambda reader: staffcard.bind(self.workspace, reader, password, pin), self._bound
        )

    def forget(self) -> None:
        if Accounts(self.workspace).unbind_card(self.workspace.officer.username):
            self.message.setText("✔ " + self.tr("Your staff card is forgotten on this laptop."))
        else:
            self.message.setText(self.tr("No staff card was bound to you on this laptop."))

    def _bound(self, staff: object) -> None:
        self.password.clear()
        officer_id = getattr(staff, "officer_id", "")
        self.message.setText(
            "✔ " + self.tr("Card %1 bound: log in with it and its PIN.").replace("%1", officer_id)
        )
        self.bound.emit(officer_id)
