"""Hot-plug against the ZFM emulator on a real pty: unplug, then plug back in."""

from __future__ import annotations

import queue
import threading

from drivers.base import DeviceState, Modality
from drivers.errors import (
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    DriverError,
    TimeoutReason,
)
from drivers.fingerprint.zfm import ZfmScanner
from drivers.fingerprint.zfm_sim import ZfmEmulator
from drivers.monitor import DeviceMonitor, StatusChange
from drivers.simulator.pty import Transport

BUDGET_S = 2.0  # the limit for noticing an unplug, and for coming back


def _wait_for(changes: queue.Queue[StatusChange], state: DeviceState) -> StatusChange:
    while True:
        change = changes.get(timeout=BUDGET_S)  # raises queue.Empty past the budget
        if change.status.state is state:
            return change


def test_unplug_is_seen_within_two_seconds_and_replug_comes_back(transport: Transport) -> None:
    emulator = ZfmEmulator(transport=transport)
    emulator.start()
    changes: queue.Queue[StatusChange] = queue.Queue()
    # The factory looks the port up again each time, as discovery would after a replug.
    monitor = DeviceMonitor(
        Modality.FINGERPRINT,
        lambda: ZfmScanner(emulator.slave_path, timeout_s=0.5),
        changes.put,
        interval_s=0.2,
    )
    monitor.start()
    try:
        _wait_for(changes, DeviceState.READY)
        assert monitor.device is not None

        emulator.unplug()
        gone = _wait_for(changes, DeviceState.DISCONNECTED)
        assert gone.previous.state is DeviceState.READY
        assert monitor.device is None

        emulator.start()  # plugged in again: a fresh pty, found again through the factory
        _wait_for(changes, DeviceState.READY)
        assert monitor.device is not None
        assert monitor.device.info().address == emulator.slave_path
    finally:
        monitor.stop()
        emulator.stop()


def test_a_device_absent_at_start_is_reported_then_found(transport: Transport) -> None:
    emulator = ZfmEmulator(transport=transport)
    changes: queue.Queue[StatusChange] = queue.Queue()
    monitor = DeviceMonitor(
        Modality.FINGERPRINT,
        lambda: ZfmScanner(emulator.slave_path or "/dev/fieldkit-no-such-port", timeout_s=0.5),
        changes.put,
    )
    assert monitor.poll().state is DeviceState.DISCONNECTED
    assert changes.get_nowait().status.state is DeviceState.DISCONNECTED
    emulator.start()
    try:
        assert monitor.poll().state is DeviceState.READY
        assert monitor.poll().state is DeviceState.READY
        assert [changes.get_nowait().status.state] == [DeviceState.READY]
        assert changes.empty()  # no event when nothing changed
    finally:
        monitor.stop()
        emulator.stop()


def test_unplug_mid_stream_ends_the_preview_with_a_reason_within_two_seconds(
    transport: Transport,
) -> None:
    emulator = ZfmEmulator(transport=transport)
    emulator.start()
    scanner = ZfmScanner(emulator.slave_path, timeout_s=0.5)
    scanner.open()
    outcome: queue.Queue[BaseException | None] = queue.Queue()
    first_frame = threading.Event()

    def preview() -> None:
        try:
            for _ in scanner.stream():
                first_frame.set()
        except DriverError as exc:
            outcome.put(exc)
        else:
            outcome.put(None)

    thread = threading.Thread(target=preview, daemon=True)
    thread.start()
    try:
        assert first_frame.wait(BUDGET_S)
        emulator.unplug()
        error = outcome.get(timeout=BUDGET_S)
        assert isinstance(error, DeviceUnavailable | DeviceTimeout)
        assert error.reason in {DeviceReason.UNPLUGGED, TimeoutReason.NO_RESPONSE}
    finally:
        scanner.close()
        emulator.stop()
