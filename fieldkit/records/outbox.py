"""The laptop's index of sealed records: seal, list, send, settle, purge, and sweep after a crash.

Enrollment calls :func:`seal_record` to turn a finished record into a sealed
row in the same transaction that deletes its plaintext; sync reads the outbox
with :func:`list_records`, records what the data center said with
:func:`mark_server_state` and, once a verified receipt is in hand, calls
:func:`purge`, which keeps a tombstone.  What a receipt means for a record
(what else it erases, the audit, the revisit) and which records are waiting
are decided above, in :mod:`fieldkit.delivery`: this module knows its own
table and files only, and imports nothing above ``records/``.  Everything takes the caller's
session, so each step commits (durably: WAL + ``synchronous=FULL``) together
with whatever else changed.

Until a data center is enrolled, records are sealed to the *demo* data
center's key (:mod:`fieldkit.records.demo`).  Such records are flagged
``demo`` everywhere: they are training data, and a real data center refuses
their kid.


The keys and sequence numbers are :mod:`fieldkit.records.keys`; the files
themselves (format, durable write, spares, recovery) are
:mod:`fieldkit.records.sealed_files`.  The names callers use from both are
importable from here as well.

The outbox row is an index that commits right after the sealed file's fsync;
if the laptop dies in between, :func:`sweep` adopts the file at the next login
(after checking its signature), and the enrollment layer erases the draft it
came from.  A file that cannot be read back (cut short by the crash) was never
acknowledged and is set aside, never silently deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import event, select

from fieldkit.durable import fsync_dir
from fieldkit.errors import BugError, KnownError
from fieldkit.records import sealed_files
from fieldkit.records.keys import (
    RETIRED_KEYS,
    active_datacenter_key,
    advance_seq_past,
    datacenter_enrolled,
    device_key,
    device_public_key,
    install_datacenter_keys,
    next_seq,
    peek_next_seq,
    retire_signing_key,
    retired_public_keys,
    sealing_key,
)
from fieldkit.records.models import SealedRecordRow
from fieldkit.records.sealed_files import (
    SPARE_BYTES,
    SPARE_DIR,
    SUFFIX,
    UNREGISTERED_DIR,
    UnreadableSealedFile,
    prepare_spare,
    read_sealed_file,
    settle_spares,
    write_sealed,
)
from fieldkit.sealing import SealedRecord, SealError, encrypt_record, verify_envelope

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


__all__ = [
    "OUTBOX_DIR",
    "PENDING_STATES",
    "RETIRED_KEYS",
    "SPARE_BYTES",
    "SPARE_DIR",
    "UNREGISTERED_DIR",
    "PurgeRefused",
    "RecordInfo",
    "RecordNotFound",
    "RecordStatus",
    "Sendable",
    "UnreadableSealedFile",
    "VerifyProblem",
    "active_datacenter_key",
    "datacenter_enrolled",
    "device_key",
    "device_public_key",
    "envelope_path",
    "install_datacenter_keys",
    "list_records",
    "mark_server_state",
    "next_seq",
    "outbox_dir",
    "peek_next_seq",
    "preload",
    "prepare_spare",
    "purge",
    "read_sealed_file",
    "record_info",
    "replace_device_key",
    "requeue",
    "retired_public_keys",
    "seal_record",
    "sealed",
    "sealing_key",
    "sendables",
    "set_visit",
    "settle_spares",
    "sweep",
    "verify_records",
    "write_sealed",
]

log = logging.getLogger(__name__)

OUTBOX_DIR = "outbox"

#: Ids per query in :func:`preload` (SQLite allows 32766 parameters; fewer keep it quick).
_PRELOAD_CHUNK = 500


class RecordStatus(enum.StrEnum):
    """A sealed record's delivery state, in life-cycle order (the sync screen lists them so).

    The one list of states, for the outbox, sync, the CLI and the screens.  The
    outbox row stores SEALED to PURGED; AWAITING_REVIEW and RETURNED are never
    stored here: :mod:`fieldkit.delivery` derives them for a SEALED record the
    ketua tim holds back (this module does not look at reviews).
    """

    AWAITING_REVIEW = "AWAITING_REVIEW"  # sealed, held back until the ketua tim decides
    RETURNED = "RETURNED"  # sealed, returned by the ketua tim for recapture: never sent
    SEALED = "SEALED"  # waiting to be sent
    SENT = "SENT"  # the data center holds it (RECEIVED) but has not accepted it yet
    ACCEPTED = "ACCEPTED"  # accepted, receipt verified; ciphertext may be purged
    REJECTED = "REJECTED"  # refused by the data center; ``reason`` says why; kept
    PURGED = "PURGED"  # tombstone: ciphertext deleted after a verified receipt


#: Sealed and not yet settled by a data center: still to be delivered.
PENDING_STATES = frozenset({RecordStatus.SEALED, RecordStatus.SENT})


class RecordNotFound(KnownError):
    """The sealed record cannot be read: not here, purged, or its file missing or damaged.

    Each has its own code: a purged record was delivered, a missing or damaged file
    needs the office's backup.
    """

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
    #: Why it was refused or is pending, as a code; its words are ``message``.
    reason: str | None
    message: str | None
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
            "message": self.message,
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


def replace_device_key(session: Session, reason: str) -> list[str]:
    """A new signing key, for enrolling again after the data center revoked the old one.

    The old public key is kept, so ``records verify`` still checks what it
    signed.  Records signed by it and not yet accepted can no longer be
    delivered (a revoked key's signature is worth nothing to the data center):
    they are marked REJECTED with ``reason`` and kept, never purged.  Returns
    their ids.
    """
    retire_signing_key(session)
    waiting = [state.value for state in PENDING_STATES]
    rows = session.scalars(
        select(SealedRecordRow)
        .where(SealedRecordRow.state.in_(waiting), SealedRecordRow.demo.is_(False))
        .order_by(SealedRecordRow.seq)
    ).all()
    for row in rows:
        row.state = RecordStatus.REJECTED.value
        row.reason = reason
        row.message = None
        row.updated_at = _now()
    session.flush()
    return [row.record_id for row in rows]


# --- the outbox -------------------------------------------------------------------------


def outbox_dir(session: Session) -> Path:
    """``outbox/`` beside the store's database file."""
    bind = session.get_bind()
    database = bind.engine.url.database
    if not database:
        raise RuntimeError("the outbox needs a file-backed store")
    return Path(database).parent / OUTBOX_DIR


def envelope_path(session: Session, record_id: str) -> Path:
    return outbox_dir(session) / f"{record_id}{SUFFIX}"


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
            sealed_files.prepare_later(path)


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
    _after(session, "commit", ("trim", path, sealed_files.sealed_size(sealed)))
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
        message=row.message,
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
        raise RecordNotFound(code="record_not_on_laptop", params={"record": record_id[:8]})
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
        raise RecordNotFound(code="record_purged", params={"record": record_id[:8]})
    try:
        envelope = _envelope(session, row)
    except FileNotFoundError:
        raise RecordNotFound(
            code="sealed_file_missing",
            params={"record": record_id[:8], "folder": outbox_dir(session)},
        ) from None
    except UnreadableSealedFile:
        raise RecordNotFound(code="sealed_file_damaged", params={"record": record_id[:8]}) from None
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
            envelope = sealed_files.read_envelope(self.path, self.size)
        except FileNotFoundError:
            raise RecordNotFound(
                code="sealed_file_missing",
                params={"record": self.record_id[:8], "folder": self.path.parent},
            ) from None
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
                path=folder / f"{record_id}{SUFFIX}",
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
    message: str | None = None,
    receipt: str | None = None,
    flush: bool = True,
) -> None:
    """Record what the data center said about a record (never touches a tombstone's state).

    ``reason`` (a code) and ``message`` (words) replace the ones kept before.

    ``flush=False`` leaves the write to the transaction's next flush, so sync can
    settle a group of records with one statement per table instead of several each.
    """
    row = _row(session, record_id)
    if row.state != RecordStatus.PURGED.value:
        row.state = status.value
    if server_state is not None:
        row.server_state = server_state
    row.reason = reason
    row.message = message
    if receipt is not None:
        row.receipt = receipt
    row.updated_at = _now()
    if flush:
        session.flush()


def requeue(session: Session, record_id: str) -> None:
    """Put a REJECTED record back among the records waiting to be sent, as if never answered.

    The state goes back to SEALED, and what the refusal left on the row goes with it:
    the data center's state, the reason, the message and a REJECTED receipt.  Only the
    outbox's part: :func:`fieldkit.delivery.requeue.requeue` decides who may and audits it.
    """
    row = _row(session, record_id)
    if row.state != RecordStatus.REJECTED.value:
        raise BugError(f"only a REJECTED record goes back in the queue, not {row.state}")
    row.state = RecordStatus.SEALED.value
    row.server_state = None
    row.reason = None
    row.message = None
    row.receipt = None
    row.updated_at = _now()
    session.flush()


def set_visit(session: Session, record_id: str, visit_id: str | None) -> None:
    _row(session, record_id).visit_id = visit_id
    session.flush()


def purge(session: Session, record_id: str, *, flush: bool = True) -> None:
    """Delete the ciphertext of an accepted record whose receipt was verified; keep a tombstone.

    The file is deleted once the transaction commits (``flush``: as in :func:`mark_server_state`).
    Only the outbox's own part: :func:`fieldkit.delivery.settle.purge` is the whole purge
    (the family's receipt and the review summary go with it).
    """
    row = _row(session, record_id)
    if row.state == RecordStatus.PURGED.value:
        return
    if row.state != RecordStatus.ACCEPTED.value or not row.receipt:
        raise PurgeRefused(params={"record": record_id[:8], "state": row.state})
    row.envelope = None
    row.state = RecordStatus.PURGED.value
    _after(session, "commit", ("unlink", envelope_path(session, record_id), 0))
    now = _now()
    row.purged_at = now
    row.updated_at = now
    if flush:
        session.flush()


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
    sealed_files.recover_spares(folder, public)
    rows: dict[str, str] = {
        str(row.record_id): str(row.state)
        for row in session.execute(select(SealedRecordRow.record_id, SealedRecordRow.state))
    }
    adopted: list[str] = []
    set_aside = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix != SUFFIX:
            continue
        state = rows.get(path.stem)
        if state == RecordStatus.PURGED.value:
            path.unlink(missing_ok=True)
            continue
        if state is not None:
            continue
        try:
            found = sealed_files.adoptable(path, public)
        except (UnreadableSealedFile, SealError) as error:
            log.warning("outbox: %s; set aside", error)
            sealed_files.set_aside(folder, path)
            set_aside += 1
            continue
        sealed_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        _add_row(session, found, None, sealed_at)
        advance_seq_past(session, found.seq)
        adopted.append(found.record_id)
    if set_aside:
        fsync_dir(folder)
    if adopted:
        log.warning("outbox: adopted %d record(s) sealed just before a crash", len(adopted))
    sealed_files.prepare_later(folder)  # the first seal of this session finds its spare ready
    return adopted
