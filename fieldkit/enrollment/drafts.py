"""Loading a draft and describing it: the helpers every enrollment action shares."""

from __future__ import annotations

import dataclasses
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
from fieldkit.quality.policy import QualityPolicy, load_policy

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


def progress_of(session: Session, row: Enrollment, policy: QualityPolicy | None = None) -> Progress:
    """The draft's steps and slots; ``policy`` when the caller has read it in this session.

    A capture passes the policy its plan read, so the attempt and the view it returns
    are judged by one read of the policy, never two that an office change fell between.
    """
    return progress(
        current=Step(row.current_step),
        consent=row.consent_at is not None,
        slots=slots_for(FingerMode(row.finger_mode), SignatureMode(row.signature_mode)),
        attempts=attempts_by_slot(session, row.id),
        excepted=excepted_parts(session, row.id),
        deferred=deferred(row),
        policy=policy if policy is not None else load_policy(session),
    )


def move_to(row: Enrollment, step: Step, at: dt.datetime) -> None:
    """Make ``step`` current, charging the time so far to the step being left."""
    if row.active_step != step.value or row.current_step != step.value:
        timing.account(row, at, step.value)
    row.current_step = step.value
    set_deferred(row, step, on=False)
    row.updated_at = at


@dataclass(frozen=True)
class RecordedConsent:
    """Who consented for the draft's person, as recorded (the consent step shows it again)."""

    given_by: str  # a ``ConsentGiver`` value
    name: str | None
    relation: str | None
    nik: str | None


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
    #: The consent recorded for this draft; None before the consent step is done.
    consent: RecordedConsent | None = None

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


def view_of(
    session: Session, row: Enrollment, policy: QualityPolicy | None = None
) -> EnrollmentView:
    """The draft as the screens show it (see :func:`progress_of` for ``policy``)."""
    return view_with(row, progress_of(session, row, policy))


def step_after_done(now: Progress) -> Step | None:
    """The step to move on to when the current one is done, else None.

    After a good capture, a kept attempt or an exception the officer should not have
    to press the next step by hand; this is the one place that decides it.
    """
    step = now.current
    if now.step_done(step) and step is not Step.REVIEW:
        return now.next_step(step)
    return None


def advanced_view(
    session: Session, row: Enrollment, at: dt.datetime, policy: QualityPolicy | None = None
) -> EnrollmentView:
    """The draft moved on by :func:`step_after_done`, in the caller's transaction.

    A capture returns it from the transaction that wrote the attempt, so the screen
    shows the next step without reading the draft again (issue 35).
    """
    return view_with(row, moved_on(row, progress_of(session, row, policy), at))


def moved_on(row: Enrollment, now: Progress, at: dt.datetime) -> Progress:
    """Move ``row`` on when :func:`step_after_done` says so; its progress after that."""
    following = step_after_done(now)
    if following is None:
        return now
    move_to(row, following, at)
    return dataclasses.replace(now, current=following, deferred=frozenset(deferred(row)))


def birth_year(row: Enrollment) -> int | None:
    """The person's birth year, which the KTP-el photo's backdrop follows (red odd, blue even).

    The typed or listed birth date's, else the one the NIK holds: a village list without
    a Tanggal Lahir column left it unknown, so no backdrop rule was checked for those
    people (a blue cloth passed for a red year) and the training camera kept the last
    person's cloth on the face step (issue 59 §6).
    """
    if row.birth_date is not None:
        return row.birth_date.year
    born = nik.birth_date_of(row.nik)
    return born.year if born is not None else None


def view_with(row: Enrollment, now: Progress) -> EnrollmentView:
    """The view of ``row`` with its progress already worked out."""
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
        progress=now,
        timing=timing.timing_of(row),
        birth_year=birth_year(row),
        consent=RecordedConsent(
            row.consent_by, row.consenter_name, row.consenter_relation, row.consenter_nik
        )
        if row.consent_at is not None and row.consent_by
        else None,
    )
