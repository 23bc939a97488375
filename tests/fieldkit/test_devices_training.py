"""Issue 36, finding 6: a simulator's cable is pulled in training, and a chosen backend applies now.

The supervisor runs the real simulators (an SBI service on loopback, the ZFM emulator on a
pty) with their real drivers: an unplugged simulator must fail exactly as a real unplugged
device does, and come back by itself when plugged in again.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from drivers.base import CaptureRequest, DeviceState, Modality, StatusReason
from drivers.base import DeviceStatus as DriverStatus
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.registry import get_backend
from drivers.sbi import sim as sbi_sim
from drivers.simulation import SimCable
from fieldkit import sentences
from fieldkit.devices import Applied, DeviceConfig, DeviceError, DeviceSupervisor, converted
from fieldkit.errors import InvalidInput
from fieldkit.events import DeviceStatus, Event, EventBus

FINGERPRINT = Modality.FINGERPRINT
WAIT_S = 20.0


class Watched:
    """A supervisor on simulators, and the device statuses it published, in order."""

    def __init__(self, interval_s: float = 0.2) -> None:
        self.events: queue.Queue[Event] = queue.Queue()
        bus = EventBus()
        bus.connect(self.events.put)
        self.supervisor = DeviceSupervisor(bus, sim=True, interval_s=interval_s)

    def until(
        self, kind: Modality, wanted: Callable[[DeviceStatus], bool], *, any_kind: bool = False
    ) -> DeviceStatus:
        """The next status of ``kind`` (of any device with ``any_kind``) that is ``wanted``."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            event = self.events.get(timeout=WAIT_S)
            ours = any_kind or (isinstance(event, DeviceStatus) and event.kind == kind.value)
            if isinstance(event, DeviceStatus) and ours and wanted(event):
                return event
        raise AssertionError(f"no matching {kind.value} status in {WAIT_S} s")


@pytest.fixture
def watched() -> Iterator[Watched]:
    watched = Watched()
    watched.supervisor.start()
    try:
        yield watched
    finally:
        watched.supervisor.stop()


def _ready(event: DeviceStatus) -> bool:
    return event.state == "ready"


def test_an_unplugged_sbi_simulator_fails_as_an_unplugged_scanner_and_comes_back(
    watched: Watched,
) -> None:
    supervisor = watched.supervisor
    watched.until(FINGERPRINT, _ready)
    assert supervisor.can_unplug(FINGERPRINT)
    supervisor.unplug(FINGERPRINT)
    assert not supervisor.plugged(FINGERPRINT)
    gone = watched.until(FINGERPRINT, lambda e: e.state == "disconnected")
    assert gone.simulated
    assert supervisor.device(FINGERPRINT) is None  # the app's capture: "not connected"
    # Looked at again (a fresh device, as after a real unplug): still gone.
    assert supervisor.check_now()[1].state is DeviceState.DISCONNECTED
    supervisor.plug_in(FINGERPRINT)
    watched.until(FINGERPRINT, _ready)
    again = supervisor.device(FINGERPRINT)
    assert again is not None
    result = again.capture(CaptureRequest(position="13", timeout_s=10))  # type: ignore[attr-defined]
    assert result.images


def test_an_unplugged_sbi_scanner_refuses_a_capture_as_not_connected() -> None:
    """The vendor's service runs on, no longer lists the scanner and refuses a capture."""
    cable = SimCable()
    scanner = get_backend(FINGERPRINT, "sim", cable=cable)
    scanner.open()
    try:
        assert scanner.status().ready
        cable.unplug()
        status = scanner.status()
        assert (status.state, status.reason.value) == (DeviceState.DISCONNECTED, "not_listed")
        with pytest.raises(DeviceError) as caught, converted(FINGERPRINT):
            scanner.capture(CaptureRequest(position="13", timeout_s=5))
        assert caught.value.code == "device_not_found"
        cable.plug_in()
        assert scanner.status().ready
    finally:
        scanner.close()


@pytest.mark.skipif(sys.platform == "win32", reason="the emulator's pty")
def test_an_unplugged_zfm_simulator_gives_the_serial_lines_unplugged_error() -> None:
    cable = SimCable()
    scanner = get_backend(FINGERPRINT, "zfm-sim", cable=cable)
    scanner.open()
    try:
        assert scanner.status().ready
        cable.unplug()
        with pytest.raises(DeviceUnavailable) as caught:
            scanner.template_count()  # type: ignore[attr-defined]
        assert caught.value.reason is DeviceReason.UNPLUGGED
        with pytest.raises(DeviceError) as said, converted(FINGERPRINT):
            raise caught.value
        english = sentences.english("devices", said.value.code, said.value.params)
        assert english.startswith("The fingerprint scanner is unplugged.")
    finally:
        scanner.close()
    # While it is out the port is not there; plugged in, it opens again.
    fresh = get_backend(FINGERPRINT, "zfm-sim", cable=cable)
    with pytest.raises(DeviceUnavailable) as missing:
        fresh.open()
    assert missing.value.reason is DeviceReason.NOT_FOUND
    cable.plug_in()
    fresh.open()
    try:
        assert fresh.status().ready
    finally:
        fresh.close()


def test_a_real_device_cannot_be_unplugged_from_the_app() -> None:
    supervisor = DeviceSupervisor(EventBus(), config=DeviceConfig())
    with pytest.raises(InvalidInput) as refused:
        supervisor.unplug(FINGERPRINT)
    assert refused.value.code == "device_not_simulated"


def test_a_chosen_backend_applies_now_when_the_device_is_idle(watched: Watched) -> None:
    supervisor = watched.supervisor
    watched.until(FINGERPRINT, _ready)
    config = DeviceConfig()
    config.use(FINGERPRINT, "zfm-sim", {})
    assert supervisor.use(config) == {FINGERPRINT: Applied.NOW}
    switched = watched.until(FINGERPRINT, lambda e: e.backend == "zfm-sim" and _ready(e))
    assert switched.simulated
    assert supervisor.backend(FINGERPRINT) == "zfm-sim"
    assert supervisor.can_unplug(FINGERPRINT)  # the ZFM simulator has a cable too
    # Back to automatic: the training simulator again.
    assert supervisor.use(DeviceConfig()) == {FINGERPRINT: Applied.AFTER_TRAINING}
    watched.until(FINGERPRINT, lambda e: e.backend == "sim" and _ready(e))


def test_a_chosen_backend_waits_for_the_recording_to_end(watched: Watched) -> None:
    supervisor = watched.supervisor
    watched.until(FINGERPRINT, _ready)
    held = supervisor.device(FINGERPRINT)
    supervisor.set_recording(active=True)
    config = DeviceConfig()
    config.use(FINGERPRINT, "zfm-sim", {})
    assert supervisor.use(config) == {FINGERPRINT: Applied.AFTER_RECORDING}
    supervisor.check_now()
    assert supervisor.device(FINGERPRINT) is held  # the recording keeps its scanner
    assert supervisor.backend(FINGERPRINT) == "sim"
    supervisor.set_recording(active=False)
    watched.until(FINGERPRINT, lambda e: e.backend == "zfm-sim" and _ready(e))


def test_in_training_a_hardware_backend_waits_for_training_to_end(watched: Watched) -> None:
    watched.until(FINGERPRINT, _ready)
    config = DeviceConfig()
    port = "COM9" if sys.platform == "win32" else "/dev/ttyUSB9"  # never opened: training is on
    config.use(FINGERPRINT, "zfm", {"port": port})
    assert watched.supervisor.use(config) == {FINGERPRINT: Applied.AFTER_TRAINING}
    watched.supervisor.check_now()
    assert watched.supervisor.backend(FINGERPRINT) == "sim"


#: Every modality's training simulator, and what its real device says when it is unplugged.
UNPLUGGED = {
    Modality.FACE: ("failed", "unplugged"),  # OpenCV: the camera stopped sending frames
    Modality.FINGERPRINT: ("not_listed", ""),  # SBI: the service no longer lists it
    Modality.IRIS: ("not_listed", ""),
    Modality.SIGNATURE: ("failed", "unplugged"),  # a serial line that hung up
    Modality.CARD: ("reader_removed", ""),  # PC/SC: the reader is unavailable
}


@pytest.mark.parametrize("kind", list(Modality), ids=[k.value for k in Modality])
def test_every_training_simulator_unplugs_as_its_real_device_and_comes_back(
    watched: Watched, kind: Modality
) -> None:
    supervisor = watched.supervisor
    watched.until(kind, lambda e: e.state in {"ready", "not_ready"} and e.reason != "not_open")
    assert supervisor.can_unplug(kind)
    supervisor.unplug(kind)
    gone = watched.until(kind, lambda e: e.state == "disconnected")
    assert (gone.reason, gone.error) == UNPLUGGED[kind]
    assert supervisor.device(kind) is None
    supervisor.plug_in(kind)
    back = watched.until(kind, lambda e: e.state != "disconnected")
    assert back.state in {"ready", "not_ready"}, back
    assert supervisor.device(kind) is not None


def test_a_chosen_backend_waits_for_a_busy_device_to_finish() -> None:
    """A card being read or a signature being written is not pulled from under the person."""
    watched = Watched(interval_s=600)  # each look only when asked: the busy moment holds
    supervisor = watched.supervisor
    supervisor.start()
    try:
        _wait_while_busy(watched)
    finally:
        supervisor.stop()


def _wait_while_busy(watched: Watched) -> None:
    supervisor = watched.supervisor
    watched.until(FINGERPRINT, _ready)
    monitor = supervisor._monitors[FINGERPRINT]
    busy = DriverStatus(DeviceState.BUSY, StatusReason.CAPTURING)
    monitor._status = busy
    config = DeviceConfig()
    config.use(FINGERPRINT, "zfm-sim", {})
    assert supervisor.use(config) == {FINGERPRINT: Applied.WHEN_IDLE}
    assert supervisor.backend(FINGERPRINT) == "sim"
    # The next look finds it idle again (a status change): the new backend takes over.
    supervisor.plug_in(FINGERPRINT)  # (plugged already: only asks for a look now)
    watched.until(FINGERPRINT, lambda e: e.backend == "zfm-sim" and _ready(e))


def test_getting_ready_sets_the_training_scanners_drawing(watched: Watched) -> None:
    """Perekaman opened: the simulated slap scanner and iris camera draw their images ahead.

    The first person of a demo waited about a second at the slaps for the simulator's
    drawing (``benchmarks/bench_person.py``); a real device is never asked to.
    """
    ready: set[str] = set()
    while {FINGERPRINT.value, Modality.IRIS.value} - ready:  # in whichever order they come
        ready.add(watched.until(FINGERPRINT, _ready, any_kind=True).kind)
    for cache in (sbi_sim._finger_png, sbi_sim._iris_png, sbi_sim._stream_frames):
        cache.cache_clear()  # drawn by an earlier test in this process, or not
    with sbi_sim._drawing_lock:
        sbi_sim._drawing.clear()
    watched.supervisor.get_ready()
    for thread in threading.enumerate():
        if thread.name.startswith("sbi-sim-ready-"):
            thread.join(120)
    assert sbi_sim._finger_png.cache_info().currsize == 10, "the 4-4-2 slaps' ten prints"
    assert sbi_sim._iris_png.cache_info().currsize == 2, "both eyes"
    assert sbi_sim._stream_frames.cache_info().currsize == 4, "three slaps' and the eyes' preview"
