"""The pty emulator base the serial simulators share, with a small device on a real pty.

The device echoes what it reads in upper case and sends a greeting whenever it
is woken, so each part of the base (serving, waking, pacing, stopping) shows on
the wire through the same ``SerialLine`` the real drivers use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from drivers.base import Deadline
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.serialport import SerialLine
from drivers.simulator.pty import PtyEmulator


class ShoutingDevice(PtyEmulator):
    label: ClassVar[str] = "SHOUT"

    def __init__(self, *, byte_time_s: float = 0.0) -> None:
        super().__init__()
        self.byte_time_s = byte_time_s
        self.greetings = threading.Event()
        self.prepared_on = -1

    def _prepare(self, slave_fd: int) -> None:
        self.prepared_on = slave_fd

    def _received(self, data: bytes) -> None:
        self._write_out(data.upper(), byte_time_s=self.byte_time_s)

    def _wait_s(self) -> float:
        return 30.0  # only a wake-up (or a client's bytes) ends a wait

    def _tick(self) -> None:
        if self.greetings.is_set():
            self.greetings.clear()
            self._write_out(b"hello")


@pytest.fixture
def device() -> Iterator[ShoutingDevice]:
    emulator = ShoutingDevice()
    emulator.start()
    yield emulator
    emulator.stop()


def connect(path: str) -> SerialLine:
    return SerialLine.open(
        path, 57600, device_name="test device", read_slice_s=0.05, write_timeout_s=0.5
    )


def read_exactly(line: SerialLine, size: int, timeout_s: float = 2.0) -> bytes:
    deadline = Deadline(timeout_s)
    data = b""
    while len(data) < size and not deadline.expired:
        data += line.read_available()
    return data


def open_fds() -> set[str]:
    return {entry.name for entry in Path("/proc/self/fd").iterdir()}


def test_a_client_talks_to_the_device_through_the_slave_path(device: ShoutingDevice) -> None:
    assert device.running
    assert device.slave_path.startswith("/dev/pts/")
    assert device.prepared_on >= 0
    line = connect(device.slave_path)
    try:
        line.write(b"abc\x00\xff", refused="unused")
        assert read_exactly(line, 5) == b"ABC\x00\xff"  # raw: no echo, no translation
    finally:
        line.close()


def test_a_wake_up_runs_the_timed_work_at_once(device: ShoutingDevice) -> None:
    line = connect(device.slave_path)
    try:
        device.greetings.set()
        started = time.monotonic()
        device.wake()
        assert read_exactly(line, 5, timeout_s=5.0) == b"hello"
        assert time.monotonic() - started < 5.0  # not the 30 s wait
    finally:
        line.close()


def test_an_answer_is_paced_at_the_byte_time() -> None:
    emulator = ShoutingDevice(byte_time_s=0.001)
    line = connect(emulator.start())
    try:
        started = time.monotonic()
        line.write(b"x" * 600, refused="unused")
        assert read_exactly(line, 600, timeout_s=5.0) == b"X" * 600
        assert time.monotonic() - started >= 0.5
    finally:
        line.close()
        emulator.stop()


def test_stop_closes_every_descriptor_and_start_serves_again() -> None:
    before = open_fds()
    emulator = ShoutingDevice()
    emulator.start()
    assert len(open_fds() - before) == 4  # pty master and slave, wake-up pipe
    emulator.stop()
    assert not emulator.running
    assert open_fds() <= before
    emulator.stop()  # twice is harmless
    line = connect(emulator.ensure_started())
    try:
        assert emulator.ensure_started() == emulator.slave_path  # running: the same port
        line.write(b"again", refused="unused")
        assert read_exactly(line, 5) == b"AGAIN"
    finally:
        line.close()
        emulator.stop_if_running()
        emulator.stop_if_running()
    assert not emulator.running


def test_unplug_hangs_up_the_client(device: ShoutingDevice) -> None:
    line = connect(device.slave_path)
    try:
        device.unplug()
        with pytest.raises(DeviceUnavailable) as info:
            read_exactly(line, 1)
        assert info.value.reason is DeviceReason.UNPLUGGED
        assert info.value.message == "The test device was unplugged."
    finally:
        line.close()
