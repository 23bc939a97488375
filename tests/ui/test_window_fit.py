"""The window opens maximized in the screen's free area; restored, it never outgrows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow

from ui.main_window import MainWindow
from ui.window_fit import QWIDGETSIZE_MAX, fit_to_screen, show_maximized

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from fieldkit.workspace import Workspace


def test_the_main_window_opens_maximized_inside_the_free_area(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    show_maximized(window)
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: window.geometry() == available)  # the offscreen "window manager"
    assert window.isMaximized()
    assert available.contains(window.frameGeometry())
    # No maximum of ours: on Windows it would stop a maximized window short of the edges.
    assert window.maximumSize() == QSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)


def test_restored_the_window_is_held_to_the_free_area_again(
    qtbot: QtBot, demo_ws: Workspace
) -> None:
    window = MainWindow(demo_ws, demo=True)
    qtbot.addWidget(window)
    show_maximized(window)
    qtbot.waitExposed(window)
    window.showNormal()
    available = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: not window.isMaximized())
    assert window.maximumSize().width() <= available.width()
    assert window.maximumSize().height() <= available.height()
    assert available.contains(window.frameGeometry())


def test_a_window_larger_than_the_screen_is_fitted_into_it(qtbot: QtBot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    window.resize(available.width() + 400, available.height() + 300)
    window.move(available.right() - 50, available.bottom() - 50)
    window.show()
    qtbot.waitExposed(window)
    fit_to_screen(window)
    assert available.contains(window.frameGeometry()), (window.frameGeometry(), available)
