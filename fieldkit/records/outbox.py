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
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import event, func, select, update

from fieldkit.errors import KnownError
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

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"
_FILE_MAGIC = b"FKSEAL1\x00"
_FILE_HEAD = struct.Struct(">I")
#: Files whose row never committed; kept for support, never sent.
UNREGISTERED_DIR = "unregistered"
_SUFFIX = ".sealed"


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
    return meta + _FILE_HEAD.pack(len(meta))


class UnreadableSealedFile(ValueError):
    """A file in ``outbox/`` that is not a whole sealed record (a write cut short)."""


def read_sealed_file(path: Path) -> SealedRecord:
    """Parse a sealed file; checks its framing, not its hash or signature.

    Layout: magic, the envelope, then a trailer (the record's id, sequence,
    kid, hash, size and signature as JSON, and its length as a u32).  The
    trailer comes last because it needs the envelope's hash, which is computed
    while the envelope is being written.
    """
    data = path.read_bytes()
    if not data.startswith(_FILE_MAGIC) or len(data) < len(_FILE_MAGIC) + _FILE_HEAD.size:
        raise UnreadableSealedFile(f"{path.name}: not a sealed record")
    (length,) = _FILE_HEAD.unpack_from(data, len(data) - _FILE_HEAD.size)
    meta_start = len(data) - _FILE_HEAD.size - length
    if meta_start < len(_FILE_MAGIC):
        raise UnreadableSealedFile(f"{path.name}: cut short")
    try:
        meta = json.loads(data[meta_start : len(data) - _FILE_HEAD.size])
        envelope = data[len(_FILE_MAGIC) : meta_start]
        if len(envelope) != meta["size"]:
            raise UnreadableSealedFile(f"{path.name}: cut short")
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
        raise UnreadableSealedFile(f"{path.name}: damaged trailer ({error})") from None


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
    """Write and flush the envelope while another core hashes it; sign; append the trailer.

    After this returns the seal survives a power cut.  The bulk is flushed
    (``fdatasync``) while the hash is computed, so the final ``fsync`` only
    has the small trailer left.  No temporary name and rename: a file cut
    short by a crash fails :func:`read_sealed_file`, was never acknowledged,
    and :func:`sweep` sets it aside.
    """
    digest = _hasher().submit(_sha256_hex, envelope)  # hashlib releases the GIL
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            _write_all(fd, _FILE_MAGIC)
            _write_all(fd, envelope)
            _flush_data(fd)
            sealed = sign_envelope(
                record_id, seq, envelope, digest.result(), device_key=key, datacenter=datacenter
            )
            _write_all(fd, _trailer(sealed))
            os.fsync(fd)
        finally:
            os.close(fd)
        fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            path.unlink()
        raise os_error_to_store_error(error, path.parent) from error
    finally:
        digest.result()  # never leave the worker behind on an error
    return sealed


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _hasher() -> ThreadPoolExecutor:
    """One long-lived worker: starting a thread per seal costs a tenth of a millisecond."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="seal-hash")


def _flush_data(fd: int) -> None:
    """Flush the file's data but not its metadata (``fdatasync``; ``fsync`` where absent)."""
    flush = getattr(os, "fdatasync", os.fsync)
    flush(fd)


def _after(session: Session, outcome: str, action: tuple[str, Path]) -> None:
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
    for what, path in pending[outcome]:
        if what == "unlink":
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


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
    datacenter = active_datacenter_key(session)
    envelope = encrypt_record(
        record_id, seq, payload, device_key=key, datacenter=datacenter, statement=statement
    )
    path = envelope_path(session, record_id)
    sealed = write_sealed(path, record_id, seq, envelope, key=key, datacenter=datacenter)
    _after(session, "rollback", ("unlink", path))
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
    return int(
        session.scalar(
            select(func.count())
            .select_from(SealedRecordRow)
            .where(SealedRecordRow.state.in_(waiting))
        )
        or 0
    )


def record_info(session: Session, record_id: str) -> RecordInfo | None:
    """One record's local state, or None when this laptop never held it."""
    row = session.get(SealedRecordRow, record_id)
    return None if row is None else _info(row)


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


def verify_records(session: Session) -> list[VerifyProblem]:
    """Re-check every held record's hash and signature, and every tombstone's bookkeeping."""
    public = device_public_key(session)
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
        try:
            verify_envelope(record, public)
        except SealError as exc:
            problems.append(VerifyProblem(row.record_id, row.seq, str(exc)))
    return problems


def mark_server_state(
    session: Session,
    record_id: str,
    status: RecordStatus,
    *,
    server_state: str | None = None,
    reason: str | None = None,
    receipt: str | None = None,
) -> None:
    """Record what the data center said about a record (never touches a tombstone's state)."""
    row = _row(session, record_id)
    if row.state != RecordStatus.PURGED.value:
        row.state = status.value
    if server_state is not None:
        row.server_state = server_state
    row.reason = reason
    if receipt is not None:
        row.receipt = receipt
    row.updated_at = _now()
    session.flush()


def set_visit(session: Session, record_id: str, visit_id: str | None) -> None:
    _row(session, record_id).visit_id = visit_id
    session.flush()


def purge(session: Session, record_id: str) -> None:
    """Delete the ciphertext of an accepted record whose receipt was verified; keep a tombstone."""
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
    _after(session, "commit", ("unlink", envelope_path(session, record_id)))
    now = _now()
    row.purged_at = now
    row.updated_at = now
    session.flush()


def _adoptable(path: Path, device_public: bytes) -> SealedRecord:
    found = read_sealed_file(path)
    if found.record_id != path.stem:
        raise UnreadableSealedFile(f"{path.name}: names another record")
    verify_envelope(found, device_public)
    return found


def sweep(session: Session) -> list[str]:
    """Finish what a crash interrupted in the outbox; returns the ids of adopted records.

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
    rows: dict[str, str] = {
        str(row.record_id): str(row.state)
        for row in session.execute(select(SealedRecordRow.record_id, SealedRecordRow.state))
    }
    public = device_public_key(session)
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
            target = folder / UNREGISTERED_DIR
            target.mkdir(mode=0o700, exist_ok=True)
            path.replace(target / path.name)
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
    return adopted


def tombstone_digest(record_id: str, sha256: str, receipt: str) -> str:
    """A stable id for a tombstone, for audit events (no personal data in it)."""
    return hashlib.sha256(f"{record_id}|{sha256}|{receipt}".encode()).hexdigest()
