"""Loading a draft and describing it: the helpers every enrollment action shares."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import nik
from fieldkit.enrollment import timing
from fieldkit.enrollment.errors import StepNotAllowed, UnknownEnrollment
from fieldkit.enrollment.machine import (
    AttemptSummary,
    FingerMode,
    Progress,
    SignatureMode,
    Step,
    progress,
    slots_for,
)
from fieldkit.enrollment.models import BiometricException, CaptureAttempt, Enrollment
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

_MIN_PREFIX = 4
OPEN = "open"
PAUSED = "paused"


def load(session: Session, ref: str) -> Enrollment:
    """A draft by id or unique prefix; sealed ones are gone, and say so."""
    ref = ref.strip().lower()
    if len(ref) < _MIN_PREFIX:
        raise UnknownEnrollment(code="enrollment_id_too_short", params={"min": _MIN_PREFIX})
    rows = list(
        session.scalars(
            sa.select(Enrollment).where(Enrollment.id.startswith(ref, autoescape=True)).limit(2)
        )
    )
    if not rows:
        raise UnknownEnrollment(params={"enrollment": ref})
    if len(rows) > 1:
        raise UnknownEnrollment(code="enrollment_id_ambiguous", params={"enrollment": ref})
    return rows[0]


def load_for_change(ws: Workspace, session: Session, ref: str) -> Enrollment:
    """A draft the officer may change now: open (a paused one must be resumed first)."""
    require_role(ws.officer, *RECORDERS)
    row = load(session, ref)
    if row.status == PAUSED:
        raise StepNotAllowed(
            code="enrollment_paused",
            params={"id": row.id[:8]},
        )
    return row


def deferred(row: Enrollment) -> set[Step]:
    data: dict[str, str] = json.loads(row.step_status)
    return {Step(step) for step, state in data.items() if state == "deferred"}


def set_deferred(row: Enrollment, step: Step, *, on: bool) -> None:
    data: dict[str, str] = json.loads(row.step_status)
    if on:
        data[step.value] = "deferred"
    else:
        data.pop(step.value, None)
    row.step_status = json.dumps(data, sort_keys=True)


def attempts_by_slot(session: Session, enrollment_id: str) -> dict[str, list[AttemptSummary]]:
    found: dict[str, list[AttemptSummary]] = defaultdict(list)
    rows = session.scalars(
        sa.select(CaptureAttempt)
        .where(CaptureAttempt.enrollment_id == enrollment_id)
        .order_by(CaptureAttempt.slot, CaptureAttempt.attempt)
    )
    for row in rows:
        parts = tuple(json.loads(row.quality).get("parts", {}))
        found[row.slot].append(
            AttemptSummary(row.attempt, row.score, row.passed, row.forced_code is not None, parts)
        )
    return found


def excepted_parts(session: Session, enrollment_id: str) -> set[str]:
    return set(
        session.scalars(
            sa.select(BiometricException.part).where(
                BiometricException.enrollment_id == enrollment_id
            )
        )
    )


def progress_of(session: Session, row: Enrollment) -> Progress:
    return progress(
        current=Step(row.current_step),
        consent=row.consent_at is not None,
        slots=slots_for(FingerMode(row.finger_mode), SignatureMode(row.signature_mode)),
        attempts=attempts_by_slot(session, row.id),
        excepted=excepted_parts(session, row.id),
        deferred=deferred(row),
    )


def move_to(row: Enrollment, step: Step, at: dt.datetime) -> None:
    """Make ``step`` current, charging the time so far to the step being left."""
    if row.active_step != step.value or row.current_step != step.value:
        timing.account(row, at, step.value)
    row.current_step = step.value
    set_deferred(row, step, on=False)
    row.updated_at = at


@dataclass(frozen=True)
class EnrollmentView:
    """A draft as the screens show it: the NIK masked, no images."""

    id: str
    visit_id: str
    target_id: str
    status: str
    nik_masked: str
    warnings: tuple[str, ...]
    finger_mode: FingerMode
    signature_mode: SignatureMode
    progress: Progress
    timing: timing.Timing
    #: The KTP-el photo's backdrop depends on it (red odd, blue even); None when unknown.
    birth_year: int | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "enrollment_id": self.id,
            "visit_id": self.visit_id,
            "target_id": self.target_id,
            "status": self.status,
            "nik": self.nik_masked,
            "warnings": list(self.warnings),
            "finger_mode": self.finger_mode.value,
            "signature_mode": self.signature_mode.value,
            "progress": self.progress.as_json(),
            "timing": self.timing.as_json(),
        }


def view_of(session: Session, row: Enrollment) -> EnrollmentView:
    findings = json.loads(row.warnings)
    return EnrollmentView(
        id=row.id,
        visit_id=row.visit_id,
        target_id=row.target_id,
        status=row.status,
        nik_masked=nik.mask(row.nik),
        warnings=tuple(str(f["code"]) for f in findings),
        finger_mode=FingerMode(row.finger_mode),
        signature_mode=SignatureMode(row.signature_mode),
        progress=progress_of(session, row),
        timing=timing.timing_of(row),
        birth_year=row.birth_date.year if row.birth_date else None,
    )
