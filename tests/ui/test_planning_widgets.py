"""The planning screen's own widgets (issue 36): the team picker shows the ketua tim as the
ketua, never offered as a petugas of the same team (offered, ticked, then refused); the
desa search finds the office's desa by name and fills their codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from fieldkit.planning import requests, schedule
from tests.fieldkit.planning.planning_support import KETUA, PETUGAS, add_team
from ui.demo import DEMO_DESA
from ui.planning_page import PlanningPage
from ui.planning_widgets import TeamPicker

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace


def _row(picker: TeamPicker, username: str) -> int:
    rows = [
        i
        for i in range(picker.petugas.count())
        if picker.petugas.item(i).data(Qt.ItemDataRole.UserRole) == username
    ]
    assert len(rows) == 1
    return rows[0]


def test_the_chosen_ketua_cannot_be_ticked_as_a_petugas(qtbot: QtBot, workspace: Workspace) -> None:
    add_team(workspace)
    picker = TeamPicker()
    qtbot.addWidget(picker)
    picker.reload(workspace)
    assert picker.ketua.currentData() == KETUA

    ketua_row = picker.petugas.item(_row(picker, KETUA))
    assert not ketua_row.flags() & Qt.ItemFlag.ItemIsEnabled, "the ketua is offered as a petugas"
    assert "ketua tim" in ketua_row.text()
    picker.tick(KETUA)  # as a click on the row did: it does not take
    picker.tick(PETUGAS)
    assert picker.chosen_petugas() == [PETUGAS]
    assert picker.plan() == schedule.TeamPlan(KETUA, (PETUGAS,))


def test_a_ketua_tim_who_is_not_the_ketua_of_this_team_may_go_as_a_petugas(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """Only the one chosen as ketua is held back: another ketua tim may join as a petugas."""
    add_team(workspace)
    picker = TeamPicker()
    qtbot.addWidget(picker)
    picker.reload(workspace)
    picker.ketua.addItem("Someone else", "someone.else")  # a second lead chosen instead
    picker.ketua.setCurrentIndex(picker.ketua.count() - 1)
    ketua_row = picker.petugas.item(_row(picker, KETUA))
    assert ketua_row.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "ketua tim" not in ketua_row.text()


def test_a_desa_found_by_part_of_its_name_fills_its_name_and_codes(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    """Issue 36: desa codes were typed by hand; now the office's desa are found by name."""
    page = PlanningPage(demo_ws)
    qtbot.addWidget(page)
    page.refresh()
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.visit_form.parentWidget()))
    page.visit_desa.setFocus()
    qtbot.keyClicks(page.visit_desa, "agung")  # a part of the name, in any case
    popup = page.desa_search.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 1
    assert popup.model().index(0, 0).data() == "Sumberagung · 3315012006"
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.visit_desa_code.text() == "3315012006")
    assert page.visit_desa.text() == "Sumberagung"
    assert page.visit_kecamatan.text() == "331501"


def test_office_desa_lists_only_desa_codes_by_name(demo_ws: Workspace) -> None:
    desa = requests.office_desa(demo_ws)
    assert [name for _code, name in desa] == sorted(name for _code, name in DEMO_DESA)
    assert all(len(code) == 10 for code, _name in desa)
