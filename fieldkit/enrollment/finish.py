"""Finishing: seal the record and erase its plaintext, in one transaction.

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

from sqlalchemy import exc

from fieldkit import audit
from fieldkit.enrollment import drafts, flow, timing
from fieldkit.enrollment.canonical_record import build_record, review_flags
from fieldkit.enrollment.errors import NotReadyToFinish, StepNotAllowed
from fieldkit.enrollment.machine import Step
from fieldkit.enrollment.models import Enrollment
from fieldkit.enrollment.outcomes import Outcome, put_outcome
from fieldkit.events import RecordSealed
from fieldkit.receipts import content as receipt
from fieldkit.records import outbox
from fieldkit.review import queue as review_queue

if TYPE_CHECKING:
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
