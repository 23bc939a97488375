"""Recording a person the data center already holds: only with a reason, and audited.

Two things say so before a recording starts (:func:`check`):

- the office's list (``office_sent.recorded_on``): the data center accepted a record of
  this NIK; the data center's own RECAPTURE request on a record of ours counts as the
  reason (issue 38);
- this laptop's status feed: a record of this NIK waits for the office's decision on a
  possible duplicate (``DUPLICATE_RECORD``, issue 48).  A second recording now makes
  another Duplicate Record, one more for the person to clear at the office.

Either refuses the start (``InvalidInput``) until the petugas gives a reason; the reason
goes to the audit with what was warned of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import office_sent
from fieldkit.enrollment.models import TargetOutcome
from fieldkit.errors import InvalidInput
from fieldkit.planning.models import Target
from fieldkit.records import server_states
from fieldkit.records.models import SealedRecordRow
from fieldkit.records.states import RECAPTURE_REQUESTED

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

__all__ = ["AWAITS_DECISION", "RECORDED_AT_OFFICE", "RecordedBefore", "check"]

#: The refusal of a person the office's list says the data center has recorded (the raise
#: spells it: the catalogue's test reads each raise's code as a literal).
RECORDED_AT_OFFICE = "already_recorded_at_office"
#: The refusal of a person whose record waits for the office's decision on a duplicate.
AWAITS_DECISION = "duplicate_awaits_decision"


@dataclass(frozen=True)
class RecordedBefore:
    """Why this start needed a reason, and the reason: what the audit keeps."""

    reason: str
    recorded_on: dt.date | None
    awaiting_since: dt.date | None

    def details(self) -> dict[str, str | None]:
        """The audit's details: the days warned of and the reason (no NIK, no name)."""
        found: dict[str, str | None] = {}
        if self.recorded_on is not None:
            found["recorded_on"] = self.recorded_on.isoformat()
        if self.awaiting_since is not None:
            found["duplicate_awaits_decision"] = self.awaiting_since.isoformat()
        found["reason"] = self.reason
        return found


def check(session: Session, nik_value: str, reason: str | None) -> RecordedBefore | None:
    """None when nothing says this NIK was recorded; else the reason, or a refusal asking one.

    The duplicate waiting for a decision is asked first: it is the graver news (a card
    the person cannot get until the office decides) and the more recent.
    """
    awaiting = awaiting_decision(session, nik_value)
    if awaiting is not None and reason is None:
        raise InvalidInput(code="duplicate_awaits_decision", params={"date": awaiting.isoformat()})
    recorded_on = office_sent.recorded_on(session, nik_value)
    if recorded_on is not None and reason is None:
        reason = _recapture_asked(session, nik_value)
        if reason is None:
            raise InvalidInput(
                code="already_recorded_at_office", params={"date": recorded_on.isoformat()}
            )
    if reason is None or (awaiting is None and recorded_on is None):
        return None
    return RecordedBefore(reason, recorded_on, awaiting)


def awaiting_decision(session: Session, nik_value: str) -> dt.date | None:
    """The day a record of this NIK was sealed here, if it waits for the office's decision."""
    if not nik_value.strip():
        return None
    sealed_at = session.execute(
        sa.select(SealedRecordRow.sealed_at)
        .join(TargetOutcome, TargetOutcome.record_id == SealedRecordRow.record_id)
        .join(Target, Target.id == TargetOutcome.target_id)
        .where(
            Target.nik == nik_value,
            SealedRecordRow.server_state == server_states.DUPLICATE_RECORD,
        )
        .order_by(SealedRecordRow.sealed_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if sealed_at is None else sealed_at.astimezone().date()


def _recapture_asked(session: Session, nik_value: str) -> str | None:
    """The data center's words when it asked to record this NIK again, on a record of ours.

    Its RECAPTURE request counts as the reason to record a person the office's list
    says it holds already: the request came through this laptop's status feed, on a
    record this laptop sealed for a target with the same NIK.
    """
    row = session.execute(
        sa.select(SealedRecordRow.message)
        .join(TargetOutcome, TargetOutcome.record_id == SealedRecordRow.record_id)
        .join(Target, Target.id == TargetOutcome.target_id)
        .where(Target.nik == nik_value, SealedRecordRow.reason == RECAPTURE_REQUESTED)
        .order_by(SealedRecordRow.updated_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return f"{RECAPTURE_REQUESTED}: {row.message}" if row.message else RECAPTURE_REQUESTED
