"""Numbers and dates as the office reads them, on every console page: one place for each.

Indonesian writes a day ``26-11-2026`` (as the laptops' screens do, issue 23) and a
count ``100.000``; a page wrote ``2026-11-26`` and ``100000`` by a format of its own
(issue 47, finding 11).  The pages call :func:`moment_text` and :func:`day_text`; the
templates have :func:`count_filter` as ``angka``.  A date field is a text field
reading ``dd-mm-yyyy`` rather than the browser's ``<input type=date>``: that one
shows the browser's own order (``mm/dd/yyyy`` in an English Chromium, whatever the
page's ``lang``), and the office's browsers are not all Indonesian.
"""

from __future__ import annotations

import datetime as dt
import re

import jinja2

from fieldkit.numbers import count_text, decimal_text
from fieldkit.promise import FIRST_DAY, LAST_DAY, in_range
from sync.server.store.stamps import office_time

#: What a date field shows and asks for (Indonesian: hari-bulan-tahun).
DAY_FORMAT = "%d-%m-%Y"
#: ``26-11-2026`` or ``26/11/2026`` (as typed), or ``2026-11-26`` (an older bookmark's link).
_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


def moment_text(when: dt.datetime, *, zone: bool = False) -> str:
    """A time as the office reads it: its day and minute on its clock, ``26-11-2026 14:05 WITA``.

    The office's time zone (``stamps.office_zone``, issue 59 §9); the host's before the
    office code is set.
    """
    local = office_time(when)
    text = local.strftime(f"{DAY_FORMAT} %H:%M")
    return f"{text} {local.strftime('%Z')}".strip() if zone else text


def day_text(day: dt.date) -> str:
    """A day as the office reads it: ``26-11-2026``."""
    return day.strftime(DAY_FORMAT)


def iso_day_text(text: str | None) -> str | None:
    """A stored ISO day (``2026-11-26``) as the office reads it; anything else as it is."""
    if text is None:
        return None
    try:
        return day_text(dt.date.fromisoformat(text))
    except ValueError:
        return text


def parse_day(text: str) -> dt.date | None:
    """A typed day (``26-11-2026``, ``26/11/2026``) or an ISO one; None when it is no day.

    A day outside the range FieldKit takes (:data:`fieldkit.promise.FIRST_DAY` ..
    ``LAST_DAY``) is none either (issue 57.9: ``?sampai=31-12-9999`` overflowed to a 500);
    :func:`out_of_range` tells such a day from a typing mistake, so a page can say which.
    """
    day = any_day(text)
    return day if day is not None and in_range(day) else None


def out_of_range(text: str) -> bool:
    """Whether ``text`` is a real day outside the range FieldKit takes."""
    day = any_day(text)
    return day is not None and not in_range(day)


#: The range's ends as a page writes them: ``{first}`` and ``{last}`` of a sentence.
DAY_RANGE = {"first": day_text(FIRST_DAY), "last": day_text(LAST_DAY)}


def any_day(text: str) -> dt.date | None:
    """A typed day whatever its year (:func:`parse_day` without the range); None if no day."""
    text = text.strip()
    found = _DAY.fullmatch(text)
    try:
        if found is not None:
            day, month, year = (int(part) for part in found.groups())
            return dt.date(year, month, day)
        if len(text) == len("2026-01-31"):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def number_text(value: float, places: int, language: str) -> str:
    """A measure with ``places`` decimals in the page's language: ``1,5`` (``1.5``)."""
    return decimal_text(value, places, language)


@jinja2.pass_context
def count_filter(context: jinja2.runtime.Context, value: object) -> str:
    """``{{ n | angka }}``: a count in the page's language (``lang``), ``100.000``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return count_text(value, str(context.get("lang", "id")))
    return str(value)


def install(templates: jinja2.Environment) -> None:
    """The console's filters: ``angka`` for a count; ``day_range``, the days FieldKit takes."""
    templates.filters["angka"] = count_filter
    templates.globals["day_range"] = DAY_RANGE
