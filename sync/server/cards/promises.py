"""Each record's clock at the data center (issue 49 §1): its promise date, and how it stands.

A record's clock starts on its recording day (the visit's date its header named at
upload, ``record_places``; for a record stored before places were kept, the office's day
it arrived) and runs for the office's promise days (``rules set --promise-days``, SOP
004's 14), the office's days off skipped (:meth:`Office.holidays`).  What the record's
state says of the clock:

- running: the office still owes the card (received, accepted, in penunggalan, waiting
  for adjudication, print-ready);
- met: the card is printed or ready for handover, on time or late by the day it was;
- stopped: this recording will give no card (rejected, to be recorded again, closed as
  a duplicate of an earlier one): a new recording starts a clock of its own.

"Today" is the host's local day, as Beranda's "today" is (``console.home``).  The counts
of Beranda are two comparisons of dates in SQL (:func:`fieldkit.promise.latest_start`),
never a loop over every record.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit.promise import (
    FIRST_DAY,
    LAST_DAY,
    HolidayCalendar,
    add_working_days,
    in_range,
    latest_start,
    working_days_between,
)
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.office.steering import Office
from sync.server.store.stamps import office_midnight, office_time, office_today, parse_stamp
from sync.server.store.tables import card_prints, record_places, records, state_changes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore


class Clock(enum.StrEnum):
    RUNNING = "running"
    MET = "met"
    STOPPED = "stopped"


RUNNING_STATES = frozenset(
    {
        RecordState.RECEIVED,
        RecordState.ACCEPTED,
        RecordState.DEDUPLICATED,
        RecordState.DUPLICATE_RECORD,
        RecordState.PRINT_READY_RECORD,
    }
)
MET_STATES = frozenset({RecordState.PRINTED, RecordState.READY_FOR_HANDOVER})
_SUNDAY = 6


def clock_of(state: str | None) -> Clock:
    try:
        known = RecordState(state or "")
    except ValueError:
        return Clock.STOPPED
    if known in RUNNING_STATES:
        return Clock.RUNNING
    if known in MET_STATES:
        return Clock.MET
    return Clock.STOPPED


def local_day(stamp: str | None) -> dt.date | None:
    """A stored UTC time's day on the office's clock (its time zone, issue 59 §9)."""
    when = parse_stamp(stamp)
    return office_time(when).date() if when else None


def utc_midnight(day: dt.date) -> str:
    """The office's midnight starting ``day``, as ``received_at`` is kept (UTC text)."""
    local = office_midnight(day)
    return local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def recorded_on(visit_date: str | None, received_at: str | None) -> dt.date | None:
    """The recording's day: the visit's date, else the office's day it arrived.

    A visit's date outside the range FieldKit takes (:data:`fieldkit.promise.FIRST_DAY`
    .. ``LAST_DAY``) is no day: the upload refuses such a record now, and one stored before
    (9999-12-31 made every page that listed it answer 500) counts from its arrival.
    """
    if visit_date:
        try:
            day = dt.date.fromisoformat(visit_date)
        except ValueError:
            pass
        else:
            if in_range(day):
                return day
    return local_day(received_at)


@dataclass(frozen=True)
class OfficeClock:
    """The office's promise (days, days off) on one day."""

    days: int
    calendar: HolidayCalendar
    today: dt.date

    def due(self, recorded: dt.date) -> dt.date:
        return add_working_days(recorded, self.days, self.calendar)

    @property
    def week_end(self) -> dt.date:
        return self.today + dt.timedelta(days=_SUNDAY - self.today.weekday())

    @property
    def overdue_through(self) -> dt.date:
        """The last recording day that is overdue today (its promise date was before today)."""
        return latest_start(self.today - dt.timedelta(days=1), self.days, self.calendar)

    @property
    def week_through(self) -> dt.date:
        """The last recording day whose promise date is on or before this week's Sunday."""
        return latest_start(self.week_end, self.days, self.calendar)

    def incomplete_years(self, recorded: dt.date) -> list[int]:
        """Years from a recording to its promise date whose list of days off is not whole."""
        return self.calendar.incomplete_between(recorded, self.due(recorded))


def office_clock(store: SqlStore, today: dt.date | None = None) -> OfficeClock:
    office = Office(store)
    return OfficeClock(
        days=office.promise_days(),
        calendar=office.holidays(),
        today=today or office_today(),
    )


@dataclass(frozen=True)
class RecordClock:
    """One record's promise on the clock's day; ``left`` only while it runs."""

    recorded_on: dt.date
    promise_date: dt.date
    clock: Clock
    #: Working days from the recording to today (running) or to the card (met).
    elapsed: int | None
    left: int | None
    issued_on: dt.date | None
    #: For a met clock: working days from the promise date to the card (0: on time).
    issued_late_by: int = 0

    @property
    def overdue(self) -> bool:
        return self.clock is Clock.RUNNING and self.left is not None and self.left < 0

    @property
    def late_by(self) -> int:
        """Working days past the promise date: still open (running) or when the card came."""
        if self.overdue and self.left is not None:
            return -self.left
        return self.issued_late_by

    def as_json(self) -> dict[str, Any]:
        return {
            "recorded_on": self.recorded_on.isoformat(),
            "promise_date": self.promise_date.isoformat(),
            "clock": self.clock.value,
            "working_days_elapsed": self.elapsed,
            "working_days_left": self.left,
            "overdue": self.overdue,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "late_by": self.late_by,
        }


def record_clock(
    office: OfficeClock,
    *,
    state: str | None,
    visit_date: str | None,
    received_at: str | None,
    issued_at: str | None = None,
) -> RecordClock | None:
    """The record's clock; None when neither its visit nor its arrival gives a day."""
    day = recorded_on(visit_date, received_at)
    if day is None:
        return None
    due = office.due(day)
    clock = clock_of(state)
    issued = local_day(issued_at) if clock is Clock.MET else None
    elapsed: int | None = None
    left: int | None = None
    if clock is Clock.RUNNING:
        elapsed = max(0, working_days_between(day, office.today, office.calendar))
        left = working_days_between(office.today, due, office.calendar)
    late = 0
    if issued is not None:
        elapsed = max(0, working_days_between(day, issued, office.calendar))
        late = max(0, working_days_between(due, issued, office.calendar))
    return RecordClock(day, due, clock, elapsed, left, issued, issued_late_by=late)


def issued_moments(
    conn: Connection, keys: Iterable[tuple[str, str]] | None = None
) -> dict[tuple[str, str], str]:
    """When each record's card came: its first print, or its first ready-for-handover.

    The earliest of two moments: the record's first change to a met state, and the day
    typed for its first printed card (``card_prints.printed_on``, as the office's local
    midnight).  An office that marks on Monday the cards it printed on Friday counts them
    by Friday, so a promise met on Friday is not counted late.

    ``keys`` narrows it to those records (a page of the list); None reads every record's.
    """
    changes = (
        sa.select(
            state_changes.c.device_id,
            state_changes.c.record_id,
            sa.func.min(state_changes.c.changed_at),
        )
        .where(state_changes.c.state.in_([s.value for s in MET_STATES]))
        .group_by(state_changes.c.device_id, state_changes.c.record_id)
    )
    prints = sa.select(
        card_prints.c.device_id, card_prints.c.record_id, sa.func.min(card_prints.c.printed_on)
    ).group_by(card_prints.c.device_id, card_prints.c.record_id)
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return {}
        changes = changes.where(
            sa.tuple_(state_changes.c.device_id, state_changes.c.record_id).in_(wanted)
        )
        prints = prints.where(
            sa.tuple_(card_prints.c.device_id, card_prints.c.record_id).in_(wanted)
        )
    moments = {(str(d), str(r)): str(when) for d, r, when in conn.execute(changes)}
    for device_id, record_id, day in conn.execute(prints):
        try:
            printed = utc_midnight(dt.date.fromisoformat(str(day)))
        except ValueError:
            continue  # mark_printed stores ISO days only; a hand-edited row counts by its change
        key = (str(device_id), str(record_id))
        earlier = parse_stamp(moments.get(key))
        later = parse_stamp(printed)
        if earlier is None or (later is not None and later < earlier):
            moments[key] = printed
    return moments


def recorded_through(day: dt.date) -> Any:
    """SQL: the record (joined with its place) was recorded on or before ``day``.

    As :func:`recorded_on`: a visit's date outside the range counts as none.
    """
    # IS NOT NULL first: a bare BETWEEN is NULL for a record with no date, and NOT of it
    # (the overdue test inside "due this week") would drop such records from the count.
    dated = sa.and_(
        record_places.c.visit_date.is_not(None),
        record_places.c.visit_date.between(FIRST_DAY.isoformat(), LAST_DAY.isoformat()),
    )
    return sa.or_(
        sa.and_(dated, record_places.c.visit_date <= day.isoformat()),
        sa.and_(
            sa.or_(record_places.c.visit_date.is_(None), sa.not_(dated)),
            records.c.received_at < utc_midnight(day + dt.timedelta(days=1)),
        ),
    )


RUNNING_SQL = records.c.state.in_([s.value for s in RUNNING_STATES])

PLACED = records.outerjoin(
    record_places,
    sa.and_(
        record_places.c.device_id == records.c.device_id,
        record_places.c.record_id == records.c.record_id,
    ),
)


def overdue_sql(office: OfficeClock) -> Any:
    """SQL: the record's clock runs and its promise date is before today."""
    return sa.and_(RUNNING_SQL, recorded_through(office.overdue_through))


def due_this_week_sql(office: OfficeClock) -> Any:
    """SQL: the record's clock runs, it is not overdue, and it is due by this week's Sunday."""
    return sa.and_(
        RUNNING_SQL,
        sa.not_(recorded_through(office.overdue_through)),
        recorded_through(office.week_through),
    )


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_this_week: int
    #: The years this week's promises cross whose list of days off is not whole.
    incomplete_years: tuple[int, ...]


def due_counts(store: SqlStore, office: OfficeClock) -> DueCounts:
    """Beranda's two numbers (training records not counted), in one read."""
    real = records.c.kid != DEMO_KID
    with store.reading() as conn:
        overdue = conn.execute(
            sa.select(sa.func.count()).select_from(PLACED).where(real, overdue_sql(office))
        ).scalar_one()
        week = conn.execute(
            sa.select(sa.func.count()).select_from(PLACED).where(real, due_this_week_sql(office))
        ).scalar_one()
    incomplete = office.calendar.incomplete_between(office.today, office.due(office.today))
    return DueCounts(int(overdue), int(week), tuple(incomplete))


def every_clock(store: SqlStore, office: OfficeClock) -> dict[tuple[str, str], RecordClock]:
    """Every record's clock (``records list``): one read of places, states and first cards."""
    with store.reading() as conn:
        rows = conn.execute(
            sa.select(
                records.c.device_id,
                records.c.record_id,
                records.c.state,
                records.c.received_at,
                record_places.c.visit_date,
            ).select_from(PLACED)
        ).all()
        issued = issued_moments(conn)
    clocks: dict[tuple[str, str], RecordClock] = {}
    for row in rows:
        key = (str(row.device_id), str(row.record_id))
        found = record_clock(
            office,
            state=row.state,
            visit_date=row.visit_date,
            received_at=row.received_at,
            issued_at=issued.get(key),
        )
        if found is not None:
            clocks[key] = found
    return clocks
