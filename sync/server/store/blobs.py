"""Content-addressed storage for sealed envelopes.

A blob is named by its SHA-256, so writing the same record twice is harmless
and a blob is either wholly present or absent: bytes go to a temporary file
which is fsynced, renamed into place, and the directory fsynced, before the
metadata that points at it is committed.  The interface is small so an
S3-compatible backend (``sync.server.store.s3blobs``) stands in when configured.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import mmap
import os
import threading
import time
import uuid
from typing import TYPE_CHECKING, Protocol

from fieldkit.durable import O_BINARY, fsync_dir
from sync.protocol import SHA256_PATTERN
from sync.server.errors import BlobStoreFull

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)

_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
_O_DIRECT: int = getattr(os, "O_DIRECT", 0)
#: O_DIRECT wants the buffer, the offsets and the lengths in whole blocks; a page covers them.
_ALIGN = mmap.PAGESIZE
#: Each writer thread keeps a buffer this big; a larger record gets one of its own.
_KEEP_BUFFER = 8 * 1024 * 1024


class BlobStore(Protocol):
    def put(self, sha256: str, data: bytes, *, digest_checked: bool = False) -> None: ...
    def get(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...
    def delete(self, sha256: str) -> None: ...
    def names(self) -> list[str]: ...
    def problem(self) -> str | None:
        """Why a blob could not be stored now (``/v1/ready``), or ``None``."""
        ...

    def older_than(self, seconds: float) -> list[str]:
        """Blobs last written more than ``seconds`` ago: the sweep's candidates.

        A write of a blob that is there already counts as a write, so an orphan that an
        upload is using again is young again.  The age only spares the sweep work: a
        candidate is deleted only if no record points at it under the lock the records'
        commits take too (``sync.server.operations.sweep``).
        """
        ...


def _write_buffered(temp: Path, data: bytes) -> None:
    fd = os.open(temp, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | O_BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DirectoryBlobStore:
    """``ROOT/ab/cd/<sha256>``, with ``ROOT/tmp`` for writes in flight."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        # The blobs are 0600 and their folders 0700, like the data folder they are in.
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.tmp.mkdir(exist_ok=True, mode=0o700)
        self._sweep_tmp()
        fsync_dir(self.root)
        fsync_dir(self.root.parent)
        #: Folders whose own entry this process has fsynced into their parent; only
        #: these may skip that fsync when a blob goes into them.
        self._durable: set[Path] = {self.root}
        self._durable_lock = threading.Lock()
        #: Write blobs with O_DIRECT when the platform and filesystem allow it.
        self.direct_io = _O_DIRECT != 0
        self._buffers = threading.local()

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

    def older_than(self, seconds: float) -> list[str]:
        """By the file's mtime, which ``put`` sets again when the blob is there already."""
        cutoff = time.time() - seconds
        found = []
        for path in self.root.glob("??/??/*"):
            try:
                if path.is_file() and path.stat().st_mtime < cutoff:
                    found.append(path.name)
            except FileNotFoundError:  # deleted meanwhile (another sweep, an undone upload)
                continue
        return sorted(found)

    def problem(self) -> str | None:
        """Write, sync and remove a probe where blobs are written.

        A full or read-only disk, or a folder taken away, shows here before an upload
        fails on it.
        """
        probe = self.tmp / f"ready-{uuid.uuid4().hex}"
        try:
            fd = os.open(probe, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, b"ready")
                os.fsync(fd)
            finally:
                os.close(fd)
            probe.unlink()
        except OSError as exc:
            with contextlib.suppress(OSError):
                probe.unlink()
            return f"the blob folder takes no write ({exc.strerror or exc.errno})"
        return None

    def put(self, sha256: str, data: bytes, *, digest_checked: bool = False) -> None:
        """Store ``data`` durably under its hash (``digest_checked``: the caller hashed it).

        The folder the blob is renamed into is fsynced every time; the folders above
        it only until this process has made their entries durable once, and after
        the file's own fsync, which on a journaling filesystem has already carried
        them to disk.
        """
        if not digest_checked and hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("blob content does not match its name")
        final = self.path(sha256)
        temp = self.tmp / f"{uuid.uuid4().hex}.tmp"
        try:
            new_dirs = self._make_dirs(final.parent)
            if not self._reuse(final, len(data)):
                if not (self.direct_io and self._write_direct(temp, data)):
                    _write_buffered(temp, data)
                temp.replace(final)
            # The file's fsync has just committed the folders' creation with it (ext4,
            # XFS, btrfs), so these cost little; they make it so on any filesystem.
            self._fsync_parents(new_dirs)
            fsync_dir(final.parent)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            if exc.errno in _NO_SPACE:
                raise BlobStoreFull from exc
            raise

    @staticmethod
    def _reuse(final: Path, size: int) -> bool:
        """Keep a blob already there (left by an earlier attempt): fsynced, and made young.

        It may have died before its fsyncs; and its mtime is set to now, so the sweep
        (``older_than``) does not take the blob of an upload in flight for an old orphan.
        False when there is none to keep, or it went while being kept (swept).
        """
        try:
            if not final.is_file() or final.stat().st_size != size:
                return False
            _fsync_file(final)
            os.utime(final)
        except FileNotFoundError:
            return False
        return True

    def _write_direct(self, temp: Path, data: bytes) -> bool:
        """Write and fsync ``temp`` with O_DIRECT; False if this filesystem refuses it.

        The bytes go from an aligned buffer straight to the disk instead of being
        copied into the page cache first, which under memory pressure costs more
        CPU than the rest of the upload.  The file is padded to whole blocks,
        then cut back to its length before the fsync.
        """
        padded = -(-len(data) // _ALIGN) * _ALIGN
        buffer = self._aligned_buffer(padded)
        try:
            fd = os.open(temp, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL | _O_DIRECT, 0o600)
        except OSError as exc:
            if exc.errno != errno.EINVAL:
                raise
            self._no_direct_io()
            return False
        try:
            try:
                buffer[: len(data)] = data
                buffer[len(data) : padded] = bytes(padded - len(data))
                with memoryview(buffer) as whole, whole[:padded] as view:
                    done = 0
                    while done < padded:
                        done += os.write(fd, view[done:])
                os.ftruncate(fd, len(data))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            if exc.errno != errno.EINVAL:
                raise
            temp.unlink(missing_ok=True)
            self._no_direct_io()
            return False
        finally:
            if len(buffer) > _KEEP_BUFFER:
                buffer.close()
        return True

    def _aligned_buffer(self, size: int) -> mmap.mmap:
        """A page-aligned buffer for this thread, kept between blobs up to ``_KEEP_BUFFER``."""
        if size > _KEEP_BUFFER:
            return mmap.mmap(-1, size)
        kept: mmap.mmap | None = getattr(self._buffers, "buffer", None)
        if kept is None:
            kept = mmap.mmap(-1, _KEEP_BUFFER)
            self._buffers.buffer = kept
        return kept

    def _no_direct_io(self) -> None:
        if self.direct_io:
            log.info("the blob store's filesystem refuses O_DIRECT; writing through the page cache")
        self.direct_io = False

    def _make_dirs(self, folder: Path) -> list[Path]:
        """Create ``ab/cd`` as needed; the folders whose entries are not yet known durable.

        A folder that merely exists may have been made by a concurrent upload, or by
        a run that died before fsyncing its parent; so each is fsynced into its
        parent once per process (``_fsync_parents``) before being trusted.
        """
        pending = []
        for path in (folder.parent, folder):
            with self._durable_lock:
                if path in self._durable:
                    continue
            path.mkdir(exist_ok=True, mode=0o700)
            pending.append(path)
        return pending

    def _fsync_parents(self, folders: list[Path]) -> None:
        for path in folders:
            fsync_dir(path.parent)
            with self._durable_lock:
                self._durable.add(path)

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256).unlink()


#: ``s3://BUCKET/PREFIX`` puts the blobs in an object store (``sync.server.store.s3blobs``).
BLOBS_ENV = "FIELDKIT_DATACENTER_BLOBS"


def open_blob_store(data_dir: Path, url: str | None = None) -> BlobStore:
    """The data center's blob store: an S3 bucket when one is named, else ``DATA/blobs``."""
    where = url or os.environ.get(BLOBS_ENV)
    if where:
        from sync.server.store.s3blobs import S3BlobStore  # noqa: PLC0415 - only when configured

        return S3BlobStore(where)
    return DirectoryBlobStore(data_dir / "blobs")
