"""What Beranda shows: counts the data center already keeps, read in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.cards.promises import DueCounts, due_counts, office_clock
from sync.server.console.formats import moment_text
from sync.server.store.stamps import office_time
from sync.server.store.tables import devices, office_settings, records

if TYPE_CHECKING:
    from sync.server.store.database import SqlStore


@dataclass(frozen=True)
class HomeCounts:
    office_code: str | None
    office_name: str | None
    #: Received since the office's midnight (``since``, UTC, as ``received_at`` is kept).
    records_today: int
    #: ACCEPTED and not yet moved on (deduplication sets DEDUPLICATED, then PRINTED...).
    records_waiting: int
    laptops_enrolled: int
    since: str
    #: A training data center (issue 56.2): simulated records' cards print here.
    training: bool = False


def start_of_today(now: dt.datetime | None = None) -> dt.datetime:
    """The office's midnight: its "today" is its own day (its time zone), not UTC's."""
    local = office_time(now or dt.datetime.now(dt.UTC))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def home_counts(store: SqlStore, now: dt.datetime | None = None) -> HomeCounts:
    """Beranda's numbers; training records (sealed to the demo key) are not counted."""
    midnight = start_of_today(now)
    # ``received_at`` is fixed-width UTC text (``service.iso``): it compares as it sorts.
    since = midnight.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    real = records.c.kid != DEMO_KID
    with store.reading() as conn:
        today = conn.execute(
            sa.select(sa.func.count()).where(real, records.c.received_at >= since)
        ).scalar_one()
        waiting = conn.execute(
            sa.select(sa.func.count()).where(real, records.c.state == RecordState.ACCEPTED.value)
        ).scalar_one()
        laptops = conn.execute(
            sa.select(sa.func.count()).where(devices.c.revoked_at.is_(None))
        ).scalar_one()
        office = conn.execute(
            sa.select(
                office_settings.c.office_code,
                office_settings.c.office_name,
                office_settings.c.training,
            )
        ).first()
    return HomeCounts(
        office_code=office.office_code if office else None,
        office_name=office.office_name if office else None,
        records_today=int(today),
        records_waiting=int(waiting),
        laptops_enrolled=int(laptops),
        since=moment_text(midnight, zone=True),
        training=bool(office.training) if office else False,
    )


def promise_counts(store: SqlStore) -> tuple[DueCounts, int]:
    """Beranda's promise tiles: due this week and overdue (issue 49 §1), and the promise's days."""
    clock = office_clock(store)
    return due_counts(store, clock), clock.days
