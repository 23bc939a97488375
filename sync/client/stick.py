"""Reading and writing files on a USB stick, which may be hostile.

Whoever held the stick may have put anything on it: a link, a named pipe, a file far
larger than any we write.  Every file we read from it is opened the same way (see
:func:`read_from_stick`), and every file we write is written once, whole and fsynced
(:func:`write_new`).  ``sync.client.usb`` (records and receipts) and
``sync.client.office`` (the office package, the laptop's health) share them.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING

from fieldkit.durable import O_BINARY
from sync.client.errors import SyncError, SyncReason

if TYPE_CHECKING:
    from pathlib import Path

_READ_CHUNK = 1024 * 1024
#: A file on a drive is opened never through a link and never waiting on a FIFO or a
#: device; flags an OS lacks (Windows: these POSIX ones) are left out.
_NO_LINK_NO_WAIT = (
    getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, and fsync it before returning."""
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def present(path: Path) -> bool:
    """Whether anything has that name: a file, or a link or FIFO that reading then refuses."""
    try:
        path.lstat()
    except OSError:
        return False
    return True


def _not_a_file(path: Path) -> SyncError:
    return SyncError(SyncReason.EXPORT_INVALID, "receipts_not_a_file", params={"path": path})


def _too_large(path: Path, size: int, cap: int) -> SyncError:
    return SyncError(
        SyncReason.EXPORT_INVALID,
        "receipts_too_large",
        params={"path": path, "size": size, "max": cap},
    )


def read_from_stick(path: Path, cap: int) -> bytes:
    """The bytes of a file on a drive that may be hostile, or refusal.

    Never through a link (a look at the name first, where ``lstat`` sees a link as
    one on every OS; then ``O_NOFOLLOW`` where the OS has it, so a link swapped in
    between is refused too), never waiting on a FIFO or a device (``O_NONBLOCK``, then
    only a regular file is read), and never more than ``cap`` bytes: the size is checked
    on the open file before a byte is read, and reading stops past it.
    """
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise _not_a_file(path)
        handle = os.open(path, os.O_RDONLY | O_BINARY | _NO_LINK_NO_WAIT)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put there after the look: O_NOFOLLOW refused it
            raise _not_a_file(path) from exc
        raise SyncError(
            SyncReason.EXPORT_INVALID, "receipts_unreadable", params={"path": path}
        ) from exc
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise _not_a_file(path)
        if found.st_size > cap:
            raise _too_large(path, found.st_size, cap)
        data = bytearray()
        while len(data) <= cap:
            chunk = os.read(handle, min(_READ_CHUNK, cap + 1 - len(data)))
            if not chunk:
                break
            data += chunk
        if len(data) > cap:  # it grew after the size was read
            raise _too_large(path, len(data), cap)
        return bytes(data)
    except OSError as exc:
        raise SyncError(
            SyncReason.EXPORT_INVALID, "receipts_unreadable", params={"path": path}
        ) from exc
    finally:
        os.close(handle)
