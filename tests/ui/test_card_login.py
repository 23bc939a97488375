"""The login dialog's staff-card box and the Settings bind box, on a real pcscd + vpcd."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.staff_card import StaffCard
from fieldkit.accounts import Accounts
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, PETUGAS, add_team
from ui import demo
from ui.app import CardOffer
from ui.card_login import CardBindBox, CardLoginBox, first_pcsc_reader
from ui.dialogs import LoginDialog
from ui.main_window import MainWindow

READER = "Virtual PCD 00 00"
UID = bytes.fromhex("04BADA55")
SECRET = bytes(range(7, 39))
PIN = "112358"
WAIT_MS = 20_000


def _reader() -> PcscCardReader:
    return PcscCardReader(READER, apdu_timeout_s=1.0)


@pytest.fixture
def team(workspace: Workspace, home: Path) -> Path:
    add_team(workspace)
    workspace.close()
    return home


@pytest.fixture
def card_on_reader(pcscd) -> Iterator[VirtualCard]:
    card = VirtualCard(UID, StaffCard("PTG-3315-0042", "3315"), pin=PIN, login_secret=SECRET)
    wired = VpcdCard(card, port=35963)
    with _reader() as reader:
        wired.insert()
        reader.wait_for_card(5.0)
        yield card
        wired.remove()
        reader.wait_for_removal(5.0)


def _bind(home: Path) -> None:
    with Workspace.login(home, PETUGAS, PASSWORD) as ws:
        Accounts(ws).bind_card(PASSWORD, UID, SECRET)


def test_a_reader_is_found_for_the_card_box(pcscd) -> None:
    reader = first_pcsc_reader()
    assert reader is not None


def test_the_pin_on_a_bound_card_logs_in(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    _bind(team)
    box = CardLoginBox(team, _reader)
    qtbot.addWidget(box)
    qtbot.keyClicks(box.pin, PIN)
    with qtbot.waitSignal(box.logged_in, timeout=WAIT_MS) as done:
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    workspace = done.args[0]
    try:
        assert workspace.officer.username == PETUGAS
    finally:
        workspace.close()


def test_a_wrong_pin_says_how_many_tries_are_left(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    _bind(team)
    box = CardLoginBox(team, _reader)
    qtbot.addWidget(box)
    qtbot.keyClicks(box.pin, "999999")
    with qtbot.waitSignal(box.failed, timeout=WAIT_MS) as refused:
        qtbot.keyClick(box.pin, Qt.Key.Key_Return)
    assert "2 more wrong PINs" in refused.args[0]
    assert box.pin.text() == ""
    assert box.button.isEnabled()
    assert card_on_reader.pin_tries_left == 2


def test_an_unbound_card_says_to_bind_it_first(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    box = CardLoginBox(team, _reader)
    qtbot.addWidget(box)
    qtbot.keyClicks(box.pin, PIN)
    with qtbot.waitSignal(box.failed, timeout=WAIT_MS) as refused:
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert "not bound" in refused.args[0]


def test_a_short_pin_is_caught_before_the_card_counts_it(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    box = CardLoginBox(team, _reader)
    qtbot.addWidget(box)
    qtbot.keyClicks(box.pin, "12a3")  # the validator keeps digits only: "123"
    assert box.pin.text() == "123"
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert "4 to 12 digits" in box.message.text()
    assert card_on_reader.pin_tries_left == 3


def test_an_officer_binds_the_card_in_settings(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    with Workspace.login(team, PETUGAS, PASSWORD) as ws:
        box = CardBindBox(ws, _reader)
        qtbot.addWidget(box)
        qtbot.keyClicks(box.password, PASSWORD)
        qtbot.keyClicks(box.pin, PIN)
        with qtbot.waitSignal(box.bound, timeout=WAIT_MS) as bound:
            qtbot.mouseClick(box.bind_button, Qt.MouseButton.LeftButton)
        assert bound.args == ["PTG-3315-0042"]
        assert box.password.text() == ""
    with Workspace.login_with_card(team, UID, SECRET) as again:
        assert again.officer.username == PETUGAS


def test_the_login_dialog_logs_in_with_the_card(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    _bind(team)
    dialog = LoginDialog(team, PETUGAS)
    qtbot.addWidget(dialog)
    dialog.offer_card(_reader)
    assert dialog.card_box is not None
    qtbot.keyClicks(dialog.card_box.pin, PIN)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.card_box.button, Qt.MouseButton.LeftButton)
    assert dialog.workspace is not None
    try:
        assert dialog.workspace.officer.username == PETUGAS
        assert dialog.workspace.check().ok  # the store, opened on a worker, serves this thread
    finally:
        dialog.workspace.close()


def test_the_app_offers_the_card_once_a_reader_is_found(qtbot: QtBot, team: Path, pcscd) -> None:
    dialog = LoginDialog(team, PETUGAS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    masuk = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    where = masuk.mapTo(dialog, masuk.rect().topLeft())
    assert dialog.card_box is None  # the first paint never waits for pcscd
    CardOffer(dialog).probe([])
    qtbot.waitUntil(lambda: dialog.card_box is not None, timeout=WAIT_MS)
    # "Masuk" stays where the pointer is going: the card's box comes below it.
    assert masuk.mapTo(dialog, masuk.rect().topLeft()) == where


def test_the_idle_lock_opens_with_the_officers_card(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard, indonesian: None
) -> None:
    _bind(team)
    with Workspace.login(team, PETUGAS, PASSWORD) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.lock()
        dialog = window.unlock_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.card_box is not None, timeout=WAIT_MS)
        assert dialog.card_box is not None
        assert dialog.card_box.button.text() == "Buka dengan kartu"
        qtbot.keyClicks(dialog.card_box.pin, PIN)
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.card_box.button, Qt.MouseButton.LeftButton)
        assert not ws.idle.locked
        window.close()


def test_another_officers_card_leaves_the_screen_locked(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard, indonesian: None
) -> None:
    _bind(team)  # the card on the reader is the petugas's
    with Workspace.login(team, KETUA, PASSWORD) as ws:
        Accounts(ws).bind_card(
            PASSWORD, bytes.fromhex("04C0FFEE"), SECRET
        )  # the ketua has a card too
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.lock()
        dialog = window.unlock_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.card_box is not None, timeout=WAIT_MS)
        assert dialog.card_box is not None
        qtbot.keyClicks(dialog.card_box.pin, PIN)
        with qtbot.waitSignal(dialog.card_box.failed, timeout=WAIT_MS) as refused:
            qtbot.mouseClick(dialog.card_box.button, Qt.MouseButton.LeftButton)
        assert "petugas lain" in refused.args[0]
        assert ws.idle.locked
        assert dialog.isVisible()
        window.close()


def test_the_lock_offers_no_card_to_an_officer_without_one(
    qtbot: QtBot, team: Path, card_on_reader: VirtualCard
) -> None:
    with Workspace.login(team, PETUGAS, PASSWORD) as ws:
        window = MainWindow(ws)
        qtbot.addWidget(window)
        window.lock()
        assert window.unlock_dialog is not None
        assert (
            window.unlock_dialog._card_probe is None
        )  # no reader probe for an officer with no card
        assert window.unlock_dialog.card_box is None
        window.close()


def test_the_card_box_arriving_late_does_not_cut_the_demo_note(
    qtbot: QtBot, home: Path, indonesian: None
) -> None:
    """Seen on the demo with a reader plugged in: the note lost its third line."""
    del indonesian
    dialog = LoginDialog(home, "admin")
    qtbot.addWidget(dialog)
    accounts = [("admin", "admin"), ("ketua", "ketua tim"), ("petugas", "petugas")]
    dialog.offer_demo(accounts, demo.DEMO_PASSWORD)
    dialog.show()
    qtbot.waitExposed(dialog)
    for _ in range(3):  # laid out at its first size, as on screen before a reader is found
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    dialog.offer_card(lambda: None)
    note, box = dialog.findChild(QLabel, "demo_note"), dialog.card_box
    assert note is not None
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=5_000)

    def whole() -> bool:
        return (
            note.height() >= note.heightForWidth(note.width())
            and box.height() >= box.minimumSizeHint().height()
        )

    qtbot.waitUntil(whole, timeout=5_000)
