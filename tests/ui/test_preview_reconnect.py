"""Issue 47 B4 on screen: the capture step's preview comes back by itself after a restart.

A real MOSIP SBI face service on 127.0.0.1 behind the app's real supervisor; the real
enrollment page in the main window at 1366x768, in Indonesian.  The service stops in the
middle of the face step's preview: where the picture was, the step says, whole, that it
reconnects; the service starts again on its port: the picture is back on the same preview
thread, the words gone, nobody having pressed anything.  Left while it waits, the
preview's thread ends.  Every wait is on a signal.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from drivers.base import ImageDevice, Modality
from drivers.sbi.sim import SbiSimulator
from fieldkit import demo as sim
from fieldkit.devices import DeviceConfig, DeviceSupervisor
from fieldkit.enrollment.machine import Slot, Step
from fieldkit.quality.result import QualityModality
from fieldkit.workspace import Workspace
from tests.ui.conftest import SCREENSHOTS
from tests.ui.test_sbi_devices_ui import _fits
from ui import demo
from ui.enrollment.devices import SupervisorDevices
from ui.enrollment.page import EnrollmentPage
from ui.main_window import MainWindow, Page
from ui.window_fit import TARGET_SIZE

WAIT_MS = 30_000
RECONNECTING = "⚠ Kamera wajah berhenti menjawab. Menyambung ulang sendiri… (percobaan "


class _SupervisedFace:
    """The supervisor's face camera (an SBI service); the demo kit for the other steps."""

    def __init__(self, supervisor: DeviceSupervisor, kit: sim.SimKit) -> None:
        self.face = SupervisorDevices(supervisor)
        self.kit = kit

    def device_for(self, slot: Slot) -> ImageDevice:
        if slot.modality is QualityModality.FACE:
            return self.face.device_for(slot)
        return self.kit.device_for(slot)


@pytest.fixture
def face_service() -> Iterator[SbiSimulator]:
    service = SbiSimulator("Face", port=0, capture_delay_s=0.02)
    service.start()
    yield service
    service.stop()


@pytest.fixture
def supervisor(face_service: SbiSimulator, demo_data: demo.Demo) -> Iterator[DeviceSupervisor]:
    config = DeviceConfig()
    config.use(Modality.FACE, "sbi", {"port": str(face_service.port)})
    for kind in (Modality.FINGERPRINT, Modality.IRIS, Modality.SIGNATURE, Modality.CARD):
        config.use(kind, "sim", {})  # no discovery sweeps beside the test
    watcher = DeviceSupervisor(demo_data.workspace.events, config=config, interval_s=0.2)
    watcher.start()
    yield watcher
    watcher.stop()


def _at_the_face_step(qtbot: QtBot, ws: Workspace, devices: object) -> EnrollmentPage:
    window = MainWindow(ws, demo=True)
    qtbot.addWidget(window)
    page = EnrollmentPage(ws, devices)  # type: ignore[arg-type]
    window.replace_page(Page.ENROLLMENT, page)
    window.resize(TARGET_SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(Page.ENROLLMENT)
    assert window.size() == QSize(1366, 768)
    page.start_screen.targets.selectRow(0)
    with qtbot.waitSignal(page.step_shown, timeout=WAIT_MS):
        qtbot.mouseClick(page.start_screen.start_button, Qt.MouseButton.LeftButton)
    view = page.capture_screen.preview_view
    with (
        qtbot.waitSignal(view.shown, timeout=WAIT_MS),  # the first picture
        qtbot.waitSignal(page.step_shown, timeout=WAIT_MS) as shown,
    ):
        qtbot.mouseClick(page.consent_screen.consent_button, Qt.MouseButton.LeftButton)
    assert shown.args == [Step.FACE.value]
    return page


def test_the_face_preview_comes_back_by_itself_after_its_sbi_service_restarts(
    qtbot: QtBot,
    demo_data: demo.Demo,
    indonesian: None,
    face_service: SbiSimulator,
    supervisor: DeviceSupervisor,
) -> None:
    assert supervisor.check_now(WAIT_MS / 1000)[list(Modality).index(Modality.FACE)].status.ready
    with sim.SimKit(slaps=True) as kit:
        page = _at_the_face_step(qtbot, demo_data.workspace, _SupervisedFace(supervisor, kit))
        screen = page.capture_screen
        view, worker = screen.preview_view, screen.preview
        assert worker is not None
        port = face_service.port

        # The service stops mid-preview: the step says it reconnects, in words, whole.
        with qtbot.waitSignal(worker.reconnecting, timeout=WAIT_MS) as paused:
            face_service.stop()
        assert paused.args[0].kind is Modality.FACE
        assert view.text().startswith(RECONNECTING), view.text()
        assert view.text().endswith(" dari 30)"), view.text()
        fits, room, needed = _fits(view)
        assert fits, f"{view.text()!r}: {needed} does not fit in {room}"
        # The meter drops the verdict of a picture no longer shown: the slot as it stands.
        assert screen.slot_state is not None
        threshold = f"Ambang {screen.slot_state.threshold:g}"
        assert screen.meter.text.text() == threshold, screen.meter.text.text()
        assert screen.meter.bar.value() == 0
        page.window().grab().save(str(SCREENSHOTS / "preview-reconnecting.png"))

        # It starts again on its port: the picture comes back, no button pressed.
        again = SbiSimulator("Face", port=port, capture_delay_s=0.02)
        try:
            with qtbot.waitSignal(view.shown, timeout=WAIT_MS):
                again.start()
            assert screen.preview is worker  # the same preview, resumed
            assert view.text() == ""  # the words about reconnecting are gone
            assert view.last_image is not None
            assert "⚠" not in page.status.text()
            page.window().grab().save(str(SCREENSHOTS / "preview-back.png"))
            assert screen.capture_button.isEnabled()

            # Stopped again and the step left while it waits: its thread ends, none left.
            with qtbot.waitSignal(worker.reconnecting, timeout=WAIT_MS):
                again.stop()
            screen.stop_preview()
            assert worker.isFinished()
            assert screen.preview is None
        finally:
            again.stop()
            page.shutdown()
