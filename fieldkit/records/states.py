"""Which state each sealed record is in, which wait, and when a sync is done: defined once.

The outbox row knows SEALED to PURGED; a SEALED record the ketua tim holds
back is AWAITING_REVIEW (not decided yet) or RETURNED (to be recorded again,
never sent).  Everything that counts or lists records by state (the push's
summary, ``fieldkit sync status``, the sync screen, the USB export, the
enrollment freeze) asks this module.  A push or a USB receipts import ends with
:func:`mark_sync_done`, which writes the moment the enrollment freeze reads.

It lives with the records, below enrollment (the freeze reads it before every
recording) and below ``delivery/`` (which settles the data center's answers);
the ketua tim's hold it reads is ``RecordReview``, kept in ``records.models``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import training
from fieldkit.records import outbox
from fieldkit.records.models import RecordReview, ReviewState, SealedRecordRow
from fieldkit.records.outbox import PENDING_STATES, RecordInfo, RecordStatus
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

__all__ = [
    "HELD_STATES",
    "LAST_SYNC_KEY",
    "PENDING_STATES",
    "RECAPTURE_REQUESTED",
    "UNDELIVERED_STATES",
    "DeliveryTally",
    "RecordStatus",
    "delivery_state",
    "held_back",
    "mark_sync_done",
    "pending",
    "tally",
    "to_send_count",
    "undelivered_count",
]

#: The reason code the data center's request to record a person again leaves on the record.
RECAPTURE_REQUESTED = "recapture_requested"

#: The review's decisions that keep a sealed record from being sent, and the state they give it.
_HOLDS = {
    ReviewState.WAITING.value: RecordStatus.AWAITING_REVIEW,
    ReviewState.RETURNED.value: RecordStatus.RETURNED,
}
#: Sealed records the ketua tim holds back: never sent, by a push or on a USB stick.
HELD_STATES = frozenset(_HOLDS.values())
#: Not delivered yet, and still to be: what the enrollment freeze counts.  A record the
#: ketua tim returned is not among them (its person is on the revisit list instead).
UNDELIVERED_STATES = PENDING_STATES | {RecordStatus.REJECTED, RecordStatus.AWAITING_REVIEW}
#: Records whose reason a person should see beside the counts.
_REPORTED_STATES = PENDING_STATES | {RecordStatus.REJECTED}
#: Settings row: when a sync last left nothing waiting (ISO 8601, UTC, seconds); written
#: by :func:`mark_sync_done` alone, read by the enrollment freeze and the sync screen.
LAST_SYNC_KEY = "sync.last_success_at"


def held_back(session: Session) -> dict[str, RecordStatus]:
    """The records the ketua tim holds back, each with its state (AWAITING_REVIEW, RETURNED)."""
    query = sa.select(RecordReview.record_id, RecordReview.state).where(
        RecordReview.state.in_(list(_HOLDS))
    )
    return {record_id: _HOLDS[state] for record_id, state in session.execute(query)}


def delivery_state(info: RecordInfo, held: dict[str, RecordStatus]) -> RecordStatus:
    """A record's state: the outbox's, unless it is sealed and held back for the ketua tim."""
    if info.state is RecordStatus.SEALED:
        return held.get(info.record_id, RecordStatus.SEALED)
    return info.state


def pending(session: Session, states: Iterable[RecordStatus] = PENDING_STATES) -> list[RecordInfo]:
    """The records a push still has to deliver, in sequence order; none held back.

    ``states`` narrows them: SEALED alone is what is still to be sent (a SENT
    record waits for the data center's verdict, which the status pull brings).
    """
    wanted = set(states)
    if not wanted <= PENDING_STATES:
        raise ValueError(f"not a pending state: {sorted(wanted - PENDING_STATES)}")
    held = held_back(session)
    return [
        info for info in outbox.list_records(session, states=wanted) if info.record_id not in held
    ]


def mark_sync_done(session: Session, at: dt.datetime, *, stopped: bool = False) -> list[RecordInfo]:
    """End a push or a USB receipts import: a sync is done when it ran and nothing waits.

    The one condition, for both transports: the exchange ran to its end (``stopped``
    is False: a push that stopped on an error is not done) and no record is left
    waiting (:func:`pending`; a record held for the ketua tim does not wait, a refused
    one no longer does).  Then :data:`LAST_SYNC_KEY` is set to ``at`` (UTC), which the
    enrollment freeze counts its days from.  Returns the records still waiting, for the
    caller's summary.
    """
    waiting = pending(session)
    if not stopped and not waiting:
        session.merge(Setting(key=LAST_SYNC_KEY, value=at.isoformat(timespec="seconds")))
        session.flush()
    return waiting


def undelivered_count(session: Session) -> int:
    """Records not yet accepted by a data center (the freeze rule counts these).

    Counted in SQL, as the freeze is checked before every recording.
    """
    stored = [state.value for state in UNDELIVERED_STATES - HELD_STATES]
    query = (
        sa.select(sa.func.count())
        .select_from(SealedRecordRow)
        .where(SealedRecordRow.state.in_(stored))
    )
    if not training.is_training_store(session):
        # Training records on a real store are never sent: they wait for nothing, count nowhere.
        query = query.where(SealedRecordRow.demo.is_(False))
    # A record the ketua tim returned for recapture is never sent: it must not freeze the
    # laptop for ever.
    returned = [k for k, v in _HOLDS.items() if v is RecordStatus.RETURNED]
    query = query.where(
        SealedRecordRow.record_id.not_in(
            sa.select(RecordReview.record_id).where(RecordReview.state.in_(returned))
        )
    )
    return int(session.scalar(query) or 0)


def to_send_count(session: Session) -> int:
    """Records the next push would send: sealed, not held back for the ketua tim.

    The count the navigation shows beside Sinkronisasi after every seal and sync, so
    one SQL count, not :func:`pending`'s list.  Training records on a real store are
    never sent and are not counted.
    """
    query = (
        sa.select(sa.func.count())
        .select_from(SealedRecordRow)
        .where(SealedRecordRow.state == RecordStatus.SEALED.value)
        .where(
            SealedRecordRow.record_id.not_in(
                sa.select(RecordReview.record_id).where(RecordReview.state.in_(list(_HOLDS)))
            )
        )
    )
    if not training.is_training_store(session):
        query = query.where(SealedRecordRow.demo.is_(False))
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class DeliveryTally:
    """Every record by its delivery state, and the ones whose reason a person should see."""

    counts: dict[RecordStatus, int]
    #: Pending or refused records that carry a reason (every refused one does), in sequence
    #: order; each with its delivery state.
    problems: list[tuple[RecordStatus, RecordInfo]]


def tally(session: Session, visit_ids: Iterable[str] | None = None) -> DeliveryTally:
    """What is on this laptop, state by state; read from the laptop alone.

    ``visit_ids``: only the records of these visits (the rekap harian's day), counted
    the same way the sync screen counts them all, so a record the ketua tim holds
    back is never "sealed, not sent yet" on paper while the screen says it is held.
    """
    held = held_back(session)
    counts = dict.fromkeys(RecordStatus, 0)
    problems: list[tuple[RecordStatus, RecordInfo]] = []
    wanted = None if visit_ids is None else set(visit_ids)
    for info in outbox.list_records(session):
        if wanted is not None and info.visit_id not in wanted:
            continue
        state = delivery_state(info, held)
        counts[state] += 1
        if state in _REPORTED_STATES and (
            state is RecordStatus.REJECTED or info.reason or info.message
        ):
            problems.append((state, info))
    return DeliveryTally(counts, problems)
