"""Writing and reading the times the data center stores (a report's, a record's arrival).

Its own module so the office's settings and the fleet's pages both read a stamp
one way without importing each other.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum


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
    """The office's day now, in its time zone (:func:`office_zone`), as the promise counts it."""
    return office_time(dt.datetime.now(dt.UTC)).date()


def iso(epoch: float) -> str:
    """Fixed-width UTC text, so stored times also sort and compare as strings."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- the office's time zone (issue 59 §9) ----------------------------------------------


class OfficeZone(enum.StrEnum):
    """Indonesia's three time zones, by the names an office writes them (Keppres 41/1987)."""

    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"


#: Fixed offsets rather than ``zoneinfo``: Indonesia keeps no daylight saving (none since
#: 1964), so UTC+7/+8/+9 is exact for every time the data center shows, and needs no tz
#: database (Windows has none; ``tzdata`` would be one more pinned package to keep fresh
#: for nothing).  Each offset is named, so ``%Z`` prints ``WITA``.
ZONE_INFO: dict[OfficeZone, dt.timezone] = {
    OfficeZone.WIB: dt.timezone(dt.timedelta(hours=7), "WIB"),
    OfficeZone.WITA: dt.timezone(dt.timedelta(hours=8), "WITA"),
    OfficeZone.WIT: dt.timezone(dt.timedelta(hours=9), "WIT"),
}
#: The provinces (first two digits of the office code, Kemendagri's codes as in
#: ``assets/regions/wilayah.csv``) east of WIB, by Keppres 41/1987: Bali, NTB, NTT, the
#: Kalimantan provinces from Selatan on, every Sulawesi province in WITA; Maluku, Maluku
#: Utara and the Papua provinces in WIT.  Every other province is WIB.
_WITA_PROVINCES = frozenset(
    {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
)
_WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})

_OFFICE_ZONE: contextvars.ContextVar[dt.tzinfo | None] = contextvars.ContextVar(
    "office_zone", default=None
)


def zone_of_office(office_code: str | None) -> OfficeZone | None:
    """The zone an office code's province lies in; None without an office code."""
    if not office_code:
        return None
    province = office_code[:2]
    if province in _WITA_PROVINCES:
        return OfficeZone.WITA
    if province in _WIT_PROVINCES:
        return OfficeZone.WIT
    return OfficeZone.WIB


def parse_zone(text: str) -> OfficeZone | None:
    """``WIB``, ``wita``, `` WIT ``: the zone; None for anything else."""
    try:
        return OfficeZone(text.strip().upper())
    except ValueError:
        return None


def office_zone_info(chosen: str | None, office_code: str | None) -> dt.tzinfo | None:
    """The office's zone as a ``tzinfo``: its setting, else its province's; None if neither."""
    zone = parse_zone(chosen) if chosen else None
    zone = zone or zone_of_office(office_code)
    return ZONE_INFO[zone] if zone is not None else None


def use_office_zone(zone: dt.tzinfo | None) -> None:
    """Say, for this request or command (a context variable), in which zone the office lives."""
    _OFFICE_ZONE.set(zone)


def office_zone() -> dt.tzinfo | None:
    """The zone set by :func:`use_office_zone`; None: the host's own (an office not yet set)."""
    return _OFFICE_ZONE.get()


def office_time(when: dt.datetime) -> dt.datetime:
    """``when`` on the office's clock (a naive time is taken as the host's, as Python does)."""
    return when.astimezone(office_zone())


def office_midnight(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` on the office's clock, as an aware time."""
    zone = office_zone()
    if zone is None:
        return dt.datetime.combine(day, dt.time()).astimezone()
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)
