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
from typing import Self

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


class PinnedFolder:
    """A folder opened once, so the files written into it land in *that* folder.

    A check of a path for links (``sync.server.intake.usb.refuse_links``) and a later write by the
    same path are two looks: a folder swapped for a link between them would take the write
    elsewhere.  On POSIX the folder is opened (``O_DIRECTORY | O_NOFOLLOW``) and every
    file is made, fsynced and renamed relative to that descriptor (``dir_fd``), so a swap
    afterwards changes nothing; :meth:`still_at_path` then tells whether the path, read
    again without following a link, is still the opened folder (the caller checks its
    links once more after opening, which makes the check and the write one).  Windows has
    no ``dir_fd``: the folder is opened with a handle that shares no delete, so neither it
    nor a folder above it can be renamed, removed or replaced while it is held, and
    :meth:`still_at_path` compares the handle's final path with the path checked.
    """

    def __init__(self, path: Path) -> None:
        """Open ``path``; an ``OSError`` (not there, not a folder, a link) is the caller's."""
        self.path = path
        self._fd = -1
        self._handle: int | None = None
        if sys.platform == "win32":
            self._handle = _windows_pin(path)
        else:
            self._fd = os.open(path, os.O_RDONLY | O_BINARY | os.O_DIRECTORY | os.O_NOFOLLOW)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if sys.platform == "win32" and self._handle is not None:
            _windows_unpin(self._handle)
            self._handle = None

    def still_at_path(self) -> bool:
        """Whether ``path``, looked at now without following a link, is the opened folder."""
        if sys.platform == "win32":
            if self._handle is None:
                return False
            # realpath, as the handle's final path: a mapped or subst drive names the same
            # folder by its share; a link in the path was refused by the caller's check.
            final = _windows_final_path(self._handle)
            return os.path.normcase(final) == os.path.normcase(os.path.realpath(self.path))
        try:
            now = os.lstat(self.path)
        except OSError:
            return False
        opened = os.fstat(self._fd)
        return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)

    def write(self, name: str, data: bytes) -> None:
        """:func:`atomic_write` of ``name`` inside the opened folder (a private file, 0600)."""
        if Path(name).name != name or name in {"", ".", ".."}:
            raise ValueError(f"not a plain file name: {name!r}")
        if sys.platform == "win32":
            atomic_write(self.path / name, data)  # the folder is held: it cannot move meanwhile
            return
        temp = f".{name}.{os.urandom(6).hex()}.tmp"
        fd = os.open(
            temp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | O_BINARY,
            0o600,
            dir_fd=self._fd,
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp, dir_fd=self._fd)
            raise
        os.fsync(self._fd)


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.CreateFileW.argtypes = [
        wintypes.LPCWSTR,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.c_void_p,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.HANDLE,
    ]
    _kernel32.CreateFileW.restype = wintypes.HANDLE
    _kernel32.GetFinalPathNameByHandleW.argtypes = [
        wintypes.HANDLE,
        wintypes.LPWSTR,
        wintypes.DWORD,
        wintypes.DWORD,
    ]
    _kernel32.GetFinalPathNameByHandleW.restype = wintypes.DWORD
    _kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    _kernel32.CloseHandle.restype = wintypes.BOOL
    _INVALID_HANDLE = ctypes.c_void_p(-1).value

    def _windows_pin(path: Path) -> int:
        """The folder's handle: reading shared, deleting (so renaming) refused to others."""
        list_directory, share_read_write, open_existing = 0x1, 0x1 | 0x2, 3
        backup_semantics, open_reparse_point = 0x02000000, 0x00200000
        handle = _kernel32.CreateFileW(
            str(path),
            list_directory,
            share_read_write,
            None,
            open_existing,
            backup_semantics | open_reparse_point,
            None,
        )
        if handle is None or handle == _INVALID_HANDLE:
            raise ctypes.WinError(ctypes.get_last_error())
        return int(handle)

    def _windows_unpin(handle: int) -> None:
        _kernel32.CloseHandle(handle)

    def _windows_final_path(handle: int) -> str:
        """The handle's path as the file system names it now, without the long-path prefix."""
        buffer = ctypes.create_unicode_buffer(32768)
        size = _kernel32.GetFinalPathNameByHandleW(handle, buffer, len(buffer), 0)
        if size == 0 or size >= len(buffer):
            raise ctypes.WinError(ctypes.get_last_error())
        final = buffer.value
        if final.startswith("\\\\?\\UNC\\"):
            return "\\\\" + final[8:]
        return final.removeprefix("\\\\?\\")
