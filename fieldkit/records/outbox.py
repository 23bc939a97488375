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
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import func, select, update

from fieldkit.errors import KnownError
from fieldkit.records import demo
from fieldkit.records.models import DataCenterKeyRow, DeviceIdentity, SealedRecordRow
from fieldkit.sealing import DataCenterKey, SealedRecord, SealError, seal, verify_envelope

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


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


def seal_record(
    session: Session, record_id: str, payload: bytes, *, visit_id: str | None = None
) -> SealedRecord:
    """Seal ``payload`` under the next sequence number and add it to the outbox.

    The caller deletes the record's plaintext in the same transaction, so the
    store never holds both, nor neither.
    """
    sealed = seal(
        record_id,
        next_seq(session),
        payload,
        device_key=device_key(session),
        datacenter=active_datacenter_key(session),
    )
    now = _now()
    session.add(
        SealedRecordRow(
            record_id=sealed.record_id,
            seq=sealed.seq,
            kid=sealed.kid,
            demo=sealed.demo,
            sha256=sealed.sha256,
            size=len(sealed.envelope),
            envelope=sealed.envelope,
            signature=sealed.signature,
            visit_id=visit_id,
            state=RecordStatus.SEALED.value,
            sealed_at=now,
            updated_at=now,
        )
    )
    session.flush()
    return sealed


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


def sealed(session: Session, record_id: str) -> SealedRecord:
    """The sealed record as sync sends it; refuses a purged one."""
    row = _row(session, record_id)
    if row.envelope is None:
        raise RecordNotFound(f"Record {record_id} was purged after the data center accepted it.")
    return SealedRecord(
        record_id=row.record_id,
        seq=row.seq,
        kid=row.kid,
        demo=row.demo,
        envelope=row.envelope,
        sha256=row.sha256,
        signature=row.signature,
    )


def verify_records(session: Session) -> list[VerifyProblem]:
    """Re-check every held record's hash and signature, and every tombstone's bookkeeping."""
    public = device_public_key(session)
    problems: list[VerifyProblem] = []
    for row in session.scalars(select(SealedRecordRow).order_by(SealedRecordRow.seq)):
        if row.envelope is None:
            if row.state != RecordStatus.PURGED.value or not row.receipt:
                problems.append(VerifyProblem(row.record_id, row.seq, "ciphertext missing"))
            continue
        try:
            verify_envelope(sealed(session, row.record_id), public)
        except SealError as exc:
            problems.append(VerifyProblem(row.record_id, row.seq, str(exc)))
            continue
        if len(row.envelope) != row.size:
            problems.append(VerifyProblem(row.record_id, row.seq, "size does not match"))
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
    now = _now()
    row.purged_at = now
    row.updated_at = now
    session.flush()


def tombstone_digest(record_id: str, sha256: str, receipt: str) -> str:
    """A stable id for a tombstone, for audit events (no personal data in it)."""
    return hashlib.sha256(f"{record_id}|{sha256}|{receipt}".encode()).hexdigest()
