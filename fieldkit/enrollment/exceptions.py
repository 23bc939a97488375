"""Biometric exceptions: a finger or eye that cannot be captured, and why.

Exceptions are normal in jemput bola work, not rare: amputations, bandages,
prints worn away by farm work, cataracts.  Each one names the finger or eye,
a reason from a fixed list, whether it is temporary (the bandage comes off:
re-record later) or permanent, and a proof photo, which the data center and
the ketua tim check.  Every exception is flagged for the ketua tim's review.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit
from fieldkit.enrollment import drafts, timing
from fieldkit.enrollment.errors import ProofRequired, StepNotAllowed
from fieldkit.enrollment.intake import add_document
from fieldkit.enrollment.machine import Step, all_exception_parts
from fieldkit.enrollment.models import BiometricException
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


class ExceptionReason(enum.StrEnum):
    AMPUTATED = "amputated"
    BANDAGED_OR_INJURED = "bandaged_or_injured"
    WORN_OR_UNREADABLE = "worn_or_unreadable"
    TREMOR = "tremor"
    BLIND_OR_EYE_DISEASE = "blind_or_eye_disease"
    UNABLE_TO_COOPERATE = "unable_to_cooperate"
    OTHER = "other"

    @property
    def document_term(self) -> str:
        """The Indonesian term the official documents print, whatever the UI's language.

        The receipt, the letters and the berita acara are worded in Indonesian by
        regulation (``fieldkit/reports/``); a screen words this value from
        ``ui/labels_catalogue.py`` instead.
        """
        return _LABELS[self]


_LABELS = {
    ExceptionReason.AMPUTATED: "Diamputasi / tidak ada",
    ExceptionReason.BANDAGED_OR_INJURED: "Diperban / luka",
    ExceptionReason.WORN_OR_UNREADABLE: "Aus / tidak terbaca",
    ExceptionReason.TREMOR: "Tremor",
    ExceptionReason.BLIND_OR_EYE_DISEASE: "Disabilitas netra / penyakit mata",
    ExceptionReason.UNABLE_TO_COOPERATE: "Tidak dapat bekerja sama",
    ExceptionReason.OTHER: "Lainnya",
}


class Permanence(enum.StrEnum):
    TEMPORARY = "temporary"  # re-record when it heals: the record asks for a revisit
    PERMANENT = "permanent"


@dataclass(frozen=True)
class ExceptionInfo:
    id: str
    part: str
    reason: ExceptionReason
    permanence: Permanence
    has_text: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "part": self.part,
            "reason": self.reason.value,
            "permanence": self.permanence.value,
        }


def _step_of(part: str) -> Step:
    return Step.IRIS if part.startswith("eye:") else Step.FINGERS


def record_exception(  # noqa: PLR0917 - the officer's form, field by field
    ws: Workspace,
    enrollment_ref: str,
    part: str,
    reason: ExceptionReason,
    permanence: Permanence,
    proof_photo: bytes | None,
    *,
    text: str | None = None,
) -> ExceptionInfo:
    """Except one finger (``finger:7``) or eye (``eye:left``); a proof photo is required."""
    if part not in all_exception_parts():
        raise InvalidInput(
            code="exception_part_unknown",
            params={"part": part},
        )
    if not proof_photo:
        raise ProofRequired(params={"part": part})
    words = (text or "").strip() or None
    if reason is ExceptionReason.OTHER and words is None:
        raise InvalidInput(code="exception_other_needs_description")
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        if row.consent_at is None:
            raise StepNotAllowed(code="exception_needs_consent")
        existing = session.scalars(
            sa.select(BiometricException).where(
                BiometricException.enrollment_id == row.id, BiometricException.part == part
            )
        ).first()
        if existing is not None:
            raise StepNotAllowed(
                code="exception_exists",
                params={"part": part},
            )
        proof_id = add_document(session, row.id, "proof", proof_photo, "proof photo")
        entry = BiometricException(
            id=str(uuid.uuid4()),
            enrollment_id=row.id,
            part=part,
            reason=reason.value,
            text=words,
            permanence=permanence.value,
            proof_id=proof_id,
            recorded_by=ws.officer.username,
            recorded_at=timing.now(),
        )
        session.add(entry)
        drafts.move_to(row, _step_of(part), timing.now())
        audit.append(
            session,
            ws.officer.username,
            "enrollment.exception",
            row.id,
            {"part": part, "reason": reason.value, "permanence": permanence.value},
        )
        return ExceptionInfo(entry.id, part, reason, permanence, words is not None)


def remove_exception(ws: Workspace, enrollment_ref: str, part: str) -> None:
    """The finger could be captured after all (the bandage came off)."""
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        entry = session.scalars(
            sa.select(BiometricException).where(
                BiometricException.enrollment_id == row.id, BiometricException.part == part
            )
        ).first()
        if entry is None:
            raise StepNotAllowed(
                code="exception_missing",
                params={"part": part},
            )
        session.delete(entry)
        audit.append(
            session, ws.officer.username, "enrollment.exception_removed", row.id, {"part": part}
        )


def list_exceptions(ws: Workspace, enrollment_ref: str) -> list[ExceptionInfo]:
    with ws.transaction() as session:
        row = drafts.load(session, enrollment_ref)
        return [
            ExceptionInfo(
                e.id,
                e.part,
                ExceptionReason(e.reason),
                Permanence(e.permanence),
                e.text is not None,
            )
            for e in session.scalars(
                sa.select(BiometricException)
                .where(BiometricException.enrollment_id == row.id)
                .order_by(BiometricException.part)
            )
        ]
