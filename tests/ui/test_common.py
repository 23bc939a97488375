"""Widgets every screen shares (``ui.common``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.planning import kinds, schedule
from ui.common import StatusLine, size_to_current, visit_label
from ui.dates import date_text
from ui.window_fit import PageFrame

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


def test_a_status_line_below_the_fold_scrolls_into_view_when_it_speaks(qtbot: QtBot) -> None:
    page = QWidget()
    layout = QVBoxLayout(page)
    tall = QLabel("the form")
    tall.setMinimumHeight(900)
    layout.addWidget(tall)
    status = StatusLine()
    layout.addWidget(status)
    frame = PageFrame(page)
    qtbot.addWidget(frame)
    frame.resize(400, 300)
    frame.show()
    qtbot.waitExposed(frame)
    bar = frame.verticalScrollBar()
    assert bar.value() == 0
    # The answer to a button near the top, long enough to wrap onto more lines.
    status.error("Tuliskan alasannya dulu, lalu tekan tombolnya lagi. " * 4)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2_000)
    top = status.mapTo(frame.viewport(), status.rect().topLeft()).y()
    assert top >= 0
    assert top + status.height() <= frame.viewport().height()  # every line, not the first


@pytest.mark.usefixtures("indonesian")
def test_a_visit_is_named_by_its_date_place_and_team_never_its_id(demo_ws: Workspace) -> None:
    """Issue 36: visit lists ended in "· e144a858", which tells an officer nothing."""
    visits = schedule.list_visits(demo_ws)
    assert len(visits) > 1  # today's and next week's (issue 36, finding 3)
    (visit,) = [v for v in visits if v.place_type == kinds.PlaceType.RUMAH]
    label = visit_label(visit)
    assert visit.id[:8] not in label, label
    assert label.endswith("· tim Ketua Tim Demo"), label
    assert "Sumberjo · Rumah sasaran (dari rumah ke rumah) ·" in label, label
    assert label.startswith(date_text(visit.visit_date)), label


def test_a_status_line_keeps_its_room_so_a_message_moves_nothing(qtbot: QtBot) -> None:
    """Issue 36: empty, the line took no room, and its first message pushed the page."""
    page = QWidget()
    layout = QVBoxLayout(page)
    table = QLabel("a list that takes the room left")
    layout.addWidget(table, 1)
    button = QPushButton("Catat hasil")
    layout.addWidget(button)
    status = StatusLine()
    layout.addWidget(status)
    qtbot.addWidget(page)
    page.resize(600, 400)
    page.show()
    qtbot.waitExposed(page)
    where = button.geometry()
    assert status.height() >= status.reserved_height() > 0
    status.error("Pilih dulu orang dari daftar sasaran.")
    qtbot.waitUntil(lambda: status.text() != "")
    page.layout().activate()
    assert button.geometry() == where
    status.clear()
    page.layout().activate()
    assert button.geometry() == where


def test_a_stack_asks_for_the_room_of_the_page_it_shows(qtbot: QtBot) -> None:
    stack = QStackedWidget()
    small, tall = QLabel("the list"), QWidget()
    tall_part = QLabel("a tall step's controls")
    tall_part.setMinimumHeight(900)
    QVBoxLayout(tall).addWidget(tall_part)
    stack.addWidget(small)
    stack.addWidget(tall)
    qtbot.addWidget(stack)
    size_to_current(stack)
    assert stack.minimumSizeHint().height() < 900
    stack.setCurrentWidget(tall)
    size_to_current(stack)
    assert stack.minimumSizeHint().height() >= 900
