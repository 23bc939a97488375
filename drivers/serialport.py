"""Errors of opening a serial port, worded once for every serial device."""

from __future__ import annotations

import errno

from drivers.errors import DeviceReason, DeviceUnavailable


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
