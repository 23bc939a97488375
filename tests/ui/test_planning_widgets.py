"""The planning screen's team picker: the ketua tim is shown as the ketua, never offered
as a petugas of the same team (issue 36: offered, ticked, then refused)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from fieldkit.planning import schedule
from tests.fieldkit.planning.planning_support import KETUA, PETUGAS, add_team
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
