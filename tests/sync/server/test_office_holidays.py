"""The office's days off and promise (issue 49 §1) on a real store, SQLite and PostgreSQL:
``holidays import`` all or nothing and audited, two imports at the same moment, the
``--promise-days`` rule, and each record's clock (``records list --json``, Beranda's counts).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa

from fieldkit.errors import InvalidInput
from fieldkit.office.package import OfficePackage
from fieldkit.promise import HolidayCalendar, HolidaysRefused, add_working_days, default_calendar
from fieldkit.records.demo import DEMO_KID
from sync.protocol import RecordState
from sync.server.cards import promises
from sync.server.cards.promises import Clock, OfficeClock
from sync.server.keys import DataCenterKeys
from sync.server.office.steering import Office, check_package
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.tables import console_audit, record_places, records
from sync.server.store.tables import state_changes as changes
from tests.sync.server.dcsupport import dc_cli, fresh_database

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

D = dt.date
_seq = itertools.count(1)

SKB_2027 = {  # an office's own 2027 list, as it would type it from the SKB (a CSV)
    "2027-01-01": "Tahun Baru 2027 Masehi",
    "2027-01-05": "Isra Mikraj Nabi Muhammad SAW",
    "2027-02-06": "Tahun Baru Imlek 2578 Kongzili",
    "2027-03-10": "Idul Fitri 1448 Hijriah",
    "2027-03-11": "Idul Fitri 1448 Hijriah",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    url = fresh_database(request, request.param) or sqlite_url(tmp_path)
    opened = SqlStore(url)
    yield opened
    opened.close()


@pytest.fixture
def jakarta(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The data center runs in WIB (UTC+7): a record's arrival day is the office's day."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _csv(tmp_path: Path, name: str, days: dict[str, str]) -> Path:
    path = tmp_path / name
    path.write_text(
        "tanggal,nama,jenis\n" + "".join(f"{d},{n},libur_nasional\n" for d, n in days.items()),
        encoding="utf-8",
    )
    return path


def _days_of(office: Office, year: int) -> dict[str, str]:
    imported, _when = office.imported_holidays()
    return {h.day.isoformat(): h.name for h in imported.holidays if h.day.year == year}


# --- importing a list -----------------------------------------------------------------


def test_an_import_with_replace_replaces_its_years_and_keeps_the_shipped_others(
    store: SqlStore, tmp_path: Path
) -> None:
    office = Office(store)
    assert not office.holidays().complete_for(2027)
    done = office.import_holidays(_csv(tmp_path, "skb-2027.csv", SKB_2027), replace=True)
    calendar, version = done.calendar, done.version
    assert version == 1
    assert [y.year for y in calendar.years] == [2027]
    counted = office.holidays()
    assert counted.complete_for(2027)
    assert D(2027, 3, 10) in counted
    assert D(2027, 3, 26) not in counted  # the shipped 2027 (partial) went whole
    assert D(2026, 12, 24) in counted  # the shipped 2026 stays
    year = counted.year(2027)
    assert year is not None
    assert year.source == "skb-2027.csv"  # a CSV names no source: the file's name stands


def test_an_import_merges_into_its_years_and_reports_each_change(
    store: SqlStore, tmp_path: Path
) -> None:
    """Issue 59 §4: a one-line file had erased the year's 25 shipped days off."""
    office = Office(store)
    shipped = office.holidays()
    promised = add_working_days(D(2026, 12, 21), 5, shipped)
    local = _csv(tmp_path, "lokal.csv", {"2026-12-07": "Hari Jadi Kabupaten Contoh"})
    done = office.import_holidays(local)
    (change,) = done.changes
    assert (change.year, change.replaced, change.days) == (2026, False, 26)
    assert [(h.day, h.name) for h in change.added] == [
        (D(2026, 12, 7), "Hari Jadi Kabupaten Contoh")
    ]
    assert (change.changed, change.removed, len(change.kept)) == ((), (), 25)
    counted = office.holidays()
    assert {D(2026, 12, 24), D(2026, 12, 25), D(2026, 12, 7)} <= set(
        _days_of_counted(counted, 2026)
    )
    assert len(_days_of_counted(counted, 2026)) == 26
    assert counted.complete_for(2026), "a day added to the SKB's list keeps it complete"
    year = counted.year(2026)
    assert year is not None
    assert year.source.startswith("SKB Menteri Agama")
    assert year.source.endswith(" + lokal.csv")
    assert add_working_days(D(2026, 12, 21), 5, counted) == promised  # over Christmas, as shipped
    # A day the year has, named anew (and its kind): the file's word wins, reported.
    renamed = tmp_path / "ganti.csv"
    renamed.write_text(
        "tanggal,nama,jenis\n2026-12-24,Cuti bersama Natal,cuti_bersama\n"
        "2026-12-07,Hari Jadi Kabupaten Contoh,cuti_bersama\n",
        encoding="utf-8",
    )
    (change,) = office.import_holidays(renamed).changes
    assert change.added == ()
    assert [(b.name, a.name) for b, a in change.changed] == [
        ("Hari Jadi Kabupaten Contoh", "Hari Jadi Kabupaten Contoh"),  # its kind changed
        ("Cuti bersama Kelahiran Yesus Kristus", "Cuti bersama Natal"),
    ]
    assert change.days == 26
    year = office.holidays().year(2026)
    assert year is not None
    assert year.source.endswith(" + lokal.csv + ganti.csv")
    # A merge into a provisional year adds days, and does not make the year the SKB's.
    (change,) = office.import_holidays(_csv(tmp_path, "skb-2027.csv", SKB_2027)).changes
    assert (len(change.added), len(change.kept), change.days) == (3, 7, 12)
    assert not office.holidays().complete_for(2027)
    # A year no list had takes the file's list, source and completeness.
    (change,) = office.import_holidays(
        _csv(tmp_path, "2029.csv", {"2029-01-01": "Tahun Baru"})
    ).changes
    assert (change.days, change.kept, change.after.source) == (1, (), "2029.csv")
    assert office.holidays().complete_for(2029)
    # More days than a year may hold, once merged, is refused as the file would be.
    many = {(D(2026, 1, 2) + dt.timedelta(days=4 * n)).isoformat(): f"Libur {n}" for n in range(40)}
    with pytest.raises(HolidaysRefused) as refused:
        office.import_holidays(_csv(tmp_path, "banyak.csv", many))
    assert refused.value.code == "holidays_too_many"
    assert len(_days_of(office, 2026)) == 26, "nothing of it stored"


def _days_of_counted(calendar: HolidayCalendar, year: int) -> list[D]:
    return [h.day for h in calendar.holidays if h.day.year == year]


def test_a_bad_file_changes_nothing(store: SqlStore, tmp_path: Path) -> None:
    office = Office(store)
    office.import_holidays(_csv(tmp_path, "good.csv", SKB_2027), replace=True)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "tanggal,nama\n2027-01-01,Tahun Baru\n2027-13-01,Bukan tanggal\n", encoding="utf-8"
    )
    with pytest.raises(HolidaysRefused) as refused:
        office.import_holidays(bad)
    assert (refused.value.code, refused.value.params) == ("holidays_date_invalid", {"row": "3"})
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"tanggal,nama\n" + b"2027-01-01,x\n" * 10_000)
    with pytest.raises(HolidaysRefused) as too_large:
        office.import_holidays(huge)
    assert too_large.value.code == "holidays_file_too_large"
    assert office.settings()["version"] == 1
    assert _days_of(office, 2027) == SKB_2027


def test_two_imports_at_the_same_moment_each_land_whole(store: SqlStore, tmp_path: Path) -> None:
    """Both succeed, one after the other: each year is one file's list, never a mix of two.

    Each with ``replace``: merged (the default), the year would be both files' days.
    """
    first = tmp_path / "a.json"
    first.write_text(
        json.dumps(
            {
                "format": "fieldkit-holidays",
                "format_version": 1,
                "years": [
                    {"year": 2027, "complete": True, "source": "SKB A 2027"},
                    {"year": 2028, "complete": True, "source": "SKB A 2028"},
                ],
                "holidays": [
                    {"date": "2027-01-01", "name": "Tahun Baru A"},
                    {"date": "2027-03-10", "name": "Idul Fitri A"},
                    {"date": "2028-01-01", "name": "Tahun Baru 2028"},
                ],
            }
        ),
        encoding="utf-8",
    )
    second = _csv(tmp_path, "b.csv", {"2027-01-01": "Tahun Baru B", "2027-02-06": "Imlek B"})
    start = threading.Barrier(2)
    done: list[Any] = []
    stores = [SqlStore(store.url), SqlStore(store.url)]

    def run(path: Path, own: SqlStore) -> None:
        start.wait(timeout=30)
        try:
            done.append(Office(own).import_holidays(path, replace=True).version)
        except Exception as exc:  # noqa: BLE001 - the test reports what either raised
            done.append(exc)

    threads = [
        threading.Thread(target=run, args=(path, own), daemon=True)
        for path, own in zip((first, second), stores, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for own in stores:
        own.close()
    assert not any(t.is_alive() for t in threads)
    assert sorted(done) == [1, 2], done
    office = Office(store)
    calendar = office.holidays()
    kept_2027 = _days_of(office, 2027)
    year = calendar.year(2027)
    assert year is not None
    if year.source == "SKB A 2027":
        assert kept_2027 == {"2027-01-01": "Tahun Baru A", "2027-03-10": "Idul Fitri A"}
    else:
        assert year.source == "b.csv"
        assert kept_2027 == {"2027-01-01": "Tahun Baru B", "2027-02-06": "Imlek B"}
    assert _days_of(office, 2028) == {"2028-01-01": "Tahun Baru 2028"}
    assert office.settings()["version"] == 2


def test_the_promise_days_are_a_rule_kept_in_bounds(store: SqlStore) -> None:
    office = Office(store)
    assert office.promise_days() == 14  # SOP 004 until the office says
    assert office.set_rules(promise_days=10)["promise_days"] == 10
    assert office.set_rules(max_attempts=3)["promise_days"] == 10  # merged, not dropped
    for bad in (0, 61, True):
        with pytest.raises(InvalidInput) as refused:
            office.set_rules(promise_days=bad)
        assert refused.value.code == "promise_days_range"
        assert refused.value.params == {"low": "1", "high": "60"}
    assert office.promise_days() == 10
    assert office.settings()["version"] == 2


# --- the CLI --------------------------------------------------------------------------


def test_the_cli_imports_lists_audits_and_refuses_in_its_words(tmp_path: Path) -> None:
    data = tmp_path / "dc"
    data.mkdir()
    listed = dc_cli(data, "holidays", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    shipped = json.loads(listed.stdout)
    assert [(y["year"], y["origin"], y["complete"]) for y in shipped["years"]] == [
        (2026, "shipped", True),
        (2027, "shipped", False),
    ]
    skb = str(_csv(tmp_path, "skb.csv", SKB_2027))
    imported = dc_cli(data, "holidays", "import", skb, "--replace")
    assert imported.returncode == 0, imported.stderr
    assert "2027: 5 days off, complete, imported by the office: skb.csv" in imported.stdout
    said = dc_cli(data, "holidays", "list").stdout  # each day's kind in words, both kinds
    assert "2027-01-01  national holiday  Tahun Baru 2027 Masehi" in said
    assert "  cuti bersama  " in said  # the shipped 2026 list has collective leave days
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "fieldkit-holidays", "format_version": 1, "holidays": []}')
    refused = dc_cli(data, "holidays", "import", str(bad))
    assert refused.returncode == 2
    assert "error: The holiday list has no holidays. Nothing was imported." in refused.stderr
    too_long = dc_cli(data, "rules", "set", "--promise-days", "61")
    assert too_long.returncode == 2
    assert "must be 1 to 60 working days" in too_long.stderr
    assert dc_cli(data, "rules", "set", "--promise-days", "12").returncode == 0
    rules = json.loads(dc_cli(data, "rules", "show", "--json").stdout)["rules"]
    assert rules["promise_days"] == 12
    store = SqlStore(sqlite_url(data))
    try:
        with store.reading() as conn:
            lines = conn.execute(sa.select(console_audit)).mappings().all()
    finally:
        store.close()
    assert [(line["action"], line["actor"][:4]) for line in lines] == [
        ("holidays_imported", "cli:")
    ]
    assert "holiday list imported: 2027 replaced (+3 ~0 -7: 5 days)" in str(lines[0]["detail"])


def test_the_cli_merges_a_small_file_says_what_changed_and_replaces_only_when_asked(
    tmp_path: Path,
) -> None:
    """Issue 59 §4, as the operator meets it: ``holidays import`` run as a command."""
    data = tmp_path / "dc"
    local = _csv(tmp_path, "lokal.csv", {"2026-12-07": "Hari Jadi Kabupaten Contoh"})
    merged = dc_cli(data, "holidays", "import", str(local), process=True)
    assert merged.returncode == 0, merged.stderr
    lines = merged.stdout.splitlines()
    assert lines[:3] == [
        "2026: merged into the year's list: 1 added, 0 changed, 25 not in the file kept",
        "  added    2026-12-07  national holiday  Hari Jadi Kabupaten Contoh",
        (
            "  25 days of 2026 that the file does not list were kept. To make the file the "
            "year's whole list, import it again with --replace."
        ),
    ]
    assert lines[3].startswith("2026: 26 days off, complete, imported by the office: SKB ")
    assert lines[3].endswith(" + lokal.csv")
    listed = json.loads(dc_cli(data, "holidays", "list", "--json", process=True).stdout)
    days = {h["date"] for h in listed["holidays"] if h["date"].startswith("2026-")}
    assert {"2026-12-07", "2026-12-24", "2026-12-25"} <= days
    assert len(days) == 26
    # A new name for a day the year has: said before and after.
    renamed = _csv(tmp_path, "natal.csv", {"2026-12-25": "Hari Raya Natal"})
    said = dc_cli(data, "holidays", "import", str(renamed), "--json", process=True)
    assert said.returncode == 0, said.stderr
    (change,) = json.loads(said.stdout)["changes"]
    assert change["mode"] == "merged"
    assert change["changed"] == [
        {
            "date": "2026-12-25",
            "before": {
                "date": "2026-12-25",
                "kind": "libur_nasional",
                "name": "Kelahiran Yesus Kristus",
            },
            "after": {"date": "2026-12-25", "kind": "libur_nasional", "name": "Hari Raya Natal"},
        }
    ]
    assert (change["added"], change["removed"], change["kept"], change["days"]) == ([], [], 25, 26)
    # --replace: the file becomes the year's whole list, and every day it drops is named.
    replaced = dc_cli(data, "holidays", "import", str(local), "--replace", process=True)
    assert replaced.returncode == 0, replaced.stderr
    out = replaced.stdout.splitlines()
    assert out[0] == "2026: the year's list replaced (--replace): 0 added, 0 changed, 25 removed"
    assert "  removed  2026-12-24  cuti bersama  Cuti bersama Kelahiran Yesus Kristus" in out
    assert "  removed  2026-12-25  national holiday  Hari Raya Natal" in out
    assert len([line for line in out if line.startswith("  removed  2026-")]) == 25
    assert "2026: 1 days off, complete, imported by the office: lokal.csv" in out
    listed = json.loads(dc_cli(data, "holidays", "list", "--json", process=True).stdout)
    assert [h["date"] for h in listed["holidays"] if h["date"].startswith("2026-")] == [
        "2026-12-07"
    ]


# --- each record's clock ----------------------------------------------------------------


def _add(
    store: SqlStore,
    state: RecordState,
    *,
    received_at: str,
    visit_date: str | None = None,
    kid: str = "office-key",
    printed_at: str | None = None,
) -> tuple[str, str]:
    record_id = f"rec-{next(_seq):04d}"
    with store.writing() as conn:
        conn.execute(
            records.insert().values(
                device_id="laptop-1",
                record_id=record_id,
                seq=next(_seq),
                kid=kid,
                sha256="0" * 64,
                size=1,
                record_signature="s",
                state=state.value,
                received_at=received_at,
                receipt="{}",
            )
        )
        if visit_date is not None:
            conn.execute(
                record_places.insert().values(
                    device_id="laptop-1", record_id=record_id, visit_date=visit_date
                )
            )
        if printed_at is not None:
            conn.execute(
                changes.insert().values(
                    record_id=record_id,
                    device_id="laptop-1",
                    state=RecordState.PRINTED.value,
                    changed_at=printed_at,
                )
            )
    return "laptop-1", record_id


def test_a_record_clock_runs_is_met_or_stops_by_its_state() -> None:
    office = OfficeClock(days=14, calendar=default_calendar(), today=D(2026, 11, 24))
    running = promises.record_clock(
        office, state="ACCEPTED", visit_date="2026-11-02", received_at="2026-11-03T01:00:00Z"
    )
    assert running is not None
    assert running.promise_date == D(2026, 11, 20)
    assert (running.clock, running.elapsed, running.left) == (Clock.RUNNING, 16, -2)
    assert (running.overdue, running.late_by) == (True, 2)
    printed = promises.record_clock(
        office,
        state="PRINTED",
        visit_date="2026-11-02",
        received_at="2026-11-03T01:00:00Z",
        issued_at="2026-11-18T03:00:00.000000Z",
    )
    assert printed is not None
    assert (printed.clock, printed.issued_on, printed.elapsed) == (
        Clock.MET,
        D(2026, 11, 18),
        12,
    )
    assert (printed.overdue, printed.late_by, printed.left) == (False, 0, None)
    late_card = promises.record_clock(
        office,
        state="READY_FOR_HANDOVER",
        visit_date="2026-11-02",
        received_at="2026-11-03T01:00:00Z",
        issued_at="2026-11-24T03:00:00.000000Z",
    )
    assert late_card is not None
    assert late_card.late_by == 2
    for state in ("REJECTED", "RECAPTURE", "ENROLL_FAILURE", "DUPLICATE_CLOSED", "???"):
        stopped = promises.record_clock(
            office, state=state, visit_date="2026-11-02", received_at=None
        )
        assert stopped is not None
        assert (stopped.clock, stopped.overdue, stopped.left) == (Clock.STOPPED, False, None)
    assert (
        promises.record_clock(office, state="ACCEPTED", visit_date=None, received_at=None) is None
    )


@pytest.mark.usefixtures("jakarta")
def test_without_a_visit_date_the_office_day_of_arrival_counts() -> None:
    office = OfficeClock(days=1, calendar=default_calendar(), today=D(2026, 11, 24))
    # 18:30 UTC on Sunday 22 November is 01:30 WIB on Monday 23: recorded on Monday.
    late_night = promises.record_clock(
        office, state="ACCEPTED", visit_date=None, received_at="2026-11-22T18:30:00.000000Z"
    )
    assert late_night is not None
    assert late_night.recorded_on == D(2026, 11, 23)
    assert late_night.promise_date == D(2026, 11, 24)


@pytest.mark.usefixtures("jakarta")
def test_berandas_counts_agree_with_each_records_clock(store: SqlStore) -> None:
    """SQL's two comparisons of dates count what the day-by-day clock says, record by record."""
    today = D(2026, 12, 16)  # a Wednesday; 24-25 December and 1 January off in reach
    office = OfficeClock(days=14, calendar=default_calendar(), today=today)
    made: list[tuple[RecordState, str | None, str]] = []
    for back in range(45):
        day = today - dt.timedelta(days=back)
        made.append((RecordState.ACCEPTED, day.isoformat(), "2026-12-15T01:00:00.000000Z"))
    for back in range(0, 45, 2):  # no place: the WIB day of arrival (17:30 UTC is 00:30 WIB)
        day = today - dt.timedelta(days=back + 1)
        made.append((RecordState.PRINT_READY_RECORD, None, f"{day.isoformat()}T17:30:00.000000Z"))
    for state, visit_date, received_at in made:
        _add(store, state, received_at=received_at, visit_date=visit_date)
    _add(
        store,
        RecordState.REJECTED,
        received_at="2026-10-01T01:00:00.000000Z",
        visit_date="2026-10-01",
    )
    _add(store, RecordState.ACCEPTED, received_at="2026-10-01T01:00:00.000000Z", kid=DEMO_KID)
    _add(
        store,
        RecordState.PRINTED,
        received_at="2026-10-01T01:00:00.000000Z",
        visit_date="2026-10-01",
        printed_at="2026-10-30T01:00:00.000000Z",
    )
    counts = promises.due_counts(store, office)
    expected_overdue = expected_week = 0
    for state, visit_date, received_at in made:
        clock = promises.record_clock(
            office, state=state.value, visit_date=visit_date, received_at=received_at
        )
        assert clock is not None
        expected_overdue += clock.overdue
        expected_week += (not clock.overdue) and clock.promise_date <= office.week_end
    assert expected_overdue > 5
    assert expected_week > 1
    assert (counts.overdue, counts.due_this_week) == (expected_overdue, expected_week)
    assert counts.incomplete_years == (2027,)  # today's promise reaches January 2027


def test_records_list_json_carries_each_promise(tmp_path: Path) -> None:
    data = tmp_path / "dc"
    data.mkdir()
    store = SqlStore(sqlite_url(data))
    try:
        Office(store).set_rules(promise_days=5)
        long_ago = _add(
            store, RecordState.ACCEPTED, received_at="2026-10-06T03:00:00Z", visit_date="2026-10-05"
        )
        fresh_day = dt.datetime.now(dt.UTC).astimezone().date()
        fresh = _add(
            store,
            RecordState.RECEIVED,
            received_at="2026-11-27T03:00:00Z",
            visit_date=fresh_day.isoformat(),
        )
    finally:
        store.close()
    done = dc_cli(data, "records", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {(r["device_id"], r["record_id"]): r for r in json.loads(done.stdout)}
    old = rows[long_ago]
    assert old["promise_date"] == "2026-10-12"  # 5 working days after Monday 5 October
    assert old["overdue"] is True
    assert old["working_days_left"] < 0
    assert old["clock"] == "running"
    new = rows[fresh]
    assert new["overdue"] is False
    assert new["working_days_left"] == 5
    assert new["promise_date"] == add_working_days(fresh_day, 5, default_calendar()).isoformat()


# --- the laptops' package ---------------------------------------------------------------


def test_the_package_carries_the_days_off_and_the_promise_the_laptop_reads(
    store: SqlStore, tmp_path: Path
) -> None:
    office = Office(store)
    office.set_office("3315")
    office.set_rules(promise_days=10)
    office.import_holidays(_csv(tmp_path, "skb-2027.csv", SKB_2027), replace=True)
    document = office.document("dev-1", DataCenterKeys(tmp_path / "keys"))
    assert document is not None
    check_package(document)  # the laptop's own reader takes it whole
    package = OfficePackage.from_document(document)
    assert package.rules is not None
    assert package.rules.promise_days == 10
    assert package.holidays is not None
    assert package.holidays.complete_for(2027)
    assert D(2027, 3, 10) in package.holidays  # the office's
    assert D(2026, 12, 24) in package.holidays  # the shipped 2026 it counts with too
    window = office.package_holidays(today=D(2026, 11, 27))
    assert window is not None
    assert [y["year"] for y in window["years"]] == [2026, 2027]  # 2025-2028 in reach
    assert office.package_holidays(today=D(2040, 1, 1)) is None


def _full_year(tmp_path: Path, year: int) -> Path:
    """A valid list on its own: 60 days of ``year`` (the most a year may have), long names.

    Each name is 120 characters of three UTF-8 bytes (the Chinese new year's greeting, as
    an office in a Chinese-Indonesian town may write Imlek): about 22 KiB a year.
    """
    days = [D(year, 1, 1) + dt.timedelta(days=3 * n) for n in range(60)]
    name = "\u65b0\u5e74\u5feb\u4e50" * 30
    return _csv(tmp_path, f"libur-{year}.csv", {d.isoformat(): name[:120] for d in days})


def test_imports_each_valid_that_together_would_stop_every_package_are_refused(
    store: SqlStore, tmp_path: Path
) -> None:
    """Issue 57 §5: the part the laptop reads, combined, is checked against the laptop's limit.

    Four full years each import alone; together the package's window of days off
    (last year to two years on) outgrows the laptop's holiday reader, which would refuse
    every package whole, an officer's disable with it.  The import that would make it so
    is refused in the laptop's words and nothing of it is stored; the packages go on.
    """
    office = Office(store)
    office.set_office("3315")
    keys = DataCenterKeys(tmp_path / "keys")
    this_year = dt.datetime.now(dt.UTC).year
    refused: dict[int, tuple[str, object]] = {}
    for year in range(this_year - 1, this_year + 3):
        try:
            office.import_holidays(_full_year(tmp_path, year), replace=True)
        except InvalidInput as exc:
            refused[year] = (exc.code, exc.params["field"])
        document = office.document("dev-1", keys)
        assert document is not None
        check_package(document)  # every package is still one the laptop reads
        assert OfficePackage.from_document(document).holidays is not None
    assert refused, "four full years do not fit the laptop's reader together"
    assert set(refused.values()) == {("package_malformed", "holidays")}
    imported, _when = office.imported_holidays()
    assert not {y.year for y in imported.years} & set(refused), "a refused year kept nothing"
    # The CLI says it in the laptop's words, and `package show` still works afterwards.
    data = tmp_path / "cli"
    data.mkdir()
    assert dc_cli(data, "office", "set", "3315").returncode == 0
    codes = [
        dc_cli(data, "holidays", "import", str(_full_year(tmp_path, year)), "--replace").returncode
        for year in range(this_year - 1, this_year + 3)
    ]
    assert 2 in codes, codes
    assert all(code in {0, 2} for code in codes)


def test_a_merge_is_checked_whole_against_the_laptops_limit(
    store: SqlStore, tmp_path: Path
) -> None:
    """Issue 57 §5 holds for a merge: the merged year, not the file alone, must fit.

    Two full years leave room in a package's days off for about 28 more long-named days:
    18 fit, alone or as a year's whole list; merged with 18 others they would not.
    """
    office = Office(store)
    office.set_office("3315")
    keys = DataCenterKeys(tmp_path / "keys")
    this_year = dt.datetime.now(dt.UTC).year
    for year in (this_year + 1, this_year + 2):
        office.import_holidays(_full_year(tmp_path, year), replace=True)
    name = ("\u65b0\u5e74\u5feb\u4e50" * 30)[:120]
    last_year = D(this_year - 1, 1, 1)
    first, second = (
        _csv(
            tmp_path,
            f"libur-{n}.csv",
            {(last_year + dt.timedelta(days=3 * k + n)).isoformat(): name for k in range(18)},
        )
        for n in (0, 1)
    )
    office.import_holidays(first)
    with pytest.raises(InvalidInput) as refused:
        office.import_holidays(second)  # merged: 36 days of last year
    assert (refused.value.code, refused.value.params["field"]) == ("package_malformed", "holidays")
    assert len(_days_of(office, this_year - 1)) == 18, "nothing of the refused merge stored"
    document = office.document("dev-1", keys)
    assert document is not None
    check_package(document)
    office.import_holidays(second, replace=True)  # the file alone fits
    assert sorted(_days_of(office, this_year - 1)) == sorted(
        (last_year + dt.timedelta(days=3 * k + 1)).isoformat() for k in range(18)
    )
