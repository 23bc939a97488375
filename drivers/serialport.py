"""A device's serial port: opened, read, written and closed once for every serial device.

pyserial raises ``SerialException`` (an ``OSError``) and ``SerialTimeoutException``;
nothing above a driver understands them, so every failure is converted here, at the
port, into a ``DriverError`` worded for the device that sits on it ("The
fingerprint scanner was unplugged."). The ZFM scanner and the ISDV4 pad differ in
their protocols, not in how a UART adapter is opened or how it fails, so the
opening settings (8N1, a short read slice, a write timeout, an exclusive lock)
and the error wording live here and nowhere else.
"""

from __future__ import annotations

import errno
import logging
from typing import TYPE_CHECKING

import serial

from drivers.errors import DeviceReason, DeviceTimeout, DeviceUnavailable, TimeoutReason

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


def open_error(exc: OSError, port: str, device_name: str) -> DeviceUnavailable:
    """Explain a failed open (``serial.SerialException`` is an ``OSError``) by its errno."""
    code = exc.errno
    if code in (errno.ENOENT, errno.ENXIO, errno.ENODEV):
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
            port = serial.Serial(
                path,
                baudrate,
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
