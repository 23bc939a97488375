"""What ``holidays import`` does to each year it names: merge, or replace when asked.

An office imports a holiday file for two different reasons: to add its own days (a
regency's anniversary, a local cuti bersama) to a year, or to put the year's SKB list in
place of a provisional one.  Replacing by default served only the second, and a one-line
file erased the year's national holidays without a word, moving every promise date
(issue 59 §4).  So a file's days are merged into the year's list unless the operator asks
for ``--replace``, and either way the import reports, per year, the days added, changed
and removed, so nothing is lost unseen.

A day the file names and the year already has takes the file's name and kind (the file is
the newer word: a corrected name, or a cuti bersama the SKB made a national holiday);
such a day is reported as changed, before and after.

Pure functions over :class:`fieldkit.promise.HolidayCalendar`: the office stores the
result (``Office.import_holidays``), the CLI words it (``office.plan_cli``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.promise import (
    MAX_PER_YEAR,
    MAX_SOURCE_CHARS,
    MAX_YEARS,
    Holiday,
    HolidayCalendar,
    HolidaysRefused,
    YearSource,
)

#: Between the sources of a merged year: the list it had, then each file merged into it.
SOURCE_JOIN = " + "


@dataclass(frozen=True)
class YearChange:
    """One year's import: what it gained, changed and lost, and what it is now."""

    year: int
    replaced: bool
    added: tuple[Holiday, ...]
    changed: tuple[tuple[Holiday, Holiday], ...]  # (before, after), the same day
    removed: tuple[Holiday, ...]
    #: The days the year had that the file does not name, kept by a merge.
    kept: tuple[Holiday, ...]
    after: YearSource
    days: int

    def as_json(self) -> dict[str, object]:
        def day(h: Holiday) -> dict[str, str]:
            return {"date": h.day.isoformat(), "kind": h.kind.value, "name": h.name}

        return {
            "year": self.year,
            "mode": "replaced" if self.replaced else "merged",
            "added": [day(h) for h in self.added],
            "changed": [
                {"date": a.day.isoformat(), "before": day(b), "after": day(a)}
                for b, a in self.changed
            ],
            "removed": [day(h) for h in self.removed],
            "kept": len(self.kept),
            "days": self.days,
            "complete": self.after.complete,
        }


@dataclass(frozen=True)
class HolidayImport:
    """An import's result: the years the file named as now stored, and what changed."""

    calendar: HolidayCalendar
    version: int
    changes: tuple[YearChange, ...]


def joined_source(had: str, given: str) -> str:
    """The year's source after a merge: the list it had, then the file merged into it.

    Cut to the laptop's limit (:data:`fieldkit.promise.MAX_SOURCE_CHARS`), so a year
    merged many times still travels in the package; a file merged twice is named once.
    """
    if not given or given in had.split(SOURCE_JOIN):
        return had
    joined = f"{had}{SOURCE_JOIN}{given}" if had else given
    if len(joined) > MAX_SOURCE_CHARS:
        joined = joined[: MAX_SOURCE_CHARS - 1] + "\u2026"
    return joined


def apply_file(
    current: HolidayCalendar, given: HolidayCalendar, *, replace: bool, file_name: str
) -> tuple[HolidayCalendar, tuple[YearChange, ...]]:
    """Each year ``given`` names, merged into ``current``'s list (or, with ``replace``, instead).

    ``current`` is the calendar the office counts with (its imports over the shipped
    list), so a merge into a shipped year keeps the shipped days.  A year whose result is
    exactly the file's list takes the file's source and ``complete``; a merge that kept
    days the file leaves out keeps the year's ``complete`` (a few added days do not make a
    provisional year the SKB's) and names both sources.  More days than a year may hold
    (:data:`fieldkit.promise.MAX_PER_YEAR`) is refused as the file itself would be.
    """
    years: list[YearSource] = []
    days: list[Holiday] = []
    changes: list[YearChange] = []
    for source in given.years:
        year = source.year
        before = {h.day: h for h in current.holidays if h.day.year == year}
        new = {h.day: h for h in given.holidays if h.day.year == year}
        missing = tuple(before[d] for d in sorted(before.keys() - new.keys()))
        kept = () if replace else missing
        result = dict(new) if replace else before | new
        if len(result) > MAX_PER_YEAR:
            raise HolidaysRefused(
                code="holidays_too_many", params={"per_year": MAX_PER_YEAR, "years": MAX_YEARS}
            )
        named = source.source or file_name
        had = current.year(year)
        if kept and had is not None:
            after = YearSource(year, joined_source(had.source, named), had.complete)
        else:
            after = YearSource(year, named, source.complete)
        years.append(after)
        days += result.values()
        changes.append(
            YearChange(
                year=year,
                replaced=replace,
                added=tuple(new[d] for d in sorted(new.keys() - before.keys())),
                changed=tuple(
                    (before[d], new[d])
                    for d in sorted(new.keys() & before.keys())
                    if before[d] != new[d]
                ),
                removed=() if not replace else missing,
                kept=kept,
                after=after,
                days=len(result),
            )
        )
    calendar = HolidayCalendar(
        holidays=tuple(sorted(days, key=lambda h: h.day)),
        years=tuple(sorted(years, key=lambda y: y.year)),
    )
    return calendar, tuple(changes)
