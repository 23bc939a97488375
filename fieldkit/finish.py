"""How a person's turn at a visit ends: a sealed record, or an outcome said by hand.

Both write more than enrollment's own tables: a sealed record keeps its review
summary and the family's receipt, and "tidak di rumah" puts the person on the
revisit list.  So this module sits above ``enrollment/``, ``review/`` and
``receipts/``, which it joins; none of them imports it.

Finishing seals the record and erases its plaintext, in one transaction.

The sealing transaction (1) builds the canonical record, (2) signs it with
the laptop's Ed25519 key, encrypts it to the data center's key and flushes it
to its outbox file (``outbox.seal_record``: the seal's commit point), (3)
deletes the draft, every attempt, image,
exception and document, with ``PRAGMA secure_delete=ON`` so the freed pages
are overwritten with zeros, and (4) writes the target's outcome (codes and
timings only).  SQLite commits all of it or none of it, durably (WAL,
``synchronous=FULL``).  A kill at any moment leaves either the draft alone
or the sealed record; if it strikes between the file's flush and the commit,
the next login adopts the file and :func:`recover_adopted` erases the draft.
A checkpoint afterwards folds the WAL back into the store, so the old pages
do not linger there.

After that, the laptop cannot read the biometrics back: it holds only the
ciphertext, and the private key that opens it is the data center's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import exc

from fieldkit import audit
from fieldkit.enrollment import drafts, flow, timing
from fieldkit.enrollment.canonical_record import build_record, review_flags
from fieldkit.enrollment.errors import NotReadyToFinish, StepNotAllowed
from fieldkit.enrollment.machine import Step
from fieldkit.enrollment.models import Enrollment, TargetOutcome
from fieldkit.enrollment.outcomes import (
    DATED_OUTCOMES,
    Outcome,
    OutcomeInfo,
    outcome_info,
    put_outcome,
)
from fieldkit.enrollment.visits import require_open, resolve_target, resolve_visit
from fieldkit.errors import InvalidInput
from fieldkit.events import OutcomesChanged, RecordSealed
from fieldkit.officers import require_role
from fieldkit.permissions import RECORDERS
from fieldkit.receipts import content as receipt
from fieldkit.records import outbox
from fieldkit.review import queue as review_queue
from fieldkit.review import revisits

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FinishedRecord:
    record_id: str
    seq: int
    sha256: str
    demo: bool
    kid: str
    size: int
    target_id: str
    review_flags: tuple[str, ...]
    seconds_total: float

    def as_json(self) -> dict[str, object]:
        return {
            "record_id": self.record_id,
            "seq": self.seq,
            "sha256": self.sha256,
            "demo": self.demo,
            "kid": self.kid,
            "size": self.size,
            "target_id": self.target_id,
            "review_flags": list(self.review_flags),
            "seconds_total": self.seconds_total,
        }


def review(ws: Workspace, enrollment_ref: str) -> drafts.EnrollmentView:
    """Go to the review step: what is done, what is flagged, what still stands in the way."""
    return flow.go_to(ws, enrollment_ref, Step.REVIEW)


def finish_enrollment(ws: Workspace, enrollment_ref: str) -> FinishedRecord:
    """Seal a complete draft and delete its plaintext in the same transaction.

    Allowed while frozen: freezing blocks new enrollments, never the finishing
    of captures already taken.
    """
    finished_at = timing.now()
    with ws.transaction() as session:
        row = drafts.load_for_change(ws, session, enrollment_ref)
        progress = drafts.progress_of(session, row)
        missing = progress.missing()
        if missing:
            raise NotReadyToFinish(
                missing,
            )
        if row.chain_length == 0:
            raise StepNotAllowed(code="nothing_captured")
        timing.account(row, finished_at, None)
        flags = review_flags(session, row, progress)
        per_step = timing.step_seconds(row)
        packed = build_record(session, row, finished_at=finished_at)
        sealed = outbox.seal_record(
            session, row.id, packed.payload, visit_id=row.visit_id, statement=packed.statement
        )
        # Before the draft goes: the review summary reads its reasons and proof photos.
        waits = review_queue.keep_summary(session, row, sealed.record_id, flags)
        receipt.keep(session, row, sealed.record_id, ws.officer.username, finished_at)
        flow.secure_delete(session)
        erased = flow.delete_draft_rows(session, row.id)
        put_outcome(
            session,
            target_id=row.target_id,
            visit_id=row.visit_id,
            outcome=Outcome.RECORDED,
            officer=ws.officer.username,
            record_id=sealed.record_id,
            step_seconds=per_step,
            review_flags=flags,
        )
        audit.append(
            session,
            ws.officer.username,
            "record.sealed",
            sealed.record_id,
            {
                # No hash here: a hex digest can hold a 16-digit run, which the audit
                # log refuses as a possible NIK; the outbox row keeps the hash.
                "seq": sealed.seq,
                "demo": sealed.demo,
                "erased_items": erased,
                "flags": len(flags),
                "awaits_review": waits,
            },
        )
        result = FinishedRecord(
            record_id=sealed.record_id,
            seq=sealed.seq,
            sha256=sealed.sha256,
            demo=sealed.demo,
            kid=sealed.kid,
            size=len(sealed.envelope),
            target_id=row.target_id,
            review_flags=tuple(flags),
            seconds_total=round(sum(per_step.values()), 3),
        )
    checkpoint(ws)
    if result.demo:
        log.warning("record %s sealed to the DEMO data center key", result.record_id)
    ws.events.emit(RecordSealed(record_id=result.record_id, seq=result.seq, demo=result.demo))
    return result


def checkpoint(ws: Workspace) -> bool:
    """Fold the WAL into the store so erased pages do not linger in it; best effort."""
    try:
        with ws.store.engine.connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
    except exc.DBAPIError as error:
        log.info("checkpoint after sealing skipped: %s", type(error.orig).__name__)
        return False
    return busy is not None and busy[0] == 0


def recover_adopted(session: Session, record_ids: list[str], officer: str) -> int:
    """Erase the drafts of records the outbox adopted after a crash; returns how many.

    The laptop died after the sealed file was flushed (the seal's commit point)
    and before the transaction that erases the draft committed.  The record is
    safe in the outbox, so its plaintext must go now, as finishing would have done.
    """
    erased = 0
    for record_id in record_ids:
        draft = session.get(Enrollment, record_id)
        if draft is None:
            continue
        outbox.set_visit(session, record_id, draft.visit_id)
        flags = review_flags(session, draft, drafts.progress_of(session, draft))
        review_queue.keep_summary(session, draft, record_id, flags)
        receipt.keep(session, draft, record_id, officer, timing.now())
        flow.secure_delete(session)
        items = flow.delete_draft_rows(session, record_id)
        put_outcome(
            session,
            target_id=draft.target_id,
            visit_id=draft.visit_id,
            outcome=Outcome.RECORDED,
            officer=officer,
            record_id=record_id,
            review_flags=flags,
        )
        audit.append(session, officer, "record.recovered", record_id, {"erased_items": items})
        erased += 1
    return erased


def record_outcome(
    ws: Workspace,
    visit_ref: str,
    target_ref: str,
    outcome: Outcome,
    *,
    reason: str | None = None,
    revisit_date: dt.date | None = None,
) -> OutcomeInfo:
    """Say how a target ended when nobody was recorded (or a revisit is needed)."""
    require_role(ws.officer, *RECORDERS)
    words = (reason or "").strip() or None
    if outcome is Outcome.RECORDED:
        raise InvalidInput(
            code="outcome_recorded_by_sealing",
        )
    if outcome is Outcome.UNABLE and words is None:
        raise InvalidInput(
            code="outcome_unable_needs_reason",
        )
    if revisit_date is None:
        if outcome is Outcome.REVISIT:
            raise InvalidInput(code="revisit_date_required")
    elif outcome not in DATED_OUTCOMES:
        raise InvalidInput(code="revisit_date_not_for_outcome")
    elif revisit_date < timing.now().date():
        raise InvalidInput(code="revisit_date_in_past")
    with ws.transaction() as session:
        visit = resolve_visit(session, visit_ref)
        require_open(session, visit)
        target = resolve_target(session, visit.id, target_ref)
        existing = session.get(TargetOutcome, target.id)
        if existing is not None and existing.outcome == Outcome.RECORDED:
            raise StepNotAllowed(code="outcome_sealed")
        draft = session.scalars(
            sa.select(Enrollment.id).where(Enrollment.target_id == target.id)
        ).first()
        if draft is not None and outcome is not Outcome.REVISIT:
            raise StepNotAllowed(
                code="outcome_draft_exists",
                params={"id": draft[:8]},
            )
        put_outcome(
            session,
            target_id=target.id,
            visit_id=visit.id,
            outcome=outcome,
            officer=ws.officer.username,
            reason=words,
            revisit_date=revisit_date,
        )
        revisits.note_outcome(
            session,
            target_id=target.id,
            visit_id=visit.id,
            outcome=outcome.value,
            reason=words,
            revisit_date=revisit_date,
            actor=ws.officer.username,
        )
        audit.append(
            session,
            ws.officer.username,
            "target.outcome",
            target.id,
            {"outcome": outcome.value, "visit_id": visit.id},
        )
        info = outcome_info(session.get(TargetOutcome, target.id))  # type: ignore[arg-type]
    ws.events.emit(OutcomesChanged(visit_id=visit.id))
    return info
