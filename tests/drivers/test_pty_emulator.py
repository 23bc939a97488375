"""The emulator base the serial simulators share, with a small device on a real line.

The device echoes what it reads in upper case and sends a greeting whenever it
is woken, so each part of the base (serving, waking, pacing, stopping) shows on
the wire through the same ``SerialLine`` the real drivers use.  Every test runs
on both transports (``transport`` fixture): a real pty, and a real
``socket://`` line on 127.0.0.1, which is what Windows gets.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from drivers.base import Deadline
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.serialport import SerialLine
from drivers.simulator.pty import ENV_TRANSPORT, PtyEmulator, Transport, default_transport


class ShoutingDevice(PtyEmulator):
    label: ClassVar[str] = "SHOUT"

    def __init__(self, transport: Transport | None = None, *, byte_time_s: float = 0.0) -> None:
        super().__init__(transport=transport)
        self.byte_time_s = byte_time_s
        self.greetings = threading.Event()
        self.prepared: list[int | None] = []

    def _prepare(self, line_fd: int | None) -> None:
        self.prepared.append(line_fd)

    def _received(self, data: bytes) -> None:
        self._write_out(data.upper(), byte_time_s=self.byte_time_s)

    def _wait_s(self) -> float:
        return 30.0  # only a wake-up (or a client's bytes) ends a wait

    def _tick(self) -> None:
        if self.greetings.is_set():
            self.greetings.clear()
            self._write_out(b"hello")


@pytest.fixture
def device(transport: Transport) -> Iterator[ShoutingDevice]:
    emulator = ShoutingDevice(transport)
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


def test_a_client_talks_to_the_device_through_its_port(
    device: ShoutingDevice, port_prefix: str
) -> None:
    assert device.running
    assert device.port.startswith(port_prefix)
    assert device.slave_path == device.port
    # A pty's line settings are the device's to set; a socket has none.
    if device.transport is Transport.PTY:
        assert device.prepared[0] is not None
        assert device.prepared[0] >= 0
    else:
        assert device.prepared == [None]
    line = connect(device.port)
    try:
        line.write(b"abc\x00\xff", refused="unused")
        assert read_exactly(line, 5) == b"ABC\x00\xff"  # raw: no echo, no translation
    finally:
        line.close()


def test_a_wake_up_runs_the_timed_work_at_once(device: ShoutingDevice) -> None:
    line = connect(device.port)
    try:
        device.greetings.set()
        started = time.monotonic()
        device.wake()
        assert read_exactly(line, 5, timeout_s=5.0) == b"hello"
        assert time.monotonic() - started < 5.0  # not the 30 s wait
    finally:
        line.close()


def test_an_answer_is_paced_at_the_byte_time(transport: Transport) -> None:
    emulator = ShoutingDevice(transport, byte_time_s=0.001)
    line = connect(emulator.start())
    try:
        started = time.monotonic()
        line.write(b"x" * 600, refused="unused")
        assert read_exactly(line, 600, timeout_s=5.0) == b"X" * 600
        assert time.monotonic() - started >= 0.5
    finally:
        line.close()
        emulator.stop()


def test_stop_closes_every_descriptor_and_start_serves_again(transport: Transport) -> None:
    before = open_fds()
    emulator = ShoutingDevice(transport)
    emulator.start()
    # pty master and slave, or the listening socket; and the wake-up socket pair
    held = 4 if transport is Transport.PTY else 3
    assert len(open_fds() - before) == held
    assert emulator.open_descriptors() == held
    emulator.stop()
    assert emulator.open_descriptors() == 0
    assert not emulator.running
    assert open_fds() <= before
    emulator.stop()  # twice is harmless
    line = connect(emulator.ensure_started())
    try:
        assert emulator.ensure_started() == emulator.port  # running: the same port
        line.write(b"again", refused="unused")
        assert read_exactly(line, 5) == b"AGAIN"
    finally:
        line.close()
        emulator.stop_if_running()
        emulator.stop_if_running()
    assert not emulator.running


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="the pty transport needs os.openpty")
def test_an_unplug_racing_a_stop_closes_each_descriptor_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An ``unplug()`` on a timer and the owner's ``stop()`` at once close nothing twice.

    A descriptor number is reused at once, so a second ``os.close`` of the pty's
    numbers closed whatever the next emulator had just opened (CI saw the next
    test's serving thread fail with EBADF).  The first close here waits until a
    second one arrives or the other caller has had ample time to make it.
    """
    emulator = ShoutingDevice(Transport.PTY)
    emulator.start()
    closed: list[int] = []
    second_close = threading.Event()
    real_close = os.close

    def watched_close(fd: int) -> None:
        closed.append(fd)
        if len(closed) == 1:
            second_close.wait(1.0)
        else:
            second_close.set()
        real_close(fd)

    monkeypatch.setattr(os, "close", watched_close)
    unplugging = threading.Thread(target=emulator.unplug)
    unplugging.start()
    emulator.stop()
    unplugging.join(5.0)
    monkeypatch.undo()
    assert not unplugging.is_alive()
    assert len(closed) == 2  # the pty's master and slave
    assert len(set(closed)) == len(closed), f"closed twice: {closed}"
    assert emulator.open_descriptors() == 0


def test_unplug_hangs_up_the_client(device: ShoutingDevice) -> None:
    line = connect(device.port)
    try:
        device.unplug()
        with pytest.raises(DeviceUnavailable) as info:
            read_exactly(line, 1)
        assert info.value.reason is DeviceReason.UNPLUGGED
        assert info.value.message == "The test device was unplugged."
    finally:
        line.close()


def test_a_port_of_a_stopped_device_is_not_found(transport: Transport) -> None:
    emulator = ShoutingDevice(transport)
    port = emulator.start()
    emulator.stop()
    with pytest.raises(DeviceUnavailable) as info:
        connect(port)
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert info.value.message == f"No test device at {port}; is it plugged in?"


def test_a_large_answer_arrives_whole_and_in_few_reads(device: ShoutingDevice) -> None:
    """A fingerprint image is ~40 kB: a read takes what is waiting, not a byte at a time."""
    line = connect(device.port)
    try:
        payload = bytes(range(97, 123)) * 2000  # 52 kB of lower case
        received, reads = b"", 0
        for start in range(0, len(payload), 2048):  # no more in flight than a pty holds
            line.write(payload[start : start + 2048], refused="unused")
            deadline = Deadline(5.0)
            while len(received) < min(len(payload), start + 2048) and not deadline.expired:
                received += line.read_available()
                reads += 1
        assert received == payload.upper()
        assert reads < len(payload) // 64
    finally:
        line.close()


# --- the socket transport (Windows' line) on its own ----------------------------------


@pytest.fixture
def socket_device() -> Iterator[ShoutingDevice]:
    emulator = ShoutingDevice(Transport.SOCKET)
    emulator.start()
    yield emulator
    emulator.stop()


def test_a_client_that_leaves_makes_room_for_the_next(socket_device: ShoutingDevice) -> None:
    for word in (b"first", b"second"):
        line = connect(socket_device.port)
        try:
            line.write(word, refused="unused")
            assert read_exactly(line, len(word)) == word.upper()
        finally:
            line.close()


def test_a_second_client_is_turned_away_and_the_first_kept(
    socket_device: ShoutingDevice,
) -> None:
    first = connect(socket_device.port)
    try:
        first.write(b"one", refused="unused")
        assert read_exactly(first, 3) == b"ONE"  # the server has taken the first client
        intruder = connect(socket_device.port)
        try:
            with pytest.raises(DeviceUnavailable) as info:
                read_exactly(intruder, 1)
            assert info.value.reason is DeviceReason.UNPLUGGED
        finally:
            intruder.close()
        first.write(b"still", refused="unused")
        assert read_exactly(first, 5) == b"STILL"
    finally:
        first.close()


def test_the_socket_listens_on_loopback_only(socket_device: ShoutingDevice) -> None:
    host_port = socket_device.port.removeprefix("socket://")
    host, _, port = host_port.rpartition(":")
    assert host == "127.0.0.1"
    with socket.create_connection((host, int(port)), timeout=2.0) as raw:
        raw.sendall(b"raw")
        raw.settimeout(2.0)
        assert raw.recv(3) == b"RAW"  # any TCP client reaches the device: the same bytes


def test_the_transport_follows_the_platform_and_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ENV_TRANSPORT, raising=False)
    expected = Transport.PTY if hasattr(os, "openpty") else Transport.SOCKET
    assert default_transport() is expected
    monkeypatch.setenv(ENV_TRANSPORT, "socket")
    assert default_transport() is Transport.SOCKET
    assert ShoutingDevice().transport is Transport.SOCKET
    assert ShoutingDevice(Transport.PTY).transport is Transport.PTY  # a caller's choice wins
    monkeypatch.setenv(ENV_TRANSPORT, "carrier-pigeon")
    with pytest.raises(ValueError, match="carrier-pigeon"):
        default_transport()
