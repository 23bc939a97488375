"""The canonical record: everything the data center needs about one person, as one byte string.

The header is canonical JSON (sorted keys, no spaces), so the same record
always gives the same bytes and a stable signature.  Images (lossless JPEG
2000) and document photos travel as raw blobs after the header
(``fieldkit.records.container``), each listed with the SHA-256 taken when it
was captured; each capture's hash-chain link travels with it, so the data
center can check that no capture was dropped, added or reordered
(``drivers.chain``).  Only the kept attempt of each slot carries images; the
others carry their link and score, so the chain stays whole.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit._version import __version__
from fieldkit.enrollment import cosign_record, drafts, timing
from fieldkit.enrollment.machine import Progress, SignatureMode
from fieldkit.enrollment.models import (
    BiometricException,
    CaptureAttempt,
    CaptureImage,
    Enrollment,
    EnrollmentDocument,
    VisitFieldInfo,
)
from fieldkit.planning.models import Visit
from fieldkit.records import container, outbox
from fieldkit.store.models import Officer, Setting

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

FORMAT = "fieldkit-record/2"


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _document(
    doc: EnrollmentDocument | None, blobs: container.BlobList
) -> dict[str, object] | None:
    if doc is None:
        return None
    return {"media_type": doc.media_type, "sha256": doc.sha256} | blobs.ref(
        doc.media_type, doc.sha256, doc.data
    )


def review_flags(session: Session, row: Enrollment, progress: Progress) -> list[str]:
    """Codes for the ketua tim (no personal data): forced, excepted, substituted, by proxy, slow."""
    forced = session.scalars(
        sa.select(CaptureAttempt)
        .where(CaptureAttempt.enrollment_id == row.id, CaptureAttempt.forced_code.is_not(None))
        .order_by(CaptureAttempt.slot, CaptureAttempt.attempt)
    )
    flags = [f"forced:{a.slot}:{a.attempt}:{a.forced_code}" for a in forced]
    excepted = session.scalars(
        sa.select(BiometricException)
        .where(BiometricException.enrollment_id == row.id)
        .order_by(BiometricException.part)
    )
    flags += [f"exception:{e.part}:{e.reason}:{e.permanence}" for e in excepted]
    if row.signature_mode == SignatureMode.THUMBPRINT.value:
        flags.append("thumbprint_for_signature")
    flags += [f"warning:{w['code']}" for w in json.loads(row.warnings)]
    if row.consent_by and row.consent_by != "person":
        flags.append(f"consent:{row.consent_by}")  # a wali or pendamping consented
    if timing.timing_of(row).over_sop:
        flags.append("over_sop_time")
    del progress
    return cosign_record.signed_off(session, row.id, flags)  # countersigned on the spot: no review


def _captures(
    session: Session, row: Enrollment, progress: Progress, blobs: container.BlobList
) -> list[dict[str, object]]:
    # Two queries for the whole record, not two per slot: sealing is on the officer's clock.
    by_slot: dict[str, list[CaptureAttempt]] = defaultdict(list)
    for attempt in session.scalars(
        sa.select(CaptureAttempt)
        .where(CaptureAttempt.enrollment_id == row.id)
        .order_by(CaptureAttempt.slot, CaptureAttempt.attempt)
    ):
        by_slot[attempt.slot].append(attempt)
    kept_ids = [
        a.id
        for state in progress.slots
        for a in by_slot[state.slot.name]
        if a.attempt == state.best_attempt
    ]
    images: dict[object, list[CaptureImage]] = defaultdict(list)
    for image in session.scalars(
        sa.select(CaptureImage)
        .where(CaptureImage.attempt_id.in_(kept_ids))
        .order_by(CaptureImage.attempt_id, CaptureImage.part)
    ):
        images[image.attempt_id].append(image)
    out: list[dict[str, object]] = []
    for state in progress.slots:
        attempts = by_slot[state.slot.name]
        entries = []
        for attempt in attempts:
            entry: dict[str, object] = {
                "attempt": attempt.attempt,
                "kept": attempt.attempt == state.best_attempt,
                "score": attempt.score,
                "passed": attempt.passed,
                "forced": (
                    {"code": attempt.forced_code, "text": attempt.forced_text}
                    if attempt.forced_code
                    else None
                ),
                "captured_at": _iso(attempt.captured_at),
                "device": json.loads(attempt.device),
                "quality": json.loads(attempt.quality),
                "chain": {
                    "index": attempt.chain_index,
                    "previous_hash": attempt.previous_hash,
                    "payload_hash": attempt.payload_hash,
                    "hash": attempt.link_hash,
                    "metadata": json.loads(attempt.link_metadata),
                },
            }
            if attempt.attempt == state.best_attempt:
                entry["images"] = [
                    {"part": image.part, "media_type": image.media_type, "sha256": image.sha256}
                    | blobs.ref(image.media_type, image.sha256, image.data)
                    for image in images[attempt.id]
                    if not state.replaced_by_exception(image.part)
                ]
            entries.append(entry)
        out.append(
            {
                "slot": state.slot.name,
                "step": state.slot.step.value,
                "modality": state.slot.modality.value,
                "parts": list(state.slot.parts),
                "state": state.state.value,
                "kept_attempt": state.best_attempt,
                "attempts": entries,
            }
        )
    return out


def build_record(
    session: Session, row: Enrollment, *, finished_at: dt.datetime
) -> container.Packed:
    """The record container of a finished draft (read inside the sealing transaction)."""
    blobs = container.BlobList()
    progress = drafts.progress_of(session, row)
    visit = session.get(Visit, row.visit_id)
    info = session.get(VisitFieldInfo, row.visit_id)
    officer = session.scalars(sa.select(Officer).where(Officer.username == row.officer)).one()
    office = session.get(Setting, "office_code")
    consent_doc = session.scalars(
        sa.select(EnrollmentDocument).where(
            EnrollmentDocument.enrollment_id == row.id, EnrollmentDocument.kind == "consent"
        )
    ).first()
    entries = session.scalars(
        sa.select(BiometricException)
        .where(BiometricException.enrollment_id == row.id)
        .order_by(BiometricException.part)
    )
    exceptions = [
        {
            "part": entry.part,
            "reason": entry.reason,
            "text": entry.text,
            "permanence": entry.permanence,
            "recorded_by": entry.recorded_by,
            "recorded_at": _iso(entry.recorded_at),
            "proof": _document(session.get(EnrollmentDocument, entry.proof_id), blobs),
        }
        for entry in entries
    ]
    key = outbox.sealing_key(session, row.visit_id)
    record = {
        "format": FORMAT,
        "record_id": row.id,
        "seq": outbox.peek_next_seq(session),
        "demo": key.demo,
        "kid": key.kid,
        "software": {"fieldkit": __version__},
        "laptop": {
            "device_public_key": outbox.device_public_key(session).hex(),
            "office_code": office.value if office else None,
        },
        "officer": {
            "username": officer.username,
            "full_name": officer.full_name,
            "role": officer.role,
        },
        "visit": {
            "id": row.visit_id,
            "request_id": visit.request_id if visit else None,
            "date": visit.visit_date.isoformat() if visit else None,
            "place_type": visit.place_type if visit else None,
            "desa_code": visit.desa_code if visit else None,
            "kecamatan_code": visit.kecamatan_code if visit else None,
            "walk_in": bool(info.walk_in) if info else False,
            "gps": (
                {
                    "lat": info.gps_lat,
                    "lon": info.gps_lon,
                    "accuracy_m": info.gps_accuracy_m,
                    "source": info.gps_source,
                }
                if info is not None and info.gps_lat is not None
                else None
            ),
        },
        "target_id": row.target_id,
        "person": {
            "nik": row.nik,
            "kk": row.kk,
            "name": row.name,
            "birth_place": row.birth_place,
            "birth_date": row.birth_date.isoformat() if row.birth_date else None,
            "sex": row.sex,
            "address": row.address,
            "rt": row.rt,
            "rw": row.rw,
            "desa": row.desa,
            "desa_code": row.desa_code,
            "categories": [c for c in row.categories.split(",") if c],
            "disability_kind": row.disability_kind,
            "category_note": row.category_note,
            "warnings": json.loads(row.warnings),
        },
        "consent": {
            "given_by": row.consent_by,
            "name": row.consenter_name,
            "relation": row.consenter_relation,
            "nik": row.consenter_nik,
            "at": _iso(row.consent_at),
            "document": _document(consent_doc, blobs),
        },
        "finger_mode": row.finger_mode,
        "signature_mode": {"mode": row.signature_mode, "reason": row.signature_mode_reason},
        "captures": _captures(session, row, progress, blobs),
        "exceptions": exceptions,
        "chain": {"head": row.chain_head, "length": row.chain_length},
        "timing": timing.timing_of(row, finished_at).as_json(),
        "timestamps": {"started_at": _iso(row.started_at), "finished_at": _iso(finished_at)},
        "review_flags": review_flags(session, row, progress),
        "cosigns": cosign_record.record_entries(session, row.id),
    }
    return container.pack(record, blobs)
