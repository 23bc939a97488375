"""Issue 36, finding 6: Beranda and Pengaturan agree on each device; training pulls a cable.

Pengaturan said "Belum diperiksa" while Beranda said "Siap" for the same scanner, and a
chosen backend waited for the next start of FieldKit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from drivers import Modality
from fieldkit.devices import DeviceSupervisor
from fieldkit.events import DeviceStatus
from fieldkit.workspace import Workspace
from ui import demo
from ui.bridge import EventBridge
from ui.design.pill import PILL_ROLE, PillDelegate
from ui.devices_panel import DevicesPanel
from ui.enrollment.devices import SupervisorDevices
from ui.enrollment.page import EnrollmentPage
from ui.settings_page import SettingsPage

WAIT_MS = 20_000
FINGERPRINT_ROW = list(Modality).index(Modality.FINGERPRINT)

#: (state, reason) as the supervisor publishes them, and the word both screens must show.
STATES = [
    ("ready", "ready", "● Siap"),
    ("busy", "capturing", "◐ Sibuk"),
    ("not_ready", "not_checked", "◌ Belum diperiksa"),
    ("not_ready", "not_open", "◌ Belum siap"),
    ("disconnected", "failed", "✖ Terputus"),
    ("error", "failed", "⚠ Gangguan"),
]


class Screens:
    """Beranda's device lights and Pengaturan's table, hearing one supervisor."""

    def __init__(self, qtbot: QtBot, workspace: Workspace, supervisor: DeviceSupervisor) -> None:
        self.holder = QWidget()
        qtbot.addWidget(self.holder)
        self.bridge = EventBridge(workspace.events, self.holder)
        self.panel = DevicesPanel(self.bridge, self.holder)
        self.settings = SettingsPage(workspace, supervisor=lambda: supervisor)
        qtbot.addWidget(self.settings)
        self.settings.follow(self.bridge)
        self.settings.refresh()

    def light(self, kind: Modality) -> str:
        return self.panel.lights[kind.value].text()

    def cell(self, kind: Modality, column: int) -> str:
        return self.settings.devices_table.item(list(Modality).index(kind), column).text()


@pytest.fixture
def sim_supervisor(workspace: Workspace) -> Iterator[DeviceSupervisor]:
    """The simulators' supervisor, not started: start it once the screens listen (as the app)."""
    supervisor = DeviceSupervisor(workspace.events, sim=True, interval_s=0.2)
    try:
        yield supervisor
    finally:
        supervisor.stop()


@pytest.mark.parametrize("case", STATES, ids=[f"{s}-{r}" for s, r, _ in STATES])
def test_beranda_and_pengaturan_show_the_same_word_for_each_state(
    qtbot: QtBot, workspace: Workspace, indonesian: None, case: tuple[str, str, str]
) -> None:
    state, reason, word = case
    supervisor = DeviceSupervisor(workspace.events)  # not started: nothing looked at yet
    screens = Screens(qtbot, workspace, supervisor)
    assert screens.cell(Modality.FINGERPRINT, 2) == "◌ Belum diperiksa"
    assert screens.light(Modality.FINGERPRINT) == "◌ Belum diperiksa"  # before any news
    error = "unplugged" if reason == "failed" else ""
    status = DeviceStatus(
        kind="fingerprint", state=state, reason=reason, error=error, backend="sim", simulated=True
    )
    workspace.events.emit(status)
    qtbot.waitUntil(lambda: screens.light(Modality.FINGERPRINT) == word, timeout=WAIT_MS)
    assert screens.cell(Modality.FINGERPRINT, 2) == word
    assert screens.cell(Modality.FINGERPRINT, 1) == "simulator (latihan)"
    # The same pill too (issue 36): the cell is drawn in the colour of Beranda's light.
    cell = screens.settings.devices_table.item(FINGERPRINT_ROW, 2)
    assert cell.data(PILL_ROLE) == screens.panel.lights["fingerprint"].kind().value


def test_beranda_and_pengaturan_say_what_a_device_is_never_its_backends_key(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    """Issue 47, finding 11: "isdv4", "sbi", "sim" were shown as the device's name."""
    supervisor = DeviceSupervisor(workspace.events)
    screens = Screens(qtbot, workspace, supervisor)
    said = {
        Modality.SIGNATURE: ("isdv4", "bantalan tanda tangan di port serial"),
        Modality.IRIS: ("sbi", "layanan perangkat MOSIP SBI"),
        Modality.FACE: ("opencv", "kamera USB"),
    }
    for kind, (backend, words) in said.items():
        workspace.events.emit(
            DeviceStatus(
                kind=kind.value,
                state="ready",
                reason="ready",
                error="",
                backend=backend,
                simulated=False,
            )
        )
        qtbot.waitUntil(lambda k=kind: screens.light(k) == "● Siap", timeout=WAIT_MS)
        assert screens.panel.details[kind.value].text() == words
        assert screens.cell(kind, 1) == words
    # The list to choose a backend from says the same, and keeps the key to save.
    pick = screens.settings.pin_backend
    screens.settings.pin_kind.setCurrentIndex(screens.settings.pin_kind.findData("signature"))
    listed = {pick.itemText(i): pick.itemData(i) for i in range(pick.count())}
    assert listed["bantalan tanda tangan di port serial"] == "isdv4"
    assert "isdv4" not in listed
    assert "sim" not in listed


def test_pengaturan_draws_the_states_as_pills_and_says_what_to_do_when_none_is_listed(
    qtbot: QtBot, workspace: Workspace, indonesian: None
) -> None:
    page = SettingsPage(workspace)  # no supervisor: every device "not checked yet"
    qtbot.addWidget(page)
    page.refresh()
    table = page.devices_table
    assert isinstance(table.itemDelegateForColumn(2), PillDelegate)
    first = table.item(0, 2)
    assert (first.text(), first.data(PILL_ROLE)) == ("◌ Belum diperiksa", "neutral")
    assert page.devices_empty.isHidden()
    table.setRowCount(0)  # a check that found nothing
    assert not page.devices_empty.isHidden()
    assert page.devices_empty.text() == (
        "Belum ada perangkat dalam daftar.\n"
        'Tekan "Periksa perangkat sekarang" untuk mencari perangkat.'
    )


def test_pengaturan_shows_the_supervisors_state_from_the_start(
    qtbot: QtBot, workspace: Workspace, indonesian: None, sim_supervisor: DeviceSupervisor
) -> None:
    """The old table said "Belum diperiksa" until a separate probe, whatever Beranda said."""
    sim_supervisor.start()
    sim_supervisor.check_now()
    assert sim_supervisor.status(Modality.FINGERPRINT).ready
    page = SettingsPage(workspace, supervisor=lambda: sim_supervisor)
    qtbot.addWidget(page)
    item = page.devices_table.item(FINGERPRINT_ROW, 2)
    assert (item.text(), page.devices_table.item(FINGERPRINT_ROW, 1).text()) == (
        "● Siap",
        "simulator (latihan)",
    )
    with qtbot.waitSignal(page.devices_listed, timeout=WAIT_MS):
        qtbot.mouseClick(page.list_button, Qt.MouseButton.LeftButton)
    assert page.devices_table.item(FINGERPRINT_ROW, 2).text() == "● Siap"


def test_training_unplugs_the_simulated_scanner_and_plugs_it_back(
    qtbot: QtBot, workspace: Workspace, indonesian: None, sim_supervisor: DeviceSupervisor
) -> None:
    screens = Screens(qtbot, workspace, sim_supervisor)
    sim_supervisor.start()
    screens.settings.show()
    qtbot.waitUntil(lambda: screens.light(Modality.FINGERPRINT) == "● Siap", timeout=WAIT_MS)
    button = screens.settings.cable_buttons[Modality.FINGERPRINT]
    qtbot.waitUntil(button.isVisible, timeout=WAIT_MS)
    # Every training simulator has a cable to pull.
    for kind in Modality:
        qtbot.waitUntil(screens.settings.cable_buttons[kind].isVisible, timeout=WAIT_MS)
    assert button.text() == "Cabut (latihan)"
    assert button.accessibleName() == "Cabut pemindai sidik jari (latihan)"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == "Pasang lagi"
    assert "dicabut (latihan)" in screens.settings.status.text()
    qtbot.waitUntil(lambda: screens.light(Modality.FINGERPRINT) == "✖ Terputus", timeout=WAIT_MS)
    assert screens.cell(Modality.FINGERPRINT, 2) == "✖ Terputus"
    assert screens.settings.cable_states[Modality.FINGERPRINT].text() == "✖ Terputus"
    assert sim_supervisor.device(Modality.FINGERPRINT) is None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screens.light(Modality.FINGERPRINT) == "● Siap", timeout=WAIT_MS)
    assert screens.cell(Modality.FINGERPRINT, 2) == "● Siap"
    assert button.text() == "Cabut (latihan)"


def _pin(page: SettingsPage, kind: str, backend: str) -> None:
    page.pin_kind.setCurrentIndex(page.pin_kind.findData(kind))
    page.pin_backend.setCurrentIndex(page.pin_backend.findData(backend))
    page.pin_options.setText("")
    page.pin_button.click()


def test_a_chosen_backend_applies_now_or_when_the_recording_ends(
    qtbot: QtBot, workspace: Workspace, indonesian: None, sim_supervisor: DeviceSupervisor
) -> None:
    screens = Screens(qtbot, workspace, sim_supervisor)
    sim_supervisor.start()
    page = screens.settings
    qtbot.waitUntil(lambda: screens.cell(Modality.FINGERPRINT, 2) == "● Siap", timeout=WAIT_MS)
    _pin(page, "fingerprint", "zfm-sim")
    single = "simulator (sensor satu jari)"  # zfm-sim, in words
    assert page.status.text().endswith(f"Pemindai sidik jari kini memakai {single}.")
    qtbot.waitUntil(lambda: screens.cell(Modality.FINGERPRINT, 1) == single, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screens.cell(Modality.FINGERPRINT, 2) == "● Siap", timeout=WAIT_MS)
    # A recording on screen keeps its scanner; the choice waits for it, and says why.
    sim_supervisor.set_recording(active=True)
    _pin(page, "fingerprint", "sim")
    assert "setelah perekaman di layar Perekaman selesai" in page.status.text()
    sim_supervisor.check_now()
    assert screens.cell(Modality.FINGERPRINT, 1) == single
    sim_supervisor.set_recording(active=False)
    qtbot.waitUntil(
        lambda: screens.cell(Modality.FINGERPRINT, 1) == "simulator (latihan)", timeout=WAIT_MS
    )
    # In training a hardware backend waits for training to end.
    _pin(page, "fingerprint", "zfm")
    assert "setelah mode latihan dimatikan" in page.status.text()


def test_a_person_on_the_enrollment_screen_holds_the_devices_until_paused(
    qtbot: QtBot, demo_data: demo.Demo
) -> None:
    """The recording on screen is what a newly chosen backend waits for."""
    supervisor = DeviceSupervisor(demo_data.workspace.events)
    page = EnrollmentPage(demo_data.workspace, SupervisorDevices(supervisor))
    qtbot.addWidget(page)
    page.refresh()
    assert not supervisor.recording
    page.start_screen.targets.selectRow(0)
    page.start_screen.start_selected()
    assert page.view is not None
    assert supervisor.recording
    page.pause()
    assert not supervisor.recording
