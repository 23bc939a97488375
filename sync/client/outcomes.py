"""What a push comes to, record by record and as a whole, in the officer's words.

Each record's outcome (accepted, refused and why, damaged), the push's summary and how
it ended, the laptop's sync status, and the data center's receipts as the laptop checks
and keeps them.  :class:`~sync.client.client.SyncClient` makes them; the CLI and the
screens say them.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature

from fieldkit import sentences
from fieldkit.delivery.flow import DeliveryOutcome, Verdict
from sync.client.errors import SERVER_PREFIX, SYNC_CONTEXT, SyncError, SyncReason
from sync.protocol import (
    Reason,
    Receipt,
    RecordState,
)

if TYPE_CHECKING:
    from fieldkit.records.outbox import RecordInfo
    from sync.client import anchoring, handovers
    from sync.client.config import SyncConfig
    from sync.client.office import OfficeResult


#: Server reasons that are a final answer about one record, not about the connection.
RECORD_REASONS = frozenset(
    {
        Reason.CONFLICT,
        Reason.OWNED_BY_OTHER_DEVICE,
        Reason.SIZE_MISMATCH,
        Reason.SHA256_MISMATCH,
        Reason.RECORD_SIGNATURE_INVALID,
        Reason.KID_UNKNOWN,
        Reason.SIZE_INVALID,
        Reason.INVALID_RECORD_ID,
        Reason.INVALID_SHA256,
        Reason.DECRYPT_FAILED,
        Reason.PAYLOAD_INVALID,
        Reason.VISIT_DATE_OUT_OF_RANGE,
        Reason.RECORD_UNKNOWN,
    }
)


#: A record's sentence codes of its own (``record.<code>`` in the "sync" catalogue); a record
#: the data center refused is worded by the reason it gave (``server.<reason>``).
RECORD_CODES = (
    "demo",
    "kid_not_held",
    "damaged",
    "pending",
    "rejected",
    "held_for_review",
    "not_on_laptop",
    "unsigned",
    "malformed",
    "unknown",
)


#: The reason of a record whose sealed copy no longer matches its hash: never uploaded.
DAMAGED = "damaged"


def record_code(reason: str | None, info: RecordInfo | None = None) -> str:
    """The catalogue code that words why a record was refused or is waiting.

    A reason the data center gave is worded as its refusal (``server.<reason>``), a
    sync failure that left the record waiting as that failure, and the laptop's own
    reasons as ``record.<reason>``; the caller falls back to ``record.unknown``.
    """
    if reason == Reason.KID_UNKNOWN and info is not None:
        return "record.demo" if info.demo else "record.kid_not_held"
    if not reason:
        return "record.pending"
    if reason in Reason.__members__.values():
        return f"{SERVER_PREFIX}{reason}"
    if reason in SyncReason.__members__.values():
        return reason
    return f"record.{reason}"


def record_params(info: RecordInfo) -> dict[str, str]:
    """What a record's sentence may name: the key it was sealed to."""
    return {"kid": info.kid}


@dataclass(frozen=True)
class RecordOutcome:
    """One record's outcome: a reason code, the sentence code and params, never English.

    ``note`` is a person's own words passed on as written (the operator's reason for a
    recapture); ``message`` is the catalogue's English for logs, the CLI and ``--json``.
    """

    record_id: str
    outcome: DeliveryOutcome
    reason: str | None = None
    code: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    @property
    def sentence_code(self) -> str:
        return self.code or record_code(self.reason)

    @property
    def message(self) -> str | None:
        if not self.outcome.explained and not self.reason:
            return None
        words = sentences.english_if_any(SYNC_CONTEXT, self.sentence_code, self.params)
        if words is None:
            words = sentences.english(SYNC_CONTEXT, "record.unknown", {"reason": self.reason})
        return f"{words} ({self.note})" if self.note else words

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "code": self.sentence_code, "message": self.message}


def outcome_of(
    info: RecordInfo, outcome: DeliveryOutcome, reason: str | None, note: str | None = None
) -> RecordOutcome:
    """A record's outcome worded by its reason; the operator's words only for a recapture."""
    return RecordOutcome(
        info.record_id,
        outcome,
        reason,
        record_code(reason, info),
        record_params(info),
        note if reason == Reason.RECAPTURE_REQUESTED else None,
    )


def refusal_words(info: RecordInfo, reason: str, note: str | None) -> str | None:
    """The catalogue's English a refusal is kept with, for the log (a ``flow.Wording``)."""
    return outcome_of(info, DeliveryOutcome.REJECTED, reason, note).message


def worded(verdict: Verdict, outcome: DeliveryOutcome) -> RecordOutcome:
    """What ``fieldkit.delivery.flow`` did with a verdict, as the summary words it.

    A refused or waiting record is worded by its reason; any other outcome is bare.
    """
    if outcome.explained:
        return outcome_of(verdict.record, outcome, verdict.code, verdict.message)
    return RecordOutcome(verdict.record.record_id, outcome)


class PushEnding(enum.StrEnum):
    """How a push ended, from the officer's side: what is left for them to do."""

    #: It stopped early (``PushSummary.error`` says why).
    STOPPED = "stopped"
    #: It ran, and records it could send still wait for the data center.
    STILL_WAITING = "still_waiting"
    #: It ran; the data center refused records (to be recorded again).
    REFUSED = "refused"
    #: Everything sendable was delivered; records the ketua tim holds back were not sent.
    HELD_BACK = "held_back"
    #: It ran and there was nothing to send.
    NOTHING_SENT = "nothing_sent"
    #: Every record on the laptop that may go was sent and confirmed.
    ALL_DELIVERED = "all_delivered"


@dataclass
class PushSummary:
    accepted: int = 0
    rejected: int = 0
    #: Records still waiting (SEALED or SENT) after this push, old ones included; records
    #: held back for the ketua tim are not among them (``awaiting_review``, ``returned``).
    pending: int = 0
    #: Flagged records waiting for the ketua tim's decision: not sent.
    awaiting_review: int = 0
    #: Records the ketua tim returned for recapture: never sent.
    returned: int = 0
    purged: int = 0
    uploaded: int = 0
    uploaded_bytes: int = 0
    status_changes: int = 0
    elapsed_s: float = 0.0
    #: Records that were refused, or are still pending, with the reason.
    problems: list[RecordOutcome] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: Why the push stopped early; None when it ran to the end.
    error: SyncError | None = None
    #: The data center's word on the audit log (``None``: not asked, or an older data center).
    audit: anchoring.AuditCheck | None = None
    #: The office's package after this push: applied, refused, or ``None`` (none offered).
    office: OfficeResult | None = None
    #: The cards' handovers reported (issue 49 §2); ``None``: not sent (an older data center).
    handovers: handovers.HandoverSync | None = None

    @property
    def ok(self) -> bool:
        """The push ran to its end and nothing it could send still waits (the exit code)."""
        return self.error is None and self.pending == 0

    @property
    def ending(self) -> PushEnding:
        """What the push came to, for the words a person reads after it (issue 47).

        ``ok`` alone said "every record was sent and confirmed" while a record waited
        for the ketua tim's review, a refused one needed recording again, or nothing
        had been sent at all.
        """
        if self.error is not None:
            return PushEnding.STOPPED
        if self.pending:
            return PushEnding.STILL_WAITING
        if self.rejected:
            return PushEnding.REFUSED
        if self.awaiting_review or self.returned:
            return PushEnding.HELD_BACK
        if not self.accepted:
            return PushEnding.NOTHING_SENT
        return PushEnding.ALL_DELIVERED

    def as_json(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "pending": self.pending,
            "awaiting_review": self.awaiting_review,
            "returned": self.returned,
            "purged": self.purged,
            "uploaded": self.uploaded,
            "uploaded_bytes": self.uploaded_bytes,
            "status_changes": self.status_changes,
            "elapsed_s": round(self.elapsed_s, 3),
            "problems": [p.as_json() for p in self.problems],
            "warnings": self.warnings,
            "error": self.error.as_dict() if self.error else None,
            "audit": self.audit.as_json() if self.audit else None,
            "office": self.office.as_json() if self.office else None,
            "handovers": self.handovers.as_json() if self.handovers else None,
        }


@dataclass(frozen=True)
class SyncStatus:
    """What the sync screen shows, read from the laptop alone."""

    enrolled: bool
    url: str | None
    device_id: str | None
    ca_fingerprint: str | None
    last_success_at: str | None
    counts: dict[str, int]
    problems: list[RecordOutcome]

    def as_json(self) -> dict[str, Any]:
        return {
            "enrolled": self.enrolled,
            "url": self.url,
            "device_id": self.device_id,
            "ca_fingerprint": self.ca_fingerprint,
            "last_success_at": self.last_success_at,
            "counts": self.counts,
            "problems": [p.as_json() for p in self.problems],
        }


def receipt_from_json(raw: dict[str, Any]) -> Receipt:
    try:
        return Receipt(**{**raw, "state": RecordState(raw["state"])})
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE, "receipt_malformed") from exc


def receipt_json(receipt: Receipt) -> str:
    return json.dumps({**asdict(receipt), "state": str(receipt.state)}, sort_keys=True)


def check_receipt(receipt: Receipt, settings: SyncConfig, info: RecordInfo) -> None:
    """The purge rule's checks: our receipt key signed it, for this device and this hash."""
    if receipt.record_id != info.record_id or receipt.device_id != settings.device_id:
        raise SyncError(SyncReason.RECEIPT_INVALID, "receipt_other_record")
    if receipt.sha256 != info.sha256:
        raise SyncError(SyncReason.RECEIPT_INVALID, "receipt_other_content")
    try:
        receipt.verify(settings.receipt_public_key)
    except (InvalidSignature, ValueError) as exc:
        raise SyncError(SyncReason.RECEIPT_INVALID) from exc


def receipt_verdict(
    settings: SyncConfig,
    info: RecordInfo,
    receipt: Receipt,
    *,
    reason: str | None = None,
    message: str | None = None,
    news: str | None = None,
) -> Verdict:
    """A receipt's verdict for :func:`fieldkit.delivery.flow.apply_verdict`, once it verifies.

    Raises SyncError(RECEIPT_INVALID) when it does not: what that means is the caller's
    path's (a push sends the record again; a line on a stick changes nothing).
    """
    check_receipt(receipt, settings, info)
    return Verdict(info, str(receipt.state), receipt_json(receipt), reason, message, news)
