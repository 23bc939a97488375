"""What the data center's answer does to a record on this laptop: the one place that decides it.

``sync/`` verifies a receipt (our receipt key signed it, for this laptop and this
record's hash), then calls one of these, inside the transaction that commits
the outcome:

* :func:`accepted`: the data center holds the record.  The ciphertext goes, and
  with it everything the laptop kept only until then (:func:`purge`); the audit
  log keeps a tombstone id.
* :func:`rejected`: refused on a signed receipt, or later by the status pull;
  the person goes on the revisit list.
* :func:`received`: held by the data center, not accepted yet.
* :func:`recapture_requested`: accepted earlier; the data center asks to record
  the person again.
* :func:`refused`: refused without a receipt (by this laptop: a demo record, an
  unknown key, damaged storage; or per record by the server over HTTPS): kept, and
  never a purge.  A line on a USB stick without the data center's signature is no
  refusal: it changes nothing.  An operator puts a record refused by mistake back in
  the queue with :func:`fieldkit.delivery.requeue.requeue`.
* :func:`unverified`: the receipt did not verify: the record is kept and sent again.

A reason is a code and a message is words; they are kept apart all the way.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING

from fieldkit import audit
from fieldkit.receipts import content as family_receipt
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordInfo, RecordStatus
from fieldkit.records.states import RECAPTURE_REQUESTED
from fieldkit.review import queue as review_queue
from fieldkit.review import revisits

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "RECAPTURE_REQUESTED",
    "REJECTED",
    "accepted",
    "later_state",
    "purge",
    "recapture_requested",
    "received",
    "refused",
    "rejected",
    "tombstone_digest",
    "tombstone_id",
    "unverified",
]

#: The reason code of a refusal that came without one.
REJECTED = "rejected"


def tombstone_digest(record_id: str, sha256: str, receipt: str) -> str:
    """A stable id for a tombstone, for audit events (no personal data in it)."""
    return hashlib.sha256(f"{record_id}|{sha256}|{receipt}".encode()).hexdigest()


def tombstone_id(record_id: str, sha256: str, receipt: str) -> str:
    """Base64 of the tombstone digest: hex could contain a 16-digit run the audit log refuses."""
    digest = bytes.fromhex(tombstone_digest(record_id, sha256, receipt))
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def purge(session: Session, record_id: str, *, flush: bool = True) -> None:
    """Erase what the laptop kept of an accepted record until its receipt was verified.

    The ciphertext (its file goes when the transaction commits), the family's
    receipt (name, masked NIK: it goes with the biometrics) and the review
    summary's pictures and words.  Raises ``outbox.PurgeRefused`` unless the
    record is ACCEPTED with a receipt; a tombstone stays.
    """
    outbox.purge(session, record_id, flush=flush)
    family_receipt.forget(session, record_id)
    review_queue.forget_after_delivery(session, record_id)


def accepted(
    session: Session, info: RecordInfo, receipt: str, server_state: str, *, actor: str
) -> None:
    """An ACCEPTED receipt verified: settle the record, purge it and audit the tombstone.

    ``info`` is the record as it was before; a later state (DEDUPLICATED...) may
    already have been pulled for a purged one, and is kept.  The writes go to
    SQLite with the transaction's next flush, together with the rest of its group.
    """
    purged = info.state is RecordStatus.PURGED
    outbox.mark_server_state(
        session,
        info.record_id,
        RecordStatus.ACCEPTED,
        server_state=info.server_state if purged else server_state,
        receipt=receipt,
        flush=False,
    )
    if purged:
        return
    purge(session, info.record_id, flush=False)
    audit.append(
        session,
        actor,
        "record.purged",
        info.record_id,
        {"tombstone": tombstone_id(info.record_id, info.sha256, receipt)},
        flush=False,
    )


def rejected(
    session: Session,
    record_id: str,
    *,
    server_state: str,
    reason: str | None,
    message: str | None,
    actor: str,
    receipt: str | None = None,
) -> None:
    """The data center refused the record: keep it, and put its person on the revisit list.

    ``receipt`` is the signed receipt that said so, when the refusal came with one.
    """
    outbox.mark_server_state(
        session,
        record_id,
        RecordStatus.REJECTED,
        server_state=server_state,
        reason=reason or REJECTED,
        message=message,
        receipt=receipt,
    )
    revisits.from_datacenter(
        session,
        record_id,
        recapture=False,
        reason_code=reason or REJECTED,
        reason=message,
        actor=actor,
    )


def received(session: Session, record_id: str, receipt: str, server_state: str) -> None:
    """The data center holds the record but has not accepted it yet."""
    outbox.mark_server_state(
        session, record_id, RecordStatus.SENT, server_state=server_state, receipt=receipt
    )


def recapture_requested(
    session: Session, info: RecordInfo, server_state: str, message: str | None, *, actor: str
) -> None:
    """Accepted earlier (usually purged by now): the data center asks to record the person again."""
    revisits.from_datacenter(
        session,
        info.record_id,
        recapture=True,
        reason_code=RECAPTURE_REQUESTED,
        reason=message,
        actor=actor,
    )
    _note(session, info, info.state, server_state, reason=RECAPTURE_REQUESTED, message=message)


def later_state(
    session: Session,
    info: RecordInfo,
    server_state: str,
    *,
    refused: bool = False,
    reason: str | None = None,
    message: str | None = None,
) -> None:
    """A later state from the status pull (DEDUPLICATED, PRINTED...): note it on the record.

    ``refused``: the data center now refuses a record this laptop still holds; a
    purged record stays a tombstone whatever it says.
    """
    if refused and info.state is not RecordStatus.PURGED:
        _note(
            session,
            info,
            RecordStatus.REJECTED,
            server_state,
            reason=reason or REJECTED,
            message=message,
        )
    else:
        # The news's own words replace the old ones when it has some: a closed duplicate
        # brings the administrator's reason, which the team tells the family.
        _note(
            session,
            info,
            info.state,
            server_state,
            reason=info.reason,
            message=message or info.message,
        )


def _note(
    session: Session,
    info: RecordInfo,
    state: RecordStatus,
    server_state: str,
    *,
    reason: str | None,
    message: str | None,
) -> None:
    """Write only what changed (a status page repeats what the push already wrote)."""
    before = (info.state, info.server_state, info.reason, info.message)
    if before != (state, server_state, reason, message):
        outbox.mark_server_state(
            session,
            info.record_id,
            state,
            server_state=server_state,
            reason=reason,
            message=message,
        )


def refused(session: Session, record_id: str, reason: str, message: str | None) -> None:
    """Refused with no receipt: kept, marked REJECTED with why; no purge, no revisit."""
    outbox.mark_server_state(
        session, record_id, RecordStatus.REJECTED, reason=reason, message=message
    )


def unverified(session: Session, record_id: str, reason: str) -> None:
    """A receipt that does not verify proves nothing: the record is kept and sent again."""
    outbox.mark_server_state(session, record_id, RecordStatus.SEALED, reason=reason)
