"""The ketua tim's countersign, offered after an exception on the real enrollment page.

Real widgets, the demo's store and simulators; the staff cards are ``SimCardReader``'s
``VirtualCard`` (the one vpcd puts into pcscd), bound on the laptop as Settings binds them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from drivers.cardreader.pcsc import PcscCardReader
from drivers.cardreader.sim import SimCardReader
from drivers.cardreader.vpcd_card import VirtualCard, VpcdCard
from drivers.staff_card import StaffCard
from fieldkit import demo as sim
from fieldkit.accounts import Accounts
from fieldkit.enrollment import canonical_record, cosign, drafts, exceptions, rules
from fieldkit.enrollment.machine import Step
from fieldkit.quality.result import QualityModality
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import photo
from ui import demo
from ui.enrollment import cosign_dialog
from ui.enrollment.cosign_dialog import CosignDialog
from ui.enrollment.page import EnrollmentPage
from ui.settings_page import SettingsPage
from ui.window_fit import TARGET_SIZE

PIN = "246801"
WAIT_MS = 20_000
PHOTO_MS = 60_000


def _uid(username: str) -> bytes:
    return username.encode().ljust(7, b"\0")[:7]


def _secret(username: str) -> bytes:
    return (username.encode() * 32)[:32]


@pytest.fixture(scope="module")
def kit() -> Iterator[sim.SimKit]:
    with sim.SimKit() as devices:
        yield devices


@pytest.fixture
def cards(demo_data: demo.Demo, monkeypatch: pytest.MonkeyPatch) -> dict[str, VirtualCard]:
    """The ketua's and the petugas's bound cards; the petugas at the keyboard.

    The dialog reads whichever card the test lays on the simulated reader.
    """
    ws = demo_data.workspace
    made = {}
    for username in (demo.KETUA, demo.PETUGAS):
        ws.switch_officer(username, demo.DEMO_PASSWORD)
        Accounts(ws).bind_card(demo.DEMO_PASSWORD, _uid(username), _secret(username))
        made[username] = VirtualCard(
            _uid(username),
            StaffCard(f"ID-{username}", "3578"),
            pin=PIN,
            login_secret=_secret(username),
        )
    ws.switch_officer(demo.ADMIN, demo.DEMO_PASSWORD)
    on_reader: list[VirtualCard] = [made[demo.KETUA]]

    def reader() -> SimCardReader:
        laid = SimCardReader(inserted=False)
        laid.insert_card(on_reader[0])
        return laid

    monkeypatch.setattr(cosign_dialog, "open_card_reader", reader)
    made["on_reader"] = on_reader  # type: ignore[assignment]
    return made


def _rule(ws: Workspace, *, on: bool) -> None:
    cosign.set_rule(ws, on=on)  # the admin's setting
    ws.switch_officer(demo.PETUGAS, demo.DEMO_PASSWORD)


def _blind_person(qtbot: QtBot, page: EnrollmentPage) -> None:
    """Start a person, consent, and except both eyes with a proof photo."""
    page.resize(TARGET_SIZE)
    page.show()
    page.refresh()
    page.start_screen.targets.selectRow(1)
    with qtbot.waitSignal(page.step_shown):
        qtbot.mouseClick(page.start_screen.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.step_shown):
        qtbot.mouseClick(page.consent_screen.consent_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.step_shown):
        qtbot.mouseClick(page.step_buttons[Step.IRIS], Qt.MouseButton.LeftButton)
    dialog = page.capture_screen.open_exception_dialog()
    assert dialog is not None
    with qtbot.waitSignal(dialog.photo_taken, timeout=PHOTO_MS):
        qtbot.mouseClick(dialog.photo_button, Qt.MouseButton.LeftButton)
    dialog.accept()


def _flags(page: EnrollmentPage) -> list[str]:
    assert page.view is not None
    with page.workspace.transaction() as session:
        row = drafts.load(session, page.view.id)
        return canonical_record.review_flags(session, row, drafts.progress_of(session, row))


def _page(qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit) -> EnrollmentPage:
    page = EnrollmentPage(demo_data.workspace, kit)
    qtbot.addWidget(page)
    return page


def test_the_ketua_countersigns_with_card_and_pin_and_enter(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, cards: dict[str, VirtualCard]
) -> None:
    _rule(demo_data.workspace, on=True)
    page = _page(qtbot, demo_data, kit)
    _blind_person(qtbot, page)
    dialog = page.capture_screen.findChild(CosignDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert len(_flags(page)) == 2
    assert dialog.focusWidget() is dialog.box.pin  # the PIN is typed at once
    qtbot.keyClicks(dialog.box.pin, PIN)
    with qtbot.waitSignal(dialog.signed, timeout=WAIT_MS) as done:
        qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Return)
    page.shutdown()
    assert {c.flag for c in done.args[0]} == {
        "exception:eye:left:blind_or_eye_disease:permanent",
        "exception:eye:right:blind_or_eye_disease:permanent",
    }
    assert not dialog.isVisible()
    assert _flags(page) == []
    assert "Ketua Tim Demo" in page.status.text()
    assert "will not wait for review" in page.status.text()


def test_a_countersign_that_leaves_another_flag_says_the_record_still_waits(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, cards: dict[str, VirtualCard]
) -> None:
    """An exception the ketua did not countersign still holds the record: the status says so.

    (Found by tests/e2e/test_cosign.py: a finger skipped with Esc, the next one signed, and
    the status line promised the record would not wait for review.)
    """
    _rule(demo_data.workspace, on=True)
    page = _page(qtbot, demo_data, kit)
    _blind_person(qtbot, page)
    dialog = page.capture_screen.findChild(CosignDialog)
    assert dialog is not None
    assert page.view is not None
    exceptions.record_exception(  # recorded before, its dialog skipped
        page.workspace,
        page.view.id,
        "finger:10",
        exceptions.ExceptionReason.AMPUTATED,
        exceptions.Permanence.PERMANENT,
        photo(1),
    )
    qtbot.keyClicks(dialog.box.pin, PIN)
    with qtbot.waitSignal(dialog.signed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Return)
    page.shutdown()
    assert _flags(page) == ["exception:finger:10:amputated:permanent"]
    assert "Ketua Tim Demo" in page.status.text()
    assert "still waits for the ketua tim's review" in page.status.text()
    assert "will not wait" not in page.status.text()


def test_a_wrong_pin_then_a_petugas_card_are_refused_and_esc_skips(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, cards: dict[str, VirtualCard]
) -> None:
    _rule(demo_data.workspace, on=True)
    page = _page(qtbot, demo_data, kit)
    _blind_person(qtbot, page)
    dialog = page.capture_screen.findChild(CosignDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.box.pin, "999999")
    with qtbot.waitSignal(dialog.box.failed, timeout=WAIT_MS) as wrong:
        qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Return)
    assert "2 more wrong PINs" in wrong.args[0]
    assert cards[demo.KETUA].pin_tries_left == 2
    cards["on_reader"][0] = cards[demo.PETUGAS]  # type: ignore[index]
    qtbot.keyClicks(dialog.box.pin, PIN)
    with qtbot.waitSignal(dialog.box.failed, timeout=WAIT_MS) as not_ketua:
        qtbot.mouseClick(dialog.box.button, Qt.MouseButton.LeftButton)
    assert "not a ketua tim" in not_ketua.args[0]
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Escape)
    page.shutdown()
    assert len(_flags(page)) == 2  # skipped: the record waits for the review as before


def test_with_the_rule_off_no_countersign_is_offered(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, cards: dict[str, VirtualCard]
) -> None:
    _rule(demo_data.workspace, on=False)
    page = _page(qtbot, demo_data, kit)
    _blind_person(qtbot, page)
    page.shutdown()
    assert page.capture_screen.findChild(CosignDialog) is None
    assert len(_flags(page)) == 2
    assert page.status.text().startswith("✔"), page.status.text()


def test_the_admin_turns_the_countersign_on_in_settings(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    del indonesian
    page = SettingsPage(demo_ws)  # the admin
    qtbot.addWidget(page)
    page.refresh()
    box = page.thresholds_box
    assert not box.cosign_input.isChecked()  # off by default
    label, _name = box.labels[cosign.RULE_KEY]
    assert label.text() == "Tanda tangan di tempat"
    box.cosign_input.setChecked(True)
    qtbot.mouseClick(page.save_rules_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔"), page.status.text()
    assert cosign.offered(demo_ws)
    again = SettingsPage(demo_ws)
    qtbot.addWidget(again)
    again.refresh()
    assert again.thresholds_box.cosign_input.isChecked()


def test_the_countersign_reads_the_card_through_a_real_pcscd(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, pcscd: object
) -> None:
    """The dialog's own reader (the first PC/SC reader, as the login's) with vpcd's card."""
    del pcscd
    ws = demo_data.workspace
    ws.switch_officer(demo.KETUA, demo.DEMO_PASSWORD)
    Accounts(ws).bind_card(demo.DEMO_PASSWORD, _uid(demo.KETUA), _secret(demo.KETUA))
    ws.switch_officer(demo.ADMIN, demo.DEMO_PASSWORD)
    _rule(ws, on=True)
    card = VirtualCard(
        _uid(demo.KETUA), StaffCard("ID-ketua", "3578"), pin=PIN, login_secret=_secret(demo.KETUA)
    )
    wired = VpcdCard(card, port=35963)
    with PcscCardReader("Virtual PCD 00 00", apdu_timeout_s=1.0) as watcher:
        wired.insert()
        watcher.wait_for_card(5.0)
        try:
            page = _page(qtbot, demo_data, kit)
            _blind_person(qtbot, page)
            dialog = page.capture_screen.findChild(CosignDialog)
            assert dialog is not None
            qtbot.keyClicks(dialog.box.pin, PIN)
            with qtbot.waitSignal(dialog.signed, timeout=WAIT_MS):
                qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Return)
            page.shutdown()
            assert _flags(page) == []
        finally:
            wired.remove()
            watcher.wait_for_removal(5.0)


def test_a_face_kept_below_the_threshold_is_countersigned(
    qtbot: QtBot, demo_data: demo.Demo, kit: sim.SimKit, cards: dict[str, VirtualCard]
) -> None:
    ws = demo_data.workspace
    rules.change_rules(ws, thresholds={QualityModality.FACE: 100}, max_attempts=1)
    _rule(ws, on=True)
    page = _page(qtbot, demo_data, kit)
    page.resize(TARGET_SIZE)
    page.show()
    page.refresh()
    page.start_screen.targets.selectRow(1)
    with qtbot.waitSignal(page.step_shown):
        qtbot.mouseClick(page.start_screen.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.step_shown):
        qtbot.mouseClick(page.consent_screen.consent_button, Qt.MouseButton.LeftButton)
    step = page.capture_screen
    with qtbot.waitSignal(step.capture_done, timeout=PHOTO_MS) as done:
        qtbot.mouseClick(step.capture_button, Qt.MouseButton.LeftButton)
    assert not done.args[0].passed
    qtbot.mouseClick(step.force_button, Qt.MouseButton.LeftButton)
    assert step.force_dialog is not None
    step.force_dialog.text.setText("cahaya kurang")
    step.force_dialog.accept()
    dialog = step.findChild(CosignDialog)
    assert dialog is not None
    assert any("Face" in label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClicks(dialog.box.pin, PIN)
    with qtbot.waitSignal(dialog.signed, timeout=WAIT_MS) as signed:
        qtbot.keyClick(dialog.box.pin, Qt.Key.Key_Return)
    page.shutdown()
    (cosigned,) = signed.args[0]
    assert cosigned.flag.startswith("forced:face:1:")
    assert not any(flag.startswith("forced:") for flag in _flags(page))
