"""Tables for the signing key, data-center keys, sealed records and tombstones (0003, 0008).

Beside them, the ketua tim's review of a flagged record (0006): the summary kept at
seal time and the decision that holds the record back or lets it go.  The review
feature writes it; delivery's states and the enrollment freeze, below that feature,
read which records it holds, so the table lives with the records it holds.

The sealed record's ciphertext lives here until the data center has accepted
it and its signed receipt has been verified; then ``envelope`` is cleared and
the row stays behind as a tombstone (id, hash, receipt) for the audit.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class DeviceIdentity(Base):
    """The laptop's Ed25519 signing key and its record counter; exactly one row (id 1)."""

    __tablename__ = "device_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw Ed25519 private key
    next_seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class DataCenterKeyRow(Base):
    """A data center's X25519 encryption key, by kid; ``active`` marks the one to seal to."""

    __tablename__ = "datacenter_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    demo: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SealedRecordRow(Base):
    """One sealed record in the outbox; after purge, its tombstone."""

    __tablename__ = "sealed_records"

    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    kid: Mapped[str] = mapped_column(String(64))
    demo: Mapped[bool] = mapped_column(Boolean)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    #: The HPKE ciphertext; None once purged.
    envelope: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    visit_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    #: Local life cycle (``RecordStatus``); the data center's own state is ``server_state``.
    state: Mapped[str] = mapped_column(String(24), index=True)
    server_state: Mapped[str | None] = mapped_column(String(24))
    #: Why it was refused or is held: a code (``kid_unknown``, ``sha256_mismatch``...).
    reason: Mapped[str | None] = mapped_column(Text)
    #: The data center's (or this laptop's) words beside ``reason``, kept apart (0008).
    message: Mapped[str | None] = mapped_column(Text)
    #: The data center's signed receipt, as JSON, once it has one.
    receipt: Mapped[str | None] = mapped_column(Text)
    sealed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    purged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ReviewState(enum.StrEnum):
    WAITING = "waiting"  # sealed, held back from sync until the ketua tim decides
    APPROVED = "approved"  # sent with the next push, the decision with it
    RETURNED = "returned"  # never sent: the person goes on the revisit list


class RecordReview(Base):
    """One flagged record's review: its summary, and the ketua tim's decision once made."""

    __tablename__ = "record_reviews"

    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    target_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)
    flags: Mapped[str] = mapped_column(Text)  # JSON list of flag codes, no personal data
    details: Mapped[str] = mapped_column(Text)  # JSON list: each flag with its reason in words
    state: Mapped[str] = mapped_column(String(12), index=True)  # ReviewState
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    note: Mapped[str | None] = mapped_column(Text)  # the approval's note, or the return's reason
