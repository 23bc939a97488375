"""Widgets every screen shares (``ui.common``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.common import StatusLine
from ui.window_fit import PageFrame


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
