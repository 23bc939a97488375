"""Where USB sticks are: the folders to look in for an enrollment file or to export to.

Desktop Linux mounts a stick under ``/media/<user>/`` or ``/run/media/<user>/``
(udisks2), or an office mounts it by hand under ``/mnt``.  Windows gives it a
drive letter: the letters come from ``GetLogicalDrives`` (a bit per letter) and
each is kept when ``GetDriveTypeW`` calls it ``DRIVE_REMOVABLE``.  A USB hard
disk or some large sticks report ``DRIVE_FIXED``, as the laptop's own disk
does; they are left out on purpose (searching the system disk would be slow and
would find the wrong files), and the officer picks them by hand in the file
dialog.

The Windows calls sit behind :func:`kernel32`, one small seam, so the letter
logic is tested on Linux with a stand-in (Wine cannot show a removable drive).
"""

from __future__ import annotations

import logging
import string
import sys
from pathlib import Path
from typing import Protocol, cast

log = logging.getLogger(__name__)

#: Where Linux desktops (udisks2) and offices by hand mount USB sticks.
POSIX_MOUNT_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))
#: ``GetDriveTypeW``'s answer for a USB stick or a card reader's card.
DRIVE_REMOVABLE = 2


class Kernel32(Protocol):
    """The two calls of Windows' ``kernel32`` that find removable drives."""

    def GetLogicalDrives(self) -> int: ...  # noqa: N802 - Windows' name

    def GetDriveTypeW(self, root: str, /) -> int: ...  # noqa: N802 - Windows' name


def kernel32() -> Kernel32:
    """Windows' ``kernel32`` through ctypes (the seam the tests replace)."""
    if sys.platform == "win32":
        import ctypes  # noqa: PLC0415 - Windows only

        return cast("Kernel32", ctypes.windll.kernel32)
    msg = "kernel32 exists only on Windows"
    raise OSError(msg)


def removable_drive_roots(api: Kernel32) -> list[Path]:
    r"""``E:\``, ``F:\``…: the roots of the drives Windows calls removable, in letter order."""
    present = api.GetLogicalDrives()
    roots = []
    for bit, letter in enumerate(string.ascii_uppercase):
        if not present & (1 << bit):
            continue
        root = f"{letter}:\\"
        if api.GetDriveTypeW(root) == DRIVE_REMOVABLE:
            roots.append(Path(root))
    return roots


def usb_roots() -> list[Path]:
    """The folders under which a USB stick's files are found on this computer."""
    if sys.platform == "win32":
        try:
            return removable_drive_roots(kernel32())
        except OSError as exc:
            log.warning("cannot list the drive letters: %s", exc)
            return []
    return list(POSIX_MOUNT_ROOTS)


def first_usb_root() -> Path | None:
    """Where a folder dialog for the USB export opens: the first stick's folder, if any."""
    return next((root for root in usb_roots() if root.is_dir()), None)
