"""Content-addressed storage for sealed envelopes.

A blob is named by its SHA-256, so writing the same record twice is harmless
and a blob is either wholly present or absent: bytes go to a temporary file
which is fsynced, renamed into place, and the directory fsynced, before the
metadata that points at it is committed.  The interface is small so an
S3-compatible backend can stand in later.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import uuid
from typing import TYPE_CHECKING, Protocol

from fieldkit.errors import KnownError
from sync.protocol import SHA256_PATTERN

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class BlobStoreFull(KnownError):
    """The blob store ran out of space; nothing of the blob was left behind."""

    code = "disk_full"


class BlobStore(Protocol):
    def put(self, sha256: str, data: bytes, *, digest_checked: bool = False) -> None: ...
    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...
    def delete(self, sha256: str) -> None: ...
    def names(self) -> list[str]: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DirectoryBlobStore:
    """``ROOT/ab/cd/<sha256>``, with ``ROOT/tmp`` for writes in flight."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._sweep_tmp()

    def _sweep_tmp(self) -> None:
        """Writes cut short by a crash leave only temp files; they are never referenced."""
        for leftover in self.tmp.iterdir():
            log.info("removing an unfinished blob write left by an earlier run: %s", leftover.name)
            leftover.unlink(missing_ok=True)

    def path(self, sha256: str) -> Path:
        if not SHA256_PATTERN.match(sha256):
            raise ValueError("a blob name is a lowercase hex SHA-256")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("??/??/*") if p.is_file())

    def put(self, sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
        """Store ``data`` durably under its hash (``digest_checked``: the caller hashed it)."""
        if not digest_checked and hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("blob content does not match its name")
        final = self.path(sha256)
        if final.is_file() and final.stat().st_size == len(data):
            return
        temp = self.tmp / f"{uuid.uuid4().hex}.tmp"
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            temp.replace(final)
            _fsync_dir(final.parent)
            _fsync_dir(final.parent.parent)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            if exc.errno in _NO_SPACE:
                raise BlobStoreFull(
                    "The data center's disk is full; the record was not stored.",
                    hint="Free space on the data center's data disk, then send again.",
                ) from exc
            raise

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256).unlink()
