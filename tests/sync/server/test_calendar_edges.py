"""Issue 57.2, 57.9, 57.10: dates at either end of the calendar.

One range of days everywhere (the holiday list's years, 2000 to 2100): a record whose
visit is dated outside it is refused at upload on its own, with a reason the laptop
words; the office's plan, a card's printing and a delivery refuse such a day; the
console's filters say so at the field.  Rows stored before this version (a visit dated
9999-12-31, twenty dated 0001-01-xx) no longer break or stall the console: the promise
clock counts from the day the record arrived when its visit's date is outside the
range, and the working-day arithmetic is closed-form, so no count walks day by day.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from typing import TYPE_CHECKING

import pytest

from fieldkit.promise import (
    add_working_days,
    default_calendar,
    is_working_day,
    working_days_between,
)
from sync.server import catalogue
from sync.server.store.database import SqlStore
from sync.server.store.tables import record_places
from tests.sync.server.dcsupport import dc_cli, fresh_database, sqlite_url
from tests.sync.server.recordsupport import KECAMATAN, PLAN_DATE, SUMBERJO
from tests.sync.server.test_cards import _add, _print

if TYPE_CHECKING:
    from collections.abc import Container, Iterator
    from pathlib import Path


OK = 200
#: What a page of the console may take on this loaded two-core machine with twenty-one
#: records (it took 27 s for Rekaman and 16 s for Grafik when the count walked day by day).
PAGE_S = 8.0


def _walked(first: dt.date, last: dt.date, holidays: Container[dt.date]) -> int:
    """The count as it was: one day at a time (the reference the closed form must equal)."""
    if last < first:
        return -_walked(last, first, holidays)
    count, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        count += is_working_day(day, holidays)
    return count


# --- the arithmetic ---------------------------------------------------------------------


def test_working_days_between_is_closed_form_and_agrees_with_the_walk() -> None:
    calendar = default_calendar()
    rng = random.Random(57)  # noqa: S311 - reproducible dates, not secrets
    base = dt.date(2024, 1, 1)
    for _ in range(3000):
        first = base + dt.timedelta(days=rng.randrange(0, 1500))
        last = first + dt.timedelta(days=rng.randrange(-40, 60))
        for holidays in (calendar, frozenset(), {h.day for h in calendar.holidays}):
            assert working_days_between(first, last, holidays) == _walked(first, last, holidays)
    # Across the whole calendar, in no time (the walk took seconds per call).
    started = time.perf_counter()
    for _ in range(200):
        assert working_days_between(dt.date.min, dt.date.max, calendar) > 2_600_000
    assert time.perf_counter() - started < 1.0
    assert add_working_days(dt.date(2026, 11, 20), 14, calendar) == dt.date(2026, 12, 10)


# --- cards: printed not before the recording, delivered inside the range ---------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


def test_a_card_printed_before_the_recording_or_in_1900_is_refused(store: SqlStore) -> None:
    from sync.server.errors import DataCenterError

    record_id = _add(store)  # arrived 2026-11-20 (UTC morning)
    with store.writing() as conn:
        conn.execute(
            record_places.insert().values(
                device_id="laptop-1", record_id=record_id, visit_date="2026-11-18"
            )
        )
    for day, code in (
        (dt.date(1900, 1, 1), "date_out_of_range"),
        (dt.date(2026, 11, 17), "datacenter_card_date_before_recording"),
    ):
        with pytest.raises(DataCenterError) as refused:
            _print(store, record_id, "04A1B2C3", day)
        assert refused.value.code == code, day
        said = catalogue.text("id", code, refused.value.params, context="errors")
        assert said != catalogue.text("en", code, refused.value.params, context="errors")
    assert store.record("laptop-1", record_id).state == "PRINT_READY_RECORD"  # type: ignore[union-attr]
    # The recording's own day is fine.
    _print(store, record_id, "04A1B2C3", dt.date(2026, 11, 18))


def test_the_command_line_refuses_card_days_outside_the_range(tmp_path: Path) -> None:
    opened = SqlStore(sqlite_url(tmp_path))
    try:
        ready = _add(opened)
    finally:
        opened.close()
    printed = dc_cli(
        tmp_path, "cards", "printed", ready, "--card-uid", "04A1B2C3", "--date", "1900-01-01"
    )
    assert printed.returncode == 2, printed.stdout
    assert "2000" in printed.stderr, printed.stderr
    assert "2100" in printed.stderr, printed.stderr
    later = dc_cli(
        tmp_path,
        "cards",
        "deliver",
        "--laptop",
        "laptop-1",
        "--desa",
        SUMBERJO,
        "--date",
        "9999-12-31",
    )
    assert later.returncode == 2, later.stdout
    assert "9999-12-31" in later.stderr, later.stderr
    assert "2100" in later.stderr, later.stderr


# --- the office's plan --------------------------------------------------------------------


def test_the_office_plan_takes_no_visit_or_letter_outside_the_range(tmp_path: Path) -> None:
    from tests.support import OFFICE

    data = tmp_path / "dc"
    assert dc_cli(data, "office", "set", OFFICE).returncode == 0
    officer = ["officers", "add", "sari", "--role", "petugas", "--name", "Sari Petugas"]
    assert dc_cli(data, *officer).returncode == 0
    request = ["plan", "request", "add", "--number", "470/1/2026", "--requester-type", "desa"]
    request += ["--requester-name", "Desa Sumberjo", "--region", KECAMATAN, "--date"]
    refused = dc_cli(data, *request, "1900-01-01")
    assert refused.returncode == 2, refused.stdout
    assert "2000" in refused.stderr, refused.stderr
    made = dc_cli(data, *request, "2026-11-01", "--json")
    assert made.returncode == 0, made.stderr
    request_id = json.loads(made.stdout)["id"]
    visit = ["plan", "visit", "add", "--request", request_id, "--time", "08:30"]
    visit += ["--place-type", "kantor_desa", "--desa-name", "Sumberjo", "--desa-code", SUMBERJO]
    visit += ["--kecamatan-code", KECAMATAN, "--terrain", "mudah", "--team", "sari:petugas"]
    visit += ["--date"]
    for day in ("9999-12-31", "0001-01-01", "1900-01-01"):
        out = dc_cli(data, *visit, day)
        assert out.returncode == 2, (day, out.stdout)
        assert day in out.stderr, out.stderr
        assert "2100" in out.stderr, out.stderr
    assert dc_cli(data, *visit, PLAN_DATE).returncode == 0
