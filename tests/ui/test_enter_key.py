"""Enter in a filled form dialog sends it, never "Batal"; Esc cancels (issue 36, finding 2).

Every form dialog of ``ui/``, real, on a real store, filled as an officer fills it: Enter
pressed in a field, and in a field again after "Batal" had the focus, must run the
dialog's primary action; Enter on a focused "Batal" (or Tutup/Lewati) is that button's,
as in every Windows dialog; Esc must cancel.  The
destructive confirmations (discard a draft, cancel a visit, disable an officer) keep the
safe answer for Enter and are tested where they are asked (test_screens,
test_enrollment_page, test_officers_box).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

from fieldkit import office
from fieldkit.accounts import Accounts
from fieldkit.officers import Role
from fieldkit.planning import schedule
from fieldkit.quality.result import QualityModality
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import photo
from tests.fieldkit.office.office_support import CODE, document
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace
from ui.common import visit_label
from ui.dialogs import FirstRunDialog, LoginDialog, UnlockDialog
from ui.enrollment.cosign_dialog import CosignDialog
from ui.enrollment.dialogs import ExceptionDialog, ForceDialog
from ui.enter_key import enter_presses
from ui.first_login_dialog import FirstLoginDialog
from ui.officers_box import AddOfficerDialog, NewPasswordDialog
from ui.planning_widgets import RescheduleDialog
from ui.reports_page import ReportsPage

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from pytestqt.qtbot import QtBot

PASSWORD = "kunci-rahasia-uji-7"
#: A password hashed with the store's own cost, or a code checked on a worker.
WORK_MS = 30_000


@dataclass
class Form:
    """A form dialog on screen, filled validly, and what shows its primary action ran."""

    dialog: QDialog
    #: The field the officer typed last, where Enter is pressed.
    field: QWidget
    #: Emitted when the primary action ran.
    done: SignalInstance
    #: The dialog's way out without its action (Batal, Tutup, Lewati); None: it has none.
    cancel: QPushButton | None
    #: What Esc does: "rejects", "stays" (the lock) or "asks" (work would be lost).
    esc: str = "rejects"
    #: Sessions the dialog opened, closed at the end.
    opened: list[Callable[[], object]] = dataclasses.field(default_factory=list)


def _cancel_of(dialog: QDialog) -> QPushButton | None:
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            role = box.buttonRole(button)
            if isinstance(button, QPushButton) and role is QDialogButtonBox.ButtonRole.RejectRole:
                return button
    return None


def _close_session(dialog: LoginDialog | FirstRunDialog) -> None:
    if dialog.workspace is not None:
        dialog.workspace.close()


def _add_officer(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    dialog = AddOfficerDialog(request.getfixturevalue("workspace"))
    qtbot.keyClicks(dialog.username, "siti.aminah")
    qtbot.keyClicks(dialog.full_name, "Siti Aminah")
    qtbot.keyClicks(dialog.password.first, PASSWORD)
    qtbot.keyClicks(dialog.password.second, PASSWORD)
    return Form(dialog, dialog.password.second, dialog.accepted, _cancel_of(dialog))


def _new_password(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    ws: Workspace = request.getfixturevalue("workspace")
    budi = Accounts(ws).add_officer(
        "budi", "Budi Santoso", Role.PETUGAS, "budi-berangkat-pagi-7", kdf=TEST_KDF
    )
    dialog = NewPasswordDialog(ws, budi)
    qtbot.keyClicks(dialog.password.first, PASSWORD)
    qtbot.keyClicks(dialog.password.second, PASSWORD)
    return Form(dialog, dialog.password.second, dialog.accepted, _cancel_of(dialog))


def _first_login(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    ws = request.getfixturevalue("office_laptop")
    dialog = FirstLoginDialog(ws, kdf=TEST_KDF)
    qtbot.keyClicks(dialog.code, CODE)
    qtbot.keyClicks(dialog.password.first, PASSWORD)
    qtbot.keyClicks(dialog.password.second, PASSWORD)
    return Form(dialog, dialog.password.second, dialog.switched, _cancel_of(dialog))


def _reschedule(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    ws: Workspace = request.getfixturevalue("demo_ws")
    visit = schedule.list_visits(ws)[0]
    dialog = RescheduleDialog(visit, visit_label(visit))
    dialog.time.clear()
    qtbot.keyClicks(dialog.time, "10:30")
    return Form(dialog, dialog.time, dialog.move_button.clicked, _cancel_of(dialog))


def _force(qtbot: QtBot, _request: pytest.FixtureRequest) -> Form:
    dialog = ForceDialog(QualityModality.FINGER)
    qtbot.keyClicks(dialog.text, "sidik jari aus, petani")
    return Form(dialog, dialog.text, dialog.accepted, _cancel_of(dialog))


def _exception(qtbot: QtBot, _request: pytest.FixtureRequest) -> Form:
    dialog = ExceptionDialog([("finger:7", "7")], photo)
    with qtbot.waitSignal(dialog.photo_taken, timeout=WORK_MS):
        dialog.take_photo()
    qtbot.keyClicks(dialog.text, "jari diperban")
    return Form(dialog, dialog.text, dialog.accepted, _cancel_of(dialog), esc="asks")


def _cosign(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    # No reader: the countersign is tried, and refused in words (the box's ``failed``).
    dialog = CosignDialog(
        request.getfixturevalue("workspace"), "draft", (), "Jari 7", open_reader=lambda: None
    )
    qtbot.keyClicks(dialog.box.pin, "246801")
    return Form(dialog, dialog.box.pin, dialog.box.failed, _cancel_of(dialog))


def _login(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    ws: Workspace = request.getfixturevalue("workspace")
    dialog = LoginDialog(ws.directory, ADMIN)
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    form = Form(dialog, dialog.password, dialog.accepted, None)
    form.opened.append(lambda: _close_session(dialog))
    return form


def _unlock(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    ws: Workspace = request.getfixturevalue("workspace")
    ws.lock()
    dialog = UnlockDialog(ws)
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    return Form(dialog, dialog.password, dialog.accepted, None, esc="stays")


def _first_run(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    home: Path = request.getfixturevalue("home")
    dialog = FirstRunDialog(home)
    qtbot.keyClicks(dialog.office_code, "3315")
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.full_name, "Admin Kantor")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClicks(dialog.repeat, ADMIN_PASSWORD)
    form = Form(dialog, dialog.repeat, dialog.accepted, None)
    form.opened.append(lambda: _close_session(dialog))
    return form


def _letterhead(qtbot: QtBot, request: pytest.FixtureRequest) -> Form:
    page = ReportsPage(request.getfixturevalue("workspace"))
    qtbot.addWidget(page)
    dialog = page.office_dialog
    address = page.office_fields["address"]
    qtbot.keyClicks(address, "Jl. Pemuda No. 1, Kudus")
    return Form(dialog, address, dialog.accepted, _cancel_of(dialog))


FORMS: dict[str, Callable[[QtBot, pytest.FixtureRequest], Form]] = {
    "Tambah petugas": _add_officer,
    "Kata sandi baru": _new_password,
    "Masuk pertama kali": _first_login,
    "Pindahkan kunjungan": _reschedule,
    "Simpan di bawah ambang": _force,
    "Pengecualian biometrik": _exception,
    "Tanda tangan ketua tim": _cosign,
    "Masuk": _login,
    "Layar terkunci": _unlock,
    "Pasang FieldKit": _first_run,
    "Kop surat": _letterhead,
}
WITH_CANCEL = [name for name in FORMS if name not in {"Masuk", "Layar terkunci", "Pasang FieldKit"}]


@pytest.fixture
def office_laptop(home: Path) -> Iterator[Workspace]:
    """A store with sari waiting for her first login with the office's one-time code."""
    ws = init_workspace(home, training=True)
    office.apply_package(ws, office.OfficePackage.from_document(document()))
    yield ws
    ws.close()


@pytest.fixture
def open_form(qtbot: QtBot, request: pytest.FixtureRequest) -> Iterator[Callable[[str], Form]]:
    """Open one of ``FORMS`` on screen, active, filled; its sessions closed afterwards."""
    made: list[Form] = []

    def opening(name: str) -> Form:
        form = FORMS[name](qtbot, request)
        made.append(form)
        qtbot.addWidget(form.dialog)
        form.dialog.show()
        qtbot.waitExposed(form.dialog)
        form.dialog.activateWindow()
        qtbot.waitUntil(form.dialog.isActiveWindow)
        return form

    yield opening
    for form in made:
        for close in form.opened:
            close()


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def _press_enter(qtbot: QtBot, form: Form, where: QWidget) -> None:
    """Enter on ``where``; the primary action must run, and the dialog not be cancelled."""
    ran: list[object] = []
    ended: list[int] = []
    form.done.connect(lambda *args: ran.append(args))
    form.dialog.finished.connect(ended.append)
    qtbot.keyClick(where, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(ran) or bool(ended), timeout=WORK_MS)
    assert ended != [QDialog.DialogCode.Rejected.value], "Enter cancelled the filled form"
    assert ran, "Enter did not run the primary action"


@pytest.mark.parametrize("name", FORMS)
def test_enter_in_a_field_sends_the_form(
    open_form: Callable[[str], Form], qtbot: QtBot, name: str
) -> None:
    form = open_form(name)
    _focus(qtbot, form.field)
    _press_enter(qtbot, form, form.field)


@pytest.mark.parametrize("name", WITH_CANCEL)
def test_enter_on_a_focused_batal_is_batal(
    open_form: Callable[[str], Form], qtbot: QtBot, name: str
) -> None:
    """A keyboard or screen-reader user who tabbed to Batal and pressed Enter means Batal,
    as in every Windows dialog: nothing is sent."""
    form = open_form(name)
    assert form.cancel is not None
    _focus(qtbot, form.cancel)
    ran: list[object] = []
    form.done.connect(lambda *args: ran.append(args))
    if form.esc == "asks":  # Batal with a proof photo taken asks first, as Esc does
        qtbot.keyClick(form.cancel, Qt.Key.Key_Return)
        assert isinstance(form.dialog, ExceptionDialog)
        assert form.dialog.discard_question is not None
        assert form.dialog.discard_question.isVisible()
    else:
        with qtbot.waitSignal(form.dialog.rejected, timeout=WORK_MS):
            qtbot.keyClick(form.cancel, Qt.Key.Key_Return)
    assert not ran


@pytest.mark.parametrize("name", WITH_CANCEL)
def test_enter_in_a_field_after_batal_had_the_focus_sends_the_form(
    open_form: Callable[[str], Form], qtbot: QtBot, name: str
) -> None:
    form = open_form(name)
    assert form.cancel is not None
    _focus(qtbot, form.cancel)
    _focus(qtbot, form.field)
    _press_enter(qtbot, form, form.field)


@pytest.mark.parametrize("name", FORMS)
def test_esc_cancels_the_form(open_form: Callable[[str], Form], qtbot: QtBot, name: str) -> None:
    form = open_form(name)
    _focus(qtbot, form.field)
    ran: list[object] = []
    form.done.connect(lambda *args: ran.append(args))
    if form.esc == "rejects":
        with qtbot.waitSignal(form.dialog.rejected):
            qtbot.keyClick(form.field, Qt.Key.Key_Escape)
        assert not form.dialog.isVisible()
    elif form.esc == "asks":  # a proof photo taken is not thrown away unasked
        qtbot.keyClick(form.field, Qt.Key.Key_Escape)
        assert isinstance(form.dialog, ExceptionDialog)
        assert form.dialog.discard_question is not None
        assert form.dialog.discard_question.isVisible()
        assert form.dialog.isVisible()
    else:  # the lock: Esc must not get past it
        qtbot.keyClick(form.field, Qt.Key.Key_Escape)
        assert form.dialog.isVisible()
        assert form.dialog.result() == 0
    assert not ran


def test_the_button_must_be_in_the_dialog_first(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    loose = QPushButton("Kirim")
    qtbot.addWidget(loose)
    with pytest.raises(ValueError, match="lay the button out"):
        enter_presses(dialog, loose)
