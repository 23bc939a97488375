"""Tables of field enrollment (revision 0004): drafts, their captures, exceptions, outcomes.

Drafts (``enrollments`` and everything hanging off it) hold personal data and
biometrics, so they live only here, inside the SQLCipher store, and are
deleted in the very transaction that seals the finished record.  What stays
afterwards is the target's outcome: a code, timings and review flags, never
an image.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fieldkit.store.models import Base, UtcDateTime

ID_LENGTH = 36


class VisitFieldInfo(Base):
    """What the team learns on the spot: where exactly (GPS), walk-in or planned, closed when."""

    __tablename__ = "visit_field_info"

    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), primary_key=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    gps_lat: Mapped[float | None] = mapped_column(Float)
    gps_lon: Mapped[float | None] = mapped_column(Float)
    gps_accuracy_m: Mapped[float | None] = mapped_column(Float)
    gps_source: Mapped[str | None] = mapped_column(String(8))  # "device" or "manual"
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(32))


class Enrollment(Base):
    """One person's recording in progress (a draft); its id becomes the sealed record's id."""

    __tablename__ = "enrollments"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), index=True)
    officer: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))  # "open" or "paused"
    current_step: Mapped[str] = mapped_column(String(16))
    step_status: Mapped[str] = mapped_column(Text)  # JSON {step: status}
    finger_mode: Mapped[str] = mapped_column(String(8))  # "slaps" or "single"
    signature_mode: Mapped[str] = mapped_column(String(12))  # "signature" or "thumbprint"
    signature_mode_reason: Mapped[str | None] = mapped_column(Text)
    # --- person ---
    nik: Mapped[str] = mapped_column(String(16))
    kk: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(160))
    birth_place: Mapped[str | None] = mapped_column(String(80))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    address: Mapped[str | None] = mapped_column(Text)
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    desa: Mapped[str | None] = mapped_column(String(120))
    desa_code: Mapped[str | None] = mapped_column(String(13))
    categories: Mapped[str] = mapped_column(String(80))
    disability_kind: Mapped[str | None] = mapped_column(String(80))
    category_note: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[str] = mapped_column(Text)  # JSON list of NIK/KK findings
    # --- consent ---
    consent_by: Mapped[str | None] = mapped_column(String(16))
    consenter_name: Mapped[str | None] = mapped_column(String(160))
    consenter_relation: Mapped[str | None] = mapped_column(String(40))
    consenter_nik: Mapped[str | None] = mapped_column(String(16))
    consent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # --- capture chain and timing ---
    chain_head: Mapped[str] = mapped_column(String(64))
    chain_length: Mapped[int] = mapped_column(Integer)
    timing: Mapped[str] = mapped_column(Text)  # JSON {step: seconds}
    active_step: Mapped[str | None] = mapped_column(String(16))
    active_since: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CaptureAttempt(Base):
    """One press of the capture button for one slot, with its quality verdict."""

    __tablename__ = "enrollment_attempts"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    slot: Mapped[str] = mapped_column(String(24))
    attempt: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    quality: Mapped[str] = mapped_column(Text)  # JSON, per part
    device: Mapped[str] = mapped_column(Text)  # JSON DeviceInfo
    chain_index: Mapped[int] = mapped_column(Integer)
    previous_hash: Mapped[str] = mapped_column(String(64))
    payload_hash: Mapped[str] = mapped_column(String(64))
    link_hash: Mapped[str] = mapped_column(String(64))
    link_metadata: Mapped[str] = mapped_column(Text)  # JSON, as hashed
    forced_code: Mapped[str | None] = mapped_column(String(24))
    forced_text: Mapped[str | None] = mapped_column(Text)
    captured_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CaptureImage(Base):
    """One image (or pen-sample list) of an attempt: a slap gives four, both eyes two."""

    __tablename__ = "enrollment_images"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("enrollment_attempts.id"), index=True)
    part: Mapped[str] = mapped_column(String(16))  # finger code, eye, "face", "signature"
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class EnrollmentDocument(Base):
    """A photo of a consent letter or of an exception's proof (the bandage, the stump)."""

    __tablename__ = "enrollment_documents"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "consent" or "proof"
    media_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class BiometricException(Base):
    """A finger or eye that cannot be captured, why, for how long, and its proof."""

    __tablename__ = "enrollment_exceptions"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    part: Mapped[str] = mapped_column(String(16))  # "finger:7", "eye:left"
    reason: Mapped[str] = mapped_column(String(24))
    text: Mapped[str | None] = mapped_column(Text)
    permanence: Mapped[str] = mapped_column(String(10))
    proof_id: Mapped[str] = mapped_column(ForeignKey("enrollment_documents.id"))
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class EnrollmentCosign(Base):
    """The ketua tim countersigned one flag of a draft on the spot (``enrollment.cosign``).

    ``subject_id`` is the forced attempt's or the exception's id and ``flag`` the review
    flag it answers, so a co-sign never covers a flag recorded again after it.
    """

    __tablename__ = "enrollment_cosigns"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollments.id"), index=True)
    subject_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    flag: Mapped[str] = mapped_column(String(80))
    ketua: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class TargetOutcome(Base):
    """How a target's visit ended; kept after sealing (codes and timings, no biometrics)."""

    __tablename__ = "target_outcomes"

    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    revisit_date: Mapped[dt.date | None] = mapped_column(Date)
    record_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    seconds_total: Mapped[int | None] = mapped_column(Integer)
    step_seconds: Mapped[str | None] = mapped_column(Text)  # JSON {step: seconds}
    review_flags: Mapped[str] = mapped_column(Text)  # JSON list of codes, no personal data
    decided_by: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
