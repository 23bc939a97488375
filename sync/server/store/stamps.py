"""Writing and reading the times the data center stores (a report's, a record's arrival).

Its own module so the office's settings and the fleet's pages both read a stamp
one way without importing each other.
"""

from __future__ import annotations

import datetime as dt


def parse_stamp(stamp: str | None) -> dt.datetime | None:
    """A stored ISO time (a report's or the store's), UTC when it names no zone; else None."""
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def office_today() -> dt.date:
    """The day where the data center runs (the office's day, as the promise counts it)."""
    return dt.datetime.now(dt.UTC).astimezone().date()


def iso(epoch: float) -> str:
    """Fixed-width UTC text, so stored times also sort and compare as strings."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
