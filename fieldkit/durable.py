"""Making a rename or a new file's name durable: the folder's own fsync, where there is one.

On POSIX a file's ``fsync`` commits its data, not its name: the folder that
holds the name is fsynced too (``open(dir, O_RDONLY | O_DIRECTORY)``, then
``fsync``).  Windows has no such call: ``os.open`` cannot open a folder at all,
and NTFS journals its metadata (names, renames) itself, so a folder needs no
flush of its own there.  SQLite's Windows layer does the same: it never syncs a
directory.  Every folder fsync in FieldKit, the laptop's and the data center's,
goes through :func:`fsync_dir` so this choice is made in one place.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

#: ``os.open`` on Windows opens a file in *text* mode unless told otherwise: each ``\n``
#: byte written becomes ``\r\n`` and a read stops at the first Ctrl-Z, so a sealed record
#: no longer matched its hash (found under Wine).  Every ``os.open`` in FieldKit adds this
#: flag (0 on POSIX); ``tests/test_portable.py`` keeps it so.
O_BINARY: int = getattr(os, "O_BINARY", 0)


def can_fsync_dirs() -> bool:
    """False on Windows, where a folder cannot be opened and NTFS journals its names."""
    return sys.platform != "win32"


def fsync_dir(directory: Path) -> None:
    """Commit the names in ``directory`` (a new file, a rename) to the disk; a no-op on Windows.

    An ``OSError`` on POSIX (the folder gone, an I/O error) is the caller's:
    a write that cannot be made durable must not pass as done.
    """
    if not can_fsync_dirs():
        return
    # O_DIRECTORY: refuse a file that has replaced the folder (POSIX; absent on Windows).
    fd = os.open(directory, os.O_RDONLY | O_BINARY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once.

    A temporary file is written and fsynced, renamed over ``path``, and the folder
    fsynced: a crash leaves the old file or the new one, never half of either.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise
    fsync_dir(path.parent)
