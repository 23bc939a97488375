"""The first day at a real office on screen: enroll first, training is chosen and always visible."""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from drivers import Modality
from fieldkit import training
from fieldkit.devices import DeviceConfig, DeviceSupervisor
from fieldkit.enrollment import outcomes
from fieldkit.planning import targets_import
from fieldkit.records import outbox
from fieldkit.records.models import RecordReview, ReviewState
from fieldkit.review import queue as review_queue
from fieldkit.workspace import Workspace
from ui import demo
from ui.design.pill import PILL_ROLE, PillKind
from ui.enrollment.page import EnrollmentPage
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
    assert enrollment.start_screen.enroll_prompt.isVisibleTo(window)
    qtbot.mouseClick(enrollment.start_screen.enroll_prompt_button, Qt.MouseButton.LeftButton)
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
    assert not window.enrollment.start_screen.enroll_prompt.isVisibleTo(
        window
    )  # training records at once


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


def test_a_simulator_serving_a_real_store_is_named_in_red_until_the_real_device_is_back(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 56.2: the simulator chosen for the scanner on a real store showed no mark."""
    chosen = DeviceConfig()
    chosen.use(Modality.FINGERPRINT, "sim", {})
    supervisor = DeviceSupervisor(workspace.events, config=chosen, interval_s=0.2)
    window = MainWindow(workspace, supervisor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    banner = window.training_banner
    assert not banner.isVisibleTo(window)  # nothing open yet
    window.start_devices()
    qtbot.waitUntil(lambda: banner.isVisibleTo(window), timeout=20_000)
    assert banner.text() == (
        "SIMULATOR di data nyata: Pemindai sidik jari · bukan untuk KTP-el nyata"
    )
    assert not supervisor.simulated  # not training: the store is real
    supervisor.use(DeviceConfig())  # the real scanner chosen again (none attached here)
    qtbot.waitUntil(lambda: not banner.isVisibleTo(window), timeout=20_000)
    window.close()


def _recorded_first_target(session: Session, demo_data: demo.Demo, record_id: str) -> None:
    """The visit's first person recorded, their record sealed on this laptop."""
    target = targets_import.list_targets(demo_data.workspace, demo_data.visit_id)[0]
    outbox.seal_record(session, record_id, b"{}", visit_id=demo_data.visit_id)
    outcomes.put_outcome(
        session,
        target_id=target.id,
        visit_id=demo_data.visit_id,
        outcome=outcomes.Outcome.RECORDED,
        officer=demo.ADMIN,
        record_id=record_id,
    )


def test_a_record_the_data_center_rejected_is_not_shown_as_recorded(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    """Observation 3 on the Perekaman list: the targets said "recorded" for refused records."""
    ws = demo_data.workspace
    with ws.transaction() as session:
        _recorded_first_target(session, demo_data, "rec-refused-1")
    page = EnrollmentPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    assert "recorded" in page.start_screen.targets.item(0, 3).text()
    with ws.transaction() as session:
        outbox.mark_server_state(
            session, "rec-refused-1", outbox.RecordStatus.REJECTED, reason="kid_unknown"
        )
    page.load_visit()
    assert (
        page.start_screen.targets.item(0, 3).text() == "✖ rejected by the data center: record again"
    )


def test_a_record_the_ketua_returned_is_not_shown_as_recorded(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    """Issue 36: Perekaman said "terekam" for a person Tinjauan lists for recapture."""
    ws = demo_data.workspace
    with ws.transaction() as session:
        _recorded_first_target(session, demo_data, "rec-returned-1")
        session.add(
            RecordReview(
                record_id="rec-returned-1",
                flags=json.dumps(["exception:finger:r_index:amputated:permanent"]),
                details=json.dumps([{"kind": "exception", "text": "jari diamputasi"}]),
                state=ReviewState.WAITING.value,
                created_at=dt.datetime.now(dt.UTC),
            )
        )
    page = EnrollmentPage(ws)
    qtbot.addWidget(page)
    page.refresh()
    assert "recorded" in page.start_screen.targets.item(0, 3).text()
    with Workspace.login(ws.directory, demo.KETUA, demo.DEMO_PASSWORD) as ketua:
        review_queue.return_for_recapture(ketua, "rec-returned-1", "foto wajah buram")
    page.load_visit()
    cell = page.start_screen.targets.item(0, 3)
    assert cell.text() == "↩ returned · record again"
    assert cell.data(PILL_ROLE) == PillKind.WARNING.value
