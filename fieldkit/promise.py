"""The promise date: a complete recording plus N working days, Indonesia's days off skipped.

SOP 004 (Blitar) promises the KTP-el "paling lambat 14 (empat belas) hari kerja sejak
berkas persyaratan diterima lengkap dan telah melakukan perekaman".  A working day is
Monday to Friday that is neither a national holiday (*hari libur nasional*) nor a
collective leave day (*cuti bersama*); both are fixed each year by a joint decree of
three ministers (the SKB on hari libur nasional dan cuti bersama).  The office keeps
that list (``fieldkit-datacenter holidays import``); a default for the years at hand is
shipped in ``assets/holidays/hari_libur.json``, dated and with its source, because the
family's receipt and the console must name the same day.

This module is plain Python: the laptop (the receipt, Serah terima) and the data center
(the console, ``records list``) count with the same functions, so both say one date.
Counting follows the SOP's words: the recording day itself is day zero, and the N-th
working day after it is the promise date; a recording on a Sunday or a holiday starts
the count the same way (day one is the next working day).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from fieldkit import (
    promise_sentences,  # noqa: F401 - registers this module's sentences
    safejson,
)
from fieldkit.durable import O_BINARY
from fieldkit.errors import InvalidInput
from fieldkit.paths import assets_dir

if TYPE_CHECKING:
    from collections.abc import Container, Mapping
    from pathlib import Path

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: SOP 004: the card within 14 working days of a complete recording.
DEFAULT_PROMISE_DAYS = 14
#: What an office may set (``rules set --promise-days``): a day to three months of work.
PROMISE_DAYS_RANGE = range(1, 61)
#: Where the laptop keeps what the office package sent (``fieldkit.office.apply``):
#: the promise's working days, and the office's days off as :meth:`HolidayCalendar.as_json`.
DAYS_KEY = "promise.days"
HOLIDAYS_KEY = "promise.holidays"
#: The shipped list, relative to ``assets/``.
DEFAULT_FILE = "holidays/hari_libur.json"
FORMAT = "fieldkit-holidays"
FORMAT_VERSION = 1
#: A year has about 25 days off; a file is a few kilobytes.  Beyond these it is not a list.
MAX_FILE_BYTES = 64 * 1024
MAX_PER_YEAR = 60
MAX_YEARS = 10
MAX_NAME_CHARS = 120
MAX_SOURCE_CHARS = 600
#: Years a list may name: wider than any laptop's life, narrow enough to catch a typo.
YEAR_RANGE = range(2000, 2101)
#: The one range of days FieldKit takes anywhere (issue 57.2): a visit's date (the
#: laptop's plan, the office's plan, a record at upload), a card's printing or delivery
#: day, a filter on the console.  The holiday list's years: 9999-12-31 overflowed the
#: promise's date arithmetic (500 on every page listing the record) and 0001-01-01 made
#: each count walk two thousand years.
FIRST_DAY = dt.date(YEAR_RANGE.start, 1, 1)
LAST_DAY = dt.date(YEAR_RANGE.stop - 1, 12, 31)
#: A holiday's date as the list writes it: ``YYYY-MM-DD``, ASCII digits.
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SATURDAY = 5
_ONE_DAY = dt.timedelta(days=1)
#: A CSV's header names, Indonesian or English (``tanggal,nama,jenis``).
_CSV_DATE = {"date", "tanggal"}
_CSV_NAME = {"name", "nama", "keterangan"}
_CSV_KIND = {"kind", "jenis"}


class DateOutOfRange(InvalidInput):
    """A day outside :data:`FIRST_DAY` .. :data:`LAST_DAY`; ``params`` name it and the range."""

    code = "date_out_of_range"


def in_range(day: dt.date) -> bool:
    """Whether ``day`` is one FieldKit takes (:data:`FIRST_DAY` .. :data:`LAST_DAY`)."""
    return FIRST_DAY <= day <= LAST_DAY


def check_in_range(day: dt.date) -> dt.date:
    """``day`` itself, or :class:`DateOutOfRange` naming it and the range (ISO days)."""
    if not in_range(day):
        raise DateOutOfRange(
            params={
                "day": day.isoformat(),
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            }
        )
    return day


class HolidayKind(enum.StrEnum):
    NATIONAL = "libur_nasional"
    CUTI_BERSAMA = "cuti_bersama"


class HolidaysRefused(InvalidInput):
    """A holiday list that is not one; ``code`` says what is wrong, ``params`` where.

    Every refusal refuses the whole file: a list with one bad row would promise the
    family a wrong date, so nothing of it is used.
    """

    code = "holidays_invalid"


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    kind: HolidayKind


@dataclass(frozen=True)
class YearSource:
    """Where one year's list comes from; ``complete`` is False until it is the year's SKB."""

    year: int
    source: str
    complete: bool


@dataclass(frozen=True)
class HolidayCalendar:
    """The days off of some years, each year from one source; a container of dates."""

    holidays: tuple[Holiday, ...] = ()
    years: tuple[YearSource, ...] = ()

    @functools.cached_property
    def _days(self) -> dict[dt.date, Holiday]:
        return {h.day: h for h in self.holidays}

    def __contains__(self, day: object) -> bool:
        return day in self._days

    def named(self, day: dt.date) -> Holiday | None:
        return self._days.get(day)

    def year(self, year: int) -> YearSource | None:
        return next((y for y in self.years if y.year == year), None)

    def complete_for(self, year: int) -> bool:
        """Whether ``year``'s days off are all known (its list is from the year's SKB)."""
        source = self.year(year)
        return source is not None and source.complete

    def incomplete_between(self, first: dt.date, last: dt.date) -> list[int]:
        """The years from ``first`` to ``last`` whose list is missing or not from the SKB."""
        return [y for y in range(first.year, last.year + 1) if not self.complete_for(y)]

    def over(self, newer: HolidayCalendar) -> HolidayCalendar:
        """This calendar with each year ``newer`` names replaced by ``newer``'s list of it."""
        replaced = {y.year for y in newer.years}
        return HolidayCalendar(
            holidays=tuple(
                sorted(
                    [h for h in self.holidays if h.day.year not in replaced] + list(newer.holidays),
                    key=lambda h: h.day,
                )
            ),
            years=tuple(
                sorted(
                    [y for y in self.years if y.year not in replaced] + list(newer.years),
                    key=lambda y: y.year,
                )
            ),
        )

    def as_json(self) -> dict[str, object]:
        """The document :func:`read_holidays` reads back (the data center stores this)."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "years": [
                {"year": y.year, "complete": y.complete, "source": y.source} for y in self.years
            ],
            "holidays": [
                {"date": h.day.isoformat(), "kind": h.kind.value, "name": h.name}
                for h in self.holidays
            ],
        }


# --- counting ----------------------------------------------------------------------


def is_working_day(day: dt.date, holidays: Container[dt.date] = frozenset()) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: dt.date, days: int, holidays: Container[dt.date] = frozenset()
) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
    if days < 0:
        msg = f"days must not be negative, got {days}"
        raise ValueError(msg)
    day = start
    left = days
    while left:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            left -= 1
    return day


#: Days off a count can list: the office's calendar, or a set of days.
DaysOff = Union["HolidayCalendar", Collection[dt.date]]


def working_days_between(first: dt.date, last: dt.date, holidays: DaysOff = frozenset()) -> int:
    """Working days after ``first`` up to and including ``last``; negative when ``last`` is earlier.

    So ``working_days_between(recorded_on, today)`` is the days elapsed and
    ``working_days_between(today, promise_date)`` those left (below zero once overdue),
    and ``working_days_between(start, add_working_days(start, n))`` is ``n``.
    """
    if last < first:
        return -working_days_between(last, first, holidays)
    # Closed form (issue 57.2): Monday to Friday counted by whole weeks, then the days off
    # that fall on one of them.  Walking day by day took seconds for a visit dated in
    # year 1, on every page that listed it.
    weekdays = _weekdays_through(last) - _weekdays_through(first)
    off = sum(1 for day in _days_off(holidays, first, last) if day.weekday() < _SATURDAY)
    return weekdays - off


def _weekdays_through(day: dt.date) -> int:
    """Monday-to-Friday days from 0001-01-01 (a Monday) up to and including ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _days_off(holidays: DaysOff, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days off after ``first`` up to and including ``last`` (a few hundred at most)."""
    days = (h.day for h in holidays.holidays) if isinstance(holidays, HolidayCalendar) else holidays
    return {d for d in days if first < d <= last}


def latest_start(
    deadline: dt.date, days: int, holidays: Container[dt.date] = frozenset()
) -> dt.date:
    """The latest recording day whose promise date is on or before ``deadline``.

    Adding working days never goes back when the start moves later, so every record
    made on or before this day is due by ``deadline`` and every later one is not: a
    count of the overdue (``deadline`` = yesterday) or of those due this week is then
    one comparison of dates, which a database can do without counting days itself.
    """
    if days < 1:
        return deadline
    day = deadline
    found = 0
    while True:
        if is_working_day(day, holidays):
            found += 1
            if found == days:
                return day - _ONE_DAY
        day -= _ONE_DAY


@dataclass(frozen=True)
class Promise:
    """One record's clock on ``today``: when it is due, how far along, whether late."""

    recorded_on: dt.date
    promise_date: dt.date
    days: int
    elapsed: int
    left: int

    @property
    def overdue(self) -> bool:
        return self.left < 0

    @property
    def late_by(self) -> int:
        return max(0, -self.left)


def promise_for(
    recorded_on: dt.date,
    today: dt.date,
    *,
    days: int = DEFAULT_PROMISE_DAYS,
    holidays: DaysOff = frozenset(),
) -> Promise:
    due = add_working_days(recorded_on, days, holidays)
    return Promise(
        recorded_on=recorded_on,
        promise_date=due,
        days=days,
        elapsed=max(0, working_days_between(recorded_on, today, holidays)),
        left=working_days_between(today, due, holidays),
    )


# --- reading a list ----------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())


def _check_name(raw: object, row: int) -> str:
    if not isinstance(raw, str):
        raise HolidaysRefused(
            code="holidays_name_invalid", params={"row": row, "max": MAX_NAME_CHARS}
        )
    name = _clean(raw)
    if (
        not name
        or len(name) > MAX_NAME_CHARS
        or any(unicodedata.category(ch).startswith("C") for ch in name)
    ):
        raise HolidaysRefused(
            code="holidays_name_invalid", params={"row": row, "max": MAX_NAME_CHARS}
        )
    return name


def _check_day(raw: object, row: int) -> dt.date:
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        # fromisoformat also reads 20260101, 2026-001 and 2026-W01-4 (ten characters too):
        # only the plain form, ASCII digits, is a date here (issue 57 §13).
        day = dt.date.fromisoformat(text) if _PLAIN_DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise HolidaysRefused(code="holidays_date_invalid", params={"row": row})
    if day.year not in YEAR_RANGE:
        raise HolidaysRefused(
            code="holidays_year_invalid",
            params={"row": row, "low": YEAR_RANGE.start, "high": YEAR_RANGE.stop - 1},
        )
    return day


def _check_kind(raw: object, row: int) -> HolidayKind:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return HolidayKind.NATIONAL
    word = raw.strip().lower().replace(" ", "_") if isinstance(raw, str) else ""
    if word not in set(HolidayKind):
        raise HolidaysRefused(
            code="holidays_kind_invalid",
            params={"row": row, "choices": ", ".join(k.value for k in HolidayKind)},
        )
    return HolidayKind(word)


def _check_source(raw: object, year: int) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str) or len(_clean(raw)) > MAX_SOURCE_CHARS:
        raise HolidaysRefused(
            code="holidays_source_invalid", params={"year": year, "max": MAX_SOURCE_CHARS}
        )
    return _clean(raw)


def _rows_of_json(document: object) -> tuple[list[tuple[int, Mapping[str, object]]], object]:
    """The JSON document's holiday rows (numbered from 1) and its ``years`` as given."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise HolidaysRefused(code="holidays_format_unknown")
    if document.get("format_version") != FORMAT_VERSION:
        raise HolidaysRefused(code="holidays_format_unknown")
    items = document.get("holidays")
    if not isinstance(items, list):
        raise HolidaysRefused(code="holidays_format_unknown")
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise HolidaysRefused(code="holidays_date_invalid", params={"row": number})
        rows.append((number, item))
    return rows, document.get("years")


def _rows_of_csv(text: str) -> list[tuple[int, Mapping[str, object]]]:
    """``tanggal,nama[,jenis]`` (or ``date,name[,kind]``) rows, the header first."""
    lines = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().lower() for cell in lines[0]] if lines else []
    places: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, names in (("date", _CSV_DATE), ("name", _CSV_NAME), ("kind", _CSV_KIND)):
            if cell in names:
                places[key] = index
    if "date" not in places or "name" not in places:
        raise HolidaysRefused(code="holidays_format_unknown")
    rows: list[tuple[int, Mapping[str, object]]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if not "".join(cells).strip():
            continue
        rows.append(
            (number, {key: cells[i] if i < len(cells) else None for key, i in places.items()})
        )
    return rows


def _declared_years(raw: object, found: set[int]) -> dict[int, YearSource]:
    """The file's ``years`` (JSON), each checked; every year a date names must be among them."""
    if raw is None:
        return {year: YearSource(year, "", complete=True) for year in found}
    if not isinstance(raw, list) or len(raw) > MAX_YEARS:
        raise HolidaysRefused(code="holidays_format_unknown")
    declared: dict[int, YearSource] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise HolidaysRefused(code="holidays_format_unknown")
        year = item.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or year not in YEAR_RANGE:
            raise HolidaysRefused(
                code="holidays_years_invalid",
                params={"low": YEAR_RANGE.start, "high": YEAR_RANGE.stop - 1},
            )
        complete = item.get("complete", True)
        if not isinstance(complete, bool) or year in declared:
            raise HolidaysRefused(code="holidays_format_unknown")
        declared[year] = YearSource(year, _check_source(item.get("source"), year), complete)
    undeclared = sorted(found - set(declared))
    if undeclared:
        raise HolidaysRefused(code="holidays_year_undeclared", params={"year": undeclared[0]})
    return declared


def read_holidays(data: bytes) -> HolidayCalendar:
    """A holiday list from a file's bytes: FieldKit's JSON, or a CSV with a header.

    Checked whole before anything is used: the size, UTF-8, each date (``YYYY-MM-DD``,
    a year in :data:`YEAR_RANGE`), each name (text, at most :data:`MAX_NAME_CHARS`), each
    kind (``libur_nasional`` or ``cuti_bersama``; absent means a national holiday), no
    date twice, at most :data:`MAX_PER_YEAR` a year and :data:`MAX_YEARS` years.  A CSV's
    years count as complete: the office typed them from the year's SKB.
    """
    if len(data) > MAX_FILE_BYTES:
        raise HolidaysRefused(
            code="holidays_file_too_large", params={"max_kib": MAX_FILE_BYTES // 1024}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise HolidaysRefused(code="holidays_file_not_text") from None
    declared: object = None
    if text.lstrip().startswith("{"):
        try:
            document = safejson.loads(text, max_bytes=MAX_FILE_BYTES)
        except safejson.JsonRefused:
            raise HolidaysRefused(code="holidays_format_unknown") from None
        rows, declared = _rows_of_json(document)
    else:
        rows = _rows_of_csv(text)
    holidays: dict[dt.date, Holiday] = {}
    per_year: dict[int, int] = {}
    for number, row in rows:
        day = _check_day(row.get("date"), number)
        if day in holidays:
            raise HolidaysRefused(
                code="holidays_date_repeated", params={"row": number, "date": day.isoformat()}
            )
        per_year[day.year] = per_year.get(day.year, 0) + 1
        if per_year[day.year] > MAX_PER_YEAR or len(per_year) > MAX_YEARS:
            raise HolidaysRefused(
                code="holidays_too_many", params={"per_year": MAX_PER_YEAR, "years": MAX_YEARS}
            )
        holidays[day] = Holiday(
            day, _check_name(row.get("name"), number), _check_kind(row.get("kind"), number)
        )
    if not holidays:
        raise HolidaysRefused(code="holidays_empty")
    years = _declared_years(declared, set(per_year))
    return HolidayCalendar(
        holidays=tuple(sorted(holidays.values(), key=lambda h: h.day)),
        years=tuple(sorted(years.values(), key=lambda y: y.year)),
    )


def load_holidays(path: Path) -> HolidayCalendar:
    """:func:`read_holidays` of a file, refused by its size before it is read whole.

    Opened without waiting (``O_NONBLOCK``: a named pipe opens at once, and would
    otherwise hold ``holidays import`` until someone wrote to it) and read only if it is a
    regular file; anything else is refused as unreadable (issue 57 §13).
    """
    try:
        fd = os.open(path, os.O_RDONLY | O_BINARY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise IsADirectoryError(path)  # a pipe, a device or a folder: no list
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise HolidaysRefused(code="holidays_file_unreadable", params={"file": path.name}) from None
    return read_holidays(data)


@functools.cache
def default_calendar() -> HolidayCalendar:
    """The shipped list (``assets/holidays/hari_libur.json``), read once per process.

    A shipped file that fails its own checks is a broken build, but the app must still
    name a date: the weekends-only calendar is used and the fault logged.
    """
    try:
        return load_holidays(assets_dir() / DEFAULT_FILE)
    except HolidaysRefused as exc:
        log.error("the shipped holiday list is refused (%s): weekends only", exc.code)  # noqa: TRY400 - logged, not raised
        return HolidayCalendar()


def office_promise_in(session: Session) -> tuple[int, HolidayCalendar]:
    """The laptop's promise: the office's working days and days off over the shipped list.

    What the office package left in the store (``fieldkit.office.apply``); without a
    package, SOP 004's 14 days and the shipped list.  The receipt and Serah terima both
    count with it, so the family hears one date.  A stored list that no longer reads (it
    was checked when the package came) is logged and the shipped list used.
    """
    from fieldkit.store.models import Setting  # noqa: PLC0415 - the laptop's store only

    days_row = session.get(Setting, DAYS_KEY)
    given = int(days_row.value) if days_row is not None and days_row.value.isdigit() else 0
    days = given if given in PROMISE_DAYS_RANGE else DEFAULT_PROMISE_DAYS
    calendar = default_calendar()
    stored = session.get(Setting, HOLIDAYS_KEY)
    if stored is not None:
        try:
            calendar = calendar.over(read_holidays(stored.value.encode()))
        except HolidaysRefused as exc:
            log.warning("the office's days off are unreadable (%s): the shipped list", exc.code)
    return days, calendar
