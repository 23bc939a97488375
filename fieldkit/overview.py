"""What the home screen shows, decided here: the outbox, the freeze outlook, today's visits.

The home page used to count records per visit and work out the days left before
the freeze itself, so the screen and the CLI could disagree about when a laptop
stops taking new work.  These functions read the store once and return plain
values; the screen only picks words and colours for them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import training
from fieldkit.enrollment import flow, freeze, tally
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.planning import schedule
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.records.models import ReviewState
from fieldkit.records.outbox import RecordStatus
from fieldkit.review import queue as review_queue

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fieldkit.planning.schedule import VisitInfo
    from fieldkit.workspace import Workspace

#: Warn this many days before the no-sync freeze starts.
WARN_DAYS_BEFORE = 2
#: Warn when the waiting records reach this share of the limit.
WARN_WAITING_SHARE = 0.8


class FreezeLevel(enum.StrEnum):
    """How close the laptop is to refusing new enrollments until it syncs."""

    FROZEN = "frozen"
    DAYS_RUNNING_OUT = "days_running_out"
    RECORDS_RUNNING_OUT = "records_running_out"
    WITHIN_LIMITS = "within_limits"


@dataclass(frozen=True)
class FreezeOutlook:
    level: FreezeLevel
    #: Whole days until the freeze (0 once it is due), None while nothing counts yet.
    days_left: int | None
    #: Sealed records that may still wait before the freeze (0 once it is reached).
    records_left: int
    days_limit: int
    waiting_limit: int


@dataclass(frozen=True)
class QueueOverview:
    """The outbox as the home screen shows it: training records left out on a real store."""

    records: int
    not_sent: int
    accepted: int
    waiting: int
    enrolled: bool
    training_store: bool
    last_sync_at: dt.datetime | None
    #: Whole days since the last successful sync, None if there never was one.
    days_since_sync: int | None
    freeze: FreezeOutlook


@dataclass(frozen=True)
class VisitProgress:
    """One of today's visits with how many of its targets have a record already."""

    visit: VisitInfo
    recorded: int

    @property
    def remaining(self) -> int:
        return max(self.visit.targets - self.recorded, 0)


def freeze_outlook(rule: freeze.FreezeStatus, now: dt.datetime) -> FreezeOutlook:
    """Which freeze warning applies at ``now``: the freeze itself first, then days, then records."""
    days_left = None
    if rule.counted_from is not None:
        days_left = rule.days_limit - (now - rule.counted_from).days
    records_left = rule.waiting_limit - rule.waiting
    if rule.frozen:
        level = FreezeLevel.FROZEN
    elif days_left is not None and days_left <= WARN_DAYS_BEFORE:
        level = FreezeLevel.DAYS_RUNNING_OUT
    elif rule.waiting >= WARN_WAITING_SHARE * rule.waiting_limit:
        level = FreezeLevel.RECORDS_RUNNING_OUT
    else:
        level = FreezeLevel.WITHIN_LIMITS
    return FreezeOutlook(
        level=level,
        days_left=None if days_left is None else max(days_left, 0),
        records_left=max(records_left, 0),
        days_limit=rule.days_limit,
        waiting_limit=rule.waiting_limit,
    )


def queue_overview(ws: Workspace, now: dt.datetime | None = None) -> QueueOverview:
    """The outbox counts, the last sync and the freeze outlook, from one read of the store."""
    now = now or dt.datetime.now(dt.UTC)
    with ws.transaction() as session:
        records = outbox.list_records(session)
        held = delivery.held_back(session)
        waiting = delivery.undelivered_count(session)
        enrolled = outbox.datacenter_enrolled(session)
        rule = freeze.freeze_status(session, now)
        training_store = training.is_training_store(session)
    if not training_store:  # training records are never counted on a real store's screens
        records = [r for r in records if not r.demo]
    # By delivery state, as the sync screen and the rekap count (issue 47): a record the
    # ketua tim returned is never sent, so it is not "not sent yet".
    by_state = Counter(delivery.delivery_state(r, held) for r in records)
    synced = rule.last_sync_at
    return QueueOverview(
        records=len(records),
        not_sent=by_state[RecordStatus.SEALED] + by_state[RecordStatus.AWAITING_REVIEW],
        accepted=by_state[RecordStatus.ACCEPTED] + by_state[RecordStatus.PURGED],
        waiting=waiting,
        enrolled=enrolled,
        training_store=training_store,
        last_sync_at=synced,
        days_since_sync=None if synced is None else (now - synced).days,
        freeze=freeze_outlook(rule, now),
    )


@dataclass(frozen=True)
class WaitingWork:
    """What waits for someone, as the navigation shows it beside each screen's name."""

    #: Sealed records the next sync sends (Sinkronisasi).
    to_send: int
    #: Flagged records waiting for the ketua tim's decision (Tinjauan).
    to_review: int
    #: Recordings started and not sealed or discarded yet (Perekaman).
    drafts: int


def waiting_work(ws: Workspace) -> WaitingWork:
    """Three SQL counts in one read: cheap enough for after every seal, review and sync."""
    with ws.transaction() as session:
        return WaitingWork(
            to_send=delivery.to_send_count(session),
            to_review=review_queue.count_in_state(session, ReviewState.WAITING),
            drafts=flow.draft_count(session),
        )


def recorded_per_visit(ws: Workspace, visit_ids: Iterable[str] | None = None) -> dict[str, int]:
    """People recorded per visit (all visits unless ``visit_ids``), as the reports count them.

    Counted by person, not by record (``enrollment.tally``): a person the ketua tim
    returned for recapture, or whose record the data center refused, is not done, and
    a person recorded again after that is one person.  Beranda's "Selesai", the berita
    acara's "Terekam" and the rekap harian's agree for the same day (issue 47).
    """
    with ws.transaction() as session:
        counts = tally.counts_per_visit(session, visit_ids)
    return {v: c[Outcome.RECORDED.value] for v, c in counts.items() if c[Outcome.RECORDED.value]}


def visits_on(ws: Workspace, day: dt.date) -> list[VisitProgress]:
    """The visits planned for ``day`` (the laptop's local date), each with its progress."""
    visits = [v for v in schedule.list_visits(ws, from_date=day) if v.visit_date == day]
    done = recorded_per_visit(ws, [v.id for v in visits])
    return [VisitProgress(v, done.get(v.id, 0)) for v in visits]
