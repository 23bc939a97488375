"""Moving through a draft: go to a step, defer it, pause, resume (the same day or on a revisit).

Nothing here ever deletes a capture except :func:`discard_enrollment`, which
the officer calls on purpose (the person withdrew consent) and which needs a
reason.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import audit
from fieldkit.enrollment import drafts, timing
from fieldkit.enrollment.errors import StepNotAllowed
from fieldkit.enrollment.intake import person_columns
from fieldkit.enrollment.machine import Step
from fieldkit.enrollment.models import (
    BiometricException,
    CaptureAttempt,
    CaptureImage,
    Enrollment,
    EnrollmentCosign,
    EnrollmentDocument,
)
from fieldkit.enrollment.visits import require_open, resolve_target, resolve_visit
from fieldkit.errors import InvalidInput
from fieldkit.events import DraftsChanged
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS
from fieldkit.planning.models import Target

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace


def get_enrollment(ws: Workspace, enrollment_ref: str) -> drafts.EnrollmentView:
    with ws.transaction() as session:
        return drafts.view_of(session, drafts.load(session, enrollment_ref))


def list_drafts(ws: Workspace, visit_ref: str | None = None) -> list[drafts.EnrollmentView]:
    with ws.transaction() as session:
        query = sa.select(Enrollment).order_by(Enrollment.started_at)
        if visit_ref is not None:
            query = query.where(Enrollment.visit_id == resolve_visit(session, visit_ref).id)
        return [drafts.view_of(session, row) for row in session.scalars(query)]


def draft_count(session: Session) -> int:
    """Recordings begun and neither sealed nor discarded (every officer's), counted in SQL."""
    return int(session.scalar(sa.select(sa.func.count()).select_from(Enrollment)) or 0)


def go_to(ws: Workspace, enrollment_ref: str, step: Step) -> drafts.EnrollmentView:
    """The officer picks the next step (the person allows the face photo first)."""
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        drafts.move_to(row, step, timing.now())
        return drafts.view_of(session, row)


def advance(ws: Workspace, enrollment_ref: str) -> drafts.EnrollmentView:
    """The draft, moved on to the next step when its current step is done.

    After a kept attempt or an exception the officer should not have to press the
    next step by hand (``drafts.step_after_done`` decides it).  One transaction: the
    draft, its progress and the policy are read once.  A capture needs no call here:
    its outcome carries the view, moved on in the transaction that wrote it.
    """
    with ws.transaction() as session:
        row = drafts.load(session, enrollment_ref)
        now = drafts.progress_of(session, row)
        if drafts.step_after_done(now) is None:
            return drafts.view_with(row, now)
        row = drafts.load_for_change(ws, session, row.id)  # moving it: may the officer?
        return drafts.view_with(row, drafts.moved_on(row, now, timing.now()))


def defer_step(ws: Workspace, enrollment_ref: str, step: Step) -> drafts.EnrollmentView:
    """Leave a step for later and move on to the next open one."""
    if step is Step.REVIEW:
        raise StepNotAllowed(code="review_not_deferrable")
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        drafts.set_deferred(row, step, on=True)
        progress = drafts.progress_of(session, row)
        now = timing.now()
        following = progress.next_step()
        timing.account(row, now, following.value)
        row.current_step = following.value
        row.updated_at = now
        audit.append(
            session, ws.officer.username, "enrollment.deferred", row.id, {"step": step.value}
        )
        return drafts.view_of(session, row)


def pause_enrollment(ws: Workspace, enrollment_ref: str) -> drafts.EnrollmentView:
    """Stop the clock and put the draft aside; everything captured stays (encrypted)."""
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        timing.account(row, timing.now(), None)
        row.status = drafts.PAUSED
        row.updated_at = timing.now()
        audit.append(session, ws.officer.username, "enrollment.paused", row.id)
        return drafts.view_of(session, row)


def resume_enrollment(
    ws: Workspace,
    enrollment_ref: str,
    *,
    visit_ref: str | None = None,
    target_ref: str | None = None,
) -> drafts.EnrollmentView:
    """Pick a paused draft up again; on a revisit, move it to the new visit (and its target)."""
    require_role(ws.officer, *RECORDERS)
    with ws.transaction() as session:
        row = drafts.load(session, enrollment_ref)
        if visit_ref is not None:
            _move_to_visit(session, row, visit_ref, target_ref)
        row.status = drafts.OPEN
        now = timing.now()
        timing.account(row, now, row.current_step)
        row.updated_at = now
        audit.append(
            session,
            ws.officer.username,
            "enrollment.resumed",
            row.id,
            {"visit_id": row.visit_id, "revisit": visit_ref is not None},
        )
        return drafts.view_of(session, row)


def _move_to_visit(
    session: Session, row: Enrollment, visit_ref: str, target_ref: str | None
) -> None:
    visit = resolve_visit(session, visit_ref)
    require_open(session, visit)
    if target_ref is not None:
        target = resolve_target(session, visit.id, target_ref)
    else:
        old = session.get(Target, row.target_id)
        if old is None:
            raise InvalidInput(code="draft_person_missing")
        target = Target(
            id=str(uuid.uuid4()),
            visit_id=visit.id,
            **person_columns(old),
            warnings=old.warnings,
            created_at=timing.now(),
        )
        session.add(target)
        session.flush()
    row.visit_id, row.target_id = visit.id, target.id


def delete_draft_rows(session: Session, enrollment_id: str) -> int:
    """Delete a draft and everything captured for it; returns how many images went."""
    attempt_ids = sa.select(CaptureAttempt.id).where(CaptureAttempt.enrollment_id == enrollment_id)
    images = len(
        session.scalars(
            sa.delete(CaptureImage)
            .where(CaptureImage.attempt_id.in_(attempt_ids))
            .returning(CaptureImage.id)
        ).all()
    )
    session.execute(sa.delete(CaptureAttempt).where(CaptureAttempt.enrollment_id == enrollment_id))
    session.execute(
        sa.delete(BiometricException).where(BiometricException.enrollment_id == enrollment_id)
    )
    session.execute(
        sa.delete(EnrollmentCosign).where(EnrollmentCosign.enrollment_id == enrollment_id)
    )
    docs = len(
        session.scalars(
            sa.delete(EnrollmentDocument)
            .where(EnrollmentDocument.enrollment_id == enrollment_id)
            .returning(EnrollmentDocument.id)
        ).all()
    )
    session.execute(sa.delete(Enrollment).where(Enrollment.id == enrollment_id))
    return images + docs


def discard_enrollment(ws: Workspace, enrollment_ref: str, reason: str) -> None:
    """Throw a draft away on purpose (consent withdrawn); its captures are erased."""
    require_role(ws.officer, *RECORDERS)
    words = reason.strip()
    if not words:
        raise InvalidInput(
            code="discard_reason_required",
        )
    with ws.transaction() as session:
        secure_delete(session)
        row = drafts.load(session, enrollment_ref)
        enrollment_id = row.id
        delete_draft_rows(session, enrollment_id)
        audit.append(session, ws.officer.username, "enrollment.discarded", enrollment_id)
    ws.events.emit(DraftsChanged())


def secure_delete(session: Session) -> None:
    """Make SQLite overwrite deleted content with zeros on this connection (privacy)."""
    session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
