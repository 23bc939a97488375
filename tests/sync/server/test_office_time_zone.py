"""The office's time zone (issue 59 §9): a setting, by its province until set, used at the edges.

Each province of the region list has its zone (Keppres 41/1987); Beranda's "today" at
17:30 UTC in a WITA office is the next day's first hours (01:30 WITA), on a real store;
the times the pages show carry the zone; ``office set --time-zone`` changes it, audited,
and refuses anything but WIB, WITA or WIT with a sentence naming what was typed; the
XLSX export's days are dates (read back by openpyxl).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
import sqlalchemy as sa

from fieldkit.sealing import seal
from sync.protocol import RecordState, b64encode
from sync.server import catalogue
from sync.server.console.formats import moment_text
from sync.server.console.home import home_counts
from sync.server.console.records_export import Export, csv_bytes, xlsx_bytes
from sync.server.intake.service import DataCenter
from sync.server.office.steering import Office
from sync.server.store.database import SqlStore, sqlite_url
from sync.server.store.stamps import (
    OfficeZone,
    office_today,
    office_zone,
    use_office_zone,
    zone_of_office,
)
from sync.server.store.tables import console_audit, records
from tests.sync.server.dcsupport import (
    accepted_record_row,
    announce_in_process,
    dc_cli,
    enroll_in_process,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sync.server.console.records_query import Listing

REGIONS = Path(__file__).resolve().parents[3] / "assets" / "regions" / "wilayah.csv"
#: 17:30 UTC on 26 November: 27 November, 01:30 in WITA.
EVENING = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)
_seq = itertools.count(1)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    opened = SqlStore(sqlite_url(tmp_path))
    yield opened
    opened.close()


@pytest.fixture
def on_the_offices_clock(store: SqlStore) -> Iterator[None]:
    """This test's work on the store's office clock, as a console request or a command is."""
    use_office_zone(store.office_zone())
    yield
    use_office_zone(None)


def test_every_province_of_the_region_list_has_its_zone() -> None:
    with REGIONS.open(encoding="utf-8") as rows:
        provinces = {r["code"]: r["name"] for r in csv.DictReader(rows) if r["level"] == "province"}
    assert len(provinces) == 38
    zones = {code: zone_of_office(code + "01") for code in provinces}
    wita = {c for c, z in zones.items() if z is OfficeZone.WITA}
    wit = {c for c, z in zones.items() if z is OfficeZone.WIT}
    # Keppres 41/1987: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi in WITA;
    # Maluku and Papua in WIT; West and Central Kalimantan (61, 62) stayed in WIB.
    assert {provinces[c] for c in wita} == {
        "Bali",
        "Nusa Tenggara Barat",
        "Nusa Tenggara Timur",
        "Kalimantan Selatan",
        "Kalimantan Timur",
        "Kalimantan Utara",
        "Sulawesi Utara",
        "Sulawesi Tengah",
        "Sulawesi Selatan",
        "Sulawesi Tenggara",
        "Gorontalo",
        "Sulawesi Barat",
    }
    assert {provinces[c] for c in wit} == {
        "Maluku",
        "Maluku Utara",
        "Papua",
        "Papua Barat",
        "Papua Selatan",
        "Papua Tengah",
        "Papua Pegunungan",
        "Papua Barat Daya",
    }
    assert zones["33"] is zones["61"] is zones["62"] is zones["11"] is OfficeZone.WIB
    assert zone_of_office(None) is None


def _arrived(store: SqlStore, *when: dt.datetime) -> None:
    rows = [
        accepted_record_row(next(_seq), moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) for moment in when
    ]
    with store.writing() as conn:
        conn.execute(records.insert(), rows)


def test_beranda_today_at_1730_utc_is_the_wita_offices_next_day(
    store: SqlStore,
) -> None:
    Office(store).set_office("7371", "Disdukcapil Kota Makassar")  # Sulawesi Selatan
    # 16:30 UTC is 00:30 WITA on the 27th: today; 15:30 UTC is still the 26th in WITA.
    _arrived(store, EVENING - dt.timedelta(hours=1), EVENING - dt.timedelta(hours=2))
    use_office_zone(store.office_zone())
    try:
        counts = home_counts(store, EVENING)
        shown = moment_text(EVENING, zone=True)
    finally:
        use_office_zone(None)
    assert counts.records_today == 1
    assert counts.since == "27-11-2026 00:00 WITA"
    assert shown == "27-11-2026 01:30 WITA"
    # The office's own choice beats its province's: in WIT the day began at 15:00 UTC.
    Office(store).set_time_zone("WIT")
    use_office_zone(store.office_zone())
    try:
        assert home_counts(store, EVENING).records_today == 2
        assert moment_text(EVENING, zone=True) == "27-11-2026 02:30 WIT"
    finally:
        use_office_zone(None)


@pytest.mark.usefixtures("on_the_offices_clock")
def test_before_an_office_code_the_hosts_zone_is_kept(store: SqlStore) -> None:
    assert office_zone() is None
    assert office_today() == dt.datetime.now(dt.UTC).astimezone().date()


def _said(stderr: str, code: str, **params: object) -> bool:
    """The refusal's sentence, in the command's language (Indonesian or English)."""
    return any(
        catalogue.text(lang, code, params, context="errors") in stderr
        for lang in catalogue.LANGUAGES
    )


def test_the_office_sets_its_time_zone_by_command_and_a_bad_one_is_refused(
    tmp_path: Path,
) -> None:
    data = tmp_path / "dc"
    done = dc_cli(data, "office", "set", "7371", "--name", "Disdukcapil Kota Makassar")
    assert done.returncode == 0, done.stderr
    shown = json.loads(dc_cli(data, "office", "show", "--json").stdout)
    assert (shown["time_zone"], shown["time_zone_chosen"]) == ("WITA", False)

    done = dc_cli(data, "office", "set", "--time-zone", "wit")  # any case, no code needed
    assert done.returncode == 0, done.stderr
    shown = json.loads(dc_cli(data, "office", "show", "--json").stdout)
    assert (shown["office_code"], shown["time_zone"], shown["time_zone_chosen"]) == (
        "7371",
        "WIT",
        True,
    )

    refused = dc_cli(data, "office", "set", "--time-zone", "PST")
    assert refused.returncode == 2
    assert _said(refused.stderr, "datacenter_time_zone_invalid", zone="PST"), refused.stderr
    nothing = dc_cli(data, "office", "set")
    assert nothing.returncode == 2
    assert _said(nothing.stderr, "datacenter_office_set_nothing"), nothing.stderr
    shown = json.loads(dc_cli(data, "office", "show", "--json").stdout)
    assert shown["time_zone"] == "WIT", "a refused value changes nothing"

    opened = SqlStore(sqlite_url(data))
    try:
        with opened.reading() as conn:
            actions = conn.execute(sa.select(console_audit.c.action)).scalars().all()
    finally:
        opened.close()
    assert actions.count("office_time_zone_set") == 1


def test_an_xlsx_exports_days_as_dates_and_csv_as_the_offices_text() -> None:
    day, promise = dt.date(2026, 11, 20), dt.date(2026, 12, 10)
    header = [f"col{n}" for n in range(10)]
    rows: list[list[str | dt.date]] = [
        ["Siti", "perempuan", "1950", "0001", "Kalirejo", "Kec", "", "diterima", day, promise],
        ["Budi", "laki-laki", "1960", "0002", "Kalirejo", "Kec", "", "diterima", "", ""],
    ]
    listing: Listing = None  # type: ignore[assignment] - neither file reads it
    export = Export(header, rows, listing, [])
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(export, "Rekaman"))).worksheets[0]
    recorded, promised = sheet["I2"], sheet["J2"]
    assert recorded.is_date
    assert promised.is_date
    assert recorded.value == dt.datetime(2026, 11, 20)  # noqa: DTZ001 - a spreadsheet's day
    assert promised.value == dt.datetime(2026, 12, 10)  # noqa: DTZ001 - as above
    assert recorded.number_format == promised.number_format == "dd-mm-yyyy"
    assert sheet["I3"].value is None, "no day: an empty cell"
    text = csv_bytes(export).decode("utf-8-sig")
    assert "20-11-2026,10-12-2026" in text


def test_a_nik_accepted_after_the_offices_midnight_is_kept_with_the_offices_day(
    tmp_path: Path,
) -> None:
    """17:30 UTC on the 26th is 00:30 WIB on the 27th: the laptops' "already recorded on".

    The recorded-NIK list took ``received_at``'s own (UTC) date, the day before for every
    record that arrived before 07:00 WIB.
    """
    center = DataCenter(tmp_path / "dc", clock=EVENING.timestamp)
    try:
        Office(center.store).set_office("3315", "Disdukcapil Kabupaten Grobogan")
        device, key, dc_key = enroll_in_process(center)
        record = seal("rec-1", 1, b'{"nik": "3315011203419501"}', device_key=key, datacenter=dc_key)
        announce_in_process(center, device, record)
        answer = center.upload(
            device, record.record_id, record.envelope, b64encode(record.signature)
        )
        assert answer.receipt.state == RecordState.ACCEPTED
        assert answer.receipt.received_at.startswith("2026-11-26T17:30")
        [kept] = center.office.recorded()
    finally:
        center.close()
    assert kept["recorded_on"] == "2026-11-27"
