"""The shared serial port: opening settings and every failure as a worded ``DriverError``.

A real pty stands in for the USB-UART adapter; hanging up its master side is
what a pulled adapter looks like to the port.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import socket
import time
import tty
from collections.abc import Callable, Iterator

import pytest
import serial
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from drivers.base import Deadline, Modality
from drivers.discovery import list_serial_ports, probe_serial
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.registry import available_backends, backend_class, takes_serial_port
from drivers.serialport import SerialLine, not_open_error, open_error


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


# --- ports that are URLs, and how Windows words its failures -----------------------


def test_a_url_opens_through_serial_for_url() -> None:
    """``loop://`` is pyserial's own loopback: any URL it knows is a port to us."""
    line = open_line("loop://")
    try:
        line.write(b"\xef\x01ping", refused="unused")
        deadline = Deadline(2.0)
        echoed = b""
        while len(echoed) < 6 and not deadline.expired:
            echoed += line.read_available()
        assert echoed == b"\xef\x01ping"
    finally:
        line.close()


@pytest.fixture
def tcp_device() -> Iterator[tuple[str, socket.socket]]:
    """A bare TCP listener on 127.0.0.1 standing in for a simulator's line."""
    listener = socket.create_server(("127.0.0.1", 0))
    host, port = listener.getsockname()[:2]
    yield f"socket://{host}:{port}", listener
    listener.close()


def test_a_socket_port_reads_all_that_waits_and_closes_at_once(
    tcp_device: tuple[str, socket.socket],
) -> None:
    url, listener = tcp_device
    line = open_line(url)
    device, _ = listener.accept()
    try:
        image = bytes(range(256)) * 160  # 40 kB, a fingerprint image's size
        device.sendall(image)
        received, reads = b"", 0
        deadline = Deadline(5.0)
        while len(received) < len(image) and not deadline.expired:
            received += line.read_available()
            reads += 1
        assert received == image
        assert reads < 100  # pyserial's own socket port would read it a byte at a time
        started = time.monotonic()
        line.close()
        assert time.monotonic() - started < 0.2  # pyserial's own sleeps 0.3 s
        device.settimeout(2.0)
        assert device.recv(1) == b""  # the device sees the port closed
    finally:
        device.close()


def test_a_closed_socket_is_an_unplugged_adapter(tcp_device: tuple[str, socket.socket]) -> None:
    url, listener = tcp_device
    told: list[str] = []
    line = open_line(url, on_unplugged=lambda: told.append("unplugged"))
    device, _ = listener.accept()
    device.close()  # the simulator is stopped
    try:
        deadline = Deadline(2.0)
        with pytest.raises(DeviceUnavailable) as info:
            while not deadline.expired:
                line.read_available()
        assert info.value.reason is DeviceReason.UNPLUGGED
        assert info.value.device == url
        assert told == ["unplugged"]
    finally:
        line.close()


def test_a_socket_nobody_serves_is_not_found(tcp_device: tuple[str, socket.socket]) -> None:
    url, listener = tcp_device
    listener.close()
    with pytest.raises(DeviceUnavailable) as info:
        open_line(url)
    assert info.value.reason is DeviceReason.NOT_FOUND
    assert info.value.message == f"No fingerprint scanner at {url}; is it plugged in?"


@pytest.mark.parametrize(
    ("winerror", "platform", "reason", "message"),
    [
        (
            "FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)",
            "win32",
            DeviceReason.NOT_FOUND,
            "No fingerprint scanner at COM5; is it plugged in?",
        ),
        (
            "PermissionError(13, 'Access is denied.', None, 5)",
            "win32",
            DeviceReason.BUSY,
            "COM5 is in use by another program.",
        ),
        (
            "OSError(22, 'The semaphore timeout period has expired.', None, 121)",
            "win32",
            DeviceReason.UNPLUGGED,
            (
                "Cannot open COM5: could not open port 'COM5': OSError(22, 'The semaphore "
                "timeout period has expired.', None, 121)"
            ),
        ),
    ],
)
def test_windows_open_failures_read_by_their_code(
    winerror: str, platform: str, reason: DeviceReason, message: str
) -> None:
    """pyserial's Windows port puts the Win32 error in its message only (serialwin32.open)."""
    exc = serial.SerialException(f"could not open port 'COM5': {winerror}")
    error = open_error(exc, "COM5", "fingerprint scanner", platform=platform)
    assert error.reason is reason
    assert error.message == message
    assert error.device == "COM5"


def test_a_windows_com_port_is_discovered_as_the_scanners_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pyserial lists Windows ports as ``COM5``; nothing on the way may expect ``/dev/``."""
    bridge = ListPortInfo("COM5", skip_link_detection=True)
    bridge.vid, bridge.pid = 0x1A86, 0x7523  # a CH340, as ZFM modules ship with
    bridge.description = "USB-SERIAL CH340 (COM5)"
    other = ListPortInfo("COM1", skip_link_detection=True)  # the laptop's own UART
    monkeypatch.setattr(list_ports, "comports", lambda: [other, bridge])
    found = probe_serial()
    assert [(d.modality, d.backend, d.address) for d in found] == [
        (Modality.FINGERPRINT, "zfm", "COM5")
    ]
    assert found[0].description == "WCH CH340 at COM5: possible ZFM/R30x fingerprint scanner"


def _port(device: str, description: str, usb: tuple[int, int] | None = None) -> ListPortInfo:
    info = ListPortInfo(device, skip_link_detection=True)
    info.description = description
    if usb is not None:
        info.vid, info.pid = usb
    return info


def test_windows_com_ports_are_listed_bridges_first_in_windows_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What Windows' SetupAPI gives pyserial: ``COM5``, described with its own name appended."""
    listed = [
        _port("COM1", "Communications Port (COM1)"),  # the laptop's own UART
        _port("COM10", "Silicon Labs CP210x USB to UART Bridge (COM10)", (0x10C4, 0xEA60)),
        _port("COM5", "USB-SERIAL CH340 (COM5)", (0x1A86, 0x7523)),
        _port("COM3", "Intel(R) Active Management Technology - SOL (COM3)", (0x8086, 0xA13D)),
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: listed)
    ports = list_serial_ports()
    assert [(p.device, p.description, p.bridge) for p in ports] == [
        ("COM5", "USB-SERIAL CH340", "WCH CH340"),
        ("COM10", "Silicon Labs CP210x USB to UART Bridge", "Silicon Labs CP210x"),
        ("COM1", "Communications Port", None),
        ("COM3", "Intel(R) Active Management Technology - SOL", None),
    ]
    assert (ports[0].vid, ports[0].pid, ports[0].is_bridge) == (0x1A86, 0x7523, True)
    assert not ports[2].is_bridge


def test_linux_ports_keep_their_device_path_and_drop_pyserials_n_a(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = [
        _port("/dev/ttyS4", "n/a"),
        _port("/dev/ttyUSB0", "USB2.0-Serial", (0x1A86, 0x7523)),
        _port("/dev/ttyACM0", "ttyACM0"),
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: listed)
    assert [(p.device, p.description, p.is_bridge) for p in list_serial_ports()] == [
        ("/dev/ttyUSB0", "USB2.0-Serial", True),
        ("/dev/ttyACM0", "", False),
        ("/dev/ttyS4", "", False),
    ]


def test_this_systems_ports_are_all_listed() -> None:
    """Unsubstituted: whatever pyserial finds here comes back, each port once."""
    listed = sorted(str(p.device) for p in list_ports.comports())
    assert sorted(p.device for p in list_serial_ports()) == listed


@pytest.mark.parametrize("kind", list(Modality))
def test_the_serial_backends_are_those_whose_port_is_a_name(kind: Modality) -> None:
    """``takes_serial_port`` agrees with the constructors: ``port: str``, not SBI's TCP port."""
    for backend in available_backends(kind):
        port = inspect.signature(backend_class(kind, backend)).parameters.get("port")
        names_a_port = port is not None and port.annotation in {"str", str}
        assert takes_serial_port(kind, backend) is names_a_port, backend
