"""The sarpras page's return: an item rusak when taken out, and the pengurus barang's acceptance."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from drivers import Modality
from fieldkit import sentences
from fieldkit.devices import SelfTestReport
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import ItemStatus, Phase, RowTodo
from fieldkit.workspace import Workspace
from ui import demo
from ui.design import field_error
from ui.design.pill import PILL_ROLE
from ui.sarpras_page import SarprasPage, row_todo_texts
from ui.sarpras_words import CONDITION_COLUMN, SELF_TEST_COLUMN


@pytest.fixture
def ketua(demo_data: demo.Demo) -> Iterator[Workspace]:
    """The demo's ketua, with the check-out signed and the power bank taken out rusak."""
    home, visit = demo_data.workspace.directory, demo_data.visit_id
    demo_data.workspace.close()
    ws = Workspace.login(home, demo.KETUA, demo.DEMO_PASSWORD)
    checklist.run_self_tests(ws, visit, Phase.CHECKOUT, sim=True)
    checklist.record_checkout_item(
        ws, visit, "power_bank", status=ItemStatus.FAULTY, notes="tidak mengisi daya"
    )
    checklist.mark_rest_ok(ws, visit, Phase.CHECKOUT)
    checklist.sign_checklist(ws, visit, Phase.CHECKOUT)
    checklist.run_self_tests(ws, visit, Phase.CHECKIN, sim=True)
    yield ws
    ws.close()


def _row(page: SarprasPage, label: str) -> int:
    return next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == label)


def test_a_rusak_item_comes_back_baik_only_with_a_note_then_the_keeper_accepts(
    qtbot: QtBot, ketua: Workspace, indonesian: None
) -> None:
    del indonesian
    page = SarprasPage(ketua, simulated=lambda: True)
    qtbot.addWidget(page)
    page.refresh()
    page.phase.setCurrentIndex(page.phase.findData(Phase.CHECKIN.value))
    assert page.keeper_name.isVisibleTo(page)
    assert not page.accept_button.isEnabled()  # nothing to accept before the list is complete
    power_bank = _row(page, "Power bank")
    assert page.table.item(power_bank, 2).text().startswith("⚠")
    page.table.selectRow(power_bank)
    assert "rusak saat diambil" in page.row_label.full_text()
    assert page.baik.isChecked()
    page.lengkap.setChecked(True)  # an edit: the row is "dirty"
    assert not page.save_row()
    # Said under the note it is about (issue 36), with its red border.
    assert "rusak saat diambil" in field_error(page.note)
    assert "catatan" in field_error(page.note)
    assert page.note.property("error") == "true"
    assert page.view is not None
    assert page.view.item("power_bank").baik is None  # nothing was stored

    page.note.setText("baterai diganti baru")
    page.note.textEdited.emit("baterai diganti baru")
    assert field_error(page.note) == ""  # typing the note takes the message away
    assert page.save_row()
    assert page.view.item("power_bank").baik is True
    qtbot.mouseClick(page.rest_ok_button, Qt.MouseButton.LeftButton)
    for key in list(page.view.incomplete):
        checklist.record_checkin_item(ketua, page.visit.visit_id() or "", key, quantity=2)
    page.load()
    assert page.view.complete
    assert page.accept_button.isEnabled()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert "nama pengurus barang" in field_error(page.keeper_name).lower()  # no name typed
    page.keeper_name.setText("Sutrisno")
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert page.view.accepted
    assert "Sutrisno" in page.sign_note.text()
    assert not page.accept_button.isVisibleTo(page)


@pytest.mark.usefixtures("indonesian")
def test_every_reason_a_row_is_not_done_is_worded_in_both_languages() -> None:

    words = row_todo_texts()
    assert set(words) == set(RowTodo)
    assert words[RowTodo.NOTE_NEEDED] == "perlu catatan"
    english = {code: sentences.english("sarpras", code) for code in RowTodo}
    assert english[RowTodo.NOTE_NEEDED] == "a note is needed"
    assert all(text and text != code.value for code, text in english.items())


def test_a_failed_self_test_says_so_in_words_with_the_diagnostics_in_its_tooltip(
    qtbot: QtBot, ketua: Workspace, demo_data: demo.Demo, indonesian: None
) -> None:
    """The driver's diagnostics ("port: could not open COM5") are for IT, not a sentence."""
    del indonesian
    failed = SelfTestReport(
        Modality.FINGERPRINT,
        "zfm",
        ok=False,
        message="port: could not open COM5",
        duration_s=0.1,
    )
    checklist.apply_self_tests(ketua, demo_data.visit_id, Phase.CHECKIN, [failed], sim=False)
    page = SarprasPage(ketua, simulated=lambda: False)
    qtbot.addWidget(page)
    page.refresh()
    page.phase.setCurrentIndex(page.phase.findData(Phase.CHECKIN.value))
    cells = [page.table.item(r, 1) for r in range(page.table.rowCount())]
    scanner = next(c for c in cells if c.toolTip() == "port: could not open COM5")
    assert scanner.text() == "⚠ Gangguan"
    assert not [c.text() for c in cells if "COM5" in c.text()]


def test_self_tests_read_as_berandas_pills_and_an_empty_list_says_what_to_do(
    qtbot: QtBot, ketua: Workspace, demo_data: demo.Demo, indonesian: None
) -> None:
    """Issue 36: a device's self-test in Beranda's words and colours, not a word of its own."""
    del indonesian
    failed = SelfTestReport(Modality.FINGERPRINT, "zfm", ok=False, message="x", duration_s=0.1)
    checklist.apply_self_tests(ketua, demo_data.visit_id, Phase.CHECKIN, [failed], sim=False)
    page = SarprasPage(ketua, simulated=lambda: False)
    qtbot.addWidget(page)
    page.refresh()
    page.phase.setCurrentIndex(page.phase.findData(Phase.CHECKIN.value))
    cells = [page.table.item(r, SELF_TEST_COLUMN) for r in range(page.table.rowCount())]
    shown = {(c.text(), c.data(PILL_ROLE)) for c in cells if c.text()}
    assert ("⚠ Gangguan", "danger") in shown
    assert not [c for c in cells if not c.text() and c.data(PILL_ROLE)]  # no pill off a device
    page.phase.setCurrentIndex(page.phase.findData(Phase.CHECKOUT.value))  # passed them all
    cells = [page.table.item(r, SELF_TEST_COLUMN) for r in range(page.table.rowCount())]
    assert {(c.text(), c.data(PILL_ROLE)) for c in cells if c.text()} == {("● Siap", "ok")}
    # The check-out's condition is a pill too: rusak in red, baik in green.
    conditions = {
        page.table.item(r, 0).text(): page.table.item(r, CONDITION_COLUMN)
        for r in range(page.table.rowCount())
    }
    power_bank = conditions["Power bank"]
    assert (power_bank.text(), power_bank.data(PILL_ROLE)) == ("✖ rusak", "danger")
    assert {c.data(PILL_ROLE) for c in conditions.values()} == {"ok", "danger"}
    assert page.empty.isHidden()
    page.table.setRowCount(0)
    assert not page.empty.isHidden()
    assert page.empty.text().startswith("Belum ada perlengkapan")


def test_a_faulty_item_without_a_note_is_said_under_the_note(
    qtbot: QtBot, demo_data: demo.Demo, indonesian: None
) -> None:
    del indonesian
    page = SarprasPage(demo_data.workspace, simulated=lambda: True)
    qtbot.addWidget(page)
    page.refresh()
    page.table.selectRow(_row(page, "Power bank"))
    page.item_status.setCurrentIndex(page.item_status.findData(ItemStatus.FAULTY.value))
    qtbot.mouseClick(page.save_row_button, Qt.MouseButton.LeftButton)
    assert "catatan" in field_error(page.note)
    assert page.note.property("error") == "true"
    assert not page.status.text().startswith("⚠")  # one place says it, under the field
    qtbot.keyClicks(page.note, "kabel putus")
    assert field_error(page.note) == ""
    qtbot.mouseClick(page.save_row_button, Qt.MouseButton.LeftButton)
    assert page.status.text().startswith("✔"), page.status.text()
