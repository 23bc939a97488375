"""The sealed-record files beside the store: their format, their durable write, spares, recovery.

The sealed record lives in a self-describing file (``outbox/<record_id>.sealed``:
its id, sequence number, kid, hash and signature, then the ciphertext), not in
the SQLCipher database: it is already encrypted to the data center and signed,
so a second layer of encryption would only double the cost of sealing.  **The
file's fsync is the commit point of a seal.**

To keep that commit point to a data flush, a *spare* file (zeros, already
allocated and named durably) is prepared ahead of time (:func:`prepare_spare`,
on a worker thread); the seal overwrites it in place and ``fdatasync``s it,
which commits no file-system journal, then renames it to its record's name.
Without a spare, the seal creates its file and fsyncs it and its folder.

This module knows files and folders only; which records exist and in what
state is the outbox index's business (:mod:`fieldkit.records.outbox`).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import logging
import os
import secrets
import struct
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from fieldkit.durable import O_BINARY, fsync_dir
from fieldkit.safejson import canonical_json
from fieldkit.sealing import DataCenterKey, SealedRecord, SealError, sign_envelope, verify_envelope
from fieldkit.store.keyring import os_error_to_store_error

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric import ed25519

log = logging.getLogger(__name__)

_FILE_MAGIC = b"FKSEAL1\x00"
#: Version 2 puts the envelope's length first and tolerates zeros after the trailer.
_FILE_MAGIC_V2 = b"FKSEAL2\x00"
_FILE_HEAD = struct.Struct(">I")
#: ``outbox/spare/``: zero-filled files, durable and named ahead of time (see prepare_spare).
SPARE_DIR = "spare"
#: Room for the issue's ~2 MB record twice over; a bigger one still seals, only slower.
SPARE_BYTES = 4 * 1024 * 1024
_SPARE_SUFFIX = ".spare"
_SPARE_BUILDING = ".building"
_spare_lock = threading.Lock()
_claimed: set[str] = set()  # spares a seal in this process is writing into
#: Files whose row never committed; kept for support, never sent.
UNREGISTERED_DIR = "unregistered"
SUFFIX = ".sealed"


def _trailer(sealed: SealedRecord) -> bytes:
    """The v2 trailer: the meta's length (u32), then the meta as canonical JSON."""
    meta = canonical_json(
        {
            "record_id": sealed.record_id,
            "seq": sealed.seq,
            "kid": sealed.kid,
            "demo": sealed.demo,
            "sha256": sealed.sha256,
            "size": len(sealed.envelope),
            "signature": base64.b64encode(sealed.signature).decode("ascii"),
        }
    )
    return _FILE_HEAD.pack(len(meta)) + meta


class UnreadableSealedFile(ValueError):
    """A file in ``outbox/`` that is not a whole sealed record (a write cut short)."""


def read_sealed_file(path: Path) -> SealedRecord:
    """Parse a sealed file; checks its framing, not its hash or signature."""
    return _parse_sealed(path.name, path.read_bytes())


def _parse_sealed(name: str, data: bytes) -> SealedRecord:
    """Both layouts: v1 (magic, envelope, meta, meta length) and v2.

    v2 is the magic, the envelope's length (u32), the envelope, the meta's
    length (u32), the meta, then possibly zeros: a spare file is written in
    place over zeros, and its tail is cut off only after the commit.  The
    trailer follows the envelope because it needs the envelope's hash, which
    is computed while the envelope is being written.
    """
    if data.startswith(_FILE_MAGIC_V2):
        meta_at = len(_FILE_MAGIC_V2) + _FILE_HEAD.size
        if len(data) < meta_at:
            raise UnreadableSealedFile(f"{name}: cut short")
        (size,) = _FILE_HEAD.unpack_from(data, len(_FILE_MAGIC_V2))
        envelope = data[meta_at : meta_at + size]
        if len(data) < meta_at + size + _FILE_HEAD.size:
            raise UnreadableSealedFile(f"{name}: cut short")
        (length,) = _FILE_HEAD.unpack_from(data, meta_at + size)
        start = meta_at + size + _FILE_HEAD.size
        if length == 0 or len(data) < start + length:
            raise UnreadableSealedFile(f"{name}: cut short")
        return _from_meta(name, data[start : start + length], envelope)
    if not data.startswith(_FILE_MAGIC) or len(data) < len(_FILE_MAGIC) + _FILE_HEAD.size:
        raise UnreadableSealedFile(f"{name}: not a sealed record")
    (length,) = _FILE_HEAD.unpack_from(data, len(data) - _FILE_HEAD.size)
    meta_start = len(data) - _FILE_HEAD.size - length
    if meta_start < len(_FILE_MAGIC):
        raise UnreadableSealedFile(f"{name}: cut short")
    return _from_meta(
        name, data[meta_start : len(data) - _FILE_HEAD.size], data[len(_FILE_MAGIC) : meta_start]
    )


def _from_meta(name: str, raw: bytes, envelope: bytes) -> SealedRecord:
    try:
        meta = json.loads(raw)
        if len(envelope) != meta["size"]:
            raise UnreadableSealedFile(f"{name}: cut short")
        return SealedRecord(
            record_id=str(meta["record_id"]),
            seq=int(meta["seq"]),
            kid=str(meta["kid"]),
            demo=bool(meta["demo"]),
            envelope=envelope,
            sha256=str(meta["sha256"]),
            signature=base64.b64decode(meta["signature"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise UnreadableSealedFile(f"{name}: damaged trailer ({error})") from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_sealed(
    path: Path,
    record_id: str,
    seq: int,
    envelope: bytes,
    *,
    key: ed25519.Ed25519PrivateKey,
    datacenter: DataCenterKey,
) -> SealedRecord:
    """Write the envelope and start its writeback while another core hashes it; sign; flush.

    After this returns the seal survives a power cut.  With a spare (see
    :func:`prepare_spare`) the envelope overwrites blocks that are already
    allocated, zeroed and named durably, so the commit point is data only: one
    ``fdatasync`` that commits no file-system journal, no directory fsync.  The
    spare is then renamed to ``<record_id>.sealed`` without a directory fsync:
    a rename lost to a crash is redone by :func:`sweep`.  Without a spare the
    file is created, ``fsync``-ed and its folder too.  No temporary name: a
    file cut short by a crash fails :func:`read_sealed_file`, was never
    acknowledged, and :func:`sweep` sets it aside.
    """
    digest = _hasher().submit(_sha256_hex, envelope)  # hashlib releases the GIL
    spare = _claim_spare(path.parent)
    target = path if spare is None else spare
    try:
        if spare is None:
            _ensure_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_TRUNC, 0o600)
        else:
            fd = os.open(spare, os.O_WRONLY | O_BINARY)
        try:
            _write_all(fd, _FILE_MAGIC_V2 + _FILE_HEAD.pack(len(envelope)))
            _write_all(fd, envelope)
            _start_writeback(fd)
            sealed = sign_envelope(
                record_id, seq, envelope, digest.result(), device_key=key, datacenter=datacenter
            )
            _write_all(fd, _trailer(sealed))
            (os.fsync if spare is None else _flush_data)(fd)  # a spare's metadata is durable
        finally:
            os.close(fd)
        if spare is None:
            fsync_dir(path.parent)
        else:
            spare.replace(path)  # no directory fsync: sweep redoes a rename lost to a crash
    except BaseException as error:
        with contextlib.suppress(OSError):
            target.unlink()  # never acknowledged; a half-written spare is not reused
        if isinstance(error, OSError):
            raise os_error_to_store_error(error, path.parent) from error
        raise
    finally:
        digest.result()  # never leave the worker behind on an error
        if spare is not None:
            with _spare_lock:
                _claimed.discard(spare.name)
    return sealed


def _ensure_dir(folder: Path) -> None:
    """Create ``outbox/`` once, durably: its own name needs its parent's fsync."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, exist_ok=True)
        fsync_dir(folder.parent)


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _hasher() -> ThreadPoolExecutor:
    """One long-lived worker: starting a thread per seal costs a tenth of a millisecond."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal-hash")


def _start_writeback(fd: int) -> None:
    """Send the written bulk to the disk now, without waiting, while the hash finishes.

    On Linux ``POSIX_FADV_DONTNEED`` starts writeback of the file's dirty pages
    (it frees only clean ones), so the single flush after the trailer finds the
    bulk already on its way.  A second flush of the bulk on its own cost more:
    each flush waits for the disk's cache, behind everyone else's I/O.
    Durability never depends on this call, only on the flush that follows.
    """
    if sys.platform == "win32":  # no fadvise; the flush that follows does all the work
        return
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: macOS has no fadvise
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _flush_data(fd: int) -> None:
    """Flush the file's data but not its metadata (``fdatasync``; ``fsync`` where absent)."""
    flush = getattr(os, "fdatasync", os.fsync)
    flush(fd)


# --- spare files: the seal's commit point without a journal commit ----------------------


def sealed_size(sealed: SealedRecord) -> int:
    return len(_FILE_MAGIC_V2) + _FILE_HEAD.size + len(sealed.envelope) + len(_trailer(sealed))


def _claim_spare(folder: Path) -> Path | None:
    """Take a prepared spare, or None (then the seal creates its file the slow way)."""
    with _spare_lock:
        try:
            names = sorted(_spare_names(folder / SPARE_DIR))
        except OSError:
            return None
        for name in names:
            if name not in _claimed:
                _claimed.add(name)
                return folder / SPARE_DIR / name
    return None


def _spare_names(spares: Path) -> list[str]:
    return [p.name for p in spares.iterdir() if p.name.endswith(_SPARE_SUFFIX)]


def prepare_spare(folder: Path) -> Path | None:
    """Make one spare file ready for the next seal, unless one is waiting already.

    A spare is ``SPARE_BYTES`` of zeros, fsynced, then renamed into
    ``outbox/spare/`` and that folder fsynced: its blocks, size and name are
    durable before any record is written into it, so writing a record into it
    changes no metadata the record depends on (its mtime aside).  Run ahead of
    time (at login and after each seal commits), never at a commit point.
    """
    spares = folder / SPARE_DIR
    with _spare_lock:
        try:
            waiting = _spare_names(spares)
        except FileNotFoundError:
            waiting = []
        if any(n not in _claimed for n in waiting):
            return None
    token = secrets.token_hex(8)
    building = spares / f"{token}{_SPARE_BUILDING}"
    ready = spares / f"{token}{_SPARE_SUFFIX}"
    try:
        if not spares.is_dir():
            spares.mkdir(mode=0o700, exist_ok=True)  # never recreates a removed outbox
            fsync_dir(folder)
        fd = os.open(building, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            zeros = bytes(1 << 20)
            for _ in range(SPARE_BYTES >> 20):
                _write_all(fd, zeros)
            os.fsync(fd)
        finally:
            os.close(fd)
        building.replace(ready)
        fsync_dir(spares)
    except OSError as error:
        log.warning("outbox: no spare file prepared (%s); the next seal creates its own", error)
        with contextlib.suppress(OSError):
            building.unlink()
        return None
    return ready


def prepare_later(folder: Path) -> None:
    """Prepare a spare on its own worker thread, off the seal's and the commit's path."""
    _spare_maker().submit(prepare_spare, folder)


@functools.cache
def _spare_maker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal-spare")


def settle_spares() -> None:
    """Wait for spares queued by earlier seals, so their disk writes overlap nothing timed."""
    _spare_maker().submit(int).result()


def read_envelope(path: Path, size: int) -> bytes:
    """The envelope's bytes, read straight from their offset in the file.

    Checks neither hash nor signature and does not parse the trailer (the
    caller's index says everything in it).  Raises ``FileNotFoundError`` when
    the file is gone and ``UnreadableSealedFile`` when it is not a sealed file
    of ``size`` bytes.
    """
    with path.open("rb", buffering=0) as file:
        head = file.read(len(_FILE_MAGIC_V2) + _FILE_HEAD.size)
        if head.startswith(_FILE_MAGIC_V2):
            (declared,) = _FILE_HEAD.unpack_from(head, len(_FILE_MAGIC_V2))
            if declared != size:
                raise UnreadableSealedFile(f"{path.name}: not {size} bytes")
        elif head.startswith(_FILE_MAGIC):
            file.seek(len(_FILE_MAGIC))
        else:
            raise UnreadableSealedFile(f"{path.name}: not a sealed record")
        envelope = file.read(size)
    if len(envelope) != size:
        raise UnreadableSealedFile(f"{path.name}: cut short")
    return envelope


# --- after a crash ------------------------------------------------------------------------


def adoptable(path: Path, device_public: bytes) -> SealedRecord:
    found = read_sealed_file(path)
    if found.record_id != path.stem:
        raise UnreadableSealedFile(f"{path.name}: names another record")
    verify_envelope(found, device_public)
    return found


def recover_spares(folder: Path, device_public: bytes) -> None:
    """Put back records a crash left under a spare's name; set aside torn ones.

    A seal into a spare is durable at its ``fdatasync``, before the rename to
    ``<record_id>.sealed``, which is not fsynced: after a crash the record may
    still sit in ``spare/`` (its row committed or not).  A spare of zeros is
    kept for the next seal; one that is neither zeros nor a whole signed
    record was a write cut short, never acknowledged, and is set aside.
    """
    spares = folder / SPARE_DIR
    if not spares.is_dir():
        return
    changed = False
    for path in sorted(spares.iterdir()):
        if path.name.endswith(_SPARE_BUILDING):
            path.unlink(missing_ok=True)  # zeros only, never a record
            changed = True
        elif path.name.endswith(_SPARE_SUFFIX) and _recover_spare(folder, path, device_public):
            changed = True
    if changed:
        fsync_dir(spares)
        fsync_dir(folder)


def _recover_spare(folder: Path, path: Path, device_public: bytes) -> bool:
    """Move one spare's record into place, or set it aside; False for a clean spare."""
    with _spare_lock:
        if path.name in _claimed:
            return False
    data = path.read_bytes()
    if data.count(0) == len(data):
        return False
    try:
        home = _spare_home(folder, path.name, data, device_public)
    except (UnreadableSealedFile, SealError) as error:
        log.warning("outbox: spare %s; set aside", error)
        set_aside(folder, path)
    else:
        log.warning("outbox: %s moved out of its spare file after a crash", home.name)
        path.replace(home)
    return True


def _spare_home(folder: Path, name: str, data: bytes, device_public: bytes) -> Path:
    found = _parse_sealed(name, data)
    verify_envelope(found, device_public)
    home = folder / f"{found.record_id}{SUFFIX}"
    if home.parent != folder or home.exists():
        raise UnreadableSealedFile(f"{name}: names another record's file")
    return home


def set_aside(folder: Path, path: Path) -> None:
    target = folder / UNREGISTERED_DIR
    target.mkdir(mode=0o700, exist_ok=True)
    path.replace(target / path.name)
