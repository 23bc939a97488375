"""A USB stick's paths: no component of one may be a link.

The office writes its package to a stick (``package export``, ``records export``) and the
intake reads the laptops' exports from one (:mod:`sync.server.intake.usb`); both refuse a
symbolic link or a Windows junction on the way, by this one rule.  It lives with the
office's steering, below the intake, so both rooms read it without a circle.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from sync.protocol import Reason
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from pathlib import Path

#: ``stat.IO_REPARSE_TAG_MOUNT_POINT``: a Windows junction's reparse tag (``lstat`` tells it).
_JUNCTION = 0xA0000003


def is_link(info: os.stat_result) -> bool:
    """A symbolic link, or on Windows a junction (a link to a folder that is not a symlink)."""
    return stat.S_ISLNK(info.st_mode) or getattr(info, "st_reparse_tag", 0) == _JUNCTION


def refuse_links(root: Path, target: Path, *, export: bool = False) -> None:
    """No component from below ``root`` down to ``target`` (itself included) is a link.

    A symbolic link, or on Windows a junction: either would let the stick point a read
    or a write at any file or folder of this machine.  Refused as ``usb_symlink`` (an
    import's folder), or ``stick_symlink`` for ``export`` (each sentence names the
    component); a component that does not exist yet is no link.
    The USB import checks its export folders with it, ``package export`` the package's
    folder and file before it writes them.
    """
    below = target.relative_to(root).parts if target.is_relative_to(root) else ()
    for depth in range(len(below)):
        name = "/".join(below[: depth + 1])
        try:
            info = os.lstat(root / name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise unreadable(name, exc) from None
        if is_link(info):
            raise DataCenterError(
                400,
                Reason.FILE_UNREADABLE,
                code="stick_symlink" if export else "usb_symlink",
                params={"name": name},
            )


def unreadable(name: str, exc: OSError) -> DataCenterError:
    return DataCenterError(
        400, Reason.FILE_UNREADABLE, params={"name": name, "cause": exc.strerror or exc}
    )
