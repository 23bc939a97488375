"""The login and the lock: an empty password is not a wrong one (issue 36, finding 9a).

Pressed with nothing typed (Enter too soon, or Enter in the staff card's PIN field,
which went on to the login's own button), the login said "Kata sandi salah ... sisa 4
kali": the empty password was checked and counted toward the lockout.  It must be
refused at the field, in words, uncounted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from fieldkit.store import keyring
from tests.support import ADMIN
from ui.dialogs import LoginDialog, UnlockDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace

EMPTY = "⚠ Kata sandi belum diisi: ketik dulu kata sandinya."
WORK_MS = 20_000


def _failed_attempts(home: Path) -> int:
    slot = keyring.load(home).slot_for(ADMIN)
    assert slot is not None
    return slot.failed_attempts


def _on_screen(qtbot: QtBot, dialog: LoginDialog | UnlockDialog, field: QLineEdit) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)


def _empty_then_wrong_then_empty(
    qtbot: QtBot, dialog: LoginDialog | UnlockDialog, password: QLineEdit, home: Path
) -> None:
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert dialog.error_label.text() == EMPTY
    assert dialog.isVisible()
    assert password.hasFocus()  # where the officer types it
    assert _failed_attempts(home) == 0

    # A wrong password still counts, and says how many tries are left.
    qtbot.keyClicks(password, "salah-sekali")
    qtbot.keyClick(password, Qt.Key.Key_Return)
    # The login's check runs on a worker (the lock's at once): wait for its answer.
    qtbot.waitUntil(lambda: "sisa 4 kali" in dialog.error_label.text(), timeout=20_000)
    assert _failed_attempts(home) == 1

    # Cleared after the wrong one, the field is empty again: not a second wrong password.
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert dialog.error_label.text() == EMPTY
    assert _failed_attempts(home) == 1


def test_an_empty_password_at_login_is_refused_at_the_field_and_not_counted(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    del indonesian
    dialog = LoginDialog(workspace.directory, ADMIN)
    _on_screen(qtbot, dialog, dialog.password)
    _empty_then_wrong_then_empty(qtbot, dialog, dialog.password, workspace.directory)
    assert dialog.workspace is None


def test_an_empty_password_at_the_lock_is_refused_and_not_counted(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    del indonesian
    workspace.lock()
    dialog = UnlockDialog(workspace)
    _on_screen(qtbot, dialog, dialog.password)
    _empty_then_wrong_then_empty(qtbot, dialog, dialog.password, workspace.directory)
    assert workspace.idle.locked


def test_enter_in_the_card_pin_reads_the_card_and_tries_no_password(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """The PIN's Enter went on to the login's own button, with the password field empty."""
    del indonesian
    dialog = LoginDialog(workspace.directory, ADMIN)
    _on_screen(qtbot, dialog, dialog.password)
    dialog.offer_card(lambda: None)  # a reader was found, then unplugged: the card fails
    box = dialog.card_box
    assert box is not None
    box.pin.setFocus()
    qtbot.waitUntil(box.pin.hasFocus)
    qtbot.keyClicks(box.pin, "246801")
    with qtbot.waitSignal(box.failed, timeout=WORK_MS):
        qtbot.keyClick(box.pin, Qt.Key.Key_Return)
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    assert _failed_attempts(workspace.directory) == 0
    assert dialog.workspace is None
