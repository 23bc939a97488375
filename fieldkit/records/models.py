"""Tables for the signing key, data-center keys, sealed records and tombstones (0003, 0008).

The sealed record's ciphertext lives here until the data center has accepted
it and its signed receipt has been verified; then ``envelope`` is cleared and
the row stays behind as a tombstone (id, hash, receipt) for the audit.
"""

from __future__ import annotations

import datetime as dt

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
