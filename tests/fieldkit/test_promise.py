"""The promise date (issue 49 §1): working days with weekends, holidays and cuti bersama skipped."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from typing import TYPE_CHECKING

import pytest

from fieldkit import promise
from fieldkit.promise import (
    HolidayCalendar,
    HolidayKind,
    HolidaysRefused,
    YearSource,
    add_working_days,
    latest_start,
    load_holidays,
    promise_for,
    read_holidays,
    working_days_between,
)
from fieldkit.sentences import english

if TYPE_CHECKING:
    from pathlib import Path

D = dt.date
SHIPPED = promise.default_calendar()


def _json(holidays: list[object], years: object = None) -> bytes:
    document: dict[str, object] = {"format": "fieldkit-holidays", "format_version": 1}
    document["holidays"] = holidays
    if years is not None:
        document["years"] = years
    return json.dumps(document).encode()


# --- counting --------------------------------------------------------------------------


def test_weekends_are_skipped_with_no_holidays() -> None:
    assert add_working_days(D(2026, 11, 30), 14) == D(2026, 12, 18)
    assert add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 7)  # Friday -> Monday
    assert add_working_days(D(2026, 12, 4), 0) == D(2026, 12, 4)


def test_a_holiday_and_a_cuti_bersama_day_are_skipped() -> None:
    # Recorded Monday 14 December 2026: 24 (cuti bersama) and 25 December (Natal) are off.
    assert add_working_days(D(2026, 12, 14), 14) == D(2027, 1, 1)  # weekends only
    christmas = frozenset({D(2026, 12, 24), D(2026, 12, 25)})
    assert add_working_days(D(2026, 12, 14), 14, christmas) == D(2027, 1, 5)
    # ... and 1 January 2027 too: the shipped list holds it.
    assert add_working_days(D(2026, 12, 14), 14, SHIPPED) == D(2027, 1, 6)


def test_idul_fitri_2026_moves_the_promise_by_a_week() -> None:
    """18-24 March 2026: Nyepi, its cuti bersama, Idul Fitri and its four cuti bersama days."""
    recorded = D(2026, 3, 13)  # a Friday
    assert add_working_days(recorded, 14) == D(2026, 4, 2)
    # 18, 19, 20, 23, 24 March are off (21-22 are a weekend anyway); 3 April is Good Friday.
    assert add_working_days(recorded, 14, SHIPPED) == D(2026, 4, 10)


def test_a_start_on_a_holiday_or_a_weekend_counts_from_the_next_working_day() -> None:
    holidays = frozenset({D(2026, 8, 17)})  # Monday, Proklamasi
    assert add_working_days(D(2026, 8, 17), 1, holidays) == D(2026, 8, 18)
    assert add_working_days(D(2026, 8, 15), 1, holidays) == D(2026, 8, 18)  # Saturday
    assert add_working_days(D(2026, 8, 14), 1, holidays) == D(2026, 8, 18)  # Friday


def test_counting_across_the_new_year() -> None:
    holidays = frozenset({D(2026, 12, 24), D(2026, 12, 25), D(2027, 1, 1)})
    assert add_working_days(D(2026, 12, 23), 1, holidays) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 31), 1, holidays) == D(2027, 1, 4)
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 4), holidays) == 5


def test_working_days_between_is_the_inverse_of_adding_them() -> None:
    start = D(2026, 3, 10)
    for days in range(40):
        due = add_working_days(start, days, SHIPPED)
        assert working_days_between(start, due, SHIPPED) == days
        assert working_days_between(due, start, SHIPPED) == -days
    assert working_days_between(start, start, SHIPPED) == 0


def test_latest_start_agrees_with_adding_day_by_day() -> None:
    """Every record made on or before ``latest_start`` is due by the deadline, none after."""
    for offset in range(0, 400, 3):
        deadline = D(2026, 1, 1) + dt.timedelta(days=offset)
        for days in (1, 5, 14):
            last = latest_start(deadline, days, SHIPPED)
            assert add_working_days(last, days, SHIPPED) <= deadline
            assert add_working_days(last + dt.timedelta(days=1), days, SHIPPED) > deadline


def test_a_promise_says_elapsed_left_and_overdue() -> None:
    recorded = D(2026, 11, 2)  # Monday
    on_time = promise_for(recorded, D(2026, 11, 13), holidays=SHIPPED)
    assert on_time.promise_date == D(2026, 11, 20)
    assert (on_time.elapsed, on_time.left, on_time.overdue) == (9, 5, False)
    due_today = promise_for(recorded, D(2026, 11, 20), holidays=SHIPPED)
    assert (due_today.left, due_today.overdue) == (0, False)
    late = promise_for(recorded, D(2026, 11, 24), holidays=SHIPPED)
    assert (late.elapsed, late.left, late.overdue, late.late_by) == (16, -2, True, 2)
    # The weekend after the promise date adds no lateness: late by working days only.
    assert promise_for(recorded, D(2026, 11, 22), holidays=SHIPPED).late_by == 0


def test_negative_days_are_a_bug_not_a_date() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 1), -1)


# --- the shipped list -----------------------------------------------------------------


def test_the_shipped_2026_list_is_the_skb_25_days() -> None:
    days_2026 = [h for h in SHIPPED.holidays if h.day.year == 2026]
    national = [h for h in days_2026 if h.kind is HolidayKind.NATIONAL]
    cuti = [h for h in days_2026 if h.kind is HolidayKind.CUTI_BERSAMA]
    assert (len(national), len(cuti)) == (17, 8)
    assert SHIPPED.complete_for(2026)
    source = SHIPPED.year(2026)
    assert source is not None
    assert "1497 Tahun 2025" in source.source
    named = SHIPPED.named(D(2026, 3, 21))
    assert named is not None
    assert "Idul Fitri" in named.name
    assert D(2026, 12, 24) in SHIPPED  # cuti bersama Natal


def test_2027_is_shipped_partial_and_says_so() -> None:
    assert not SHIPPED.complete_for(2027)
    assert not SHIPPED.complete_for(2028)
    assert D(2027, 1, 1) in SHIPPED
    assert D(2027, 3, 26) in SHIPPED  # Good Friday, from Easter 28 March 2027
    assert SHIPPED.incomplete_between(D(2026, 12, 14), D(2027, 1, 6)) == [2027]
    assert SHIPPED.incomplete_between(D(2026, 5, 1), D(2026, 5, 30)) == []


def test_a_broken_shipped_list_falls_back_to_weekends_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "holidays").mkdir()
    (tmp_path / "holidays" / "hari_libur.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("FIELDKIT_ASSETS", str(tmp_path))
    promise.default_calendar.cache_clear()
    try:
        assert promise.default_calendar() == HolidayCalendar()
        assert "holidays_format_unknown" in caplog.text
    finally:
        monkeypatch.undo()
        promise.default_calendar.cache_clear()
    assert D(2026, 1, 1) in promise.default_calendar()


# --- reading an office's list ----------------------------------------------------------


def test_a_csv_with_an_indonesian_header_is_read() -> None:
    text = (
        "\ufefftanggal,nama,jenis\n"
        "2028-01-01,Tahun Baru 2028 Masehi,libur_nasional\n"
        "\n"
        "2028-01-26,  Cuti   bersama Imlek ,cuti bersama\n"
        "2028-01-27,Tahun Baru Imlek,\n"
    )
    calendar = read_holidays(text.encode())
    assert [(h.day, h.name, h.kind) for h in calendar.holidays] == [
        (D(2028, 1, 1), "Tahun Baru 2028 Masehi", HolidayKind.NATIONAL),
        (D(2028, 1, 26), "Cuti bersama Imlek", HolidayKind.CUTI_BERSAMA),
        (D(2028, 1, 27), "Tahun Baru Imlek", HolidayKind.NATIONAL),
    ]
    assert calendar.years == (YearSource(2028, "", complete=True),)


def test_the_json_round_trips() -> None:
    again = read_holidays(json.dumps(SHIPPED.as_json()).encode())
    assert again == SHIPPED


def test_a_newer_list_replaces_its_years_only() -> None:
    office = read_holidays(b"date,name\n2027-01-01,Tahun Baru\n2027-03-10,Idul Fitri 1448 H\n")
    merged = SHIPPED.over(office)
    assert merged.complete_for(2027)
    assert D(2027, 3, 10) in merged
    assert D(2027, 3, 26) not in merged  # the shipped 2027 went whole
    assert D(2026, 12, 25) in merged
    assert [y.year for y in merged.years] == [2026, 2027]


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (b"x" * (promise.MAX_FILE_BYTES + 1), "holidays_file_too_large", {"max_kib": "64"}),
        (b"tanggal,nama\n\xff\xfe,x\n", "holidays_file_not_text", {}),
        (b"", "holidays_format_unknown", {}),
        (b"day,what\n2026-01-01,x\n", "holidays_format_unknown", {}),
        (b"{not json", "holidays_format_unknown", {}),
        (
            b'{"format": "other", "format_version": 1, "holidays": []}',
            "holidays_format_unknown",
            {},
        ),
        (b"tanggal,nama\n", "holidays_empty", {}),
        (b"tanggal,nama\n01-01-2026,Tahun Baru\n", "holidays_date_invalid", {"row": "2"}),
        (b"tanggal,nama\n2026-02-30,Tahun Baru\n", "holidays_date_invalid", {"row": "2"}),
        (b"tanggal,nama\n1999-01-01,Tahun Baru\n", "holidays_year_invalid", {"row": "2"}),
        (b"tanggal,nama\n2026-01-01,\n", "holidays_name_invalid", {"row": "2"}),
        (b"tanggal,nama\n2026-01-01,a\x07b\n", "holidays_name_invalid", {"row": "2"}),
        (b"tanggal,nama\n2026-01-01," + b"n" * 121 + b"\n", "holidays_name_invalid", {}),
        (b"tanggal,nama,jenis\n2026-01-01,x,libur\n", "holidays_kind_invalid", {"row": "2"}),
        (
            b"tanggal,nama\n2026-01-01,a\n2026-01-01,b\n",
            "holidays_date_repeated",
            {"row": "3", "date": "2026-01-01"},
        ),
        (
            _json([{"date": "2026-01-01", "name": "x"}], years=[{"year": 2027}]),
            "holidays_year_undeclared",
            {"year": "2026"},
        ),
        (
            _json([{"date": "2026-01-01", "name": "x"}], years=[{"year": 1900}]),
            "holidays_years_invalid",
            {},
        ),
        (
            _json([{"date": "2026-01-01", "name": "x"}], years=[{"year": 2026, "source": 5}]),
            "holidays_source_invalid",
            {"year": "2026"},
        ),
        (_json([{"date": 20260101, "name": "x"}]), "holidays_date_invalid", {"row": "1"}),
        (_json(["2026-01-01"]), "holidays_date_invalid", {"row": "1"}),
    ],
)
def test_a_bad_list_is_refused_whole_with_its_code(
    data: bytes, code: str, params: dict[str, str]
) -> None:
    with pytest.raises(HolidaysRefused) as refused:
        read_holidays(data)
    assert refused.value.code == code
    assert params.items() <= refused.value.params.items()
    # Every refusal has its sentence in the catalogue (its English filled in, no raw code).
    assert english("errors", code, refused.value.params) != code
    assert "{" not in refused.value.message


def test_too_many_days_in_a_year_are_refused() -> None:
    start = D(2026, 1, 1)
    rows = "".join(
        f"{(start + dt.timedelta(days=i)).isoformat()},hari {i}\n"
        for i in range(promise.MAX_PER_YEAR + 1)
    )
    with pytest.raises(HolidaysRefused) as refused:
        read_holidays(("tanggal,nama\n" + rows).encode())
    assert refused.value.code == "holidays_too_many"


def test_a_huge_file_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    huge = tmp_path / "libur.csv"
    huge.write_bytes(b"tanggal,nama\n" + b"2026-01-01,x\n" * 100_000)
    with pytest.raises(HolidaysRefused) as refused:
        load_holidays(huge)
    assert refused.value.code == "holidays_file_too_large"
    with pytest.raises(HolidaysRefused) as missing:
        load_holidays(tmp_path / "nowhere.csv")
    assert (missing.value.code, missing.value.params) == (
        "holidays_file_unreadable",
        {"file": "nowhere.csv"},
    )


@pytest.mark.parametrize("text", ["2026-W01-4", "2026-W014", "20260101", "2026-001"])
def test_an_iso_week_or_ordinal_date_is_refused_as_its_comment_says(text: str) -> None:
    """Issue 57 §13: ``fromisoformat`` reads these too; only ``YYYY-MM-DD`` is a date here."""
    with pytest.raises(HolidaysRefused) as refused:
        read_holidays(f"tanggal,nama\n{text},Tahun Baru\n".encode())
    assert (refused.value.code, refused.value.params) == ("holidays_date_invalid", {"row": "2"})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe (POSIX)")
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    """Issue 57 §13: ``holidays import`` on a FIFO hung, waiting for a writer forever."""
    pipe = tmp_path / "libur.csv"
    os.mkfifo(pipe)
    outcome: list[str] = []

    def load() -> None:
        try:
            load_holidays(pipe)
        except HolidaysRefused as exc:
            outcome.append(exc.code)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # the old way: blocked in open(); a writer lets it go on
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
        pytest.fail("the reader waited on the named pipe")
    assert outcome == ["holidays_file_unreadable"]
