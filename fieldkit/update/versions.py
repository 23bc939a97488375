"""Version numbers: what a FieldKit release is called, which of two is newer, what is installed.

A release is ``X.Y.Z``; ``X.Y.Z-label`` is a build before that release (a pre-release,
as in Semantic Versioning: ``0.1.0-previous`` comes before ``0.1.0``).  The installed
version of an installed Windows build is the installer's own (``fieldkit-version.txt``,
written by setup beside the programs): an update is an installer, so the version it is
compared with is the installer that put this program here.  A build that is not
installed (a source checkout, the Linux tarball) is its ``__version__``.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from fieldkit._version import __version__

log = logging.getLogger(__name__)

#: One line, the installer's AppVersion; written by setup beside ``fieldkit.exe``.
INSTALLED_VERSION_FILE = "fieldkit-version.txt"
#: The longest version text worth reading (a file or a header is not trusted further).
MAX_VERSION_CHARS = 64
#: A release's name: up to four numbers, and a pre-release label of letters, digits and
#: dots.  It names files (``fieldkit-<version>-windows-x64-setup.exe``), so no other sign.
RELEASE_VERSION = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9}){0,3}(-[0-9A-Za-z][0-9A-Za-z.]{0,31})?")


def parse_version(text: str) -> tuple[int, ...] | None:
    """``"0.3.1"`` as ``(0, 3, 1)``; None when it is not a dotted version."""
    head = text.strip().split("+", 1)[0].split("-", 1)[0]
    parts = head.split(".")
    if not head or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def release_order(text: str) -> tuple[tuple[int, ...], int] | None:
    """A key that sorts versions: the numbers, then 0 for a pre-release and 1 for the release.

    None when ``text`` is not a version.  Two pre-releases of the same numbers sort
    equal: neither is newer than the other.
    """
    if RELEASE_VERSION.fullmatch(text) is None:
        return None
    numbers = parse_version(text)
    if numbers is None:
        return None
    return numbers, 0 if "-" in text else 1


def is_newer(offered: str, installed: str) -> bool:
    """Whether ``offered`` is a later release than ``installed`` (False if either is no version)."""
    new, old = release_order(offered), release_order(installed)
    if new is None or old is None:
        return False
    return (new[0] + (0,) * (len(old[0]) - len(new[0])), new[1]) > (
        old[0] + (0,) * (len(new[0]) - len(old[0])),
        old[1],
    )


def installed_version() -> str:
    """This program's version as the update compares it (see the module's docstring)."""
    if not getattr(sys, "frozen", False):
        return __version__
    stamp = Path(sys.executable).parent / INSTALLED_VERSION_FILE
    try:
        text = stamp.read_text(encoding="utf-8-sig")[: MAX_VERSION_CHARS * 2].strip()
    except FileNotFoundError:
        return __version__
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s unreadable, the program's own version is used: %s", stamp.name, exc)
        return __version__
    if release_order(text) is None:
        log.warning("%s holds no version, the program's own is used", stamp.name)
        return __version__
    return text
