"""The office's days off (national holidays, cuti bersama, its own) and the promise's days.

A part of :class:`~sync.server.office.steering.Office`: the 14-working-day promise
counts on this calendar, and the package carries its years to the laptops.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import promise
from fieldkit.office.package import (
    Part,
)
from fieldkit.promise import (
    Holiday,
    HolidayCalendar,
    HolidayKind,
    YearSource,
    load_holidays,
)
from sync.server.office.core import OfficeCore, utc_now
from sync.server.office.holiday_import import HolidayImport, apply_file
from sync.server.office.rules import laptop_check
from sync.server.store.stamps import office_today
from sync.server.store.tables import office_holiday_years, office_holidays

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Connection


#: Years of days off a package carries from this year on (and last year's, for a late sync).
PACKAGE_HOLIDAY_YEARS = 3


class OfficeCalendar(OfficeCore):
    """The calendar's part of the office: imported holidays, the promise's days."""

    def import_holidays(self, path: Path, *, replace: bool = False) -> HolidayImport:
        """Merge the file's days into each year it names, or replace those years' lists.

        Without ``replace`` a day the file names is added (or takes the file's name and
        kind) and every other day of the year stays: a one-line file had erased the
        year's national holidays and moved every promise date (issue 59 §4).  The
        result reports each year's days added, changed and removed
        (:mod:`sync.server.office.holiday_import`).  The file is checked whole first
        (:func:`fieldkit.promise.load_holidays`), then the result, as the laptops would
        read it; all or nothing.  A year the file does not name keeps what it had (the
        office's earlier import, or the shipped list).  Two imports at once run one
        after the other (:meth:`_serialise`): the second works on what the first
        committed, never on half of it.
        """
        given = load_holidays(path)
        now = utc_now()
        years = [y.year for y in given.years]
        with self.store.writing() as conn:
            self._serialise(conn)
            imported = self._imported_in(conn)
            counted = promise.default_calendar().over(imported)
            calendar, changes = apply_file(
                counted, given, replace=replace, file_name=path.name[:200]
            )
            # Each file is valid alone; what the laptops read is the combined calendar.
            self._check_package_windows(counted.over(calendar))
            conn.execute(office_holidays.delete().where(office_holidays.c.year.in_(years)))
            conn.execute(
                office_holiday_years.delete().where(office_holiday_years.c.year.in_(years))
            )
            conn.execute(
                office_holiday_years.insert(),
                [
                    {
                        "year": y.year,
                        "source": y.source,
                        "complete": y.complete,
                        "imported_at": now,
                    }
                    for y in calendar.years
                ],
            )
            conn.execute(
                office_holidays.insert(),
                [
                    {
                        "day": h.day.isoformat(),
                        "year": h.day.year,
                        "name": h.name,
                        "kind": h.kind.value,
                    }
                    for h in calendar.holidays
                ],
            )
            version = self._bump(
                conn,
                "holiday list imported: "
                + ", ".join(
                    f"{c.year} {'replaced' if c.replaced else 'merged'} "
                    f"(+{len(c.added)} ~{len(c.changed)} -{len(c.removed)}: {c.days} days)"
                    for c in changes
                ),
            )
        return HolidayImport(calendar, version, changes)

    def _check_package_windows(self, combined: HolidayCalendar) -> None:
        """Refuse a calendar whose part of some package the laptop's reader would refuse.

        A package carries the days off of last year to two years on
        (:func:`package_window`), so each window from this year to the last year named
        is checked, in the laptop's words (``package_malformed`` naming ``holidays``):
        four full years, each valid alone, had outgrown the laptop's holiday reader and
        stopped every package (issue 57 §5).
        """
        named = [y.year for y in combined.years] + [h.day.year for h in combined.holidays]
        this_year = office_today().year
        for year in range(this_year, max([this_year, *named]) + 2):
            part = package_window(combined, year)
            if part is not None:
                laptop_check(Part.HOLIDAYS, part)

    @staticmethod
    def _imported_in(conn: Connection) -> HolidayCalendar:
        years = conn.execute(
            sa.select(office_holiday_years).order_by(office_holiday_years.c.year)
        ).all()
        days = conn.execute(sa.select(office_holidays).order_by(office_holidays.c.day)).all()
        return HolidayCalendar(
            holidays=tuple(
                Holiday(dt.date.fromisoformat(d.day), d.name, HolidayKind(d.kind)) for d in days
            ),
            years=tuple(YearSource(y.year, y.source, bool(y.complete)) for y in years),
        )

    def imported_holidays(self) -> tuple[HolidayCalendar, dict[int, str]]:
        """The years the office imported, as a calendar, and when each was imported."""
        with self.store.reading() as conn:
            calendar = self._imported_in(conn)
            years = conn.execute(sa.select(office_holiday_years)).all()
        return calendar, {y.year: y.imported_at for y in years}

    def holidays(self) -> HolidayCalendar:
        """The days off the office counts with: its imports over the shipped list."""
        imported, _when = self.imported_holidays()
        return promise.default_calendar().over(imported)

    def package_holidays(self, today: dt.date | None = None) -> dict[str, Any] | None:
        """The days off a laptop's receipt counts with: last year to two years on.

        The whole calendar the office counts with (its imports over the list this data
        center ships), so a laptop of an older release names the console's date too.  A
        laptop from before issue 49 ignores the part; None when no year is in reach.
        """
        year = (today or office_today()).year
        return package_window(self.holidays(), year)

    def promise_days(self) -> int:
        """The working days the office promises (``rules set --promise-days``), else SOP 004's."""
        rules = self.settings()["rules"] or {}
        days = rules.get("promise_days")
        return int(days) if isinstance(days, int) else promise.DEFAULT_PROMISE_DAYS


def package_window(calendar: HolidayCalendar, year: int) -> dict[str, Any] | None:
    """The holidays part a package built in ``year`` carries: last year to two years on."""
    wanted = range(year - 1, year + PACKAGE_HOLIDAY_YEARS)
    kept = HolidayCalendar(
        holidays=tuple(h for h in calendar.holidays if h.day.year in wanted),
        years=tuple(y for y in calendar.years if y.year in wanted),
    )
    return kept.as_json() if kept.holidays else None
