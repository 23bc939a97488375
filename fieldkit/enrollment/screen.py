"""What the enrollment screen reads from the store, one typed function each.

The screen opens no database session itself: every fact it shows (the freeze,
whether recording waits for the data center, which records the data center
refused) comes from here, so the CLI and the screen cannot disagree.  The quality
policy is not among them: each slot of a draft's view carries its threshold and
attempt limit (``SlotProgress``), read with the draft, so the screen keeps no copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import training
from fieldkit.enrollment import freeze
from fieldkit.enrollment.visits import resolve_visit
from fieldkit.planning import schedule
from fieldkit.records import outbox, server_states, states

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fieldkit.workspace import Workspace


@dataclass(frozen=True)
class VisitDay:
    """A visit's planned day against the day of recording (the laptop's local date).

    Recording on another day's visit is allowed (a team goes a day early, or finishes
    yesterday's list), but it must never happen unnoticed: a walk-in filed under next
    week's visit shows up in next week's berita acara.  The screen warns when
    :attr:`is_today` is false and offers :attr:`todays_visit_id`; the record itself
    keeps the real moment it was started (``timestamps.started_at``).
    """

    visit_date: dt.date
    today: dt.date
    #: A visit planned for today that is not cancelled, if there is one (the first).
    todays_visit_id: str | None

    @property
    def is_today(self) -> bool:
        return self.visit_date == self.today

    @property
    def days_from_today(self) -> int:
        """Positive for a visit still ahead, negative for one already past."""
        return (self.visit_date - self.today).days


def local_today() -> dt.date:
    """The laptop's calendar date: the day a petugas calls "today"."""
    return dt.datetime.now().astimezone().date()


def visit_day(ws: Workspace, visit_ref: str, today: dt.date | None = None) -> VisitDay:
    """Whether ``visit_ref`` is planned for ``today`` (default: the laptop's date)."""
    today = today or local_today()
    with ws.transaction() as session:
        planned = resolve_visit(session, visit_ref).visit_date
    todays = [
        v.id
        for v in schedule.list_visits(ws, from_date=today)
        if v.visit_date == today and v.status is not schedule.VisitStatus.CANCELLED
    ]
    return VisitDay(planned, today, todays[0] if todays else None)


def freeze_status(ws: Workspace) -> freeze.FreezeStatus:
    """Whether new enrollments are blocked until the laptop syncs, and why."""
    with ws.transaction() as session:
        return freeze.freeze_status(session)


def waits_for_datacenter(ws: Workspace) -> bool:
    """A real store not enrolled with a data center: nothing recorded could be delivered."""
    with ws.transaction() as session:
        return not training.is_training_store(session) and not outbox.datacenter_enrolled(session)


def records_to_redo(ws: Workspace, record_ids: Iterable[str]) -> dict[str, outbox.RecordStatus]:
    """Which of these records must be recorded again, and why: REJECTED or RETURNED.

    REJECTED: the data center refused it.  RETURNED: the ketua tim sent it back for
    recapture (issue 36): Perekaman must not call that person "terekam" while Tinjauan
    and the berita acara say the record is not sent.
    """
    wanted = set(record_ids)
    if not wanted:
        return {}
    with ws.transaction() as session:
        held = states.held_back(session)
        infos = [outbox.record_info(session, record_id) for record_id in wanted]
    found: dict[str, outbox.RecordStatus] = {}
    for info in infos:
        if info is None:
            continue
        state = states.delivery_state(info, held)
        if state in (outbox.RecordStatus.REJECTED, outbox.RecordStatus.RETURNED):
            found[info.record_id] = state
    return found


def data_center_words(
    ws: Workspace, record_ids: Iterable[str]
) -> dict[str, server_states.StateWords]:
    """What the data center last said of each of these records, as words (issue 48).

    A record it has not answered yet is left out.  The visit list says "Siap cetak" or
    "Data ganda — menunggu keputusan kantor" beside the person, as Tinjauan and Serah
    terima do (:func:`fieldkit.records.server_states.state_words`, the one mapping).
    """
    wanted = set(record_ids)
    if not wanted:
        return {}
    with ws.transaction() as session:
        outbox.preload(session, wanted)
        infos = [outbox.record_info(session, record_id) for record_id in wanted]
    found: dict[str, server_states.StateWords] = {}
    for info in infos:
        words = None if info is None else server_states.state_words(info.server_state, info.message)
        if info is not None and words is not None:
            found[info.record_id] = words
    return found
