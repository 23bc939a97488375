"""A device's serial port: opened, read, written and closed once for every serial device.

pyserial raises ``SerialException`` (an ``OSError``) and ``SerialTimeoutException``;
nothing above a driver understands them, so every failure is converted here, at the
port, into a ``DriverError`` worded for the device that sits on it ("The
fingerprint scanner was unplugged."). The ZFM scanner and the ISDV4 pad differ in
their protocols, not in how a UART adapter is opened or how it fails, so the
opening settings (8N1, a short read slice, a write timeout, an exclusive lock)
and the error wording live here and nowhere else.

A port is a device path (``/dev/ttyUSB0``, ``COM5``) or a pyserial URL; the
simulators on Windows (and on Linux when asked) serve ``socket://127.0.0.1:PORT``.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import re
import select
import socket
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import serial
from serial.urlhandler import protocol_socket

from drivers.errors import DeviceReason, DeviceTimeout, DeviceUnavailable, TimeoutReason

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


#: How pyserial words a Windows failure: ``... PermissionError(13, 'Access is denied.', None, 5)``.
_WINDOWS_ERROR = re.compile(r"\w+Error\((\d+), .*, (\d+)\)")
#: Win32 error codes of ``CreateFile`` on a COM port.
_WIN_FILE_NOT_FOUND, _WIN_ACCESS_DENIED = 2, 5


def _error_code(exc: OSError, platform: str) -> int | None:
    """The errno behind a failed open, also where pyserial only put it in the message.

    pyserial's Windows backend raises ``SerialException(message)`` with no errno;
    its socket handler does the same around the ``ConnectionRefusedError``.  On
    Windows a COM port that another program holds answers "Access is denied"
    (CreateFile is exclusive), so EACCES there means busy, not a missing group.
    """
    if exc.errno is not None:
        return exc.errno
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError) and cause.errno is not None:
        return cause.errno
    match = _WINDOWS_ERROR.search(str(exc))
    if match is None:
        return None
    winerror = int(match.group(2))
    if platform == "win32" and winerror == _WIN_ACCESS_DENIED:
        return errno.EBUSY
    if winerror == _WIN_FILE_NOT_FOUND:
        return errno.ENOENT
    return int(match.group(1))


def open_error(
    exc: OSError, port: str, device_name: str, *, platform: str = sys.platform
) -> DeviceUnavailable:
    """Explain a failed open (``serial.SerialException`` is an ``OSError``) by its errno.

    ``platform`` is ``sys.platform``; tests pass ``win32`` to check Windows' wording.
    """
    code = _error_code(exc, platform)
    if code in (errno.ENOENT, errno.ENXIO, errno.ENODEV, errno.ECONNREFUSED):
        # A simulator's socket that refuses is a port nobody serves: not there.
        reason = DeviceReason.NOT_FOUND
        message = f"No {device_name} at {port}; is it plugged in?"
    elif code == errno.EACCES:
        reason = DeviceReason.PERMISSION_DENIED
        message = f"No permission to open {port} (add the user to 'dialout')."
    elif code in (errno.EBUSY, errno.EAGAIN) or "lock" in str(exc).lower():
        reason = DeviceReason.BUSY
        message = f"{port} is in use by another program."
    else:
        reason = DeviceReason.UNPLUGGED
        message = f"Cannot open {port}: {exc}"
    return DeviceUnavailable(message, reason=reason, device=port)


def not_open_error(device_name: str) -> DeviceUnavailable:
    """What a driver raises when asked to talk before ``open()`` (or after ``close()``)."""
    return DeviceUnavailable(f"The {device_name} is not open.", reason=DeviceReason.NOT_OPEN)


class _LoopbackSocketPort(protocol_socket.Serial):  # type: ignore[misc]  # pyserial is untyped
    """pyserial's ``socket://`` port, fit for a simulator on 127.0.0.1 standing in for a UART.

    Three things differ from pyserial's own handler, each because a serial port
    does not behave that way: ``in_waiting`` counts the bytes waiting (pyserial
    says 0 or 1, so a driver would read a 40 kB fingerprint image a byte per
    call); ``close()`` returns at once (pyserial sleeps 0.3 s "for the server");
    and the connection sends each write at once (no Nagle delay), as a UART does.
    """

    _socket: socket.socket | None
    is_open: bool

    def open(self) -> None:
        super().open()
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @property
    def in_waiting(self) -> int:
        sock = self._socket
        if not self.is_open or sock is None:
            raise serial.PortNotOpenError
        ready, _, _ = select.select([sock], [], [], 0)
        if not ready:
            return 0
        try:
            # At most what one read takes; a closed peer peeks b"" and read() then says so.
            return max(1, len(sock.recv(_PEEK_SIZE, socket.MSG_PEEK)))
        except BlockingIOError:
            return 0
        except OSError:
            return 1  # let read() meet the error and raise it as pyserial does

    def close(self) -> None:
        if self.is_open:
            if self._socket is not None:
                with contextlib.suppress(OSError):
                    self._socket.shutdown(socket.SHUT_RDWR)
                self._socket.close()
                self._socket = None
            self.is_open = False


#: The most ``in_waiting`` reports on a socket at once: a generous UART FIFO's worth.
_PEEK_SIZE = 65536


def open_port(path: str, **settings: Any) -> Any:
    """Open a device path (``/dev/ttyUSB0``, ``COM5``) or a pyserial URL with ``settings``.

    Everything goes through ``serial.serial_for_url`` (which takes plain paths as
    well as URLs) except ``socket://``, which gets :class:`_LoopbackSocketPort`.
    """
    if urlsplit(path).scheme.lower() != "socket":
        return serial.serial_for_url(path, **settings)
    port = _LoopbackSocketPort(None, **settings)
    port.port = path
    port.open()
    return port


class SerialLine:
    """One open 8N1 port of a device; every I/O failure leaves it as a ``DriverError``.

    ``on_unplugged`` runs before an I/O failure is raised, for a driver that must
    forget the port at once (the ZFM scanner closes itself; the pen pad's reader
    thread disconnects on its own).
    """

    def __init__(
        self,
        port: serial.Serial,
        path: str,
        device_name: str,
        on_unplugged: Callable[[], None] | None = None,
    ) -> None:
        self.path = path
        self.device_name = device_name
        self._serial = port
        self._on_unplugged = on_unplugged

    @classmethod
    def open(
        cls,
        path: str,
        baudrate: int,
        *,
        device_name: str,
        read_slice_s: float,
        write_timeout_s: float,
        on_unplugged: Callable[[], None] | None = None,
    ) -> SerialLine:
        """Open ``path`` exclusively, so a second program gets BUSY rather than half the bytes.

        ``read_slice_s`` is fixed for the port's life: changing pyserial's timeout
        later rewrites the termios settings on every call.
        """
        try:
            port = open_port(
                path,
                baudrate=baudrate,
                bytesize=serial.EIGHTBITS,
                parity=serial.PARITY_NONE,
                stopbits=serial.STOPBITS_ONE,
                timeout=read_slice_s,
                write_timeout=write_timeout_s,
                exclusive=True,
            )
        except serial.SerialException as exc:
            raise open_error(exc, path, device_name) from exc
        return cls(port, path, device_name, on_unplugged)

    def close(self) -> None:
        """Release the port; a port already gone (unplugged) closes without a fuss."""
        try:
            self._serial.close()
        except (serial.SerialException, OSError) as exc:
            log.debug("closing %s: %s", self.path, exc)

    def read_available(self) -> bytes:
        """What has arrived (at least one byte asked for), waiting at most one read slice."""
        try:
            return bytes(self._serial.read(max(1, self._serial.in_waiting)))
        except (serial.SerialException, OSError) as exc:
            raise self._unplugged(exc) from exc

    def write(self, data: bytes, *, refused: str) -> None:
        """Send ``data``; ``refused`` words the timeout when the device takes none of it."""
        try:
            self._serial.write(data)
        except serial.SerialTimeoutException as exc:
            raise DeviceTimeout(
                refused, reason=TimeoutReason.NO_RESPONSE, device=self.path
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise self._unplugged(exc) from exc

    def reset_input(self) -> None:
        """Drop whatever is waiting, so the next answer starts clean."""
        try:
            self._serial.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise self._unplugged(exc) from exc

    def _unplugged(self, exc: Exception) -> DeviceUnavailable:
        log.warning("serial I/O on %s failed: %s", self.path, exc)
        if self._on_unplugged is not None:
            self._on_unplugged()
        return DeviceUnavailable(
            f"The {self.device_name} was unplugged.",
            reason=DeviceReason.UNPLUGGED,
            device=self.path,
        )
