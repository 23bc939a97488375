"""Planning's lists and forms (issue 36): an empty list says why and what to do next, a
visit's state is a pill with its symbol, and a refusal about one field stands under it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.fieldkit.planning.planning_support import plan_visit
from ui.design import field_error
from ui.design.empty import EmptyState
from ui.design.pill import PILL_ROLE, PillKind
from ui.planning_page import PlanningPage

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace


def _page(qtbot: QtBot, ws: Workspace) -> PlanningPage:
    page = PlanningPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    return page


def _words_over(view: QAbstractItemView) -> str:
    """The visible empty-state words over ``view`` (its viewport's ``EmptyState``)."""
    return "\n".join(w.text() for w in view.viewport().findChildren(EmptyState) if w.isVisible())


def test_empty_lists_say_why_and_the_next_step(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, workspace)
    assert _words_over(page.requests_table) == (
        "Belum ada surat permohonan.\nIsi formulir lalu klik Simpan permohonan."
    )
    page.tabs.setCurrentIndex(1)
    assert "Jadwalkan kunjungan" in _words_over(page.visits_table)  # the real button's name
    page.tabs.setCurrentIndex(2)
    assert _words_over(page.targets.targets_view).startswith("Belum ada kunjungan.")
    assert _words_over(page.targets.import_problems)


def test_a_visits_state_is_a_pill_and_its_list_words_go_with_the_first_row(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, workspace)
    page.tabs.setCurrentIndex(1)
    plan_visit(workspace)
    page.refresh()
    assert _words_over(page.visits_table) == ""
    state = page.visits_table.item(0, 4)
    assert state.text() == "◌ terjadwal"
    assert state.data(PILL_ROLE) == PillKind.NEUTRAL.value
    page.tabs.setCurrentIndex(2)
    assert _words_over(page.targets.targets_view).startswith("Belum ada sasaran")


def test_a_missing_desa_is_said_under_the_desa_field_and_goes_when_typed(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, demo_ws)
    page.tabs.setCurrentIndex(1)
    page.visit_desa.clear()
    qtbot.mouseClick(page.create_visit_button, Qt.MouseButton.LeftButton)
    message = field_error(page.visit_desa)
    assert message, "the refusal is not at the desa field"
    assert page.visit_desa.accessibleDescription() == message
    assert page.status.text() == ""  # said once, where the problem is
    qtbot.keyClicks(page.visit_desa, "S")
    assert field_error(page.visit_desa) == ""


def test_a_missing_letter_number_is_said_under_it(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, workspace)
    page.request_number.clear()
    qtbot.mouseClick(page.create_request_button, Qt.MouseButton.LeftButton)
    assert field_error(page.request_number)
    assert field_error(page.request_name) == ""


def test_a_wrong_kecamatan_code_is_said_under_that_code(
    qtbot: QtBot, demo_ws: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, demo_ws)
    page.tabs.setCurrentIndex(1)
    page.visit_desa.setText("Sumberjo")
    page.visit_desa_code.clear()
    page.visit_kecamatan.setText("12")
    qtbot.mouseClick(page.create_visit_button, Qt.MouseButton.LeftButton)
    assert field_error(page.visit_kecamatan)
    assert field_error(page.visit_desa_code) == ""


def test_targets_without_a_visit_are_refused_at_the_visit_field(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = _page(qtbot, workspace)
    page.tabs.setCurrentIndex(2)
    page.targets.import_file(Path("sasaran.csv"))
    assert field_error(page.targets.target_visit).startswith("Jadwalkan")


def test_a_refused_file_says_why_and_no_row_counts(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, indonesian: None
) -> None:
    """Issue 47, finding 6: a failed import said "0 baik, 0 dengan peringatan, 0 dengan
    kesalahan" above "Tidak ada masalah impor", and random bytes were "teks biasa"."""
    plan_visit(workspace)
    page = _page(qtbot, workspace)
    page.tabs.setCurrentIndex(2)
    noise = tmp_path / "sasaran.xlsx"
    noise.write_bytes(bytes(range(256)) * 16)
    with qtbot.waitSignal(page.targets.import_finished, timeout=30_000):
        page.targets.import_file(noise)
    said = page.status.text()
    assert said.startswith("⚠ ")
    assert "0 baik" not in said
    assert "teks biasa" not in said
    assert "bukan spreadsheet CSV atau XLSX" in said, said
    assert page.targets.import_summary.text() in said
    words = _words_over(page.targets.import_problems)
    assert words
    assert "Tidak ada masalah impor" not in words
