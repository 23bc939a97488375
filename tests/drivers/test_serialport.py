"""The shared serial port: opening settings and every failure as a worded ``DriverError``.

A real pty stands in for the USB-UART adapter; hanging up its master side is
what a pulled adapter looks like to the port.
"""

from __future__ import annotations

import contextlib
import os
import tty
from collections.abc import Callable, Iterator

import pytest
import serial

from drivers.base import Deadline
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.serialport import SerialLine, not_open_error


class Adapter:
    """A raw pty pair: the device's end (``master``) and the port a driver opens (``path``)."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)

    def pull(self) -> None:
        """Hang up the device's end, as a pulled USB adapter does."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        self.pull()
        with contextlib.suppress(OSError):
            os.close(self._slave)


@pytest.fixture
def adapter() -> Iterator[Adapter]:
    pair = Adapter()
    yield pair
    pair.close()


def open_line(path: str, on_unplugged: Callable[[], None] | None = None) -> SerialLine:
    return SerialLine.open(
        path,
        57600,
        device_name="fingerprint scanner",
        read_slice_s=0.05,
        write_timeout_s=0.5,
        on_unplugged=on_unplugged,
    )


def test_a_line_reads_and_writes_raw_bytes_8n1(adapter: Adapter) -> None:
    master, path = adapter.master, adapter.path
    line = open_line(path)
    try:
        every_byte = bytes(range(256))
        line.write(every_byte, refused="unused")
        received = b""
        while len(received) < len(every_byte):
            received += os.read(master, 512)
        assert received == every_byte
        os.write(master, b"\x00\xef\x01")
        deadline = Deadline(2.0)
        answer = b""
        while len(answer) < 3 and not deadline.expired:
            answer += line.read_available()
        assert answer == b"\x00\xef\x01"
        assert line.read_available() == b""  # one read slice, then nothing
    finally:
        line.close()


def test_a_second_program_finds_the_port_busy(adapter: Adapter) -> None:
    path = adapter.path
    line = open_line(path)
    try:
        with pytest.raises(DeviceUnavailable) as info:
            open_line(path)
        assert info.value.reason is DeviceReason.BUSY
        assert info.value.message == f"{path} is in use by another program."
    finally:
        line.close()


def test_a_missing_port_names_the_device() -> None:
    with pytest.raises(DeviceUnavailable) as info:
        open_line("/dev/fieldkit-no-such-port")
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert info.value.message == (
        "No fingerprint scanner at /dev/fieldkit-no-such-port; is it plugged in?"
    )
    assert isinstance(info.value.__cause__, serial.SerialException)


def test_a_hung_up_line_is_unplugged_and_tells_its_driver(adapter: Adapter) -> None:
    path = adapter.path
    told: list[str] = []
    line = open_line(path, on_unplugged=lambda: told.append("unplugged"))
    adapter.pull()  # the slave reads EIO from now on
    try:
        with pytest.raises(DeviceUnavailable) as info:
            line.read_available()
        assert info.value.reason is DeviceReason.UNPLUGGED
        assert info.value.message == "The fingerprint scanner was unplugged."
        assert info.value.device == path
        assert told == ["unplugged"]
    finally:
        line.close()  # closing a dead port raises nothing


def test_not_open_is_worded_for_the_device() -> None:
    error = not_open_error("signature pad")
    assert error.reason is DeviceReason.NOT_OPEN
    assert error.message == "The signature pad is not open."
