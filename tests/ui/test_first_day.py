"""The first day at a real office on screen: enroll first, training is chosen and always visible."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit import training
from fieldkit.devices import DeviceSupervisor
from fieldkit.workspace import Workspace
from ui import demo
from ui.main_window import MainWindow, Page


def test_a_real_store_not_enrolled_says_so_on_beranda_and_perekaman_with_a_way_to_sync(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.home.refresh_queue()
    assert window.home.enroll_prompt.isVisibleTo(window)
    assert not window.home.demo_banner.isVisibleTo(window)  # no "sealed with the demo key"
    qtbot.mouseClick(window.home.enroll_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.SYNC

    window.show_page(Page.ENROLLMENT)
    enrollment = window.enrollment
    assert enrollment.enroll_prompt.isVisibleTo(window)
    qtbot.mouseClick(enrollment.enroll_prompt_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is Page.SYNC
    assert not window.training_banner.isVisibleTo(window)  # real work, real devices


def test_the_demo_store_shows_the_latihan_banner(qtbot: QtBot, demo_data: demo.Demo) -> None:
    window = MainWindow(demo_data.workspace, demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.training_banner.isVisibleTo(window)
    assert "LATIHAN" in window.training_banner.text()
    assert window.training_banner.isVisible()  # in the menu bar, on every screen
    assert not window.enrollment.enroll_prompt.isVisibleTo(window)  # training records at once


def test_training_mode_is_chosen_in_settings_and_switches_devices_and_banner(
    qtbot: QtBot, workspace: Workspace
) -> None:
    supervisor = DeviceSupervisor(workspace.events, interval_s=0.2)
    window = MainWindow(workspace, supervisor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.training_banner.isVisibleTo(window)
    assert not window.supervisor.simulated  # type: ignore[union-attr]
    window.show_page(Page.SETTINGS)
    with qtbot.waitSignal(window.settings.training_changed):
        window.settings.training_check.setChecked(True)
    assert window.training_banner.isVisibleTo(window)
    assert window.supervisor is not supervisor
    assert window.supervisor.simulated  # type: ignore[union-attr]
    with workspace.transaction() as session:
        assert training.training_mode(session)
    with qtbot.waitSignal(window.settings.training_changed):
        window.settings.training_check.setChecked(False)
    assert not window.training_banner.isVisibleTo(window)
    assert not window.supervisor.simulated  # type: ignore[union-attr]
    window.close()
