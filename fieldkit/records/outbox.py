"""The laptop's side of sealed records: keys, sequence numbers, the outbox and purge.

Enrollment calls :func:`seal_record` to turn a finished record into a sealed
row in the same transaction that deletes its plaintext; sync reads the outbox
with :func:`pending`, records what the data center said with
:func:`mark_server_state` and, once a verified receipt is in hand, calls
:func:`purge`, which keeps a tombstone.  Everything takes the caller's
session, so each step commits (durably: WAL + ``synchronous=FULL``) together
with whatever else changed.

Until a data center is enrolled, records are sealed to the *demo* data
center's key (:mod:`fieldkit.records.demo`).  Such records are flagged
``demo`` everywhere: they are training data, and a real data center refuses
their kid.

The sealed record itself lives in a self-describing file beside the store
(``outbox/<record_id>.sealed``: its id, sequence number, kid, hash and
signature, then the ciphertext), not in the SQLCipher database: it is already
encrypted to the data center and signed, so a second layer of encryption
would only double the cost of sealing (the enrollment issue's budget is 2x a
plain durable write).  **The file's fsync is the commit point of a seal.**
The outbox row is an index that commits right after it; if the laptop dies
in between, :func:`sweep` adopts the file at the next login (after checking
its signature), and the enrollment layer erases the draft it came from.  A
file that cannot be read back (cut short by the crash) was never
acknowledged and is set aside, never silently deleted.

To keep that commit point to a data flush, a *spare* file (zeros, already
allocated and named durably) is prepared ahead of time, at login and after
each seal commits (:func:`prepare_spare`, on a worker thread); the seal
overwrites it in place and ``fdatasync``s it, which commits no file-system
journal, then renames it to its record's name.  :func:`sweep` finishes a
rename a crash undid.  Without a spare, the seal creates its file and fsyncs
it and its folder, as before.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import enum
import functools
import hashlib
import json
import logging
import os
import secrets
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import delete, event, func, select, update

from fieldkit import training
from fieldkit.errors import KnownError
from fieldkit.receipts.models import RecordReceipt
from fieldkit.records import demo
from fieldkit.records.models import DataCenterKeyRow, DeviceIdentity, SealedRecordRow
from fieldkit.sealing import (
    DataCenterKey,
    SealedRecord,
    SealError,
    canonical_json,
    encrypt_record,
    sign_envelope,
    verify_envelope,
)
from fieldkit.store.keyring import fsync_dir, os_error_to_store_error
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"
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
_SUFFIX = ".sealed"
#: Ids per query in :func:`preload` (SQLite allows 32766 parameters; fewer keep it quick).
_PRELOAD_CHUNK = 500
#: Settings row: the public keys of earlier enrollments (base64, JSON list).
RETIRED_KEYS = "device.retired_public_keys"


class RecordStatus(enum.StrEnum):
    """The local life cycle of a sealed record."""

    SEALED = "SEALED"  # waiting to be sent
    SENT = "SENT"  # the data center holds it (RECEIVED) but has not accepted it yet
    ACCEPTED = "ACCEPTED"  # accepted, receipt verified; ciphertext may be purged
    REJECTED = "REJECTED"  # refused by the data center; ``reason`` says why; kept
    PURGED = "PURGED"  # tombstone: ciphertext deleted after a verified receipt


class RecordNotFound(KnownError):
    code = "record_not_found"


class PurgeRefused(KnownError):
    """Purging without an accepted state and a receipt would lose the only copy."""

    code = "purge_refused"


@dataclass(frozen=True)
class RecordInfo:
    record_id: str
    seq: int
    sha256: str
    size: int
    kid: str
    demo: bool
    state: RecordStatus
    server_state: str | None
    reason: str | None
    visit_id: str | None
    sealed_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "seq": self.seq,
            "sha256": self.sha256,
            "size": self.size,
            "kid": self.kid,
            "demo": self.demo,
            "state": self.state.value,
            "server_state": self.server_state,
            "reason": self.reason,
            "visit_id": self.visit_id,
            "sealed_at": self.sealed_at.isoformat(),
        }


@dataclass(frozen=True)
class VerifyProblem:
    record_id: str
    seq: int
    problem: str

    def as_json(self) -> dict[str, object]:
        return {"record_id": self.record_id, "seq": self.seq, "problem": self.problem}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the laptop's identity ----------------------------------------------------------


def _identity(session: Session) -> DeviceIdentity:
    row = session.get(DeviceIdentity, 1)
    if row is None:
        key = ed25519.Ed25519PrivateKey.generate()
        row = DeviceIdentity(
            id=1, signing_key=key.private_bytes_raw(), next_seq=1, created_at=_now()
        )
        session.add(row)
        session.flush()
    return row


def device_key(session: Session) -> ed25519.Ed25519PrivateKey:
    """The laptop's Ed25519 key, made on first use; it never leaves the encrypted store."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(_identity(session).signing_key)


def device_public_key(session: Session) -> bytes:
    return device_key(session).public_key().public_bytes_raw()


def retired_public_keys(session: Session) -> list[bytes]:
    """Public keys this laptop signed with before its current one (oldest first)."""
    row = session.get(Setting, RETIRED_KEYS)
    return [base64.b64decode(k) for k in json.loads(row.value)] if row is not None else []


def replace_device_key(session: Session, reason: str) -> list[str]:
    """A new signing key, for enrolling again after the data center revoked the old one.

    The old public key is kept, so ``records verify`` still checks what it
    signed.  Records signed by it and not yet accepted can no longer be
    delivered (a revoked key's signature is worth nothing to the data center):
    they are marked REJECTED with ``reason`` and kept, never purged.  Returns
    their ids.
    """
    identity = _identity(session)
    old = ed25519.Ed25519PrivateKey.from_private_bytes(identity.signing_key)
    retired = [*retired_public_keys(session), old.public_key().public_bytes_raw()]
    session.merge(
        Setting(
            key=RETIRED_KEYS,
            value=json.dumps([base64.b64encode(k).decode() for k in retired]),
        )
    )
    identity.signing_key = ed25519.Ed25519PrivateKey.generate().private_bytes_raw()
    waiting = (RecordStatus.SEALED.value, RecordStatus.SENT.value)
    rows = session.scalars(
        select(SealedRecordRow)
        .where(SealedRecordRow.state.in_(waiting), SealedRecordRow.demo.is_(False))
        .order_by(SealedRecordRow.seq)
    ).all()
    for row in rows:
        row.state = RecordStatus.REJECTED.value
        row.reason = reason
        row.updated_at = _now()
    session.flush()
    return [row.record_id for row in rows]


def peek_next_seq(session: Session) -> int:
    """The number the next :func:`seal_record` in this transaction will take (for the record)."""
    return _identity(session).next_seq


def next_seq(session: Session) -> int:
    """Take the next per-laptop sequence number (committed with the caller's transaction)."""
    identity = _identity(session)
    seq = identity.next_seq
    identity.next_seq = seq + 1
    session.flush()
    return seq


# --- data-center keys -----------------------------------------------------------------


def install_datacenter_keys(
    session: Session, keys: Iterable[DataCenterKey], active_kid: str
) -> None:
    """Remember an enrolled data center's keys; ``active_kid`` becomes the one sealed to."""
    keys = list(keys)
    if active_kid not in {k.kid for k in keys}:
        raise ValueError(f"active kid {active_kid} is not among the keys")
    session.execute(update(DataCenterKeyRow).values(active=False))
    for key in keys:
        row = session.get(DataCenterKeyRow, key.kid)
        if row is None:
            row = DataCenterKeyRow(
                kid=key.kid, public_key=key.public_key, demo=key.demo, active=False, added_at=_now()
            )
            session.add(row)
        row.active = key.kid == active_kid
    session.flush()


def active_datacenter_key(session: Session) -> DataCenterKey:
    """The key to seal to: the enrolled data center's active key, else the flagged demo key."""
    row = session.scalars(select(DataCenterKeyRow).where(DataCenterKeyRow.active.is_(True))).first()
    if row is None:
        return demo.DEMO_KEY
    return DataCenterKey(kid=row.kid, public_key=row.public_key, demo=row.demo)


def sealing_key(session: Session, visit_id: str | None) -> DataCenterKey:
    """The key a record of ``visit_id`` is sealed to: the demo key for training, never sent."""
    if training.is_training_visit(session, visit_id) and not training.is_training_store(session):
        return demo.DEMO_KEY
    return active_datacenter_key(session)


def datacenter_enrolled(session: Session) -> bool:
    return not active_datacenter_key(session).demo


# --- the outbox -------------------------------------------------------------------------


def outbox_dir(session: Session) -> Path:
    """``outbox/`` beside the store's database file."""
    bind = session.get_bind()
    database = bind.engine.url.database
    if not database:
        raise RuntimeError("the outbox needs a file-backed store")
    return Path(database).parent / OUTBOX_DIR


def envelope_path(session: Session, record_id: str) -> Path:
    return outbox_dir(session) / f"{record_id}{_SUFFIX}"


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
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        else:
            fd = os.open(spare, os.O_WRONLY)
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
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def _flush_data(fd: int) -> None:
    """Flush the file's data but not its metadata (``fdatasync``; ``fsync`` where absent)."""
    flush = getattr(os, "fdatasync", os.fsync)
    flush(fd)


# --- spare files: the seal's commit point without a journal commit ----------------------


def _sealed_size(sealed: SealedRecord) -> int:
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
        fd = os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
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


def _prepare_later(folder: Path) -> None:
    """Prepare a spare on its own worker thread, off the seal's and the commit's path."""
    _spare_maker().submit(prepare_spare, folder)


@functools.cache
def _spare_maker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal-spare")


def settle_spares() -> None:
    """Wait for spares queued by earlier seals, so their disk writes overlap nothing timed."""
    _spare_maker().submit(int).result()


def _after(session: Session, outcome: str, action: tuple[str, Path, int]) -> None:
    """Queue a file action for when this transaction commits or rolls back."""
    pending = session.info.setdefault("outbox_pending", {"commit": [], "rollback": []})
    pending[outcome].append(action)
    if not session.info.get("outbox_hooked"):
        session.info["outbox_hooked"] = True
        event.listen(session, "after_commit", _on_commit)
        event.listen(session, "after_rollback", _on_rollback)


def _run_pending(session: Session, outcome: str) -> None:
    pending = session.info.pop("outbox_pending", None)
    if not pending:
        return
    for what, path, size in pending[outcome]:
        if what == "unlink":
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        elif what == "trim":  # a spare's zeros past the trailer; no fsync needed
            try:
                if path.stat().st_size > size:
                    os.truncate(path, size)
            except OSError as error:
                log.info("outbox: %s keeps its spare padding (%s)", path.name, error)
        elif what == "spare":
            _prepare_later(path)


def _on_commit(session: Session) -> None:
    _run_pending(session, "commit")


def _on_rollback(session: Session) -> None:
    _run_pending(session, "rollback")


def seal_record(
    session: Session,
    record_id: str,
    payload: bytes,
    *,
    visit_id: str | None = None,
    statement: bytes | None = None,
) -> SealedRecord:
    """Seal ``payload`` under the next sequence number and add it to the outbox.

    The envelope is durable on disk before this returns; its row commits with
    the caller's transaction, in which the caller also deletes the record's
    plaintext, so the store never holds both, nor neither.
    """
    seq = next_seq(session)
    key = device_key(session)
    datacenter = sealing_key(session, visit_id)
    envelope = encrypt_record(
        record_id, seq, payload, device_key=key, datacenter=datacenter, statement=statement
    )
    path = envelope_path(session, record_id)
    sealed = write_sealed(path, record_id, seq, envelope, key=key, datacenter=datacenter)
    _after(session, "rollback", ("unlink", path, 0))
    _after(session, "commit", ("trim", path, _sealed_size(sealed)))
    _after(session, "commit", ("spare", path.parent, 0))
    _add_row(session, sealed, visit_id, _now())
    return sealed


def _add_row(
    session: Session, sealed: SealedRecord, visit_id: str | None, sealed_at: dt.datetime
) -> None:
    session.add(
        SealedRecordRow(
            record_id=sealed.record_id,
            seq=sealed.seq,
            kid=sealed.kid,
            demo=sealed.demo,
            sha256=sealed.sha256,
            size=len(sealed.envelope),
            envelope=None,
            signature=sealed.signature,
            visit_id=visit_id,
            state=RecordStatus.SEALED.value,
            sealed_at=sealed_at,
            updated_at=sealed_at,
        )
    )
    session.flush()


def _info(row: SealedRecordRow) -> RecordInfo:
    return RecordInfo(
        record_id=row.record_id,
        seq=row.seq,
        sha256=row.sha256,
        size=row.size,
        kid=row.kid,
        demo=row.demo,
        state=RecordStatus(row.state),
        server_state=row.server_state,
        reason=row.reason,
        visit_id=row.visit_id,
        sealed_at=row.sealed_at,
    )


def list_records(
    session: Session, *, states: Iterable[RecordStatus] | None = None
) -> list[RecordInfo]:
    query = select(SealedRecordRow).order_by(SealedRecordRow.seq)
    if states is not None:
        query = query.where(SealedRecordRow.state.in_([s.value for s in states]))
    return [_info(row) for row in session.scalars(query)]


def waiting_count(session: Session) -> int:
    """Sealed records not yet accepted by a data center (the freeze rule counts these)."""
    waiting = (RecordStatus.SEALED.value, RecordStatus.SENT.value, RecordStatus.REJECTED.value)
    query = (
        select(func.count()).select_from(SealedRecordRow).where(SealedRecordRow.state.in_(waiting))
    )
    if not training.is_training_store(session):
        # Training records on a real store are never sent: they wait for nothing, count nowhere.
        query = query.where(SealedRecordRow.demo.is_(False))
    return int(session.scalar(query) or 0)


def record_info(session: Session, record_id: str) -> RecordInfo | None:
    """One record's local state, or None when this laptop never held it."""
    row = session.get(SealedRecordRow, record_id)
    return None if row is None else _info(row)


def preload(session: Session, record_ids: Iterable[str]) -> None:
    """Load these records' rows into ``session`` in one query, so per-record calls find them.

    The rows are held in ``session.info`` for the session's life: the identity
    map only keeps weak references, and a row dropped after a flush would be
    fetched again one query at a time.
    """
    ids = list(record_ids)
    held: list[SealedRecordRow] = session.info.setdefault("outbox_preloaded", [])
    for start in range(0, len(ids), _PRELOAD_CHUNK):
        chunk = ids[start : start + _PRELOAD_CHUNK]
        held += session.scalars(select(SealedRecordRow).where(SealedRecordRow.record_id.in_(chunk)))


def _row(session: Session, record_id: str) -> SealedRecordRow:
    row = session.get(SealedRecordRow, record_id)
    if row is None:
        raise RecordNotFound(f"No sealed record {record_id} on this laptop.")
    return row


def _envelope(session: Session, row: SealedRecordRow) -> bytes:
    """The ciphertext: in its file, or (stores sealed before files) in the row.

    Raises ``FileNotFoundError`` or ``UnreadableSealedFile``.
    """
    if row.envelope is not None:
        return row.envelope
    return read_sealed_file(envelope_path(session, row.record_id)).envelope


def sealed(session: Session, record_id: str) -> SealedRecord:
    """The sealed record as sync sends it; refuses a purged or missing one."""
    row = _row(session, record_id)
    if row.state == RecordStatus.PURGED.value:
        raise RecordNotFound(f"Record {record_id} was purged after the data center accepted it.")
    try:
        envelope = _envelope(session, row)
    except FileNotFoundError:
        raise RecordNotFound(
            f"The sealed file of record {record_id} is missing from {outbox_dir(session)}."
        ) from None
    except UnreadableSealedFile as error:
        raise RecordNotFound(
            f"The sealed file of record {record_id} is damaged: {error}."
        ) from None
    return SealedRecord(
        record_id=row.record_id,
        seq=row.seq,
        kid=row.kid,
        demo=row.demo,
        envelope=envelope,
        sha256=row.sha256,
        signature=row.signature,
    )


@dataclass(frozen=True)
class Sendable:
    """What sync needs to send one held record, looked up for a whole batch at once."""

    record_id: str
    sha256: str
    size: int
    signature: bytes
    path: Path
    #: The envelope itself, for stores sealed before files (kept in the row).
    inline: bytes | None = None

    def read(self) -> bytes:
        """The envelope's bytes, read straight from their offset in the file.

        Checks neither hash nor signature (the caller hashes what it will
        send); the trailer is not parsed, as the row already says everything
        in it.  Raises ``RecordNotFound`` when the file is gone and
        ``UnreadableSealedFile`` when it is not a sealed file of this size.
        """
        if self.inline is not None:
            return self.inline
        try:
            with self.path.open("rb", buffering=0) as file:
                head = file.read(len(_FILE_MAGIC_V2) + _FILE_HEAD.size)
                if head.startswith(_FILE_MAGIC_V2):
                    (size,) = _FILE_HEAD.unpack_from(head, len(_FILE_MAGIC_V2))
                    if size != self.size:
                        raise UnreadableSealedFile(f"{self.path.name}: not {self.size} bytes")
                elif head.startswith(_FILE_MAGIC):
                    file.seek(len(_FILE_MAGIC))
                else:
                    raise UnreadableSealedFile(f"{self.path.name}: not a sealed record")
                envelope = file.read(self.size)
        except FileNotFoundError:
            raise RecordNotFound(
                f"The sealed file of record {self.record_id} is missing from {self.path.parent}."
            ) from None
        if len(envelope) != self.size:
            raise UnreadableSealedFile(f"{self.path.name}: cut short")
        return envelope


def sendables(session: Session, record_ids: Iterable[str]) -> dict[str, Sendable]:
    """The held (not purged) records among ``record_ids``, in as few queries as possible."""
    folder = outbox_dir(session)
    found: dict[str, Sendable] = {}
    ids = list(record_ids)
    columns = (
        SealedRecordRow.record_id,
        SealedRecordRow.sha256,
        SealedRecordRow.size,
        SealedRecordRow.signature,
        SealedRecordRow.envelope,
    )
    for start in range(0, len(ids), _PRELOAD_CHUNK):
        query = select(*columns).where(
            SealedRecordRow.record_id.in_(ids[start : start + _PRELOAD_CHUNK]),
            SealedRecordRow.state != RecordStatus.PURGED.value,
        )
        for record_id, sha256, size, signature, inline in session.execute(query):
            found[record_id] = Sendable(
                record_id=record_id,
                sha256=sha256,
                size=size,
                signature=signature,
                path=folder / f"{record_id}{_SUFFIX}",
                inline=inline,
            )
    return found


def verify_records(session: Session) -> list[VerifyProblem]:
    """Re-check every held record's hash and signature, and every tombstone's bookkeeping."""
    public = device_public_key(session)
    retired = retired_public_keys(session)
    problems: list[VerifyProblem] = []
    for row in session.scalars(select(SealedRecordRow).order_by(SealedRecordRow.seq)):
        if row.state == RecordStatus.PURGED.value:
            if not row.receipt:
                problems.append(VerifyProblem(row.record_id, row.seq, "purged without a receipt"))
            continue
        try:
            envelope = _envelope(session, row)
        except FileNotFoundError:
            problems.append(VerifyProblem(row.record_id, row.seq, "ciphertext missing"))
            continue
        except UnreadableSealedFile as error:
            problems.append(VerifyProblem(row.record_id, row.seq, f"sealed file damaged: {error}"))
            continue
        if len(envelope) != row.size:
            problems.append(VerifyProblem(row.record_id, row.seq, "size does not match"))
            continue
        record = SealedRecord(
            row.record_id, row.seq, row.kid, row.demo, envelope, row.sha256, row.signature
        )
        problem = _signed_by_any(record, [public, *retired])
        if problem is not None:
            problems.append(VerifyProblem(row.record_id, row.seq, problem))
    return problems


def _signed_by_any(record: SealedRecord, keys: list[bytes]) -> str | None:
    """None when one of this laptop's keys (current or retired) signed ``record``."""
    problem = ""
    for key in keys:
        try:
            verify_envelope(record, key)
        except SealError as exc:
            problem = problem or str(exc)
        else:
            return None
    return problem


def mark_server_state(
    session: Session,
    record_id: str,
    status: RecordStatus,
    *,
    server_state: str | None = None,
    reason: str | None = None,
    receipt: str | None = None,
    flush: bool = True,
) -> None:
    """Record what the data center said about a record (never touches a tombstone's state).

    ``flush=False`` leaves the write to the transaction's next flush, so sync can
    settle a group of records with one statement per table instead of several each.
    """
    row = _row(session, record_id)
    if row.state != RecordStatus.PURGED.value:
        row.state = status.value
    if server_state is not None:
        row.server_state = server_state
    row.reason = reason
    if receipt is not None:
        row.receipt = receipt
    row.updated_at = _now()
    if flush:
        session.flush()


def set_visit(session: Session, record_id: str, visit_id: str | None) -> None:
    _row(session, record_id).visit_id = visit_id
    session.flush()


def purge(session: Session, record_id: str, *, flush: bool = True) -> None:
    """Delete the ciphertext of an accepted record whose receipt was verified; keep a tombstone.

    The file is deleted once the transaction commits (``flush``: as in :func:`mark_server_state`).
    """
    row = _row(session, record_id)
    if row.state == RecordStatus.PURGED.value:
        return
    if row.state != RecordStatus.ACCEPTED.value or not row.receipt:
        raise PurgeRefused(
            f"Record {record_id} is {row.state}; it is purged only after the data center "
            "accepted it and its receipt was verified."
        )
    row.envelope = None
    row.state = RecordStatus.PURGED.value
    # The family's receipt (name, masked NIK) goes with the biometrics.
    session.execute(delete(RecordReceipt).where(RecordReceipt.record_id == record_id))
    _after(session, "commit", ("unlink", envelope_path(session, record_id), 0))
    now = _now()
    row.purged_at = now
    row.updated_at = now
    if flush:
        session.flush()


def _adoptable(path: Path, device_public: bytes) -> SealedRecord:
    found = read_sealed_file(path)
    if found.record_id != path.stem:
        raise UnreadableSealedFile(f"{path.name}: names another record")
    verify_envelope(found, device_public)
    return found


def _recover_spares(folder: Path, device_public: bytes) -> None:
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
        _set_aside(folder, path)
    else:
        log.warning("outbox: %s moved out of its spare file after a crash", home.name)
        path.replace(home)
    return True


def _spare_home(folder: Path, name: str, data: bytes, device_public: bytes) -> Path:
    found = _parse_sealed(name, data)
    verify_envelope(found, device_public)
    home = folder / f"{found.record_id}{_SUFFIX}"
    if home.parent != folder or home.exists():
        raise UnreadableSealedFile(f"{name}: names another record's file")
    return home


def _set_aside(folder: Path, path: Path) -> None:
    target = folder / UNREGISTERED_DIR
    target.mkdir(mode=0o700, exist_ok=True)
    path.replace(target / path.name)


def sweep(session: Session) -> list[str]:
    """Finish what a crash interrupted in the outbox; returns the ids of adopted records.

    * A record left in a spare file (its rename lost) is moved into place first.
    * A purged record's leftover file is deleted (the data center has it).
    * A whole, correctly signed file with no row was sealed and fsynced, but the
      laptop died before its row committed: it is adopted (row added, sequence
      counter moved past it).  The caller erases the draft it came from.
    * Anything else (cut short, foreign, forged) is moved to
      ``outbox/unregistered/``, never deleted: support can look at it.
    """
    folder = outbox_dir(session)
    if not folder.is_dir():
        return []
    public = device_public_key(session)
    _recover_spares(folder, public)
    rows: dict[str, str] = {
        str(row.record_id): str(row.state)
        for row in session.execute(select(SealedRecordRow.record_id, SealedRecordRow.state))
    }
    adopted: list[str] = []
    set_aside = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix != _SUFFIX:
            continue
        state = rows.get(path.stem)
        if state == RecordStatus.PURGED.value:
            path.unlink(missing_ok=True)
            continue
        if state is not None:
            continue
        try:
            found = _adoptable(path, public)
        except (UnreadableSealedFile, SealError) as error:
            log.warning("outbox: %s; set aside", error)
            _set_aside(folder, path)
            set_aside += 1
            continue
        sealed_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        _add_row(session, found, None, sealed_at)
        identity = _identity(session)
        identity.next_seq = max(identity.next_seq, found.seq + 1)
        adopted.append(found.record_id)
    if set_aside:
        fsync_dir(folder)
    if adopted:
        log.warning("outbox: adopted %d record(s) sealed just before a crash", len(adopted))
    _prepare_later(folder)  # the first seal of this session finds its spare ready
    return adopted


def tombstone_digest(record_id: str, sha256: str, receipt: str) -> str:
    """A stable id for a tombstone, for audit events (no personal data in it)."""
    return hashlib.sha256(f"{record_id}|{sha256}|{receipt}".encode()).hexdigest()
