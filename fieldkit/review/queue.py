"""Review before sync: only flagged records wait for the ketua tim.

At seal time (:func:`keep_summary`, inside the sealing transaction) a record
that carries a flag the ketua tim must see (an exception on any modality, a
capture kept below the threshold with a reason, a NIK warning, a consent by a
wali or pendamping) gets a small summary: the flag codes, each with its reason
in the officer's words, and thumbnails of the proof photos.  The ketua tim
decides from that summary alone, so review never needs the sealed record,
which the laptop cannot open anyway.

Records without such a flag get no summary and go to sync as before.  A
waiting or returned record is held back by sync; an approved one is sent, and
the ketua's decision travels with it, signed by the laptop, in the upload's
metadata (:func:`decision_document`, ``docs/sync-protocol.md``), never inside
the sealed record.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from drivers.image_size import check_declared_size
from fieldkit import audit, nik
from fieldkit.enrollment import canonical_record, capture, drafts
from fieldkit.enrollment.machine import THUMBPRINT_SLOT, SignatureMode
from fieldkit.enrollment.models import BiometricException, CaptureAttempt, EnrollmentDocument
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.events import ReviewsChanged, RevisitsChanged
from fieldkit.officers import Role, require_role
from fieldkit.permissions import REVIEW_READERS, TEAM_LEADS
from fieldkit.planning.models import Target
from fieldkit.records.models import RecordReview, ReviewState, SealedRecordRow
from fieldkit.records.outbox import RecordStatus
from fieldkit.review import revisits
from fieldkit.review.models import ReviewPhoto

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

    from fieldkit.enrollment.models import Enrollment
    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)

#: Thumbnails are this many pixels on their longer side: enough to see a stump or a bandage.
#: Big enough for the ketua tim to judge a stump or a clouded eye when it is enlarged.
THUMBNAIL_PX = 480
#: A note or a reason longer than this is not a note: it would also bloat the upload's header.
MAX_TEXT = 500
#: Flags that do not call for a second pair of eyes (the SOP time is the team's business).
_NOT_FOR_REVIEW = frozenset({"over_sop_time"})
#: Every review state, for a list of decided records as well as waiting ones.
EVERY_STATE = tuple(ReviewState)
#: The document of a decision, as signed by the laptop (``docs/sync-protocol.md`` §4.4).
DECISION_FORMAT = "fieldkit-review/1"
#: The review pictures that are not an exception's proof: what the ketua tim judges a
#: thumbprint signature and a guardian's consent by (``ReviewPhoto.part``).
THUMBPRINT_PART = "thumbprint"
CONSENT_PART = "consent"
#: What a detail holds about a person in words (a reason, a guardian's name and NIK):
#: erased once the data center holds the record, like the pictures.
_PERSONAL_KEYS = frozenset({"text", "name", "relation", "nik_masked", "reason"})


class ReviewNotFound(KnownError):
    code = "review_not_found"


class ReviewAlreadyDecided(KnownError):
    code = "review_already_decided"


class UndoRefused(KnownError):
    """A decision that can no longer be undone; ``code`` says why (sent, planned, not yours)."""

    code = "review_undo_refused"


def review_kinds(flags: Iterable[str]) -> list[str]:
    """The flags that make a record wait for the ketua tim (all but the time over the SOP)."""
    return [flag for flag in flags if flag not in _NOT_FOR_REVIEW]


def needs_review(flags: Iterable[str]) -> bool:
    return bool(review_kinds(flags))


def draft_waits_for_review(ws: Workspace, enrollment_ref: str) -> bool:
    """Whether the draft, sealed now, would wait for the ketua tim's review.

    A countersign on the spot signs off the flags it names; another flag (an exception
    the ketua skipped, a thumbprint for a signature, a NIK warning) still holds the record.
    """
    with ws.transaction() as session:
        row = drafts.load(session, enrollment_ref)
        flags = canonical_record.review_flags(session, row, drafts.progress_of(session, row))
    return needs_review(flags)


@dataclass(frozen=True)
class ReviewItem:
    """What the Tinjauan screen and ``fieldkit review list`` show of one record."""

    record_id: str
    target_id: str | None
    visit_id: str | None
    name: str | None
    nik_masked: str | None
    flags: tuple[str, ...]
    details: tuple[dict[str, str | None], ...]
    photos: int
    state: ReviewState
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    note: str | None

    @property
    def waiting(self) -> bool:
        """Not decided yet: the ketua tim may approve or return it."""
        return self.state is ReviewState.WAITING

    @property
    def approved(self) -> bool:
        return self.state is ReviewState.APPROVED

    def as_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "target_id": self.target_id,
            "visit_id": self.visit_id,
            "name": self.name,
            "nik_masked": self.nik_masked,
            "flags": list(self.flags),
            "details": [dict(d) for d in self.details],
            "photos": self.photos,
            "state": self.state.value,
            "sealed_at": self.created_at.isoformat(),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class ProofThumbnail:
    part: str
    media_type: str
    data: bytes


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _thumbnail(data: bytes) -> bytes | None:
    """A small JPEG of a proof photo; None when the photo cannot be read (never blocks a seal)."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - only for flagged records

    try:
        check_declared_size(data)  # a photo's header is checked before decoding (57.1)
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at a reduced scale
            small = image.convert("RGB")
            small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            small.save(out, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("a proof photo could not be made into a thumbnail: %s", type(exc).__name__)
        return None
    return out.getvalue()


def _nik_warning(code: str, stored: dict[str, object] | None) -> dict[str, str | None]:
    """A NIK/KK finding as the check stored it: its catalogue entry and params, for the UI.

    A record checked before findings were codes stored the Indonesian sentence
    (``pesan``) instead; that stays its ``text``, so an old store still reads.
    """
    stored = stored or {}
    detail: dict[str, str | None] = {"kind": "nik_warning", "part": None, "code": code}
    # The petugas's reason to keep a form that disagrees with its NIK (issue 47).
    detail["reason"] = str(stored["reason"]) if stored.get("reason") else None
    if "params" in stored:
        detail["wording"] = str(stored.get("wording") or code.partition(".")[2])
        detail["params"] = json.dumps(stored["params"], ensure_ascii=False)
        detail["text"] = None
    else:
        detail["text"] = str(stored.get("pesan") or "") or None
    return detail


def _consent_document(session: Session, row: Enrollment) -> EnrollmentDocument | None:
    """The photo of the consent letter as recorded with the consent (the last one taken)."""
    return session.scalars(
        sa.select(EnrollmentDocument)
        .where(EnrollmentDocument.enrollment_id == row.id, EnrollmentDocument.kind == "consent")
        .order_by(EnrollmentDocument.added_at.desc())
    ).first()


def _consent_detail(session: Session, row: Enrollment, code: str) -> dict[str, str | None]:
    """A guardian's or carer's consent as the ketua tim must judge it.

    Who, their relation, their NIK (masked) and whether a letter was photographed;
    ``text`` keeps the relation alone, as records sealed before these fields read.
    """
    return {
        "kind": "consent",
        "part": None,
        "code": code,
        "text": row.consenter_relation,
        "name": row.consenter_name,
        "relation": row.consenter_relation,
        "nik_masked": nik.mask(row.consenter_nik) if row.consenter_nik else None,
        "photo": "yes" if _consent_document(session, row) is not None else "no",
    }


def _details(session: Session, row: Enrollment, flags: list[str]) -> list[dict[str, str | None]]:
    """Each flag as {kind, part, code, text}: the reason in the officer's own words where given."""
    forced_text = {
        (a.slot, a.attempt): a.forced_text
        for a in session.scalars(
            sa.select(CaptureAttempt).where(
                CaptureAttempt.enrollment_id == row.id, CaptureAttempt.forced_code.is_not(None)
            )
        )
    }
    exception_text = {
        e.part: e.text
        for e in session.scalars(
            sa.select(BiometricException).where(BiometricException.enrollment_id == row.id)
        )
    }
    findings = {str(w["code"]): w for w in json.loads(row.warnings)}
    out: list[dict[str, str | None]] = []
    for flag in review_kinds(flags):
        kind, _, rest = flag.partition(":")
        if kind == "forced":
            slot, attempt, code = rest.rsplit(":", 2)
            out.append(
                {
                    "kind": "forced",
                    "part": slot,
                    "code": code,
                    "text": forced_text.get((slot, int(attempt))),
                }
            )
        elif kind == "exception":
            part_kind, part_name, reason, permanence = rest.split(":")
            part = f"{part_kind}:{part_name}"
            out.append(
                {
                    "kind": "exception",
                    "part": part,
                    "code": reason,
                    "permanence": permanence,
                    "text": exception_text.get(part),
                }
            )
        elif kind == "thumbprint_for_signature":
            out.append(
                {
                    "kind": "signature",
                    "part": "signature",
                    "code": "thumbprint",
                    "text": row.signature_mode_reason,
                }
            )
        elif kind == "warning":
            out.append(_nik_warning(rest, findings.get(rest)))
        elif kind == "consent":
            out.append(_consent_detail(session, row, rest))
        else:
            out.append({"kind": kind, "part": None, "code": rest or kind, "text": None})
    return out


def keep_summary(session: Session, row: Enrollment, record_id: str, flags: list[str]) -> bool:
    """Inside the sealing transaction: keep what the ketua tim needs; True if the record waits.

    Must run before the draft's rows are deleted: it reads the forced reasons,
    the exceptions and their proof photos from them.
    """
    kinds = review_kinds(flags)
    if not kinds:
        return False
    session.add(
        RecordReview(
            record_id=record_id,
            target_id=row.target_id,
            visit_id=row.visit_id,
            flags=json.dumps(kinds),
            details=json.dumps(_details(session, row, flags), ensure_ascii=False),
            state=ReviewState.WAITING.value,
            created_at=_now(),
        )
    )
    proofs = session.execute(
        sa.select(BiometricException.part, EnrollmentDocument.data)
        .join(EnrollmentDocument, EnrollmentDocument.id == BiometricException.proof_id)
        .where(BiometricException.enrollment_id == row.id)
        .order_by(BiometricException.part)
    )
    pictures = [(str(part), bytes(data)) for part, data in proofs]
    pictures += _judged_pictures(session, row, kinds)
    for part, data in pictures:
        small = _thumbnail(data)
        if small is not None:
            session.add(
                ReviewPhoto(record_id=record_id, part=part, media_type="image/jpeg", data=small)
            )
    session.flush()
    return True


def _judged_pictures(
    session: Session, row: Enrollment, kinds: list[str]
) -> list[tuple[str, bytes]]:
    """The thumbprint given for a signature, and the consent letter's photo, when flagged.

    The ketua tim cannot judge "cap jempol" or "wali (anak)" from words: they see
    the print and the letter.  Kept, like the proof photos, inside the encrypted
    store only, and erased once the data center holds the record.
    """
    out: list[tuple[str, bytes]] = []
    if "thumbprint_for_signature" in kinds and row.signature_mode == SignatureMode.THUMBPRINT:
        images = capture.kept_images(session, row.id).get(THUMBPRINT_SLOT.name, [])
        out += [(THUMBPRINT_PART, image.data) for image in images[:1]]
    if any(kind.startswith("consent:") for kind in kinds):
        letter = _consent_document(session, row)
        if letter is not None:
            out.append((CONSENT_PART, letter.data))
    return out


def _item(row: RecordReview, target: Target | None, photos: int) -> ReviewItem:
    return ReviewItem(
        record_id=row.record_id,
        target_id=row.target_id,
        visit_id=row.visit_id,
        name=target.name if target else None,
        nik_masked=nik.mask(target.nik) if target else None,
        flags=tuple(json.loads(row.flags)),
        details=tuple(json.loads(row.details)),
        photos=photos,
        state=ReviewState(row.state),
        created_at=row.created_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        note=row.note,
    )


def list_reviews(
    ws: Workspace, states: Iterable[ReviewState] = (ReviewState.WAITING,)
) -> list[ReviewItem]:
    """Flagged records in these states, oldest first (no decryption: the summary only).

    The review screen's readers only, whoever asks (the screen, ``fieldkit review
    list``): the list names people and says what was wrong with their record.
    """
    require_role(ws.officer, *REVIEW_READERS)
    wanted = [s.value for s in states]
    with ws.transaction() as session:
        counts: dict[str, int] = {
            record_id: int(count)
            for record_id, count in session.execute(
                sa.select(ReviewPhoto.record_id, sa.func.count()).group_by(ReviewPhoto.record_id)
            )
        }
        rows = session.execute(
            sa.select(RecordReview, Target)
            .outerjoin(Target, Target.id == RecordReview.target_id)
            .where(RecordReview.state.in_(wanted))
            .order_by(RecordReview.created_at, RecordReview.record_id)
        )
        return [_item(row, target, counts.get(row.record_id, 0)) for row, target in rows]


def proof_thumbnails(ws: Workspace, record_id: str) -> list[ProofThumbnail]:
    """The proof photos of a flagged record (a hand, a document): the review's readers only."""
    require_role(ws.officer, *REVIEW_READERS)
    with ws.transaction() as session:
        return [
            ProofThumbnail(p.part, p.media_type, p.data)
            for p in session.scalars(
                sa.select(ReviewPhoto)
                .where(ReviewPhoto.record_id == record_id)
                .order_by(ReviewPhoto.part)
            )
        ]


def _waiting_row(session: Session, record_id: str) -> RecordReview:
    row = session.get(RecordReview, record_id)
    if row is None:
        raise ReviewNotFound(
            params={"record_id": record_id},
        )
    if row.state != ReviewState.WAITING.value:
        raise ReviewAlreadyDecided(
            params={"record_id": record_id, "state": row.state},
        )
    return row


def _note(value: str | None) -> str | None:
    words = " ".join((value or "").split()) or None
    if words is not None and len(words) > MAX_TEXT:
        raise InvalidInput(
            code="review_note_too_long",
            params={"max": MAX_TEXT},
        )
    return words


def reason_words(value: str) -> str:
    """A return's reason as it is kept, or refused (none, or too long).

    Public so the screen checks it before asking "return this person?" about nothing.
    """
    words = " ".join(value.split())
    if not words:
        raise InvalidInput(code="review_reason_required")
    if len(words) > MAX_TEXT:
        raise InvalidInput(
            code="review_reason_too_long",
            params={"max": MAX_TEXT},
        )
    return words


def approve(ws: Workspace, record_id: str, note: str | None = None) -> ReviewItem:
    """The ketua tim approves a flagged record: the next push sends it, the decision with it."""
    require_role(ws.officer, *TEAM_LEADS)
    words = _note(note)
    with ws.transaction() as session:
        row = _waiting_row(session, record_id)
        row.state = ReviewState.APPROVED.value
        row.decided_by = ws.officer.username
        row.decided_at = _now()
        row.note = words
        audit.append(
            session,
            ws.officer.username,
            "review.approved",
            record_id,
            {"flags": len(json.loads(row.flags)), "note": words is not None},
        )
        session.flush()
    ws.events.emit(ReviewsChanged(record_id, ReviewState.APPROVED.value))
    return _one(ws, record_id)


def return_for_recapture(ws: Workspace, record_id: str, reason: str) -> ReviewItem:
    """The ketua tim returns a record: it is never sent, and the person goes on the revisit list."""
    require_role(ws.officer, *TEAM_LEADS)
    words = reason_words(reason)
    with ws.transaction() as session:
        row = _waiting_row(session, record_id)
        row.state = ReviewState.RETURNED.value
        row.decided_by = ws.officer.username
        row.decided_at = _now()
        row.note = words
        if row.target_id is not None:
            revisits.add(
                session,
                target_id=row.target_id,
                visit_id=row.visit_id,
                record_id=record_id,
                source=revisits.RevisitSource.RETURNED,
                reason_code="returned_by_ketua_tim",
                reason=words,
                actor=ws.officer.username,
            )
        audit.append(
            session,
            ws.officer.username,
            "review.returned",
            record_id,
            {"flags": len(json.loads(row.flags))},
        )
        session.flush()
    ws.events.emit(ReviewsChanged(record_id, ReviewState.RETURNED.value))
    ws.events.emit(RevisitsChanged())
    return _one(ws, record_id)


def undo_decision(ws: Workspace, record_id: str) -> ReviewItem:
    """The ketua tim takes back their own approval or return: the record waits again.

    Only while the record is still on this laptop unsent (a sent record carries the
    decision to the data center), only the ketua who decided, and a return only while
    its revisit is not planned (a planned revisit is a visit with a team).  A return's
    entry on the revisit list goes with it.  Audited with the decision undone.
    """
    require_role(ws.officer, *TEAM_LEADS)
    with ws.transaction() as session:
        row = session.get(RecordReview, record_id)
        if row is None:
            raise ReviewNotFound(params={"record_id": record_id})
        undone = row.state
        if undone == ReviewState.WAITING.value:
            raise UndoRefused(code="review_undo_not_decided")
        if row.decided_by != ws.officer.username:
            raise UndoRefused(code="review_undo_not_yours", params={"officer": row.decided_by})
        sealed = session.get(SealedRecordRow, record_id)
        if sealed is not None and sealed.state != RecordStatus.SEALED.value:
            raise UndoRefused(code="review_undo_sent")
        unlisted = None
        if undone == ReviewState.RETURNED.value:
            unlisted = revisits.unlist_returned(session, record_id)
        row.state = ReviewState.WAITING.value
        row.decided_by = None
        row.decided_at = None
        row.note = None
        audit.append(
            session,
            ws.officer.username,
            "review.undone",
            record_id,
            {"undone": undone, "revisit": unlisted},
        )
        session.flush()
    ws.events.emit(ReviewsChanged(record_id, ReviewState.WAITING.value))
    if undone == ReviewState.RETURNED.value:
        ws.events.emit(RevisitsChanged())
    return _one(ws, record_id)


def _one(ws: Workspace, record_id: str) -> ReviewItem:
    return next(
        item for item in list_reviews(ws, tuple(ReviewState)) if item.record_id == record_id
    )


# --- for sync ------------------------------------------------------------------------


def held_record_ids(session: Session) -> set[str]:
    """Records sync must not send: waiting for the ketua tim, or returned by them."""
    held = (ReviewState.WAITING.value, ReviewState.RETURNED.value)
    return set(
        session.scalars(sa.select(RecordReview.record_id).where(RecordReview.state.in_(held)))
    )


def forget_after_delivery(session: Session, record_id: str) -> int:
    """The data center holds the record: erase what the laptop kept only for the review.

    The proof thumbnails (pictures of the person's body) go, and so do the words typed
    about the person: the petugas's reasons beside each flag (often a health condition)
    and the ketua tim's note, which travelled with the record.  The flag codes and the
    decision stay, for the day's counts and the audit.  Returns how many pictures went.
    """
    gone = session.execute(sa.delete(ReviewPhoto).where(ReviewPhoto.record_id == record_id))
    row = session.get(RecordReview, record_id)
    if row is not None:
        details = json.loads(row.details)
        row.details = json.dumps(
            [{k: v for k, v in d.items() if k not in _PERSONAL_KEYS} for d in details],
            ensure_ascii=False,
        )
        row.note = None
    return int(getattr(gone, "rowcount", 0) or 0)


def count_in_state(session: Session, state: ReviewState) -> int:
    query = sa.select(sa.func.count()).select_from(RecordReview)
    return int(session.scalar(query.where(RecordReview.state == state.value)) or 0)


def decision_document(session: Session, record_id: str, sha256: str) -> dict[str, object] | None:
    """The ketua's decision on an approved record, to be signed and sent with its upload.

    It names the record and its envelope's hash, so the signature binds the
    decision to exactly what was uploaded; it holds flag codes, no personal data
    beyond the note the ketua typed.
    """
    row = session.get(RecordReview, record_id)
    if row is None or row.state != ReviewState.APPROVED.value or row.decided_at is None:
        return None
    return {
        "format": DECISION_FORMAT,
        "record_id": record_id,
        "sha256": sha256,
        "decision": row.state,
        "decided_by": row.decided_by,
        "role": Role.KETUA_TIM.value,
        "decided_at": row.decided_at.isoformat(),
        "note": row.note,
        "flags": json.loads(row.flags),
    }
