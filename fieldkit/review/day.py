"""The ketua tim's day on one screen: today's people, what waits, who to see again, the kit.

Read-only and plain data, so the screen stays thin: each target of the day's
visits with its state (terekam, menunggu tinjauan, dikembalikan, tidak di
rumah, belum, or another outcome) and what the data center last said of its record,
how many records wait for review, how many
people are on the revisit list, and each visit's sarpras state.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import nik
from fieldkit.enrollment import tally
from fieldkit.enrollment.models import Enrollment, TargetOutcome
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.officers import require_role
from fieldkit.permissions import REVIEW_READERS
from fieldkit.planning.models import Target, Visit
from fieldkit.records import server_states
from fieldkit.records.models import RecordReview, ReviewState, SealedRecordRow
from fieldkit.review import queue, revisits
from fieldkit.sarpras import checklist

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace


class TargetState(enum.StrEnum):
    RECORDED = "recorded"  # terekam
    AWAITING_REVIEW = "awaiting_review"  # menunggu tinjauan
    RETURNED = "returned"  # dikembalikan
    REJECTED = "rejected"  # ditolak data center: to be recorded again
    NOT_AT_HOME = "not_at_home"  # tidak di rumah (or kunjungi lagi)
    NOT_YET = "not_yet"  # belum
    OTHER = "other"  # menolak, meninggal, pindah, tidak dapat direkam


class SarprasState(enum.StrEnum):
    NOT_STARTED = "not_started"
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"  # every row done, not signed yet
    SIGNED = "signed"


@dataclass(frozen=True)
class DayTarget:
    target_id: str
    visit_id: str
    name: str
    nik_masked: str
    state: TargetState
    outcome: str | None
    #: What the data center last said of the person's record, in words (issue 48); None
    #: for a person not recorded, or whose record it has not answered yet.
    data_center: server_states.StateWords | None = None


@dataclass(frozen=True)
class DayVisit:
    visit_id: str
    desa: str
    place_type: str
    checkout: SarprasState
    checkin: SarprasState
    #: Someone of the visit has an outcome already (recorded, not at home, ...) or is being
    #: recorded (a draft): the team is at work.  With the check-out not signed, the
    #: equipment went out unchecked.
    recording_started: bool = False
    #: The admin's leave to record without a signed check-out: who, and why.
    override_by: str | None = None
    override_reason: str | None = None

    @property
    def unchecked_equipment(self) -> bool:
        """Recording started while the sarpras check-out was not done and signed.

        SOP 004 step 6: the team checks its equipment with the goods keeper before it leaves.
        """
        return self.recording_started and self.checkout is not SarprasState.SIGNED


@dataclass(frozen=True)
class DayView:
    date: dt.date
    visits: tuple[DayVisit, ...]
    targets: tuple[DayTarget, ...]
    awaiting_review: int
    revisits: int

    def counts(self) -> dict[TargetState, int]:
        found = dict.fromkeys(TargetState, 0)
        for target in self.targets:
            found[target.state] += 1
        return found

    @property
    def awaiting_review_other_days(self) -> int:
        """Of the whole queue (:attr:`awaiting_review`), the records not of this day's people.

        The day's tile counts this day's people, the queue (and the navigation's badge)
        every waiting record: "2" on the tile and "3" beside it, unexplained, read as a
        mistake (issue 47).  The screen says the difference instead.
        """
        return max(self.awaiting_review - self.counts()[TargetState.AWAITING_REVIEW], 0)


#: The state of a person counted under each key (``enrollment.tally``); a recorded one
#: waiting for review is told apart by the review alone.
_BY_KEY = {
    tally.NO_OUTCOME_KEY: TargetState.NOT_YET,
    tally.REJECTED_KEY: TargetState.REJECTED,
    tally.RETURNED_KEY: TargetState.RETURNED,
    Outcome.RECORDED.value: TargetState.RECORDED,
    Outcome.NOT_AT_HOME.value: TargetState.NOT_AT_HOME,
    Outcome.REVISIT.value: TargetState.NOT_AT_HOME,
}


def _state(
    outcome: TargetOutcome | None, record_state: str | None, review: str | None
) -> TargetState:
    """The person's state, from the key every count shares (``enrollment.tally``).

    A record the data center refused was "terekam" here while the berita acara said
    "Ditolak data center (perlu rekam ulang)" (issue 47).
    """
    key = tally.counted_as(outcome.outcome if outcome else None, record_state, review)
    state = _BY_KEY.get(key, TargetState.OTHER)
    if state is TargetState.RECORDED and review == ReviewState.WAITING.value:
        return TargetState.AWAITING_REVIEW
    return state


def _sarpras(view: checklist.ChecklistView | None) -> SarprasState:
    if view is None:
        return SarprasState.NOT_STARTED
    if view.signed:
        return SarprasState.SIGNED
    return SarprasState.COMPLETE if view.complete else SarprasState.INCOMPLETE


def _targets(session: Session, visit_ids: list[str]) -> list[DayTarget]:
    rows = session.execute(
        sa.select(
            Target,
            TargetOutcome,
            SealedRecordRow.state,
            RecordReview.state,
            SealedRecordRow.server_state,
            SealedRecordRow.message,
        )
        .outerjoin(TargetOutcome, TargetOutcome.target_id == Target.id)
        .outerjoin(SealedRecordRow, SealedRecordRow.record_id == TargetOutcome.record_id)
        .outerjoin(RecordReview, RecordReview.record_id == TargetOutcome.record_id)
        .where(Target.visit_id.in_(visit_ids))
        .order_by(Target.visit_id, Target.source_row, Target.name)
    )
    return [
        DayTarget(
            target_id=target.id,
            visit_id=target.visit_id,
            name=target.name,
            nik_masked=nik.mask(target.nik),
            state=_state(outcome, record_state, review),
            outcome=outcome.outcome if outcome is not None else None,
            data_center=server_states.state_words(server_state, message),
        )
        for target, outcome, record_state, review, server_state, message in rows
    ]


def day_view(ws: Workspace, date: dt.date | None = None) -> DayView:
    """What the ketua tim looks over on ``date`` (today, in the laptop's time zone)."""
    require_role(ws.officer, *REVIEW_READERS)
    day = date or dt.datetime.now().astimezone().date()
    with ws.transaction() as session:
        visits = list(
            session.scalars(
                sa.select(Visit).where(Visit.visit_date == day).order_by(Visit.start_time)
            )
        )
        targets = _targets(session, [v.id for v in visits])
        waiting = queue.count_in_state(session, ReviewState.WAITING)
        drafting = set(
            session.scalars(
                sa.select(Enrollment.visit_id).where(
                    Enrollment.visit_id.in_([v.id for v in visits])
                )
            )
        )
    # A person with an outcome, or one being recorded now (a draft): the team is at work.
    at_work = drafting | {t.visit_id for t in targets if t.state is not TargetState.NOT_YET}
    day_visits = tuple(
        DayVisit(
            visit_id=v.id,
            desa=v.desa_name,
            place_type=v.place_type,
            checkout=_sarpras(checklist.get_checklist(ws, v.id, checklist.Phase.CHECKOUT)),
            checkin=_sarpras(checklist.get_checklist(ws, v.id, checklist.Phase.CHECKIN)),
            recording_started=v.id in at_work,
            override_by=override.granted_by if override else None,
            override_reason=override.reason if override else None,
        )
        for v in visits
        for override in (checklist.recording_override(ws, v.id),)
    )
    return DayView(
        date=day,
        visits=day_visits,
        targets=tuple(targets),
        awaiting_review=waiting,
        revisits=len(revisits.list_revisits(ws)),
    )
