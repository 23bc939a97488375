"""A card the office never recorded (issue 56.1): the ketua tim is asked, nobody else is.

The core refuses such a card (``cards.UnrecordedCard``); the window asks the ketua tim,
logged in, whether to accept it after checking the name and NIK printed on it.  Enter
must not accept it, and declining leaves the card unbound.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from fieldkit import office
from fieldkit.accounts import Accounts
from fieldkit.handover import cards
from fieldkit.officers import Role
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import copy_of, printed_store
from tests.fieldkit.office.office_support import ISSUED, document
from ui import unrecorded_card

OFFICE_UID = "04A1B2C3D4E5F6"
UNRECORDED = "04E0E1E2E3E4E5"
KETUA, PASSWORD = "ketua_budi", "ketua-password-1"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("printed") / "home"
    return folder, printed_store(folder)


@pytest.fixture
def workspace(template: tuple[Path, list[str]], home: Path) -> Iterator[Workspace]:
    ws = copy_of(template[0], home)  # two printed records, made once for the module
    yield ws
    ws.close()


@pytest.fixture
def second_record(workspace: Workspace, template: tuple[Path, list[str]]) -> str:
    """The office sent a UID for the first record's card only."""
    first, second = template[1]
    doc = document(version=3, issued_at=ISSUED)
    doc["printed_cards"] = [{"record_id": first, "card_uid": OFFICE_UID}]
    office.apply_package(workspace, office.OfficePackage.from_document(doc))
    Accounts(workspace).add_officer(KETUA, "Budi Santoso", Role.KETUA_TIM, PASSWORD, kdf=TEST_KDF)
    return second


def _answer_with(parent: QWidget, role: QMessageBox.ButtonRole, seen: list[QMessageBox]) -> None:
    """Press ``role``'s button on the question once it shows; the timer dies with ``parent``."""
    timer = QTimer(parent)
    timer.setInterval(20)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            timer.stop()
            seen.append(box)
            next(b for b in box.buttons() if box.buttonRole(b) is role).click()

    timer.timeout.connect(answer)
    timer.start()


def test_the_ketua_tim_accepts_a_card_the_office_did_not_record(
    qtbot: QtBot, workspace: Workspace, second_record: str, indonesian: None
) -> None:
    workspace.switch_officer(KETUA, PASSWORD)
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[QMessageBox] = []
    _answer_with(parent, QMessageBox.ButtonRole.AcceptRole, seen)
    check = unrecorded_card.read_card(parent, workspace, second_record, UNRECORDED)
    assert (check.first_read, check.card_uid) == (True, UNRECORDED)
    (box,) = seen
    assert box.text() == "Terima kartu yang tidak tercatat di kantor?"
    assert UNRECORDED in box.informativeText()
    assert box.buttonRole(box.defaultButton()) is QMessageBox.ButtonRole.RejectRole


def test_anyone_else_is_refused_unasked_and_a_declined_card_stays_unbound(
    qtbot: QtBot, workspace: Workspace, second_record: str
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[QMessageBox] = []
    _answer_with(parent, QMessageBox.ButtonRole.RejectRole, seen)
    with pytest.raises(cards.UnrecordedCard):  # the admin: refused, nobody asked
        unrecorded_card.read_card(parent, workspace, second_record, UNRECORDED)
    assert seen == []
    workspace.switch_officer(KETUA, PASSWORD)
    with pytest.raises(cards.UnrecordedCard):  # the ketua tim declines
        unrecorded_card.read_card(parent, workspace, second_record, UNRECORDED)
    assert len(seen) == 1
    with pytest.raises(cards.UnrecordedCard):  # not bound: asked again next time
        cards.read_card_for(workspace, second_record, UNRECORDED)
